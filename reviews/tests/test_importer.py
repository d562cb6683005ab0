import copy
import json
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from crag.models import Agency
from reviews.importer.run import RecordsImportError, import_records
from reviews.models import Action, Child, Incident, RapidReview, Recommendation, Review

SAMPLE = Path(__file__).parent / "fixtures" / "sample_records.json"
MODELS = (Agency, Child, Incident, RapidReview, Review, Recommendation, Action)


@pytest.fixture
def sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def row_counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


def record(document: dict, section: str, ref: str) -> dict:
    return next(r for r in document[section] if r["ref"] == ref)


def refused(document: dict) -> list[str]:
    """The problems of a document that must be refused, having checked that nothing was written."""
    before = row_counts()
    with pytest.raises(RecordsImportError) as caught:
        import_records(document)
    assert row_counts() == before
    return caught.value.errors


@pytest.mark.django_db
def test_import_creates_every_record_of_the_sample(sample, make_user):
    actor = make_user()
    agencies_before = Agency.objects.count()

    result = import_records(sample, actor=actor)

    assert {name: counts.created for name, counts in result.sections.items()} == {
        "agencies": 3,
        "children": 4,
        "incidents": 3,
        "rapid_reviews": 2,
        "reviews": 2,
        "recommendations": 2,
        "actions": 3,
        "learning_events": 0,
    }
    assert Agency.objects.count() == agencies_before + 3
    assert Agency.objects.get(name="Wessex Police").kind == "police"
    child_c = Child.objects.get(ref="CH-C")
    assert child_c.deceased
    assert child_c.date_of_death is None
    assert child_c.ethnicity == ""
    child_b = Child.objects.get(ref="CH-B")
    assert set(child_b.incidents.values_list("ref", flat=True)) == {"INC-2019-01", "INC-2020-02"}
    death = Incident.objects.get(ref="INC-2019-01")
    assert death.reference == "INC-2019-01"
    assert death.created_by == actor
    assert death.aware_date == date(2019, 5, 15)
    assert set(death.themes.values_list("slug", flat=True)) == {"neglect", "parental_substance_misuse"}
    assert death.rapid_review.ref == "RR-2019-01"
    assert death.rapid_review.outcome == "cspr"
    pending = RapidReview.objects.get(ref="RR-2020-02")
    assert pending.meets_cspr_criteria is None
    assert pending.outcome == ""


@pytest.mark.django_db
def test_import_twice_changes_nothing_and_creates_nothing_the_second_time(sample):
    import_records(sample)
    counts = row_counts()
    updated_at = Incident.objects.get(ref="INC-2020-02").updated_at

    second = import_records(sample)

    assert row_counts() == counts
    assert (second.created, second.updated) == (0, 0)
    assert second.sections["children"].unchanged == 4
    assert Incident.objects.get(ref="INC-2020-02").updated_at == updated_at


@pytest.mark.django_db
def test_import_updates_a_known_record_to_the_files_values(sample):
    import_records(sample)
    incident = record(sample, "incidents", "INC-2020-02")
    incident["panel_notified_on"] = "2020-09-04"
    incident["themes"] = ["neglect"]
    Incident.objects.filter(ref="INC-2020-02").update(reference="CRAG-2020-7")

    result = import_records(sample)

    assert result.sections["incidents"].updated == 1
    assert result.sections["incidents"].unchanged == 2
    assert result.created == 0
    updated = Incident.objects.get(ref="INC-2020-02")
    assert updated.panel_notified_on == date(2020, 9, 4)
    assert list(updated.themes.values_list("slug", flat=True)) == ["neglect"]
    assert updated.reference == "CRAG-2020-7"  # CRAG's own reference is kept


