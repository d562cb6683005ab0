"""Access-matrix rows for the learning pages (merged into test_access_matrix.MATRIX)."""

from collections.abc import Callable

Builder = Callable[[dict[str, object]], str]
MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {}


def add_objects(found: dict[str, object], chair: object, review: object) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
