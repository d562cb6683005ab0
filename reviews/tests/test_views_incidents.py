"""Incident pages through the test client, signed in with a second factor: recording an incident,
its page, and correcting it. The list and the Rapid Review have files of their own."""

from datetime import date, timedelta

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from crag import roles
from reviews.choices import IncidentKind
from reviews.models import Child, Incident
from reviews.tests.incident_pages import LIST, child, date_parts, make_incident, member, member_client
from reviews.tests.test_lost_updates import hidden

__all__ = ["child", "member", "member_client"]  # fixtures


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
