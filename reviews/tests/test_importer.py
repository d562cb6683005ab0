"""The importer writes every record of the sample, updates known ones to the file's values, changes
nothing the second time, and writes nothing on a dry run."""

from datetime import date

import pytest

from crag.models import Agency
from reviews.importer.run import import_records
from reviews.models import Child, Incident, RapidReview, Review
from reviews.tests.importer_sample import record, row_counts, sample

__all__ = ["sample"]  # fixtures


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
        "chronology": 0,
        "learning_events": 0,
        "external_reviews": 0,
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
