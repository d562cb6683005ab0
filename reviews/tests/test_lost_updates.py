"""No lost updates (issue 14, item 5): every edit form carries the version of the record it was
read at; a save against a newer version shows both values on a conflict page and changes nothing.

Each case: two people open the same form, both send it; the first is saved, the second gets the
conflict page (409) and the database keeps the first one's values.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import pytest
from django.test import Client
from django.utils import timezone

from crag import roles
from crag.models import Agency
from crag.tests.factories import AgencyFactory
from reviews.choices import IncidentKind, ReviewKind, ReviewStatus
from reviews.models import (
    Action,
    AgencySummary,
    AnnualReport,
    Child,
    DecisionAmendment,
    Incident,
    LearningEvent,
    LearningResource,
    LifeLetter,
    ParallelProcess,
    RapidReview,
    Recommendation,
    Review,
    SafetyAction,
)
from reviews.tests.partner_records import record_partner_agreements

AWARE = date(2025, 1, 6)  # a Monday in the past
NOTIFIED = date(2025, 1, 8)
DECIDED = date(2025, 2, 3)
HIDDEN = re.compile(r'<input type="hidden" name="(?!csrfmiddlewaretoken)([^"]+)" value="([^"]*)"')


def parts(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def hidden(html: str) -> dict[str, str]:
    """What the page's form sends back on its own: its hidden inputs (the version, the token)."""
    return dict(HIDDEN.findall(html))


@pytest.fixture
def world(db) -> dict[str, Any]:
    agency = cast(Agency, AgencyFactory(name="Police"))
    other = AgencyFactory(name="Health")
    child = Child.objects.create(pseudonym="Child M")
    incident = Incident.objects.create(
        reference="INC-2025-001",
        kind=IncidentKind.DEATH,
        incident_date=AWARE,
        aware_date=AWARE,
        panel_notified_on=NOTIFIED,
        summary="As recorded",
    )
    incident.children.set([child])
    rapid_review = RapidReview.objects.create(
        incident=incident,
        meets_cspr_criteria=True,
        complex_or_national_importance=False,
        decision_reasons="Reasons",
    )
    safety = SafetyAction.objects.create(
        rapid_review=rapid_review, kind="genogram", description="Genogram", owner_agency=agency
    )
    review = Review.objects.create(
        kind=ReviewKind.CSPR, title="Child M", decision_on=DECIDED, status=ReviewStatus.IN_PROGRESS
    )
    review.children.set([child])
    scoping = Review.objects.create(kind=ReviewKind.LOCAL, title="Child S", decision_on=DECIDED)
    process = ParallelProcess.objects.create(review=review, kind="inquest", started_on=DECIDED)
    recommendation = Recommendation.objects.create(review=review, number=1, text="Do better")
    second = Recommendation.objects.create(review=review, number=2, text="Do more")
    action = Action.objects.create(
        recommendation=recommendation, description="Train", owner_agency=agency, due_on=date(2025, 9, 1)
    )
    event = LearningEvent.objects.create(kind="workshop", title="Workshop", held_on=date(2025, 3, 3))
    resource = LearningResource.objects.create(kind="poster", title="Poster")
    resource.reviews.set([review])
    report = AnnualReport.objects.create(year=2024)
    return {
        "agency": agency,
        "other": other,
        "child": child,
        "incident": incident,
        "rapid_review": rapid_review,
        "safety": safety,
        "review": review,
        "scoping": scoping,
        "process": process,
        "recommendations": (recommendation, second),
        "action": action,
        "event": event,
        "resource": resource,
        "report": report,
    }


def _reviewers(w: dict[str, Any]) -> dict[str, Any]:
    from crag.tests.factories import UserFactory

    if "reviewers" not in w:
        w["reviewers"] = [UserFactory(roles=[roles.INDEPENDENT_REVIEWER]) for _ in range(2)]
    return w


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[dict[str, Any]], str]
    data: Callable[[dict[str, Any], int], dict[str, Any]]  # what person 0 (first) or 1 sends
    saved: Callable[[dict[str, Any]], object]  # what the database holds now
    first: Callable[[dict[str, Any]], object]  # what it must hold: the first one's values
    role: str = roles.CRAG_CHAIR


def _incident(w, i):
    return {
        "kind": "death",
        "location": "in_area",
        "abuse_or_neglect_suspected": "True",
        "children": [str(w["child"].pk)],
        **parts("incident_date", AWARE),
        **parts("aware_date", AWARE),
        "summary": f"Summary {i}",
    }