@pytest.mark.django_db
def test_an_import_that_changes_a_record_moves_its_version_on_and_one_that_does_not_leaves_it(sample):
    """A form opened before an import changed the record must not overwrite it (issue 14, item 5)."""
    import_records(sample)
    read = Incident.objects.get(ref="INC-2020-02").version
    review = record(sample, "reviews", "REV-2019-01")
    review_read = Review.objects.get(ref=review["ref"]).version
    import_records(sample)
    assert Incident.objects.get(ref="INC-2020-02").version == read

    record(sample, "incidents", "INC-2020-02")["panel_notified_on"] = "2020-09-04"
    review["parallel_processes"][0]["ended_on"] = "2020-02-03"  # only the inquest's end changes
    import_records(sample)

    assert Incident.objects.get(ref="INC-2020-02").version == read + 1
    assert Review.objects.get(ref=review["ref"]).version == review_read + 1


@pytest.mark.django_db
def test_import_refuses_a_bad_date_naming_record_and_field_and_writes_nothing(sample):
    record(sample, "incidents", "INC-2020-02")["aware_date"] = "2019-13-01"

    errors = refused(sample)

    assert errors == ['incidents[ref=INC-2020-02].aware_date: "2019-13-01" is not a date (YYYY-MM-DD)']
    assert not Agency.objects.filter(name="Wessex Police").exists()


@pytest.mark.django_db
def test_import_reports_every_problem_at_once(sample):
    record(sample, "children", "CH-A")["deceased"] = "yes"
    record(sample, "children", "CH-D")["gender"] = "boy"
    del sample["incidents"][2]["ref"]
    record(sample, "rapid_reviews", "RR-2020-02")["panel_response"] = "maybe"

    errors = refused(sample)

    assert errors == [
        'children[ref=CH-A].deceased: "yes" is not true or false',
        'children[ref=CH-D].gender: "boy" is not one of: female, male, transgender, not_known',
        "incidents[2].ref: is required",
        'rapid_reviews[ref=RR-2020-02].panel_response: "maybe" is not one of: agree, disagree, pending',
    ]


@pytest.mark.django_db
def test_import_refuses_an_unknown_theme_slug(sample):
    record(sample, "incidents", "INC-2019-01")["themes"] = ["neglect", "sadness"]

    assert refused(sample) == ['incidents[ref=INC-2019-01].themes: unknown theme "sadness"']


@pytest.mark.django_db
def test_import_refuses_an_unknown_child_ref(sample):
    record(sample, "incidents", "INC-2021-03")["children"] = ["CH-C", "CH-Z"]

    assert refused(sample) == [
        'incidents[ref=INC-2021-03].children: unknown child "CH-Z" (in neither this file nor the database)'
    ]


@pytest.mark.django_db
def test_import_does_not_repeat_a_refused_records_problem_in_records_that_refer_to_it(sample):
    record(sample, "incidents", "INC-2019-01")["kind"] = "accident"

    errors = refused(sample)

    assert errors == [
        'incidents[ref=INC-2019-01].kind: "accident" is not one of: '
        "death, serious_harm, looked_after_death, care_leaver_death, other"
    ]


@pytest.mark.django_db
def test_import_finds_references_already_in_the_database(sample):
    import_records({"format": "crag-records/1", "children": sample["children"]})

    result = import_records({"format": "crag-records/1", "incidents": sample["incidents"]})

    assert result.sections["incidents"].created == 3
    assert Incident.objects.get(ref="INC-2021-03").children.get().pseudonym == "Child C"


@pytest.mark.django_db
def test_import_refuses_a_missing_required_field_and_a_null_one(sample):
    del record(sample, "children", "CH-B")["pseudonym"]
    record(sample, "incidents", "INC-2019-01")["incident_date"] = None

    assert refused(sample) == [
        "children[ref=CH-B].pseudonym: is required",
        "incidents[ref=INC-2019-01].incident_date: cannot be null",
    ]


@pytest.mark.django_db
def test_import_refuses_an_unknown_field(sample):
    record(sample, "incidents", "INC-2020-02")["panel_notifed_on"] = "2020-09-04"

    assert refused(sample) == ["incidents[ref=INC-2020-02].panel_notifed_on: unknown field"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["crag-records/2", None])
