"""The importer tests' sample document (fixtures/sample_records.json) and what they read back:
row counts, a record by reference, the problems of a refused document.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from crag.models import Agency
from reviews.importer.run import RecordsImportError, import_records
from reviews.models import Action, Child, Incident, RapidReview, Recommendation, Review

SAMPLE = Path(__file__).parent / "fixtures" / "sample_records.json"
MODELS = (Agency, Child, Incident, RapidReview, Review, Recommendation, Action)


@pytest.fixture
def sample() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return document


def row_counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


def record(document: dict[str, Any], section: str, ref: str) -> dict[str, Any]:
    return next(r for r in document[section] if r["ref"] == ref)


def refused(document: dict[str, Any]) -> list[str]:
    """The problems of a document that must be refused, having checked that nothing was written."""
    before = row_counts()
    with pytest.raises(RecordsImportError) as caught:
        import_records(document)
    assert row_counts() == before
    return caught.value.errors
