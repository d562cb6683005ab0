"""Access-matrix rows for the learning-into-practice pages of issue 20: resources sent, their use,
assurance (merged into test_access_matrix.MATRIX)."""

from collections.abc import Callable
from datetime import date
from typing import Any

from crag import roles
from crag.models import User

Builder = Callable[[dict[str, object]], str]

ANON = "anonymous"
CRAG_ROLES = (roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR, roles.CRAG_MEMBER)
# Every role reads the learning; only CRAG sends a resource.
READERS = {ANON: 302} | dict.fromkeys(roles.ALL_ROLES, 200)
SENDERS = {ANON: 302} | {role: 200 if role in CRAG_ROLES else 403 for role in roles.ALL_ROLES}
# A resource sent to the matrix lead's agency: CRAG, the Business Group and the Board see every
# agency's, the lead their own; the Independent reviewer none (404). Its use is recorded by the
# agency's lead or CRAG; the Business Group and the Board only read it.
SEEN = READERS | {roles.INDEPENDENT_REVIEWER: 404}
RECORDERS = SEEN | {roles.BUSINESS_GROUP: 403, roles.BOARD_MEMBER: 403}


def _url(template: str, key: str) -> Builder:
    return lambda found: template.format(found[key])


MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {
    "learning/resources/<int:pk>/": (_url("/learning/resources/{}/", "impact_resource"), READERS),
    "learning/resources/<int:pk>/send/": (_url("/learning/resources/{}/send/", "impact_resource"), SENDERS),
    "learning/sent/": ("/learning/sent/", READERS),
    "learning/sent.csv": ("/learning/sent.csv", READERS),
    "learning/sent/<int:pk>/": (_url("/learning/sent/{}/", "dissemination"), SEEN),
    "learning/sent/<int:pk>/use/": (_url("/learning/sent/{}/use/", "dissemination"), RECORDERS),
    "learning/uses/<int:pk>/edit/": (_url("/learning/uses/{}/edit/", "resource_use"), RECORDERS),
}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
    # One of each record the admin shows (the pages' own rows may add more through the services).
    from reviews.models import AssuranceActivity, Dissemination, LearningResource, ResourceUse

    lead = User.objects.filter(groups__name=roles.AGENCY_ACTION_LEAD).get()
    assert lead.agency is not None
    resource = LearningResource.objects.create(kind="briefing", title="Matrix briefing")
    sent = Dissemination.objects.create(
        resource=resource, agency=lead.agency, sent_on=date(2026, 3, 2), sent_by=chair
    )
    use = ResourceUse.objects.create(
        dissemination=sent,
        how="team_meeting",
        used_from=date(2026, 3, 9),
        evidence="Team minutes",
        recorded_by=lead,
    )
    AssuranceActivity.objects.create(
        kind="multi_agency_audit", title="Matrix audit", planned_on=date(2026, 9, 1), created_by=chair
    )
    found["dissemination"] = sent.pk
    found["impact_resource"] = resource.pk
    found["resource_use"] = use.pk
