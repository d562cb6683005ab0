"""Access-matrix rows for the meetings pages of issue 19 (merged into test_access_matrix.MATRIX)."""

from collections.abc import Callable
from typing import Any

Builder = Callable[[dict[str, object]], str]

MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
