"""Access-matrix rows for the learning pages (merged into test_access_matrix.MATRIX).

Every role reads the learning; only CRAG (the Partnership admin, the chair and members) records it.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from crag import roles
from crag.models import Agency
from reviews.learning import services as learning

Builder = Callable[[dict[str, object]], str]

ANON = "anonymous"
CRAG_ROLES = (roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR, roles.CRAG_MEMBER)
READERS = {ANON: 302} | dict.fromkeys(roles.ALL_ROLES, 200)
EDITORS = {ANON: 302} | {role: 200 if role in CRAG_ROLES else 403 for role in roles.ALL_ROLES}


def _event_url(suffix: str = "") -> Builder:
    return lambda found: f"/learning/events/{found['learning_event']}/{suffix}"


MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {
    "learning/": ("/learning/", READERS),
    "learning/events/": ("/learning/events/", READERS),
    "learning/events/new/": ("/learning/events/new/", EDITORS),
    "learning/events/<int:pk>/": (_event_url(), READERS),
    "learning/events/<int:pk>/edit/": (_event_url("edit/"), EDITORS),
    "learning/resources/": ("/learning/resources/", READERS),
    "learning/resources/new/": ("/learning/resources/new/", EDITORS),
    "learning/resources/<int:pk>/recommendations/": (
        lambda found: f"/learning/resources/{found['reviews.learningresource']}/recommendations/",
        EDITORS,
    ),
    "learning/commendations/": ("/learning/commendations/", READERS),
    "learning/commendations/new/": ("/learning/commendations/new/", EDITORS),
}


def add_objects(found: dict[str, object], chair: Any, review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
    agency = Agency.objects.order_by("pk").first() or Agency.objects.create(name="Matrix agency")
    event = learning.learning_event_create(
        actor=chair,
        kind="workshop",
        title="Matrix workshop",
        held_on=date(2026, 3, 2),
        reviews=[review],
        attendance={agency: 4},
    )
    resource = learning.learning_resource_create(
        actor=chair, kind="seven_minute_guide", title="Matrix guide", reviews=[review]
    )
    commendation = learning.commendation_create(
        actor=chair,
        who="Matrix health visiting team",
        agency=agency,
        what="Persistent curiosity",
        commended_on=date(2026, 2, 2),
        review=review,
    )
    found["learning_event"] = event.pk
    found["reviews.learningevent"] = event.pk
    found["reviews.learningresource"] = resource.pk
    found["reviews.commendation"] = commendation.pk
