"""The importer refuses a document with a problem, naming record and field, reporting every
problem at once, and writes nothing."""

import pytest
from django.utils import timezone

from crag.models import Agency
from reviews.importer.run import import_records
from reviews.models import Incident, RapidReview
from reviews.tests.importer_sample import record, refused, sample

__all__ = ["sample"]  # fixtures


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
def test_import_refuses_a_nul_character_by_record_and_field_instead_of_crashing(sample):
    # PostgreSQL stores no NUL in text (nor in the audit trail's JSON): found by the property test.
    record(sample, "agencies", sample["agencies"][0]["ref"])["name"] = "Wessex\x00Police"
    record(sample, "children", "CH-A")["ethnicity"] = "\x00"

    errors = refused(sample)

    nul = "contains a NUL character (\\u0000), which cannot be stored"
    assert f"agencies[ref={sample['agencies'][0]['ref']}].name: {nul}" in errors
    assert f"children[ref=CH-A].ethnicity: {nul}" in errors
