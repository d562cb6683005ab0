"""Incident and Rapid Review pages through the test client, signed in with a second factor."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from conftest import queries_for
from crag import roles
from reviews.choices import IncidentKind, RapidReviewOutcome, ReviewKind
from reviews.models import Child, DecisionAmendment, Incident, RapidReview, Review
from reviews.tests.test_lost_updates import hidden

LIST = "/incidents/"


@pytest.fixture
def member(make_user):
    return make_user(roles.CRAG_MEMBER)


@pytest.fixture
def member_client(client, sign_in, member):
    return sign_in(client, member)


@pytest.fixture
def child(db):
    return Child.objects.create(pseudonym="Child M", legal_name="Restricted Name")


def make_incident(reference, *, aware, kind=IncidentKind.DEATH, children=(), **fields):
    incident = Incident.objects.create(
        reference=reference, kind=kind, incident_date=aware, aware_date=aware, **fields
    )
    incident.children.set(children)
    return incident


def date_parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def references(html):
    """The incident references listed, in the order shown."""
    return re.findall(r">(INC-\d{4}-\d{3})</a>", html)


# --- recording an incident -------------------------------------------------------------------


def test_empty_incident_form_says_in_plain_english_what_is_missing_and_saves_nothing(member_client):
    response = member_client.post("/incidents/new/", {})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose what happened" in html
    assert "Enter the date of the incident" in html
    assert "Choose at least one child" in html
    assert not Incident.objects.exists()


def test_incident_form_submitted_blank_from_a_browser_shows_plain_english_errors(member_client):
    # What a browser sends when nothing is filled in: empty text inputs, the pre-checked radio.
    blank = {
        "csrfmiddlewaretoken": "x",
        "location": "in_area",
        "summary": "",
        **{f"{name}_{part}": "" for name in ("incident_date", "aware_date") for part in range(3)},
    }

    response = member_client.post("/incidents/new/", blank)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose what happened" in html
    assert "Enter the date of the incident" in html
    assert "Enter the date the council became aware" in html
    assert "Choose at least one child" in html
    assert not Incident.objects.exists()


def test_incident_form_refuses_a_date_in_the_future(member_client, child):
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {
        "kind": IncidentKind.DEATH,
        "location": "in_area",
        "abuse_or_neglect_suspected": "True",
        "children": [str(child.pk)],
        **date_parts("incident_date", tomorrow),
        **date_parts("aware_date", tomorrow),
    }

    response = member_client.post("/incidents/new/", data)

    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()
    assert not Incident.objects.exists()


def test_valid_incident_form_records_the_incident_and_shows_its_deadlines(member_client, child):
    today = timezone.localdate()
    data = {
        "kind": IncidentKind.SERIOUS_HARM,
        "location": "in_area",
        "abuse_or_neglect_suspected": "True",
        "children": [str(child.pk)],
        "summary": "Admitted to hospital with injuries.",
        **date_parts("incident_date", today - timedelta(days=3)),
        **date_parts("aware_date", today - timedelta(days=1)),
    }

    response = member_client.post("/incidents/new/", data)

    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{incident.pk}/"
    assert incident.reference == f"INC-{incident.aware_date.year}-001"
    assert incident.aware_date == today - timedelta(days=1)
    assert list(incident.children.all()) == [child]
    page = member_client.get(response["Location"]).content.decode()
    assert "Notify the Panel" in page
    assert incident.reference in page


# --- the list --------------------------------------------------------------------------------


def test_incident_list_filters_by_kind(member_client):
    make_incident("INC-2024-001", aware=date(2024, 5, 1), kind=IncidentKind.DEATH)
    make_incident("INC-2024-002", aware=date(2024, 5, 2), kind=IncidentKind.SERIOUS_HARM)

    html = member_client.get(LIST, {"kind": IncidentKind.SERIOUS_HARM}).content.decode()

    assert references(html) == ["INC-2024-002"]


def test_incident_list_filters_by_year_aware(member_client):
    make_incident("INC-2023-001", aware=date(2023, 12, 31))
    make_incident("INC-2024-001", aware=date(2024, 1, 1))

    html = member_client.get(LIST, {"year": "2023"}).content.decode()

    assert references(html) == ["INC-2023-001"]


def test_incident_list_filters_incidents_awaiting_panel_notification(member_client):
    make_incident("INC-2024-001", aware=date(2024, 5, 1))
    make_incident("INC-2024-002", aware=date(2024, 5, 1), panel_notified_on=date(2024, 5, 3))

    html = member_client.get(LIST, {"awaiting": "on"}).content.decode()

    assert references(html) == ["INC-2024-001"]


def test_incident_list_filters_overdue_panel_notifications(member_client):
    today = timezone.localdate()
    make_incident("INC-2020-001", aware=date(2020, 3, 2))
    make_incident("INC-2020-002", aware=date(2020, 3, 2), panel_notified_on=date(2020, 3, 4))
    make_incident(f"INC-{today.year}-001", aware=today)

    html = member_client.get(LIST, {"overdue": "on"}).content.decode()

    assert references(html) == ["INC-2020-001"]
    assert "Overdue by" in html


def test_incident_list_sorts_by_aware_date(member_client):
    make_incident("INC-2024-002", aware=date(2024, 6, 1))
    make_incident("INC-2024-001", aware=date(2024, 1, 1))
    make_incident("INC-2024-003", aware=date(2024, 9, 1))

    newest_first = references(member_client.get(LIST).content.decode())
    oldest_first = references(member_client.get(LIST, {"sort": "aware"}).content.decode())
    by_reference = references(member_client.get(LIST, {"sort": "reference"}).content.decode())

    assert newest_first == ["INC-2024-003", "INC-2024-002", "INC-2024-001"]
    assert oldest_first == ["INC-2024-001", "INC-2024-002", "INC-2024-003"]
    assert by_reference == ["INC-2024-001", "INC-2024-002", "INC-2024-003"]


def test_incident_list_pages_by_fifty(member_client):
    start = date(2023, 1, 2)
    for n in range(60):
        make_incident(f"INC-2023-{n + 1:03d}", aware=start + timedelta(days=n))

    first = references(member_client.get(LIST).content.decode())
    second = references(member_client.get(LIST, {"page": "2"}).content.decode())

    assert len(first) == 50
    assert len(second) == 10
    assert set(first).isdisjoint(second)
    assert second[-1] == "INC-2023-001"


def test_incident_list_downloads_as_csv_with_the_filters(member_client, child):
    # Aware Wed 1 May 2024; Mon 6 May was the Early May bank holiday: due Thu 9 May.
    make_incident("INC-2024-001", aware=date(2024, 5, 1), children=[child])
    make_incident("INC-2024-002", aware=date(2024, 5, 2), kind=IncidentKind.SERIOUS_HARM)

    response = member_client.get(LIST, {"format": "csv", "kind": IncidentKind.DEATH})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "reference"
    assert len(rows) == 2
    assert rows[1][:6] == ["INC-2024-001", "Death", "2024-05-01", "2024-05-01", "Child M", "2024-05-09"]
    assert rows[1][7].startswith("Overdue by")


def test_incident_list_query_count_does_not_grow_with_rows(member_client):
    def add(first, last):
        for n in range(first, last):
            incident = make_incident(f"INC-2024-{n:03d}", aware=date(2024, 1, 1) + timedelta(days=n))
            incident.children.set(
                [Child.objects.create(pseudonym=f"Child {n}a"), Child.objects.create(pseudonym=f"Child {n}b")]
            )
            if n % 2:
                RapidReview.objects.create(incident=incident)

    add(1, 6)
    member_client.get(LIST)  # once-per-process lookups (content types, sessions) are not rows
    with_5 = queries_for(member_client, LIST)
    add(6, 41)
    with_40 = queries_for(member_client, LIST)

    assert Incident.objects.count() == 40
    assert with_40 == with_5


# --- the incident page -----------------------------------------------------------------------


def test_incident_page_records_an_access_entry_for_each_child(member_client, member, child):
    other = Child.objects.create(pseudonym="Child N")
    incident = make_incident("INC-2024-001", aware=date(2024, 5, 1), children=[child, other])
    child_type = ContentType.objects.get_for_model(Child)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()

    response = member_client.get(f"/incidents/{incident.pk}/")

    assert response.status_code == 200
    assert "Restricted Name" in response.content.decode()
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, content_type=child_type)
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 2
    assert {e.object_pk for e in entries} == {str(child.pk), str(other.pk)}
    assert {e.actor_id for e in entries} == {member.pk}


def test_board_member_is_refused_the_list_and_cannot_find_an_incident(client, sign_in, make_user, child):
    incident = make_incident("INC-2024-001", aware=date(2024, 5, 1), children=[child])
    sign_in(client, make_user(roles.BOARD_MEMBER))

    assert client.get(LIST).status_code == 403
    assert client.get(f"/incidents/{incident.pk}/").status_code == 404
    assert client.get(f"/incidents/{incident.pk}/rapid-review/").status_code == 404


# --- the Rapid Review, start to finish -------------------------------------------------------


def test_rapid_review_flow_from_opening_to_the_review(member_client, member, sign_in, make_user, child):
    today = timezone.localdate()
    aware = today - timedelta(days=20)
    # The Panel was notified: a Rapid Review goes to the Panel only after that (DESIGN.md section 2).
    incident = make_incident(
        f"INC-{aware.year}-001", aware=aware, children=[child], panel_notified_on=aware + timedelta(days=1)
    )
    page = f"/incidents/{incident.pk}/rapid-review/"
    chair_client = sign_in(Client(), make_user(roles.CRAG_CHAIR))

    # A member opens the Rapid Review.
    response = member_client.post(f"{page}open/")
    assert (response.status_code, response["Location"]) == (302, page)
    rapid_review = RapidReview.objects.get(incident=incident)
    assert member_client.get(page).status_code == 200

    # A member records the decision.
    response = member_client.post(
        f"{page}edit/",
        {
            **hidden(member_client.get(f"{page}edit/").content.decode()),
            **date_parts("meeting_on", today - timedelta(days=5)),
            "learning_points": "Agencies did not share the referral.",
            "meets_cspr_criteria": "true",
            "complex_or_national_importance": "false",
            "decision_reasons": "Abuse suspected; learning for the partnership.",
        },
    )
    assert response.status_code == 302
    rapid_review.refresh_from_db()
    assert (rapid_review.meets_cspr_criteria, rapid_review.complex_or_national_importance) == (True, False)
    assert rapid_review.meeting_on == today - timedelta(days=5)

    # A member may not sign it off; the chair does.
    assert member_client.post(f"{page}sign-off/").status_code == 403
    rapid_review.refresh_from_db()
    assert not rapid_review.is_signed_off
    sign_off = hidden(chair_client.get(f"{page}sign-off/").content.decode())
    response = chair_client.post(f"{page}sign-off/", sign_off)
    assert (response.status_code, response["Location"]) == (302, page)
    rapid_review.refresh_from_db()
    assert rapid_review.is_signed_off

    # After sign-off, the decision fields are read-only but learning points still change.
    response = member_client.post(
        f"{page}edit/",
        {
            **hidden(member_client.get(f"{page}edit/").content.decode()),
            "learning_points": "Agencies did not share the referral for a week.",
            "meets_cspr_criteria": "false",
            "complex_or_national_importance": "true",
            "decision_reasons": "Changed afterwards.",
        },
    )
    assert response.status_code == 302
    rapid_review.refresh_from_db()
    assert rapid_review.learning_points == "Agencies did not share the referral for a week."
    assert (rapid_review.meets_cspr_criteria, rapid_review.complex_or_national_importance) == (True, False)
    assert rapid_review.decision_reasons == "Abuse suspected; learning for the partnership."

    # Corrections go beside the decision.
    response = member_client.post(
        f"{page}amend/",
        {
            **hidden(member_client.get(f"{page}amend/").content.decode()),
            "text": "The meeting was a day earlier.",
            "reason": "Minutes were misdated.",
        },
    )
    assert response.status_code == 302
    assert DecisionAmendment.objects.get(rapid_review=rapid_review).made_by == member
    assert "The meeting was a day earlier." in member_client.get(page).content.decode()

    # The Panel agrees and the outcome is a CSPR.
    response = member_client.post(
        f"{page}panel/",
        {
            **hidden(member_client.get(f"{page}panel/").content.decode()),
            **date_parts("sent_to_panel_on", today - timedelta(days=4)),
            "panel_response": "agree",
            "panel_considers_criteria_met": "true",
            **date_parts("panel_responded_on", today - timedelta(days=1)),
            "outcome": RapidReviewOutcome.CSPR,
        },
    )
    assert response.status_code == 302
    rapid_review.refresh_from_db()
    assert rapid_review.outcome == RapidReviewOutcome.CSPR
    assert rapid_review.sent_to_panel_on == today - timedelta(days=4)

    # The review is created from the outcome.
    response = member_client.post(f"{page}review/", date_parts("decision_on", today))
    assert (response.status_code, response["Location"]) == (302, page)
    review = Review.objects.get(rapid_review=rapid_review)
    assert review.kind == ReviewKind.CSPR
    assert review.decision_on == today
    assert list(review.children.all()) == [child]


def test_opening_a_rapid_review_for_a_care_leavers_death_is_refused_with_a_message(member_client, child):
    incident = make_incident(
        "INC-2024-001", aware=date(2024, 5, 1), kind=IncidentKind.CARE_LEAVER_DEATH, children=[child]
    )

    response = member_client.post(f"/incidents/{incident.pk}/rapid-review/open/", follow=True)

    assert response.status_code == 200
    # Once in the message, once in the page's own explanation.
    assert response.content.decode().count("does not need a Rapid Review") == 2
    assert not RapidReview.objects.exists()


def test_a_safety_action_is_marked_done_and_a_future_date_is_refused(client, make_user, sign_in):
    from datetime import timedelta

    from django.utils import timezone

    from crag.tests.factories import AgencyFactory
    from reviews.incidents import services as domain

    member = make_user(roles.CRAG_MEMBER)
    sign_in(client, member)
    child = domain.child_create(actor=member, pseudonym="Child Q")
    today = timezone.localdate()
    incident = domain.incident_create(
        actor=member,
        kind="serious_harm",
        incident_date=today - timedelta(days=3),
        aware_date=today - timedelta(days=2),
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )
    rapid_review = domain.rapid_review_open(actor=member, incident=incident)
    action = domain.safety_action_add(
        actor=member,
        rapid_review=rapid_review,
        kind="genogram",
        description="Draw the genogram",
        owner_agency=AgencyFactory(),
    )
    url = f"/incidents/{incident.pk}/rapid-review/safety-actions/{action.pk}/done/"
    tomorrow = today + timedelta(days=1)

    form = hidden(client.get(url).content.decode())
    refused = client.post(
        url, {**form, "done_on_0": tomorrow.day, "done_on_1": tomorrow.month, "done_on_2": tomorrow.year}
    )
    assert "must be today or in the past" in refused.content.decode()
    action.refresh_from_db()
    assert action.done_on is None

    done = client.post(
        url, {**form, "done_on_0": today.day, "done_on_1": today.month, "done_on_2": today.year}
    )
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.done_on == today


def test_correcting_the_aware_date_moves_the_deadlines(client, make_user, sign_in):
    from reviews.incidents import services as domain

    member = make_user(roles.CRAG_MEMBER)
    sign_in(client, member)
    child = domain.child_create(actor=member, pseudonym="Child W")
    today = timezone.localdate()
    incident = domain.incident_create(
        actor=member,
        kind="death",
        incident_date=today,
        aware_date=today,
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )
    earlier = date(2025, 1, 6)
    data = {
        "kind": "death",
        "location": "in_area",
        "abuse_or_neglect_suspected": "True",
        "children": [child.pk],
        "incident_date_0": earlier.day,
        "incident_date_1": earlier.month,
        "incident_date_2": earlier.year,
        "aware_date_0": earlier.day,
        "aware_date_1": earlier.month,
        "aware_date_2": earlier.year,
    }

    url = f"/incidents/{incident.pk}/edit/"
    response = client.post(url, {**hidden(client.get(url).content.decode()), **data})

    assert response.status_code == 302
    page = client.get(f"/incidents/{incident.pk}/")
    panel = page.context["readings"][0]
    assert panel.clock.due == date(2025, 1, 13)
    assert panel.state == "overdue"