def _notifications(w, i):
    return {
        **parts("panel_notified_on", NOTIFIED),
        **parts("partnership_informed_on", NOTIFIED),
        "national_reference": f"NR-{i}",
    }


def _event(w, i):
    return {"kind": "workshop", "title": f"Workshop {i}", **parts("held_on", date(2025, 3, 3))}


RR = "/incidents/{}/rapid-review/"
CASES = [
    Case(
        "incident edit",
        lambda w: f"/incidents/{w['incident'].pk}/edit/",
        _incident,
        lambda w: Incident.objects.get().summary,
        lambda w: "Summary 0",
    ),
    Case(
        "incident notifications",
        lambda w: f"/incidents/{w['incident'].pk}/notifications/",
        _notifications,
        lambda w: Incident.objects.get().national_reference,
        lambda w: "NR-0",
    ),
    Case(
        "rapid review edit",
        lambda w: RR.format(w["incident"].pk) + "edit/",
        lambda w, i: {
            "learning_points": f"Points {i}",
            "meets_cspr_criteria": "true",
            "complex_or_national_importance": "false",
            "decision_reasons": "Reasons",
        },
        lambda w: RapidReview.objects.get().learning_points,
        lambda w: "Points 0",
    ),
    Case(
        "panel response",
        lambda w: RR.format(w["incident"].pk) + "panel/",
        lambda w, i: {"panel_response": "pending", "outcome": ["cspr", "no_further_review"][i]},
        lambda w: RapidReview.objects.get().outcome,
        lambda w: "cspr",
    ),
    Case(
        "agency summary",
        lambda w: RR.format(w["incident"].pk) + "summaries/add/",
        lambda w, i: {"agency": str(w["agency"].pk), "summary": f"Summary {i}"},
        lambda w: list(AgencySummary.objects.values_list("summary", flat=True)),
        lambda w: ["Summary 0"],
    ),
    Case(
        "safety action done",
        lambda w: RR.format(w["incident"].pk) + f"safety-actions/{w['safety'].pk}/done/",
        lambda w, i: parts("done_on", date(2025, 1, 10 + i)),
        lambda w: SafetyAction.objects.get().done_on,
        lambda w: date(2025, 1, 10),
    ),
    Case(
        "sign-off",
        lambda w: RR.format(w["incident"].pk) + "sign-off/",
        lambda w, i: {},
        lambda w: RapidReview.objects.get().signed_off_by_id,
        lambda w: w["users"][0].pk,
    ),
    Case(
        "amendment",
        lambda w: RR.format(w["incident"].pk) + "amend/",
        lambda w, i: {"text": f"Correction {i}", "reason": "Typo"},
        lambda w: list(DecisionAmendment.objects.values_list("text", flat=True)),
        lambda w: ["Correction 0"],
    ),
    Case(
        "review edit",
        lambda w: f"/reviews/{w['review'].pk}/edit/",
        lambda w, i: {
            "title": "Child M",
            "terms_of_reference": f"Terms {i}",
            "family_engagement": "invited",
            "practitioner_engagement": "invited",
        },
        lambda w: Review.objects.get(pk=w["review"].pk).terms_of_reference,
        lambda w: "Terms 0",
    ),
    Case(
        "reviewer",
        lambda w: f"/reviews/{_reviewers(w)['review'].pk}/reviewer/",
        lambda w, i: {"reviewer": str(w["reviewers"][i].pk)},
        lambda w: Review.objects.get(pk=w["review"].pk).reviewer_id,
        lambda w: w["reviewers"][0].pk,
    ),
    Case(
        "status transition",
        lambda w: f"/reviews/{w['scoping'].pk}/status/closed/",
        lambda w, i: {**parts("on", DECIDED), "note": f"Note {i}"},
        lambda w: list(w["scoping"].status_changes.values_list("note", flat=True)),
        lambda w: ["Note 0"],
    ),
    Case(
        "pause",
        lambda w: f"/reviews/{w['review'].pk}/pause/",
        lambda w, i: {"kind": "inquest", **parts("started_on", DECIDED), "notes": f"Pause {i}"},
        lambda w: list(w["review"].status_changes.values_list("note", flat=True)),
        lambda w: ["Pause 0"],
    ),
    Case(
        "end of a parallel process",
        lambda w: f"/reviews/{w['review'].pk}/processes/{w['process'].pk}/end/",
        lambda w, i: parts("ended_on", date(2025, 3, 3 + i)),
        lambda w: ParallelProcess.objects.get().ended_on,
        lambda w: date(2025, 3, 3),
    ),
    Case(
        "life letter",
        lambda w: f"/reviews/{w['review'].pk}/life-letter/",
        lambda w, i: {"child": str(w["child"].pk), "stage": "drafting", "notes": f"Letter {i}"},
        lambda w: list(LifeLetter.objects.values_list("notes", flat=True)),
        lambda w: ["Letter 0"],
    ),
    Case(
        "delay reason",
        lambda w: f"/reviews/{w['review'].pk}/delay/",
        lambda w, i: {"delay_reason": f"Delay {i}"},
        lambda w: Review.objects.get(pk=w["review"].pk).delay_reason,
        lambda w: "Delay 0",
    ),
    Case(
        "publication",
        lambda w: f"/reviews/{w['review'].pk}/publication/",
        lambda w, i: parts("planned_publication_on", date(2026, 9, 1 + i)),
        lambda w: Review.objects.get(pk=w["review"].pk).planned_publication_on,
        lambda w: date(2026, 9, 1),
    ),
    Case(
        "action progress",
        lambda w: f"/actions/{w['action'].pk}/progress/",
        lambda w, i: {"status": "in_progress", "text": f"Update {i}", "evidence": f"Evidence {i}"},
        lambda w: Action.objects.get().evidence,
        lambda w: "Evidence 0",
    ),
    Case(
        "rate",
        lambda w: f"/actions/{w['action'].pk}/rate/",
        lambda w, i: {"rag": ["red", "green"][i], "comment": f"Because {i}"},
        lambda w: Action.objects.get().rag,
        lambda w: "red",
        role=roles.BUSINESS_GROUP,
    ),
    Case(
        "close",
        lambda w: f"/actions/{w['action'].pk}/close/",
        lambda w, i: {"evidence": f"Impact {i}"},
        lambda w: Action.objects.get().evidence,
        lambda w: "Impact 0",
        role=roles.BUSINESS_GROUP,
    ),
    Case(
        "annual report narrative",
        lambda w: "/annual-reports/2024/edit/",
        lambda w, i: {"title": f"Report {i}"},
        lambda w: AnnualReport.objects.get().title,
        lambda w: "Report 0",
    ),
    Case(
        "learning event edit",
        lambda w: f"/learning/events/{w['event'].pk}/edit/",
        _event,
        lambda w: LearningEvent.objects.get().title,
        lambda w: "Workshop 0",
    ),
    Case(
        "resource recommendations",
        lambda w: f"/learning/resources/{w['resource'].pk}/recommendations/",
        lambda w, i: {"recommendations": [str(w["recommendations"][i].pk)]},
        lambda w: list(LearningResource.objects.get().recommendations.values_list("number", flat=True)),
        lambda w: [1],
    ),
]


