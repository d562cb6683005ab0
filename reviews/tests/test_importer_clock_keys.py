"""The optional keys added to crag-records/1 (DESIGN.md section 4): the notification dates,
the Panel's view of the criteria and the date a reason for delay was sent; same guarantees."""

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reviews.importer.run import RecordsImportError, import_records
from reviews.models import Incident, RapidReview, Review

SAMPLE = Path(__file__).parent / "fixtures" / "sample_records.json"


@pytest.fixture
def sample() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return document


def record(document: dict[str, Any], section: str, ref: str) -> dict[str, Any]:
    return next(r for r in document[section] if r["ref"] == ref)


def with_new_keys(sample: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(sample)
    record(document, "incidents", "INC-2021-03").update(
        {
            "partnership_informed_on": "2021-02-11",
            "ofsted_notified_on": "2021-02-12",
            "secretary_of_state_notified_on": "2021-02-15",
        }
    )
    record(document, "rapid_reviews", "RR-2019-01")["panel_considers_criteria_met"] = True
    record(document, "reviews", "REV-2019-01")["reason_for_delay_sent_on"] = "2020-01-10"
    return document


def refused(document: dict[str, Any]) -> list[str]:
    with pytest.raises(RecordsImportError) as caught:
        import_records(document)
    assert not Incident.objects.exists()
    return caught.value.errors


@pytest.mark.django_db
def test_the_new_keys_are_imported(sample):
    import_records(with_new_keys(sample))

    incident = Incident.objects.get(ref="INC-2021-03")
    assert (
        incident.partnership_informed_on,
        incident.ofsted_notified_on,
        incident.secretary_of_state_notified_on,
    ) == (date(2021, 2, 11), date(2021, 2, 12), date(2021, 2, 15))
    assert RapidReview.objects.get(ref="RR-2019-01").panel_considers_criteria_met is True
    assert Review.objects.get(ref="REV-2019-01").delay_reason_sent_on == date(2020, 1, 10)


@pytest.mark.django_db
def test_a_file_without_the_new_keys_is_read_as_before_and_leaves_them_alone(sample):
    import_records(with_new_keys(sample))

    result = import_records(sample)  # the first release's file: none of the new keys

    assert result.updated == 0
    incident = Incident.objects.get(ref="INC-2021-03")
    assert incident.ofsted_notified_on == date(2021, 2, 12)
    assert Review.objects.get(ref="REV-2019-01").delay_reason_sent_on == date(2020, 1, 10)


@pytest.mark.django_db
def test_importing_the_new_keys_twice_changes_nothing(sample):
    import_records(with_new_keys(sample))
    result = import_records(with_new_keys(sample))
    assert (result.created, result.updated) == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("section", "ref", "change", "expected"),
    [
        (
            "incidents",
            "INC-2021-03",
            {"ofsted_notified_on": "2021-02-30"},
            'incidents[ref=INC-2021-03].ofsted_notified_on: "2021-02-30" is not a date (YYYY-MM-DD)',
        ),
        (
            "incidents",
            "INC-2021-03",
            {"secretary_of_state_notified_on": "2021-02-01"},
            "incidents[ref=INC-2021-03].secretary_of_state_notified_on: 2021-02-01 is before aware_date "
            "2021-02-10",
        ),
        (
            "incidents",
            "INC-2019-01",
            {"partnership_informed_on": "2019-05-01"},
            "incidents[ref=INC-2019-01].partnership_informed_on: 2019-05-01 is before aware_date 2019-05-15",
        ),
        (
            "rapid_reviews",
            "RR-2019-01",
            {"panel_considers_criteria_met": "yes"},
            'rapid_reviews[ref=RR-2019-01].panel_considers_criteria_met: "yes" is not true or false',
        ),
        (
            "rapid_reviews",
            "RR-2019-01",
            {"sent_to_panel_on": "2019-05-17"},
            "rapid_reviews[ref=RR-2019-01].sent_to_panel_on: 2019-05-17 is before the incident's "
            "panel_notified_on 2019-05-20 (a Rapid Review is sent after the Panel was notified)",
        ),
        (
            "reviews",
            "REV-2019-01",
            {"reason_for_delay_sent_on": "2019-06-01"},
            "reviews[ref=REV-2019-01].reason_for_delay_sent_on: 2019-06-01 is before decision_on 2019-06-20",
        ),
    ],
)
def test_the_new_keys_are_checked_naming_record_and_field(sample, section, ref, change, expected):
    document = copy.deepcopy(sample)
    record(document, section, ref).update(change)

    assert expected in refused(document)
