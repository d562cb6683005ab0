"""The sentences of the annual report, written from the statistics
(reviews.annual_report.statistics): what a board reads around the tables and charts."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings

from reviews.annual_report.statistics import AGE_BANDS, year_bounds
from reviews.annual_report.words import (
    are,
    counted,
    every,
    have,
    join,
    money,
    number,
    part_of,
    sentence,
    some_of,
    tally,
    was,
)
from reviews.choices import ActionStatus, Gender, LearningEventKind, Rag, ReviewStatus

BAND_PHRASES = {
    "under_1": "under 1 year old",
    "1_to_5": "aged 1 to 5",
    "6_to_10": "aged 6 to 10",
    "11_to_15": "aged 11 to 15",
    "16_to_17": "aged 16 or 17",
    "18_plus": "18 or over",
}
# What a review of each status is now, (one, several): the most advanced first.
STATUS_PHRASES = {
    ReviewStatus.PUBLISHED: ("has been published", "have been published"),
    ReviewStatus.SIGNED_OFF: ("has been signed off", "have been signed off"),
    ReviewStatus.CLOSED: ("has been closed", "have been closed"),
    ReviewStatus.COMPLETED_AS_FAR_AS_POSSIBLE: (
        "has been completed as far as possible while parallel processes continue",
        "have been completed as far as possible while parallel processes continue",
    ),
    ReviewStatus.IN_PROGRESS: ("is in progress", "are in progress"),
    ReviewStatus.PAUSED: ("is paused", "are paused"),
    ReviewStatus.COMMISSIONED: ("has been commissioned", "have been commissioned"),
    ReviewStatus.SCOPING: ("is being scoped", "are being scoped"),
}

KIND_NOUNS = {
    "cspr": ("Child Safeguarding Practice Review", "Child Safeguarding Practice Reviews"),
    "scr": ("serious case review", "serious case reviews"),
    "local": ("local review", "local reviews"),
}
LEARNING_NOUNS = {
    "partnership_learning": ("partnership learning review", "partnership learning reviews"),
    "national_contribution": ("contribution to a national review", "contributions to national reviews"),
}
EVENT_NOUNS = {
    LearningEventKind.LEARNING_EVENT: ("learning event", "learning events"),
    LearningEventKind.WORKSHOP: ("workshop", "workshops"),
    LearningEventKind.CONFERENCE: ("conference", "conferences"),
    LearningEventKind.BRIEFING: ("briefing", "briefings"),
}


def ages_sentence(bands: Mapping[str, int], total: int) -> str:
    """How old the children were, band by band, in the order of AGE_BANDS."""
    if total == 0:
        return ""
    present = [(band, tally(bands, band)) for band in AGE_BANDS if tally(bands, band)]
    if len(present) == 1:
        band, _ = present[0]
        who = every(total, "child", "children")
        if band == "unknown":
            anyone = {1: "the child", 2: "either child"}.get(total, f"any of the {number(total)} children")
            return sentence(f"no date of birth is recorded for {anyone}")
        return sentence(f"{who} {was(total)} {BAND_PHRASES[band]}")
    clauses = [
        f"{number(n)} had no recorded date of birth"
        if band == "unknown"
        else f"{number(n)} {was(n)} {BAND_PHRASES[band]}"
        for band, n in present
    ]
    return sentence(f"of the {number(total)} children, {join(clauses)}")


def themes_sentence(themes: Mapping[str, int], names: Mapping[str, str], noun: str) -> str:
    """The three themes recorded most often, with how many incidents or reviews each."""
    top = sorted(themes.items(), key=lambda item: (-item[1], names.get(item[0], item[0])))[:3]
    if not top:
        return sentence(f"no themes were recorded against the {noun}s")
    parts = [
        f"{names.get(slug, slug).lower()} ({counted(n, noun)})"
        if i == 0
        else f"{names.get(slug, slug).lower()} ({number(n)})"
        for i, (slug, n) in enumerate(top)
    ]
    if len(parts) == 1:
        return sentence(f"the only theme recorded was {parts[0]}")
    return sentence(f"the themes recorded most often were {join(parts)}")


def incident_sentences(stats: Mapping[str, Any]) -> list[str]:
    """ "Five incidents concerning six children were notified to the Panel in 2019/20; four of
    the notifications were made within five working days." """
    incidents, label = stats["incidents"], stats["label"]
    n, children = tally(incidents, "count"), tally(incidents, "children")
    if n == 0:
        return [sentence(f"no serious incidents were notified to the Panel in {label}")]
    days = f"{number(settings.CRAG_PANEL_NOTIFICATION_WORKING_DAYS)} working days"
    on_time, late = tally(incidents, "notified_on_time"), tally(incidents, "notified_late")
    unknown = n - on_time - late
    clauses = []
    if on_time:
        clauses.append(f"{some_of(on_time, n, 'notification')} {was(on_time)} made within {days}")
    if late:
        later = "made later than that" if on_time else f"made later than {days}"
        clauses.append(
            f"{some_of(late, n, 'notification') if not on_time else number(late)} {was(late)} {later}"
        )
    timing = join(clauses)
    if unknown:
        missing = (
            "no notification date is recorded"
            if unknown == n
            else f"no notification date is recorded for {number(unknown)}"
        )
        timing = f"{timing}; {missing}" if timing else missing
    who = f"{counted(n, 'incident')} concerning {counted(children, 'child', 'children')}"
    head = f"{who} {was(n)} notified to the Panel in {label}"
    return [sentence(f"{head}; {timing}"), ages_sentence(incidents.get("age_bands", {}), children)]


