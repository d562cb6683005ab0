"""Access-matrix rows for the register of external reviews of issue 20 (merged into
test_access_matrix.MATRIX).

Every role reads the register (can_view_external_reviews); only CRAG (the Partnership admin, the
chair and members) keeps it (can_edit_external_reviews)."""

from collections.abc import Callable
from datetime import date
from typing import Any

from crag import roles

Builder = Callable[[dict[str, object]], str]

ANON = "anonymous"
CRAG_ROLES = (roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR, roles.CRAG_MEMBER)
READERS = {ANON: 302} | dict.fromkeys(roles.ALL_ROLES, 200)
EDITORS = {ANON: 302} | {role: 200 if role in CRAG_ROLES else 403 for role in roles.ALL_ROLES}


def _review_url(suffix: str = "") -> Builder:
    return lambda found: f"/external-reviews/{found['external_review']}/{suffix}"


MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {
    "external-reviews/": ("/external-reviews/", READERS),
    "external-reviews.csv": ("/external-reviews.csv", READERS),
    "external-reviews/new/": ("/external-reviews/new/", EDITORS),
    "external-reviews/<int:pk>/": (_review_url(), READERS),
    "external-reviews/<int:pk>/edit/": (_review_url("edit/"), EDITORS),
    "external-reviews/<int:pk>/response/": (_review_url("response/"), EDITORS),
    "external-reviews/<int:pk>/recommendations/new/": (_review_url("recommendations/new/"), EDITORS),
    "external-reviews/recommendations/<int:pk>/actions/new/": (
        lambda found: f"/external-reviews/recommendations/{found['external_recommendation']}/actions/new/",
        EDITORS,
    ),
}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
    # One of each record the admin shows (the pages' own rows may add more through the services).
    from reviews.models import ExternalReview

    external = ExternalReview.objects.create(
        source="national_review", title="Matrix national review", published_on=date(2026, 1, 5)
    )
    found["external_review"] = external.pk
    from crag.models import User
    from reviews.actions import services as action_plans
    from reviews.external import services as register

    # An action of the agency action lead's own agency, so the action plan shows them an external one.
    agency = User.objects.filter(groups__name=roles.AGENCY_ACTION_LEAD).get().agency
    recommendation = register.external_recommendation_create(
        actor=chair, review=external, text="Matrix external recommendation", agencies=[agency]
    )
    action_plans.action_create(
        actor=chair,
        recommendation=recommendation,
        description="Matrix external action",
        owner_agency=agency,
        due_on=date(2026, 6, 30),
    )
    found["external_recommendation"] = recommendation.pk
