"""Access-matrix rows for the register of external reviews of issue 20 (merged into
test_access_matrix.MATRIX)."""

from collections.abc import Callable
from datetime import date
from typing import Any

Builder = Callable[[dict[str, object]], str]

MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
    # One of each record the admin shows (the pages' own rows may add more through the services).
    from reviews.models import ExternalReview

    external = ExternalReview.objects.create(
        source="national_review", title="Matrix national review", published_on=date(2026, 1, 5)
    )
    found["external_review"] = external.pk
