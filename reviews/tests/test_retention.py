"""apply_retention: what is past its period is anonymised or destroyed, with an audit entry per
record; what a legal hold covers and what is not yet due are untouched; the dry run changes
nothing; a second run does nothing more."""

import csv
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from crag.tests.factories import UserFactory
from reviews.models import Child, Incident, ReviewDocument
from reviews.retention.plan import REMOVED, plan
from reviews.tests.factories import AgencySummaryFactory, IncidentFactory, RapidReviewFactory, ReviewFactory
from reviews.tests.retention_records import TODAY, database_dump, make_world, now, retention_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return make_world()


def run(*args: str) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_lists_what_is_due_and_what_is_held_and_changes_nothing(world):
    before = database_dump()
    stored = world.document.file.name
    output = run("--dry-run")
    assert database_dump() == before
    assert world.document.file.storage.exists(stored)
    assert f"would be anonymised: incident {world.old.pk} ({world.old.reference})" in output
    assert "25 years from the date the local authority became aware" in output
    assert "(05 January 2000)" in output
    assert f"held: incident {world.held.pk} ({world.held.reference})" in output
    assert "Inquest hold on" in output
    assert f"would be destroyed: review document {world.document.pk}" in output
    assert world.recent.reference not in output


def test_a_record_past_its_period_is_anonymised_and_its_document_destroyed(
    world, django_capture_on_commit_callbacks
):
    stored = world.document.file.name
    storage = world.document.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        run()
    old = Incident.objects.get(pk=world.old.pk)
    assert old.summary == ""
    child = world.child(old)
    assert (child.legal_name, child.date_of_birth, child.address, child.case_summary) == ("", None, "", "")
    assert child.pseudonym  # the pseudonym stays: the statistics still count the child
    world.review.refresh_from_db()
    assert world.review.family_engagement_notes == ""
    assert world.review.life_letters.get().notes == ""
    assert world.child(world.review).legal_name == ""
    assert not ReviewDocument.objects.filter(pk=world.document.pk).exists()
    assert not storage.exists(stored)


def test_what_a_hold_covers_and_what_is_not_yet_due_are_untouched(world):
    run()
    for incident, name in ((world.held, "Harry Held"), (world.recent, "Rita Recent")):
        incident.refresh_from_db()
        assert incident.summary == f"{name} was found injured"
        assert world.child(incident).legal_name == name
        assert world.child(incident).date_of_birth is not None


def test_every_change_is_audited_without_copying_what_was_removed(world):
    run()
    entries = retention_entries()
    described = {(e.content_type.model, e.object_pk) for e in entries}
    changed = {
        ("incident", str(world.old.pk)),
        ("child", str(world.child(world.old).pk)),
        ("review", str(world.review.pk)),
        ("lifeletter", str(world.review.life_letters.get().pk)),
        ("child", str(world.child(world.review).pk)),
        ("reviewdocument", str(world.document.pk)),
    }
    assert described == changed
    assert len(entries) == len(changed)  # one entry per record
    for entry in entries:
        assert "Alice Old" not in str(entry.changes)
        assert "Carol" not in str(entry.changes)
        assert entry.additional_data["reason"]


def test_a_second_run_does_nothing_more(world):
    run()
    before = database_dump()
    output = run()
    assert database_dump() == before
    assert plan(now()).due == []
    assert "anonymised" not in output.replace("would be anonymised", "")


def test_the_report_is_written_as_csv(world, tmp_path):
    path = tmp_path / "retention.csv"
    run("--report", str(path))
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    outcomes = {(row["kind"], row["outcome"]) for row in rows}
    assert ("incident_not_taken_forward", "anonymised") in outcomes
    assert ("incident_not_taken_forward", "held") in outcomes
    assert ("review_document", "destroyed") in outcomes
    assert all(row["reason"] for row in rows)


def test_once_the_hold_is_lifted_the_record_goes_at_the_next_run(world):
    from reviews.retention import holds

    run()
    holds.hold_lift(actor=world.admin, hold=world.hold, note="Inquest concluded")
    run()
    world.held.refresh_from_db()
    assert world.held.summary == ""
    assert Child.objects.get(pk=world.child(world.held).pk).legal_name == ""


def test_an_incident_a_review_followed_goes_with_the_review(time_machine):
    time_machine.move_to(TODAY, tick=False)
    rapid_review = RapidReviewFactory.create(
        incident=IncidentFactory.create(summary="Dan was hurt"),
        decision_reasons="Dan's case meets the criteria",
        signed_off_at=datetime(1947, 6, 1, tzinfo=UTC),
        signed_off_by=UserFactory.create(),
    )
    summary = AgencySummaryFactory.create(rapid_review=rapid_review, summary="Police knew Dan")
    ReviewFactory.create(rapid_review=rapid_review, decision_on=date(1947, 7, 1), closed_on=date(1950, 1, 1))
    run()
    rapid_review.refresh_from_db()
    summary.refresh_from_db()
    assert rapid_review.decision_reasons == ""
    assert summary.summary == REMOVED
    assert Incident.objects.get(pk=rapid_review.incident_id).summary == ""
