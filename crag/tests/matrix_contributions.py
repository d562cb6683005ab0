"""Access-matrix rows for the contributions pages of issue 18 (merged into test_access_matrix.MATRIX).

The matrix's requests are addressed to the agency of the matrix's agency action lead, so the lead
sees them and may write and submit, but not ask, accept, return or move a due date (403); every
other role but CRAG is answered 404, as if the request did not exist.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from crag import roles
from crag.models import User

Builder = Callable[[dict[str, object]], str]
ANON = "anonymous"
LEAD = roles.AGENCY_ACTION_LEAD
CRAG_ROLES = (roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR, roles.CRAG_MEMBER)


def _table(crag: int, lead: int, others: int) -> dict[str, int]:
    return {ANON: 302} | {
        role: crag if role in CRAG_ROLES else lead if role == LEAD else others for role in roles.ALL_ROLES
    }


LIST = _table(200, 200, 403)  # a list: no object to hide
READ_WRITE = _table(200, 200, 404)  # the lead's own agency's request
DECIDE = _table(200, 403, 404)  # CRAG's decisions on it
# Asking is on the case's page: only CRAG sees a Rapid Review; the Business Group sees reviews.
ASK_RAPID_REVIEW = _table(200, 404, 404)
ASK_REVIEW = _table(200, 404, 404) | {roles.BUSINESS_GROUP: 403}


def _request_url(suffix: str = "") -> Builder:
    return lambda found: f"/contributions/{found['contribution']}/{suffix}"


MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {
    "incidents/<int:pk>/rapid-review/contributions/request/": (
        lambda found: f"/incidents/{found['contribution_incident']}/rapid-review/contributions/request/",
        ASK_RAPID_REVIEW,
    ),
    "reviews/<int:pk>/contributions/request/": (
        lambda found: f"/reviews/{found['contribution_review']}/contributions/request/",
        ASK_REVIEW,
    ),
    "contributions/": ("/contributions/", LIST),
    "contributions.csv": ("/contributions.csv", LIST),
    "contributions/<int:pk>/": (_request_url(), READ_WRITE),
    "contributions/<int:pk>/edit/": (_request_url("edit/"), READ_WRITE),
    "contributions/<int:pk>/submit/": (_request_url("submit/"), READ_WRITE),  # GET asks to confirm
    "contributions/<int:pk>/accept/": (_request_url("accept/"), DECIDE),  # GET asks to confirm
    "contributions/<int:pk>/return/": (_request_url("return/"), DECIDE),
    "contributions/<int:pk>/due/": (_request_url("due/"), DECIDE),
    "contributions/<int:pk>/documents/upload/": (_request_url("documents/upload/"), READ_WRITE),
    "contributions/<int:pk>/documents/<int:doc>/": (
        lambda found: f"/contributions/{found['contribution']}/documents/{found['contribution_document']}/",
        READ_WRITE,
    ),
}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
    from reviews.contributions import requests as contributions

    agency = User.objects.filter(groups__name=roles.AGENCY_ACTION_LEAD).get().agency
    assert agency is not None
    (request,) = contributions.contributions_request(
        actor=chair,
        agencies=[agency],
        kind="agency_summary",
        due_on=date(2026, 3, 9),
        requested_on=date(2026, 3, 2),
        rapid_review=rapid_review,
    )
    document = contributions.contribution_document_upload(
        actor=chair,
        request=request,
        upload=SimpleUploadedFile("matrix-return.txt", b"The agency's return.", content_type="text/plain"),
    )
    found["contribution"] = request.pk
    found["contribution_document"] = document.pk
    found["contribution_incident"] = rapid_review.incident_id
    found["contribution_review"] = review.pk