def rapid_review_sentences(stats: Mapping[str, Any]) -> list[str]:
    """How many Rapid Reviews, the local decisions and the Panel's responses."""
    rr, n = stats["rapid_reviews"], tally(stats["incidents"], "count")
    count = tally(rr, "count")
    if n == 0:
        return []
    if count == 0:
        return [sentence("no Rapid Reviews of these incidents have been recorded")]
    if count == n:
        each = f"each of the {number(n)} incidents" if n > 2 else every(n, "incident")
        held = f"a Rapid Review was held on {each}"
    else:
        which = part_of(count, n, "incident")
        held = f"{'a Rapid Review was' if count == 1 else 'Rapid Reviews were'} held on {which}"
    met = tally(rr, "met_cspr_criteria")
    criteria = "the criteria for a Child Safeguarding Practice Review (CSPR)"
    if count == 1:
        decision = f"the subgroup considered that the case {'met' if met else 'did not meet'} {criteria}"
    else:
        decision = f"the subgroup considered that {part_of(met, count, 'case')} met {criteria}"
    agreed, disagreed = tally(rr, "panel_agreed"), tally(rr, "panel_disagreed")
    awaited = count - agreed - disagreed
    responses = []
    if agreed:
        responses.append(f"agreed with {some_of(agreed, count, 'decision')}")
    if disagreed:
        responses.append(
            f"disagreed with {some_of(disagreed, count, 'decision') if not agreed else number(disagreed)}"
        )
    panel = (
        f"the National Panel {join(responses)}" if responses else "the National Panel's responses are awaited"
    )
    if responses and awaited:
        panel += f"; its response on {number(awaited)} {'is' if awaited == 1 else 'are'} awaited"
    return [sentence(held), sentence(decision), sentence(panel)]


def _status_clauses(by_status: Mapping[str, int]) -> str:
    return join(
        [
            f"{number(tally(by_status, s))} {STATUS_PHRASES[s][tally(by_status, s) != 1]}"
            for s in STATUS_PHRASES
            if tally(by_status, s)
        ]
    )


