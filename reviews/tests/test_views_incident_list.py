"""The incident list through the test client: filters, order, pages, CSV and a flat query count."""

import csv
import io
from datetime import date, timedelta

from django.utils import timezone

from conftest import queries_for
from reviews.choices import IncidentKind
from reviews.models import Child, Incident, RapidReview
from reviews.tests.incident_pages import LIST, child, make_incident, member, member_client, references

__all__ = ["child", "member", "member_client"]  # fixtures


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