def test_import_refuses_a_wrong_format_string(sample, value):
    sample["format"] = value

    errors = refused(sample)

    assert len(errors) == 1
    assert errors[0].startswith("format: ")
    assert 'is not "crag-records/1"' in errors[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("section", "ref", "change", "expected"),
    [
        (
            "incidents",
            "INC-2020-02",
            {"aware_date": "2020-08-31"},
            "incidents[ref=INC-2020-02].aware_date: 2020-08-31 is before incident_date 2020-09-01",
        ),
        (
            "incidents",
            "INC-2019-01",
            {"panel_notified_on": "2019-05-14"},
            "incidents[ref=INC-2019-01].panel_notified_on: 2019-05-14 is before aware_date 2019-05-15",
        ),
        (
            "children",
            "CH-B",
            {"date_of_death": "2020-01-01"},
            "children[ref=CH-B].date_of_death: is given but deceased is false",
        ),
        (
            "rapid_reviews",
            "RR-2020-02",
            {"incident": "INC-2019-01"},
            "rapid_reviews[ref=RR-2020-02].incident: INC-2019-01 already has a rapid review (ref=RR-2019-01)",
        ),
    ],
)
def test_import_refuses_contradictions_naming_the_field(sample, section, ref, change, expected):
    record(sample, section, ref).update(change)

    assert refused(sample) == [expected]


@pytest.mark.django_db
def test_import_refuses_a_rapid_review_for_an_incident_that_already_has_another(sample):
    import_records(sample)
    record(sample, "rapid_reviews", "RR-2019-01")["ref"] = "RR-OTHER"

    assert refused(sample) == [
        "rapid_reviews[ref=RR-OTHER].incident: INC-2019-01 already has a rapid review (ref=RR-2019-01)"
    ]


@pytest.mark.django_db
def test_import_does_not_edit_a_signed_off_decision(sample, make_user):
    import_records(sample)
    RapidReview.objects.filter(ref="RR-2019-01").update(
        signed_off_at=timezone.now(), signed_off_by=make_user()
    )
    record(sample, "rapid_reviews", "RR-2019-01")["meets_cspr_criteria"] = False

    assert refused(sample) == [
        "rapid_reviews[ref=RR-2019-01].meets_cspr_criteria: "
        "the decision is signed off; record a correction as an amendment"
    ]


@pytest.mark.django_db
def test_import_reports_model_validation_by_record_and_field(sample):
    record(sample, "children", "CH-D")["pseudonym"] = "Child A"

    assert refused(sample) == ["children[ref=CH-D].pseudonym: Child with this Pseudonym already exists."]


@pytest.mark.django_db
def test_import_numbers_an_incident_reference_already_used(sample):
    import_records({"format": "crag-records/1", "children": sample["children"]})
    Incident.objects.create(
        reference="INC-2019-01",
        kind="death",
        incident_date=date(2018, 1, 1),
        aware_date=date(2018, 1, 2),
    )

    import_records(sample)

    assert Incident.objects.get(ref="INC-2019-01").reference == "INC-2019-01-2"


@pytest.mark.django_db
def test_import_dry_run_counts_and_writes_nothing(sample):
    result = import_records(sample, dry_run=True)

    assert result.created == 19
    assert row_counts() == (Agency.objects.count(), 0, 0, 0, 0, 0, 0)
    assert not Agency.objects.filter(name="Wessex Police").exists()


@pytest.mark.django_db
def test_command_imports_the_file_and_prints_counts():
    out = StringIO()

    call_command("import_records", str(SAMPLE), stdout=out)

    output = out.getvalue()
    assert "agencies: 3 created, 0 updated, 0 unchanged" in output
    assert "rapid_reviews: 2 created, 0 updated, 0 unchanged" in output
    assert "actions: 3 created, 0 updated, 0 unchanged" in output
    assert "Total: 19 created, 0 updated." in output
    assert Incident.objects.count() == 3


