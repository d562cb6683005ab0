"""Import of the learning_events section of "crag-records/1" (DESIGN.md section 4): all or
nothing, idempotent by ref, every problem named by record and field."""

import copy
import json
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from crag.models import Agency
from reviews.importer.run import RecordsImportError, import_records
from reviews.models import LearningAttendance, LearningEvent

LEARNING = Path(__file__).parent / "fixtures" / "learning_records.json"
SAMPLE = Path(__file__).parent / "fixtures" / "sample_records.json"


@pytest.fixture
def document(themes) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(LEARNING.read_text(encoding="utf-8"))
    return loaded


def event(document: dict[str, Any], ref: str) -> dict[str, Any]:
    return next(r for r in document["learning_events"] if r["ref"] == ref)


def refused(document: dict[str, Any]) -> list[str]:
    """The problems of a document that must be refused, having checked that nothing was written."""
    before = list(LearningEvent.objects.values_list("ref", "title", "attendees").order_by("ref"))
    with pytest.raises(RecordsImportError) as caught:
        import_records(document)
    assert list(LearningEvent.objects.values_list("ref", "title", "attendees").order_by("ref")) == before
    return caught.value.errors


@pytest.mark.django_db
def test_import_creates_learning_events_with_their_themes(document):
    result = import_records(document)

    assert result.sections["learning_events"].created == 3
    conference = LearningEvent.objects.get(ref="LE-2019-01")
    assert conference.kind == "conference"
    assert conference.held_on == date(2019, 11, 14)
    assert conference.attendees == 140
    assert set(conference.themes.values_list("slug", flat=True)) == {"neglect", "domestic_abuse"}
    assert LearningEvent.objects.get(ref="LE-2020-01").attendees is None
    # A planned event may be in the future.
    assert LearningEvent.objects.get(ref="LE-2099-01").held_on == date(2099, 1, 12)


@pytest.mark.django_db
def test_import_twice_changes_nothing(document):
    import_records(document)
    before = list(LearningEvent.objects.values_list("pk", "ref", "title", "attendees").order_by("pk"))

    result = import_records(document)

    counts = result.sections["learning_events"]
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 3)
    assert list(LearningEvent.objects.values_list("pk", "ref", "title", "attendees").order_by("pk")) == before


@pytest.mark.django_db
def test_import_updates_an_event_matched_by_ref(document):
    import_records(document)
    event(document, "LE-2019-01")["title"] = "Annual conference (renamed)"
    event(document, "LE-2019-01")["themes"] = ["neglect"]

    result = import_records(document)

    assert result.sections["learning_events"].updated == 1
    conference = LearningEvent.objects.get(ref="LE-2019-01")
    assert conference.title == "Annual conference (renamed)"
    assert list(conference.themes.values_list("slug", flat=True)) == ["neglect"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "seminar", '"seminar" is not one of: learning_event, workshop, conference, briefing'),
        ("held_on", "14/11/2019", '"14/11/2019" is not a date (YYYY-MM-DD)'),
        ("held_on", "2019-02-30", '"2019-02-30" is not a date (YYYY-MM-DD)'),
        ("held_on", None, "cannot be null"),
        ("attendees", -1, "-1 is negative"),
        ("attendees", "140", '"140" is not a whole number'),
        ("attendees", True, "true is not a whole number"),
        ("attendees", 12.5, "12.5 is not a whole number"),
        ("attendees", 10**12, "1000000000000 is more than 100000"),
        ("title", "  ", '"  " is not a non-empty string'),
        ("themes", ["neglect", "not_a_theme"], 'unknown theme "not_a_theme"'),
        ("themes", "neglect", '"neglect" is not a list of strings'),
    ],
)
def test_import_names_the_event_and_field_of_a_bad_value_and_writes_nothing(document, field, value, message):
    event(document, "LE-2019-01")[field] = value

    assert refused(document) == [f"learning_events[ref=LE-2019-01].{field}: {message}"]
    assert not LearningEvent.objects.exists()  # all or nothing: the good events are not written


@pytest.mark.django_db
def test_import_names_missing_and_unknown_fields(document):
    del event(document, "LE-2020-01")["title"]
    event(document, "LE-2020-01")["venue"] = "Town hall"

    assert refused(document) == [
        "learning_events[ref=LE-2020-01].venue: unknown field",
        "learning_events[ref=LE-2020-01].title: is required",
    ]


@pytest.mark.django_db
def test_import_refuses_a_title_too_long_for_the_record(document):
    event(document, "LE-2020-01")["title"] = "x" * 201

    [problem] = refused(document)
    assert problem.startswith("learning_events[ref=LE-2020-01].title: ")


@pytest.mark.django_db
def test_import_refuses_a_ref_used_twice_in_the_file(document):
    document["learning_events"].append(copy.deepcopy(event(document, "LE-2020-01")))

    assert refused(document) == [
        "learning_events[ref=LE-2020-01].ref: is used by an earlier record of this section"
    ]


@pytest.mark.django_db
def test_import_names_a_record_without_a_ref_by_its_position(document):
    document["learning_events"].append("not a record")
    document["learning_events"].append({"kind": "workshop"})

    errors = refused(document)
    assert "learning_events[3]: is not an object" in errors
    assert "learning_events[4].ref: is required" in errors


@pytest.mark.django_db
def test_import_keeps_the_sum_of_attendance_recorded_by_agency(document):
    import_records(document)
    workshop = LearningEvent.objects.get(ref="LE-2020-01")
    LearningAttendance.objects.create(
        event=workshop, agency=Agency.objects.create(name="Police", kind="police"), count=7
    )
    LearningAttendance.objects.create(
        event=workshop, agency=Agency.objects.create(name="Health", kind="health"), count=5
    )
    workshop.attendees = 12
    workshop.save()

    result = import_records(document)  # attendees null: the sum stays

    assert result.sections["learning_events"].unchanged == 3
    assert LearningEvent.objects.get(ref="LE-2020-01").attendees == 12
    event(document, "LE-2020-01")["attendees"] = 30
    assert refused(document) == [
        "learning_events[ref=LE-2020-01].attendees: 30 is not the sum of the event's attendance by agency "
        "in CRAG (12)"
    ]


@pytest.mark.django_db
def test_import_of_the_whole_sample_with_learning_events(themes):
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["learning_events"] = json.loads(LEARNING.read_text(encoding="utf-8"))["learning_events"]

    result = import_records(document)

    assert result.sections["learning_events"].created == 3
    assert result.sections["reviews"].created == 2


@pytest.mark.django_db
def test_command_imports_learning_events_and_refuses_a_bad_file(document, tmp_path):
    out = StringIO()
    call_command("import_records", str(LEARNING), stdout=out)
    assert "learning_events: 3 created, 0 updated, 0 unchanged" in out.getvalue()

    event(document, "LE-2099-01")["kind"] = "party"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_records", str(bad), stdout=StringIO())
    assert "nothing was imported" in str(caught.value)
    assert "learning_events[ref=LE-2099-01].kind" in str(caught.value)
