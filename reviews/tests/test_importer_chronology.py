"""Import of the chronology section of "crag-records/1" (issue 18): agencies' chronology rows for a
Rapid Review or a review, by agency ref; all or nothing, idempotent by ref, every problem named."""

import copy
import json
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from reviews.choices import ContributionKind, ContributionStatus
from reviews.clocks import CONTRIBUTION_DUE, Day
from reviews.importer.run import RecordsImportError, import_records
from reviews.models import ChronologyEntry, ContributionRequest
from reviews.tests.factories_contributions import ContributionRequestFactory

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "example-records.json"


@pytest.fixture
def document(themes) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return loaded


def row(document: dict[str, Any], ref: str) -> dict[str, Any]:
    return next(r for r in document["chronology"] if r["ref"] == ref)


def refused(document: dict[str, Any]) -> list[str]:
    before = list(ChronologyEntry.objects.values_list("ref", "what_happened").order_by("ref"))
    requests = ContributionRequest.objects.count()
    with pytest.raises(RecordsImportError) as caught:
        import_records(document)
    assert list(ChronologyEntry.objects.values_list("ref", "what_happened").order_by("ref")) == before
    assert ContributionRequest.objects.count() == requests
    return caught.value.errors


def test_rows_are_kept_under_an_accepted_chronology_request_per_agency_and_case(document):
    result = import_records(document)

    assert result.sections["chronology"].created == 3
    police = ChronologyEntry.objects.get(ref="EX-CH-2019-01-02")
    assert (police.occurred_on, police.occurred_at, police.precision) == (
        date(2019, 3, 14),
        time(23, 40),
        "exact",
    )
    assert police.key_practice_episode is True
    assert police.request.agency.name == "Wessex Police"
    assert getattr(police.request.rapid_review, "ref", None) == "EX-RR-2019-01"
    school = ChronologyEntry.objects.get(ref="EX-CH-2020-02-01")
    assert getattr(school.request.review, "ref", None) == "EX-REV-2020-02"
    assert (school.significance, school.key_practice_episode, school.created_by) == ("", False, None)
    requests = ContributionRequest.objects.all()
    assert {(r.kind, r.status) for r in requests} == {
        (ContributionKind.CHRONOLOGY, ContributionStatus.ACCEPTED)
    }
    assert requests.count() == 3


def test_imported_history_opens_no_return_clock(document):
    import_records(document)

    assert list(Day(timezone.localdate()).open_clocks([CONTRIBUTION_DUE])) == []


def test_a_second_import_changes_nothing_and_a_corrected_row_is_updated(document):
    import_records(document)
    again = import_records(document)
    assert (again.sections["chronology"].created, again.sections["chronology"].updated) == (0, 0)

    row(document, "EX-CH-2019-01-01")["source"] = "GP record"
    third = import_records(document)

    assert third.sections["chronology"].updated == 1
    assert ChronologyEntry.objects.get(ref="EX-CH-2019-01-01").source == "GP record"
    assert ContributionRequest.objects.count() == 3


def test_rows_join_the_agencys_existing_chronology_request(document):
    import_records(document)
    entry = ChronologyEntry.objects.select_related("request__rapid_review", "request__agency").get(
        ref="EX-CH-2019-01-01"
    )
    case, agency = entry.request.rapid_review, entry.request.agency
    ChronologyEntry.objects.filter(pk=entry.pk).delete()
    ContributionRequest.objects.filter(pk=entry.request_id).delete()
    asked = ContributionRequestFactory(rapid_review=case, agency=agency, kind=ContributionKind.CHRONOLOGY)

    import_records(document)

    assert ChronologyEntry.objects.get(ref="EX-CH-2019-01-01").request == asked


def test_every_bad_row_is_named_and_nothing_is_written(document):
    bad = copy.deepcopy(document)
    row(bad, "EX-CH-2019-01-01")["review"] = "EX-REV-2019-01"  # both cases
    row(bad, "EX-CH-2019-01-02")["time"] = "25:00"
    row(bad, "EX-CH-2020-02-01")["source"] = " "
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    bad["chronology"].append(
        {
            "ref": "EX-CH-NEW",
            "rapid_review": "EX-RR-2019-01",
            "review": None,
            "agency": "AG-NOWHERE",
            "date": tomorrow,
            "precision": "roughly",
            "time": None,
            "source": "Record",
            "what_happened": "Something",
            "significance": None,
            "key_practice_episode": None,
        }
    )

    errors = refused(bad)

    assert "chronology[ref=EX-CH-2019-01-01].review: give either rapid_review or review, not both" in errors
    assert any(e.startswith('chronology[ref=EX-CH-2019-01-02].time: "25:00" is not a time') for e in errors)
    assert any(e.startswith("chronology[ref=EX-CH-2020-02-01].source:") for e in errors)
    assert any(e.startswith('chronology[ref=EX-CH-NEW].agency: unknown agency "AG-NOWHERE"') for e in errors)
    assert any(e.startswith("chronology[ref=EX-CH-NEW].precision:") for e in errors)


def test_a_future_date_is_refused(document):
    import_records(document)
    row(document, "EX-CH-2019-01-01")["date"] = (timezone.localdate() + timedelta(days=1)).isoformat()

    errors = refused(document)

    assert errors == ["chronology[ref=EX-CH-2019-01-01].date: The date cannot be in the future."]