@pytest.mark.django_db
def test_command_second_run_reports_nothing_created():
    call_command("import_records", str(SAMPLE), stdout=StringIO())
    out = StringIO()

    call_command("import_records", str(SAMPLE), stdout=out)

    assert "Total: 0 created, 0 updated." in out.getvalue()


@pytest.mark.django_db
def test_command_refuses_invalid_json(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "crag-records/1",', encoding="utf-8")

    with pytest.raises(CommandError, match=r"bad\.json: not valid JSON: .* line 1 column"):
        call_command("import_records", str(bad))


@pytest.mark.django_db
def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_records", str(tmp_path / "missing.json"))


@pytest.mark.django_db
def test_command_lists_every_problem_and_writes_nothing(tmp_path, sample):
    broken = copy.deepcopy(sample)
    record(broken, "incidents", "INC-2020-02")["aware_date"] = "2019-13-01"
    record(broken, "incidents", "INC-2021-03")["themes"] = ["sadness"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    before = row_counts()

    with pytest.raises(CommandError) as caught:
        call_command("import_records", str(path))

    message = str(caught.value)
    assert "nothing was imported; 2 problems" in message
    assert 'incidents[ref=INC-2020-02].aware_date: "2019-13-01" is not a date (YYYY-MM-DD)' in message
    assert 'incidents[ref=INC-2021-03].themes: unknown theme "sadness"' in message
    assert row_counts() == before


# --- reviews, recommendations and actions -------------------------------------------------------


@pytest.mark.django_db
def test_import_stores_reviews_and_numbered_recommendations_with_their_actions(sample):
    import_records(sample)

    published = Review.objects.get(ref="REV-2019-01")
    assert (published.status, published.published_on) == ("published", date(2020, 6, 15))
    assert published.rapid_review is not None
    assert published.rapid_review.ref == "RR-2019-01"
    assert set(published.children.values_list("ref", flat=True)) == {"CH-A", "CH-B"}
    assert published.publication_url == "https://example.org/reviews/child-a"
    paused = Review.objects.get(ref="REV-2021-02")
    assert (paused.status, paused.rapid_review, paused.publication_url) == ("paused", None, "")
    assert list(published.recommendations.values_list("ref", "number")) == [
        ("REC-2019-01-A", 1),
        ("REC-2019-01-B", 2),
    ]
    first = Recommendation.objects.get(ref="REC-2019-01-A")
    assert set(first.agencies.values_list("name", flat=True)) == {"Wessex Police", "Wessex County Council"}
    closed = Action.objects.get(ref="ACT-2019-01-A1")
    assert (closed.status, closed.completed_on) == ("closed", date(2020, 11, 30))
    assert closed.owner_agency.name == "Wessex Police"
    assert Action.objects.get(ref="ACT-2019-01-B1").recommendation.number == 2
    assert (published.signed_off_on, published.cost_gbp) == (date(2020, 5, 1), Decimal("18500.00"))
    assert list(published.parallel_processes.values_list("kind", "started_on", "ended_on")) == [
        ("inquest", date(2019, 6, 1), date(2020, 2, 1))
    ]
    assert paused.parallel_processes.get().is_active


@pytest.mark.django_db
def test_import_matches_parallel_processes_by_kind_and_start(sample):
    import_records(sample)
    paused = Review.objects.get(ref="REV-2021-02")
    record(sample, "reviews", "REV-2021-02")["status"] = "in_progress"
    record(sample, "reviews", "REV-2021-02")["parallel_processes"][0]["ended_on"] = "2021-09-01"

    again = import_records(sample)

    assert again.sections["reviews"].updated == 1
    assert list(paused.parallel_processes.values_list("ended_on", flat=True)) == [date(2021, 9, 1)]
    assert import_records(sample).updated == 0


@pytest.mark.django_db
def test_import_of_reviews_twice_changes_nothing(sample):
    import_records(sample)
    counts = row_counts()
    updated_at = Action.objects.get(ref="ACT-2019-01-A2").updated_at

    second = import_records(sample)

    assert row_counts() == counts
    assert (second.created, second.updated) == (0, 0)
    assert second.sections["reviews"].unchanged == 2
    assert second.sections["recommendations"].unchanged == 2
    assert second.sections["actions"].unchanged == 3
    assert Action.objects.get(ref="ACT-2019-01-A2").updated_at == updated_at


@pytest.mark.django_db
def test_import_keeps_an_existing_recommendations_number(sample):
    import_records(sample)
    sample["recommendations"].reverse()

    import_records(sample)

    assert Recommendation.objects.get(ref="REC-2019-01-A").number == 1
    assert Recommendation.objects.get(ref="REC-2019-01-B").number == 2


@pytest.mark.django_db
def test_import_refuses_a_closed_action_without_its_completion_date(sample):
    action = record(sample, "recommendations", "REC-2019-01-A")["actions"][0]
    action["completed_on"] = None

    assert refused(sample) == [
        "recommendations[ref=REC-2019-01-A].actions[ref=ACT-2019-01-A1].completed_on: "
        "is required when status is closed"
    ]
    assert not Review.objects.exists()
    assert not Agency.objects.filter(name="Wessex Police").exists()


@pytest.mark.django_db
def test_import_refuses_a_paused_review_without_an_active_parallel_process(sample):
    record(sample, "reviews", "REV-2021-02")["parallel_processes"][0]["ended_on"] = "2021-09-01"

    assert refused(sample) == [
        "reviews[ref=REV-2021-02].parallel_processes: "
        "a review with status paused needs an active parallel process (one with ended_on null)"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"signed_off_on": None, "published_on": "2019-06-19"},
            "reviews[ref=REV-2019-01].published_on: 2019-06-19 is before decision_on 2019-06-20",
        ),
        (
            {"published_on": "2020-04-30"},
            "reviews[ref=REV-2019-01].published_on: 2020-04-30 is before signed_off_on 2020-05-01",
        ),
        (
            {"signed_off_on": "2019-06-01"},
            "reviews[ref=REV-2019-01].signed_off_on: 2019-06-01 is before decision_on 2019-06-20",
        ),
        (
            {"published_on": None},
            "reviews[ref=REV-2019-01].published_on: is required when status is published",
        ),
        (
            {"children": ["CH-A", "CH-Z"]},
            'reviews[ref=REV-2019-01].children: unknown child "CH-Z" (in neither this file nor the database)',
        ),
        (
            {"cost_gbp": "-5.00"},
            "reviews[ref=REV-2019-01].cost_gbp: -5.00 is negative",
        ),
        (
            {"parallel_processes": [{"kind": "tribunal", "started_on": "2019-06-01", "ended_on": None}]},
            'reviews[ref=REV-2019-01].parallel_processes[0].kind: "tribunal" is not one of: '
            "criminal_investigation_or_trial, inquest, domestic_abuse_related_death_review, "
            "safeguarding_adults_review, child_death_review, family_court, disciplinary, other",
        ),
    ],
)
def test_import_refuses_review_contradictions_naming_record_and_field(sample, change, expected):
    record(sample, "reviews", "REV-2019-01").update(change)

    assert refused(sample) == [expected]


@pytest.mark.django_db
def test_import_does_not_repeat_a_refused_reviews_problem_in_its_recommendations(sample):
    record(sample, "reviews", "REV-2019-01")["kind"] = "inquiry"

    errors = refused(sample)

    assert errors == [
        'reviews[ref=REV-2019-01].kind: "inquiry" is not one of: '
        "scr, cspr, local, partnership_learning, national_contribution"
    ]
