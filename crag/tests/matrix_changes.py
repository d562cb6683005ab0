"""Access-matrix rows for the "what we learned and what changed" pages and the S-CRT export of
issue 20 (merged into test_access_matrix.MATRIX)."""

from collections.abc import Callable
from typing import Any

from crag import roles

Builder = Callable[[dict[str, object]], str]

ANON = "anonymous"
# Every role reads the learning; a review's page only for a reader who may name the review: the
# matrix's review is not published and not assigned to the matrix's Independent reviewer, but the
# matrix's agency action lead owns one of its actions.
LEARNING_READERS = {ANON: 302} | dict.fromkeys(roles.ALL_ROLES, 200)
REVIEW_LEARNING_READERS = LEARNING_READERS | {roles.INDEPENDENT_REVIEWER: 404, roles.BOARD_MEMBER: 404}

MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {
    "learning/reviews/<int:pk>/": (
        lambda found: f"/learning/reviews/{found['reviews.review']}/",
        REVIEW_LEARNING_READERS,
    ),
    "learning/themes/": ("/learning/themes/", LEARNING_READERS),
    "learning/themes/<slug:slug>/": (
        lambda found: f"/learning/themes/{found['changes_theme']}/",
        LEARNING_READERS,
    ),
}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
    from reviews.models import Theme

    theme, _ = Theme.objects.get_or_create(slug="matrix-changes", defaults={"name": "Matrix theme"})
    review.themes.add(theme)
    found["changes_theme"] = theme.slug


# The S-CRT export and the review's health details (issue 20): CRAG's; everyone else refused.
CRAG_ROLES = (roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR, roles.CRAG_MEMBER)
SCRT = {"anonymous": 302} | {role: 200 if role in CRAG_ROLES else 403 for role in roles.ALL_ROLES}
MATRIX |= {
    "reviews/scrt/": ("/reviews/scrt/", SCRT),
    "reviews/scrt.csv": ("/reviews/scrt.csv", SCRT),
    "reviews/<int:pk>/health/": (lambda found: f"/reviews/{found['reviews.review']}/health/", SCRT),
}