def _people(case: Case, world, make_user, sign_in) -> list[Client]:
    world["users"] = [make_user(case.role) for _ in range(2)]
    return [sign_in(Client(), user) for user in world["users"]]


def _prepare(case: Case, world) -> None:
    if case.name == "amendment":  # an amendment is recorded beside a signed-off decision
        RapidReview.objects.update(signed_off_at=timezone.now(), signed_off_by=world["users"][0])
    if case.name == "sign-off":  # the partners agree the decision before the chair signs it off
        record_partner_agreements(RapidReview.objects.get())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_second_of_two_saves_from_one_form_gets_the_conflict_page_and_changes_nothing(
    case, world, make_user, sign_in
):
    first, second = _people(case, world, make_user, sign_in)
    _prepare(case, world)
    url = case.url(world)
    pages = [first.get(url), second.get(url)]
    assert [p.status_code for p in pages] == [200, 200]
    assert all('name="version"' in p.content.decode() for p in pages), "the form carries no version"

    saved = first.post(url, {**hidden(pages[0].content.decode()), **case.data(world, 0)})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    refused = second.post(url, {**hidden(pages[1].content.decode()), **case.data(world, 1)})

    assert refused.status_code == 409
    html = refused.content.decode()
    assert "changed since you opened this form" in html
    assert "Nothing you entered was saved" in html
    assert case.saved(world) == case.first(world)
