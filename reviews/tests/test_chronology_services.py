"""The agencies' chronology rows: who may write them and when, and the spreadsheet upload."""

import io
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from crag import roles
from reviews.choices import ContributionKind, ContributionStatus
from reviews.contributions import chronology, chronology_sheet
from reviews.models import ChronologyEntry
from reviews.tests.factories_contributions import ChronologyEntryFactory, ContributionRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(make_user):
    return make_user(roles.AGENCY_ACTION_LEAD)


@pytest.fixture
def own(lead):
    return ContributionRequestFactory(agency=lead.agency, kind=ContributionKind.CHRONOLOGY)


def sheet(*rows, headings=chronology_sheet.HEADINGS) -> SimpleUploadedFile:
    book = Workbook()
    book.active.title = "Chronology"
    book.active.append(list(headings))
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("chronology.xlsx", buffer.getvalue())


GOOD = [
    (date(2024, 3, 3), "exact", "09:15", "GP record", "Seen for a cough", ""),
    ("March 2024", "", None, "School log", "Late most mornings", "A pattern"),
    ("12/04/2024", "approximate", None, "Police log", "Called to the address", ""),
]


def test_lead_adds_a_row_to_own_open_chronology(lead, own):
    entry = chronology.chronology_entry_add(
        actor=lead, request=own, occurred_on=date(2024, 3, 3), source=" GP record ", what_happened="Seen"
    )
    assert (entry.source, entry.created_by, entry.precision) == ("GP record", lead, "exact")


def test_lead_cannot_write_another_agencys_chronology(lead):
    other = ContributionRequestFactory(kind=ContributionKind.CHRONOLOGY)
    with pytest.raises(PermissionDenied):
        chronology.chronology_entry_add(
            actor=lead, request=other, occurred_on=date(2024, 3, 3), source="GP", what_happened="Seen"
        )


def test_submitted_chronology_cannot_be_changed(lead, own):
    entry = ChronologyEntryFactory(request=own)
    own.status, own.submitted_on = ContributionStatus.SUBMITTED, date(2025, 1, 15)
    own.save()
    with pytest.raises(ValidationError, match="submitted"):
        chronology.chronology_entry_edit(actor=lead, entry=entry, version=entry.version, source="New")
    with pytest.raises(ValidationError, match="submitted"):
        chronology.chronology_entry_delete(actor=lead, entry=entry)
    assert ChronologyEntry.objects.get(pk=entry.pk).source == entry.source


def test_row_dated_in_the_future_is_refused(lead, own):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        chronology.chronology_entry_add(
            actor=lead, request=own, occurred_on=tomorrow, source="GP", what_happened="Seen"
        )
    assert "occurred_on" in refused.value.message_dict


def test_edit_from_an_old_version_changes_nothing(lead, own):
    entry = ChronologyEntryFactory(request=own)
    chronology.chronology_entry_edit(actor=lead, entry=entry, version=1, source="First")
    with pytest.raises(chronology.versions.EditConflict):
        chronology.chronology_entry_edit(actor=lead, entry=entry, version=1, source="Second")
    assert ChronologyEntry.objects.get(pk=entry.pk).source == "First"


def test_crag_marks_key_episode_only_on_submitted_rows(make_user, own):
    chair = make_user(roles.CRAG_CHAIR)
    entry = ChronologyEntryFactory(request=own)
    with pytest.raises(ValidationError):
        chronology.chronology_mark_key_episode(actor=chair, entry=entry, flag=True)
    own.status, own.submitted_on = ContributionStatus.SUBMITTED, date(2025, 1, 15)
    own.save()
    entry.refresh_from_db()
    assert chronology.chronology_mark_key_episode(actor=chair, entry=entry, flag=True).key_practice_episode


def test_lead_cannot_mark_key_episodes(lead, own):
    entry = ChronologyEntryFactory(request=own)
    with pytest.raises(PermissionDenied):
        chronology.chronology_mark_key_episode(actor=lead, entry=entry, flag=True)


def test_upload_adds_every_row_with_its_precision(lead, own):
    result = chronology.chronology_upload(
        actor=lead, request=own, upload=sheet(*GOOD, ("", "", "", "", "", ""))
    )
    assert (result.added, result.unchanged, result.skipped) == (3, 0, 1)
    rows = list(ChronologyEntry.objects.filter(request=own).order_by("occurred_on"))
    assert [(r.occurred_on, r.precision) for r in rows] == [
        (date(2024, 3, 1), "month"),
        (date(2024, 3, 3), "exact"),
        (date(2024, 4, 12), "approximate"),
    ]
    assert rows[1].occurred_at == time(9, 15)


