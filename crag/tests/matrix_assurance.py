"""Access-matrix rows for the assurance pages of issue 20 (merged into test_access_matrix.MATRIX).

Every role that reads the learning reads the assurance activity; only CRAG plans it and records
what it found.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from crag import roles

Builder = Callable[[dict[str, object]], str]

ANON = "anonymous"
CRAG_ROLES = (roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR, roles.CRAG_MEMBER)
READERS = {ANON: 302} | dict.fromkeys(roles.ALL_ROLES, 200)
EDITORS = {ANON: 302} | {role: 200 if role in CRAG_ROLES else 403 for role in roles.ALL_ROLES}


def _activity_url(suffix: str = "") -> Builder:
    return lambda found: f"/learning/assurance/{found['assurance']}/{suffix}"


MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {
    "learning/assurance/": ("/learning/assurance/", READERS),
    "learning/assurance.csv": ("/learning/assurance.csv", READERS),
    "learning/assurance/new/": ("/learning/assurance/new/", EDITORS),
    "learning/assurance/<int:pk>/": (_activity_url(), READERS),
    "learning/assurance/<int:pk>/edit/": (_activity_url("edit/"), EDITORS),
    "learning/assurance/<int:pk>/findings/": (_activity_url("findings/"), EDITORS),
}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
    from reviews.impact import assurance

    activity = assurance.assurance_plan(
        actor=chair,
        kind="multi_agency_audit",
        title="Matrix audit six months on",
        planned_on=date(2026, 9, 1),
        recommendations=list(review.recommendations.all()),
        themes=list(review.themes.all()),
    )
    found["assurance"] = activity.pk