def review_sentences(stats: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """The reviews worked on: kinds, where they are now, the children, the themes."""
    rv, label = stats["reviews"], stats["label"]
    n, children = tally(rv, "count"), tally(rv, "children")
    if n == 0:
        return [sentence(f"the partnership did not work on any case reviews in {label}")]
    involving = f", involving {counted(children, 'child', 'children')}" if children else ""
    out = [sentence(f"the partnership worked on {counted(n, 'case review')} in {label}{involving}")]
    kinds = [(k, tally(rv["by_kind"], k)) for k in KIND_NOUNS if tally(rv["by_kind"], k)]
    if n == 1 and kinds:
        out.append(sentence(f"it was a {KIND_NOUNS[kinds[0][0]][0]}"))
    elif len(kinds) == 1:
        out.append(sentence(f"{'both' if n == 2 else f'all {number(n)}'} were {KIND_NOUNS[kinds[0][0]][1]}"))
    elif kinds:
        each = [
            f"{number(k)} {was(k)} {'a ' if k == 1 else ''}{KIND_NOUNS[kind][k != 1]}" for kind, k in kinds
        ]
        out.append(sentence(f"of these, {join(each)}"))
    if status := _status_clauses(rv.get("by_status", {})):
        out.append(sentence(f"of these reviews, {status}" if n > 1 else f"it {status.split(' ', 1)[1]}"))
    out.append(ages_sentence(rv.get("age_bands", {}), children))
    out.append(gender_sentence(rv.get("gender", {}), children))
    deceased = tally(rv, "deceased")
    if deceased:
        who = part_of(min(deceased, children), children, "child", "children")
        out.append(sentence(f"sadly, {who} {have(deceased)} died"))
    out.append(themes_sentence(rv.get("themes", {}), names, "review"))
    return [s for s in out if s]


def gender_sentence(gender: Mapping[str, int], total: int) -> str:
    """ "Both children were female.", "Of the three children, one was female and two were male;
    the gender of one is not recorded." """
    known = [
        (g, tally(gender, g)) for g in (Gender.FEMALE, Gender.MALE, Gender.TRANSGENDER) if tally(gender, g)
    ]
    unknown = tally(gender, Gender.NOT_KNOWN)
    if total == 0:
        return ""
    if not known:
        return sentence(f"the gender of {every(total, 'child', 'children')} is not recorded")
    if len(known) == 1 and known[0][1] == total:
        return sentence(
            f"{every(total, 'child', 'children')} {was(total)} {Gender(known[0][0]).label.lower()}"
        )
    text = join([f"{number(k)} {was(k)} {Gender(g).label.lower()}" for g, k in known])
    if unknown:
        text += f"; the gender of {number(unknown)} {are(unknown)} not recorded"
    return sentence(f"of the {number(total)} children, {text}")


def learning_sentences(stats: Mapping[str, Any]) -> list[str]:
    """Learning events held and learning reviews worked on."""
    events, label, lr = stats["learning_events"], stats["label"], stats["learning_reviews"]
    n = tally(events, "count")
    if n == 0:
        out = [sentence(f"no learning events were recorded for {label}")]
    else:
        kinds = join(
            [
                f"{counted(tally(events['by_kind'], k), *EVENT_NOUNS[k])}"
                for k in EVENT_NOUNS
                if tally(events["by_kind"], k)
            ]
        )
        attendees = tally(events, "attendees")
        attended = f", attended by {counted(attendees, 'person', 'people')} in all" if attendees else ""
        out = [sentence(f"in {label} the partnership held {kinds or counted(n, 'learning event')}{attended}")]
    count = tally(lr, "count")
    if count:
        by_kind = lr.get("by_kind") or {}
        kinds = join(
            [counted(tally(by_kind, k), *LEARNING_NOUNS[k]) for k in LEARNING_NOUNS if tally(by_kind, k)]
        )
        what = (
            kinds
            or f"{counted(count, 'learning review')} ({' and '.join(p for _, p in LEARNING_NOUNS.values())})"
        )
        out.append(sentence(f"the partnership also worked on {what}"))
        if status := _status_clauses(lr.get("by_status", {})):
            out.append(sentence(f"of these, {status}" if count > 1 else f"it {status.split(' ', 1)[1]}"))
    return out


def action_sentences(stats: Mapping[str, Any], *, so_far: bool = False) -> list[str]:
    """Recommendations, actions, what is overdue (so far, in a year not yet ended) and the
    Business Group's RAG ratings."""
    rv, actions = stats["reviews"], stats["actions"]
    n, count = tally(rv, "count"), tally(actions, "count")
    if n == 0:
        return []
    average = Decimal(str(rv.get("recommendations_average") or 0))
    figure = number(int(average)) if average == int(average) else f"{average:.1f}"
    out = [sentence(f"on average, each review made {figure} recommendation{'' if average == 1 else 's'}")]
    if count == 0:
        return [*out, sentence("no actions have yet been recorded against these recommendations")]
    statuses = [
        (s, tally(actions["by_status"], s)) for s in ActionStatus.values if tally(actions["by_status"], s)
    ]
    by_status = [f"{number(k)} {are(k)} {ActionStatus(s).label.lower()}" for s, k in statuses]
    if count == 1:
        state = f", which is {ActionStatus(statuses[0][0]).label.lower()}" if statuses else ""
        out.append(sentence(f"the recommendations have led to one action by a partner agency{state}"))
    else:
        out.append(
            sentence(
                f"the recommendations have led to {counted(count, 'action')} by partner agencies, "
                f"of which {join(by_status)}"
            )
        )
    end = f"{year_bounds(int(stats['year']))[1]:%-d %B %Y}"
    overdue = tally(actions, "overdue")
    if overdue and so_far:
        its = "its" if overdue == 1 else "their"
        out.append(
            sentence(
                f"so far, {counted(overdue, 'action')} {are(overdue)} past {its} due date and not complete"
            )
        )
    elif overdue:
        out.append(
            sentence(f"of the actions due before {end}, {number(overdue)} {are(overdue)} not yet complete")
        )
    elif so_far:
        out.append(sentence("so far, no action is overdue"))
    else:
        out.append(sentence(f"every action due before {end} has been completed or closed"))
    rag = actions["by_rag"]
    rated = [
        f"{counted(tally(rag, r), 'action') if i == 0 else number(tally(rag, r))} {Rag(r).label.lower()}"
        for i, r in enumerate(r for r in Rag.values if tally(rag, r))
    ]
    unrated = count - sum(tally(rag, r) for r in Rag.values)
    if rated:
        tail = f"; {number(unrated)} {are(unrated)} not yet rated" if unrated else ""
        out.append(sentence(f"the Business Group has rated {join(rated)}{tail}"))
    return out


def publication_sentence(stats: Mapping[str, Any]) -> str:
    """How many case reviews were published in the year, whether or not worked on in it."""
    n, label = tally(stats["reviews"], "published_in_year"), stats["label"]
    if n == 0:
        return sentence(f"no case reviews were published in {label}")
    return sentence(f"{counted(n, 'case review')} {was(n)} published in {label}")


def cost_sentences(stats: Mapping[str, Any]) -> list[str]:
    rv, label = stats["reviews"], stats["label"]
    low, high, total = rv.get("cost_min"), rv.get("cost_max"), Decimal(str(rv.get("cost_total") or 0))
    general = sentence(
        "costs vary with the type of review, its complexity and length, and how far practitioners and "
        "families take part"
    )
    if low is None or high is None:
        return [sentence(f"no review costs were recorded for {label}"), general]
    if Decimal(str(low)) == Decimal(str(high)):
        each = "for a single review" if Decimal(str(low)) == total else f"at {money(low)} for each review"
        return [sentence(f"recorded review costs came to {money(total)} in {label}, {each}"), general]
    return [
        sentence(
            f"recorded review costs came to {money(total)} in {label}, "
            f"from {money(low)} to {money(high)} for a review"
        ),
        general,
    ]
