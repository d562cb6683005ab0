"""Access-matrix rows for the "what we learned and what changed" pages and the S-CRT export of
issue 20 (merged into test_access_matrix.MATRIX)."""

from collections.abc import Callable
from typing import Any

from crag import roles

Builder = Callable[[dict[str, object]], str]

MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""


# The S-CRT export and the review's health details (issue 20): CRAG's; everyone else refused.
CRAG_ROLES = (roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR, roles.CRAG_MEMBER)
SCRT = {"anonymous": 302} | {role: 200 if role in CRAG_ROLES else 403 for role in roles.ALL_ROLES}
MATRIX |= {
    "reviews/scrt/": ("/reviews/scrt/", SCRT),
    "reviews/scrt.csv": ("/reviews/scrt.csv", SCRT),
    "reviews/<int:pk>/health/": (lambda found: f"/reviews/{found['reviews.review']}/health/", SCRT),
}
