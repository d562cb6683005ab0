"""The sentences of the annual report's newer figures: how the clocks were kept, where the reviews
stood at the year end, themes by age, the Panel's own view, and the work CRAG records around
reviews (safety actions, engagement, life letters, action plans, business-plan priorities)."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.conf import settings

from reviews.annual_report.words import (
    are,
    counted,
    every,
    have,
    join,
    number,
    part_of,
    sentence,
    tally,
    was,
)
from reviews.choices import Engagement, LifeLetterStage

# How the statistics name recommendations with no business-plan priority (reviews.annual_report.recorded).
NOT_GIVEN = "Not given"
BAND_PHRASES = {
    "under_1": "under 1 year old",
    "1_to_5": "aged 1 to 5",
    "6_to_10": "aged 6 to 10",
    "11_to_15": "aged 11 to 15",
    "16_to_17": "aged 16 or 17",
    "18_plus": "aged 18 or over",
}
# What families or practitioners did in a review, (one review, several).
ENGAGEMENT_PHRASES = {
    Engagement.CONTRIBUTED: "contributed to",
    Engagement.TAKING_PART: "are taking part in",
    Engagement.INVITED: "have been invited to",
    Engagement.DECLINED: "declined to take part in",
    Engagement.NOT_APPROPRIATE: "were not asked, as it was not appropriate, in",
    Engagement.NOT_STARTED: "have not yet been approached in",
}
LETTER_PHRASES = {
    LifeLetterStage.DRAFTING: ("is being drafted", "are being drafted"),
    LifeLetterStage.APPROVED: ("has been approved", "have been approved"),
    LifeLetterStage.GIVEN: ("has been given to the child", "have been given to the child"),
    LifeLetterStage.SAVED_ON_FILE: ("has been saved on file", "have been saved on file"),
}


def stage_sentence(stats: Mapping[str, Any], end: str) -> str:
    """Where the reviews worked on stood at the year end (or, in a year not yet ended, now)."""
    stage, n = stats["reviews"].get("stage_at_year_end") or {}, tally(stats["reviews"], "count")
    if n == 0:
        return ""
    parts = [
        (tally(stage, "published"), "had been published"),
        (tally(stage, "signed_off"), "had been signed off"),
        (tally(stage, "ongoing"), "was still ongoing"),
    ]
    present = [(k, phrase if k == 1 else _plural(phrase)) for k, phrase in parts if k]
    if len(present) == 1:
        return sentence(
            f"at {end}, {every(n, 'review')} {_plural(present[0][1]) if n > 1 else present[0][1]}"
        )
    return sentence(
        f"at {end}, of the {counted(n, 'review')}, {join([f'{number(k)} {p}' for k, p in present])}"
    )


def _plural(phrase: str) -> str:
    return phrase.replace("was ", "were ", 1)


def rapid_review_timeliness_sentence(timeliness: Mapping[str, Any]) -> str:
    """ "Both Rapid Reviews were sent to the Panel within 15 working days of the notification." """
    on_time, late = tally(timeliness, "rapid_reviews_on_time"), tally(timeliness, "rapid_reviews_late")
    total = on_time + late
    if total == 0:
        return ""
    days = f"{settings.CRAG_RAPID_REVIEW_WORKING_DAYS} working days"
    if late == 0 or on_time == 0:
        how = f"within {days} of" if late == 0 else f"more than {days} after"
        return sentence(
            f"{every(total, 'Rapid Review')} {was(total)} sent to the Panel {how} the notification"
        )
    return sentence(
        f"{part_of(on_time, total, 'Rapid Review')} {was(on_time)} sent to the Panel within {days} of "
        f"the notification and {number(late)} {was(late)} sent later"
    )


def cspr_timeliness_sentences(timeliness: Mapping[str, Any], end: str, *, so_far: bool = False) -> list[str]:
    """The CSPRs due by the year end: on time, late, overdue; and the reasons for delay sent."""
    on_time, late = tally(timeliness, "csprs_on_time"), tally(timeliness, "csprs_late")
    overdue = tally(timeliness, "csprs_overdue_at_year_end")
    due = on_time + late + overdue
    if due == 0:
        return [sentence(f"no Child Safeguarding Practice Review was due to be published by {end}")]
    overdue_words = "overdue so far" if so_far else "overdue at the year end"
    still = are if so_far else was
    if due == 1:
        how = (
            "was published on time"
            if on_time
            else "was published late"
            if late
            else f"{still(1)} {overdue_words}"
        )
        out = [sentence(f"the one CSPR due to be published by {end} {how}")]
    else:
        clauses = [
            f"{number(on_time)} {was(on_time)} published on time" if on_time else "",
            f"{number(late)} {was(late)} published late" if late else "",
            f"{number(overdue)} {still(overdue)} {overdue_words}" if overdue else "",
        ]
        out = [sentence(f"of the {number(due)} CSPRs due to be published by {end}, {join(clauses)}")]
    delayed, sent = late + overdue, tally(timeliness, "reasons_for_delay_sent")
    if delayed:
        if sent:
            whom = (
                every(delayed, "delayed review")
                if sent >= delayed
                else f"{number(sent)} of the {number(delayed)}"
            )
            out.append(sentence(f"the reasons for the delay were sent to the Panel for {whom}"))
        else:
            whom = "the delayed review" if delayed == 1 else f"any of the {number(delayed)} delayed reviews"
            out.append(sentence(f"no reasons for the delay have yet been sent to the Panel for {whom}"))
    return out


def themes_by_age_sentences(stats: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """Per age band, the themes every child of the band shared ("Non-accidental injury was a
    concern for both children under 1 year old"), else the commonest theme shared by two or more."""
    bands, by_band = stats["reviews"].get("age_bands") or {}, stats["reviews"].get("themes_by_age_band") or {}
    out = []
    for band, phrase in BAND_PHRASES.items():
        total, themes = tally(bands, band), by_band.get(band) or {}
        if not total or not themes:
            continue
        ranked = sorted(themes.items(), key=lambda item: (-item[1], names.get(item[0], item[0])))
        whole = [names.get(slug, slug).lower() for slug, n in ranked if n >= total]
        if whole:
            concern = "was a concern" if len(whole) == 1 else "were concerns"
            out.append(sentence(f"{join(whole)} {concern} for {every(total, 'child', 'children')} {phrase}"))
        elif ranked[0][1] >= 2:
            slug, n = ranked[0]
            who = part_of(n, total, "child", "children")
            out.append(sentence(f"{names.get(slug, slug).lower()} was a concern for {who} {phrase}"))
    return out


def panel_view_sentence(stats: Mapping[str, Any]) -> str:
    """The Panel's own view of the criteria beside the subgroup's: "considered that a further
    one also met the criteria"."""
    rr = stats["rapid_reviews"]
    count, ours = tally(rr, "count"), tally(rr, "met_cspr_criteria")
    if count == 0 or "panel_considered_criteria_met" not in rr:
        return ""
    panel = tally(rr, "panel_considered_criteria_met")
    if panel > ours:
        more = "a further one" if panel - ours == 1 else f"a further {number(panel - ours)}"
        return sentence(f"the Panel considered that {more} also met the criteria")
    if panel < ours:
        fewer = part_of(ours - panel, ours, "case", "cases")
        return sentence(f"the Panel considered that {fewer} the subgroup judged to meet the criteria did not")
    return ""


def safety_sentence(safety: Mapping[str, Any]) -> str:
    """Immediate safety actions taken on the Rapid Reviews, and how many are done."""
    count, done = tally(safety, "count"), tally(safety, "done")
    if count == 0:
        return sentence("no immediate safety actions were recorded on the Rapid Reviews")
    head = f"{counted(count, 'immediate safety action')} {was(count)} recorded on the Rapid Reviews"
    if done == count:
        return sentence(
            f"{head}; {every(count, 'action') if count > 1 else 'it'} {have(count)} been completed"
        )
    if done == 0:
        return sentence(f"{head}; {'it has not' if count == 1 else 'none has'} been completed yet")
    return sentence(f"{head}; {number(done)} {have(done)} been completed")


def engagement_sentence(who: str, counts: Mapping[str, int]) -> str:
    """ "Families contributed to two of the three reviews and declined to take part in one." """
    present = [(k, tally(counts, k)) for k in ENGAGEMENT_PHRASES if tally(counts, k)]
    total = sum(n for _, n in present)
    if total == 0:
        return ""
    clauses = [
        f"{ENGAGEMENT_PHRASES[k]} {part_of(n, total, 'review') if i == 0 else number(n)}"
        for i, (k, n) in enumerate(present)
    ]
    return sentence(f"{who} {join(clauses)}")


def life_letter_sentence(stages: Mapping[str, int]) -> str:
    present = [(k, tally(stages, k)) for k in LETTER_PHRASES if tally(stages, k)]
    total = sum(n for _, n in present)
    if total == 0:
        return ""
    if total == 1:
        return sentence(
            f"the subgroup has written a life letter for one child, which {LETTER_PHRASES[present[0][0]][0]}"
        )
    states = join([f"{number(n)} {LETTER_PHRASES[k][n != 1]}" for k, n in present])
    if len(present) == 1:
        states = f"{every(total, 'letter')} {LETTER_PHRASES[present[0][0]][1]}"
    return sentence(
        f"the subgroup has written life letters for {counted(total, 'child', 'children')}: {states}"
    )


def action_plan_sentence(plans: Mapping[str, Any]) -> str:
    """ "All completed reviews have action plans in place", or how many do not."""
    completed, with_plan = tally(plans, "completed_reviews"), tally(plans, "with_action_plan")
    if completed == 0:
        return sentence("no review has yet been completed, so no action plan is yet due")
    if with_plan >= completed:
        subject = every(completed, "completed review")
        plan = "an action plan" if completed == 1 else "action plans"
        return sentence(f"{subject} {have(completed)} {plan} in place, monitored through the Business Group")
    missing = completed - with_plan
    return sentence(
        f"{part_of(with_plan, completed, 'completed review')} {have(with_plan)} an action plan in place; "
        f"{number(missing)} {'does' if missing == 1 else 'do'} not yet"
    )


def priority_sentence(priorities: Mapping[str, int]) -> str:
    named = sorted(
        ((p, n) for p, n in priorities.items() if p and p != NOT_GIVEN and n),
        key=lambda item: (-item[1], item[0]),
    )
    unnamed = tally(priorities, "") + tally(priorities, NOT_GIVEN)
    if not named:
        return ""
    parts = [
        f"{p} ({counted(n, 'recommendation') if i == 0 else number(n)})" for i, (p, n) in enumerate(named)
    ]
    tail = f"; {number(unnamed)} {are(unnamed)} not linked to a priority" if unnamed else ""
    return sentence(f"the recommendations serve the business plan's priorities: {join(parts)}{tail}")


def titled_items(rows: Sequence[Mapping[str, Any]], *fields: str) -> list[str]:
    """ "Title (poster, 3 May 2019)" for each row: the first field, then the rest in brackets."""
    items = []
    for row in rows:
        rest = [as_text(row.get(f)) for f in fields[1:] if row.get(f) not in (None, "")]
        items.append(f"{as_text(row.get(fields[0]))}" + (f" ({', '.join(rest)})" if rest else ""))
    return items


def as_text(value: Any) -> str:
    if hasattr(value, "strftime"):
        return f"{value:%-d %B %Y}"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{date.fromisoformat(value):%-d %B %Y}"
    return str(value)
