"""Access-matrix rows for the "what we learned and what changed" pages and the S-CRT export of
issue 20 (merged into test_access_matrix.MATRIX)."""

from collections.abc import Callable
from typing import Any

Builder = Callable[[dict[str, object]], str]

MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