def test_uploading_the_same_file_again_adds_nothing(lead, own):
    chronology.chronology_upload(actor=lead, request=own, upload=sheet(*GOOD))
    again = chronology.chronology_upload(actor=lead, request=own, upload=sheet(*GOOD))
    assert (again.added, again.unchanged) == (0, 3)
    assert ChronologyEntry.objects.filter(request=own).count() == 3


def test_upload_with_bad_rows_writes_nothing_and_names_each_problem(lead, own):
    tomorrow = timezone.localdate() + timedelta(days=1)
    bad = sheet(
        GOOD[0],
        (date(2024, 1, 2), "", None, "", "No source", ""),
        ("31/02/2024", "", None, "GP", "Impossible date", ""),
        (date(2024, 1, 2), "roughly", None, "GP", "Bad precision", ""),
        (date(2024, 1, 2), "", "25:99", "GP", "Bad time", ""),
        (tomorrow, "", None, "GP", "Tomorrow", ""),
    )
    with pytest.raises(ValidationError) as refused:
        chronology.chronology_upload(actor=lead, request=own, upload=bad)
    assert refused.value.messages == [
        "Row 3, column 'Source': enter the record, system or document it comes from",
        "Row 4, column 'Date': enter a real date, for example 03/03/2024",
        "Row 5, column 'Precision': choose exact, month or approximate",
        "Row 6, column 'Time': enter a time on the 24-hour clock, for example 14:30",
        "Row 7, column 'Date': the date cannot be in the future",
    ]
    assert not ChronologyEntry.objects.filter(request=own).exists()


def test_upload_refuses_a_file_that_is_not_a_workbook(lead, own):
    fake = SimpleUploadedFile("chronology.xlsx", b"MZ\x90\x00 not a spreadsheet")
    with pytest.raises(ValidationError, match="Excel workbook"):
        chronology.chronology_upload(actor=lead, request=own, upload=fake)


def test_upload_refuses_a_sheet_without_the_template_headings(lead, own):
    with pytest.raises(ValidationError, match="Missing: 'Source'"):
        chronology.chronology_upload(
            actor=lead, request=own, upload=sheet(headings=("Date", "Precision", "Time", "What happened"))
        )


def test_template_has_headings_precision_list_and_instructions():
    book = load_workbook(io.BytesIO(chronology_sheet.template_workbook()))
    sheet_ = book["Chronology"]
    assert tuple(c.value for c in sheet_[1]) == chronology_sheet.HEADINGS
    lists = [v.formula1 for v in sheet_.data_validations.dataValidation]
    assert lists == ['"exact,month,approximate"', '"Yes,No"']
    assert "Instructions" in book.sheetnames


def test_the_agency_flags_its_own_row_as_a_key_practice_episode(lead, own):
    entry = chronology.chronology_entry_add(
        actor=lead,
        request=own,
        occurred_on=date(2024, 3, 3),
        source="GP record",
        what_happened="Bruising explained as a fall",
        key_practice_episode=True,
    )
    assert entry.key_practice_episode
    edited = chronology.chronology_entry_edit(
        actor=lead, entry=entry, version=entry.version, key_practice_episode=False
    )
    assert not edited.key_practice_episode


def test_upload_reads_the_key_practice_episode_column_and_a_sheet_without_it(lead, own):
    flagged = [(*GOOD[0], "Yes"), (*GOOD[1], "no"), (*GOOD[2], "")]
    chronology.chronology_upload(actor=lead, request=own, upload=sheet(*flagged))
    rows = ChronologyEntry.objects.filter(request=own).order_by("occurred_on")
    assert [r.key_practice_episode for r in rows] == [False, True, False]

    older = chronology_sheet.HEADINGS[:-1]  # a template downloaded before the column was added
    other = ContributionRequestFactory(agency=lead.agency, kind=ContributionKind.CHRONOLOGY)
    assert (
        chronology.chronology_upload(actor=lead, request=other, upload=sheet(*GOOD, headings=older)).added
        == 3
    )


def test_upload_names_a_key_practice_episode_that_is_not_yes_or_no(lead, own):
    with pytest.raises(ValidationError) as refused:
        chronology.chronology_upload(actor=lead, request=own, upload=sheet((*GOOD[0], "maybe")))
    assert refused.value.messages == [
        "Row 2, column 'Key practice episode': enter Yes or No, or leave it blank"
    ]
    assert not ChronologyEntry.objects.filter(request=own).exists()
