"""Access-matrix rows for the chronology pages of issue 18 (merged into test_access_matrix.MATRIX).

An agency's chronology: CRAG and that agency's action leads (the matrix's lead is in it); anyone
else 404. The merged chronology: CRAG; of a review also its own Independent reviewer (the matrix's
is not assigned to the review: 404) while the Business Group, which sees the review, is refused (403).
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from crag import roles
from crag.models import User
from reviews.choices import ContributionKind
from reviews.models import ChronologyEntry, ContributionRequest

Builder = Callable[[dict[str, object]], str]

ANON = "anonymous"
CRAG_ROLES = (roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR, roles.CRAG_MEMBER)
LEAD = roles.AGENCY_ACTION_LEAD


def _crag(ok: int = 200, refused: int = 404) -> dict[str, int]:
    return {ANON: 302} | {role: ok if role in CRAG_ROLES else refused for role in roles.ALL_ROLES}


OWN_AGENCY = _crag() | {LEAD: 200}
POST_ONLY = {ANON: 302} | dict.fromkeys(roles.ALL_ROLES, 405)
RAPID_REVIEW = _crag()
REVIEW = _crag() | {roles.BUSINESS_GROUP: 403}


def _own(suffix: str = "") -> Builder:
    return lambda found: f"/contributions/{found['chronology_request']}/chronology/{suffix}"


def _entry(suffix: str) -> Builder:
    return lambda f: f"/contributions/{f['chronology_request']}/chronology/{f['chronology_entry']}/{suffix}"


def _rapid_review(suffix: str = "") -> Builder:
    return lambda found: f"/incidents/{found['reviews.incident']}/rapid-review/chronology/{suffix}"


def _review(suffix: str = "") -> Builder:
    return lambda found: f"/reviews/{found['reviews.review']}/chronology/{suffix}"


MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {
    "contributions/<int:pk>/chronology/": (_own(), OWN_AGENCY),
    "contributions/<int:pk>/chronology/add/": (_own("add/"), OWN_AGENCY),
    "contributions/<int:pk>/chronology/<int:entry>/edit/": (_entry("edit/"), OWN_AGENCY),
    "contributions/<int:pk>/chronology/<int:entry>/delete/": (_entry("delete/"), OWN_AGENCY),
    "contributions/<int:pk>/chronology/<int:entry>/key-episode/": (_entry("key-episode/"), POST_ONLY),
    "contributions/<int:pk>/chronology/template.xlsx": (_own("template.xlsx"), OWN_AGENCY),
    "contributions/<int:pk>/chronology/upload/": (_own("upload/"), OWN_AGENCY),
    "incidents/<int:pk>/rapid-review/chronology/": (_rapid_review(), RAPID_REVIEW),
    "incidents/<int:pk>/rapid-review/chronology/export.<str:fmt>": (
        _rapid_review("export.docx"),
        RAPID_REVIEW,
    ),
    "reviews/<int:pk>/chronology/": (_review(), REVIEW),
    "reviews/<int:pk>/chronology/export.<str:fmt>": (_review("export.csv"), REVIEW),
}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
    agency = User.objects.filter(groups__name=LEAD).get().agency
    assert agency is not None, "the matrix's action lead belongs to an agency"
    request = ContributionRequest.objects.create(
        rapid_review=rapid_review,
        agency=agency,
        kind=ContributionKind.CHRONOLOGY,
        requested_on=date(2026, 1, 12),
        due_on=date(2026, 1, 19),
        requested_by=chair,
    )
    entry = ChronologyEntry.objects.create(
        request=request,
        occurred_on=date(2025, 12, 1),
        source="Matrix GP record",
        what_happened="Seen by the GP",
        created_by=chair,
    )
    found["chronology_request"] = request.pk
    found["chronology_entry"] = entry.pk
