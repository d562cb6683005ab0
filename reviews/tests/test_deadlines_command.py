"""`python manage.py deadlines` (DESIGN.md section 2, `contract`): every clock open on a day, on a
file of records whose answers were counted off a printed calendar (February and March 2025 have
no bank holiday)."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reviews.importer.run import import_records
from reviews.models import AnnualReport, Incident, RapidReview, Review

RECORDS = Path(__file__).parent / "fixtures" / "clock_records.json"

# On Monday 3 March 2025, sorted by due date then subject (then record and clock).
EXPECTED_ON_3_MARCH = [
    ("annual_report", None, "annual_report", "2024-06-30", "overdue"),  # 2023/24, due 30 June 2024
    ("review", "REV-1", "progress_check", "2024-10-12", "overdue"),  # decided 31 Aug + 6 weeks
    ("rapid_review", "RR-D", "panel_response", "2025-02-17", "overdue"),  # sent 3 Feb + 10
    ("review", "REV-4", "progress_check", "2025-02-21", "overdue"),  # decided 10 Jan + 6 weeks
    ("incident", "INC-A", "panel_notification", "2025-02-24", "overdue"),  # aware 17 Feb + 5
    ("review", "REV-1", "cspr_publication", "2025-02-28", "overdue"),  # 31 Aug + 6 months
    ("incident", "INC-B", "secretary_of_state_notification", "2025-03-05", "due"),  # Ofsted done
    ("incident", "INC-G", "panel_notification", "2025-03-05", "due"),  # notified after 3 March
    ("incident", "INC-G", "partnership_informed", "2025-03-05", "due"),
    ("incident", "INC-A", "rapid_review", "2025-03-17", "due"),  # provisional: 24 Feb + 15
    ("rapid_review", "RR-F", "rapid_review", "2025-03-18", "due"),  # notified 25 Feb + 15
    ("incident", "INC-G", "rapid_review", "2025-03-26", "due"),  # provisional: 5 March + 15
    ("review", "REV-3", "earliest_removal", "2025-11-20", "due"),  # published 20 Nov + 12 months
]


@pytest.fixture
def records(db, themes):
    import_records(json.loads(RECORDS.read_text(encoding="utf-8")))


def run(*args: str) -> str:
    out = StringIO()
    call_command("deadlines", *args, stdout=out)
    return out.getvalue()


def test_what_was_open_on_3_march_2025(records):
    rows = json.loads(run("--as-of", "2025-03-03", "--format", "json"))

    assert [(r["subject"], r["ref"], r["clock"], r["due"], r["state"]) for r in rows] == EXPECTED_ON_3_MARCH
    assert all(set(r) == {"subject", "ref", "id", "clock", "due", "state"} for r in rows)


def test_each_row_names_its_records_primary_key(records):
    rows = json.loads(run("--as-of", "2025-03-03", "--format", "json"))

    ids = {(r["subject"], r["ref"]): r["id"] for r in rows}
    assert ids[("incident", "INC-A")] == Incident.objects.get(ref="INC-A").pk
    assert ids[("rapid_review", "RR-F")] == RapidReview.objects.get(ref="RR-F").pk
    assert ids[("review", "REV-1")] == Review.objects.get(ref="REV-1").pk
    assert ids[("annual_report", None)] == 2023


def test_a_done_clock_is_open_on_the_days_before_it_was_done(records):
    rows = json.loads(run("--as-of", "2025-02-01", "--format", "json"))

    open_clocks = {(r["ref"], r["clock"]): (r["due"], r["state"]) for r in rows}
    # INC-D's Rapid Review was due Friday 31 January (notified 10 January + 15) and sent on
    # Monday 3 February: on Saturday 1 February it was open and overdue.
    assert open_clocks[("RR-D", "rapid_review")] == ("2025-01-31", "overdue")
    assert ("INC-A", "panel_notification") not in open_clocks  # not aware until 17 February
    # The annual report of 2023/24 was published on 1 July 2024: done before 7 February 2025.
    AnnualReport.objects.create(year=2023, published_on="2024-07-01")
    again = json.loads(run("--as-of", "2025-02-01", "--format", "json"))
    assert [r for r in again if r["subject"] == "annual_report"] == []


def test_an_imported_action_is_open_from_its_import(records):
    on_3_march = json.loads(run("--as-of", "2025-03-03", "--format", "json"))
    today = json.loads(run("--format", "json"))

    assert [r for r in on_3_march if r["subject"] == "action"] == []
    assert [(r["ref"], r["due"], r["state"]) for r in today if r["subject"] == "action"] == [
        ("ACT-1", "2025-02-20", "overdue")
    ]


def test_without_json_it_prints_a_readable_table(records):
    table = run("--as-of", "2025-03-03")

    lines = table.splitlines()
    assert lines[0].split() == ["Due", "State", "Subject", "Ref", "Clock"]
    assert any("INC-A" in line and "Notify the Panel" in line and "overdue" in line for line in lines)
    assert "13 clocks open on Monday 3 March 2025" in table


@pytest.mark.parametrize("bad", ["2025-02-30", "yesterday", "2025-3-3"])
def test_a_bad_date_is_refused_in_plain_english(db, bad):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--as-of", bad)


def test_a_resource_awaiting_its_use_and_planned_assurance_are_listed_until_done(db):
    from datetime import date, datetime, time

    from django.utils import timezone

    from reviews.models import AssuranceActivity
    from reviews.tests.factories_impact import (
        AssuranceActivityFactory,
        DisseminationFactory,
        ResourceUseFactory,
    )

    sent = DisseminationFactory(sent_on=date(2025, 1, 6))  # + 12 weeks: due 31 March
    audit = AssuranceActivityFactory(planned_on=date(2025, 2, 28))
    noon = timezone.make_aware(datetime.combine(date(2025, 1, 6), time(12)))
    AssuranceActivity.objects.filter(pk=audit.pk).update(created_at=noon)
    rows = json.loads(run("--as-of", "2025-03-03", "--format", "json"))
    mine = [r for r in rows if r["subject"] in ("assurance", "dissemination")]
    assert [(r["subject"], r["id"], r["clock"], r["due"], r["state"]) for r in mine] == [
        ("assurance", audit.pk, "assurance_due", "2025-02-28", "overdue"),
        ("dissemination", sent.pk, "resource_use_due", "2025-03-31", "due"),
    ]
    ResourceUseFactory(dissemination=sent, used_from=date(2025, 1, 20))
    AssuranceActivity.objects.filter(pk=audit.pk).update(
        completed_on=date(2025, 3, 1), findings="Changed", practice_changed="changed"
    )
    assert [
        r for r in json.loads(run("--format", "json")) if r["subject"] in ("assurance", "dissemination")
    ] == []
