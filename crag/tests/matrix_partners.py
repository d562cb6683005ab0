"""Access-matrix rows for the partners pages of issue 18 (merged into test_access_matrix.MATRIX).

The Rapid Review is CRAG's: everyone else gets 404 for its pages. Key practice episodes are CRAG
work. Agreeing the decision is for a CRAG user of a statutory partner's agency: here the chair's
agency is marked the police partner, so the chair may and the admin and member (of agencies
that are not partners) may not.
"""

from collections.abc import Callable
from typing import Any

from crag import roles
from crag.models import Agency, PartnerRole
from reviews.incidents import episodes, partners
from reviews.models import PartnerAgreement

Builder = Callable[[dict[str, object]], str]

ANON = "anonymous"
CRAG_ROLES = (roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR, roles.CRAG_MEMBER)
CRAG_WORK = {ANON: 302} | {role: 200 if role in CRAG_ROLES else 404 for role in roles.ALL_ROLES}
PARTNER_REPRESENTATIVE = CRAG_WORK | {roles.PARTNERSHIP_ADMIN: 403, roles.CRAG_MEMBER: 403}


def _url(suffix: str) -> Builder:
    return lambda found: f"/incidents/{found['reviews.incident']}/rapid-review/{suffix}".format(**found)


MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {
    "incidents/<int:pk>/rapid-review/episodes/add/": (_url("episodes/add/"), CRAG_WORK),
    "incidents/<int:pk>/rapid-review/episodes/<int:episode>/edit/": (
        _url("episodes/{key_episode}/edit/"),
        CRAG_WORK,
    ),
    "incidents/<int:pk>/rapid-review/episodes/<int:episode>/delete/": (
        _url("episodes/{key_episode}/delete/"),
        CRAG_WORK,
    ),
    "incidents/<int:pk>/rapid-review/agree/": (_url("agree/"), PARTNER_REPRESENTATIVE),
    "incidents/<int:pk>/rapid-review/agree/<int:agreement>/withdraw/": (
        _url("agree/{partner_agreement}/withdraw/"),
        PARTNER_REPRESENTATIVE,
    ),
}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
    Agency.objects.filter(pk=chair.agency_id).update(partner_role=PartnerRole.POLICE)
    chair.agency.refresh_from_db()
    episode = episodes.key_episode_add(
        actor=chair, rapid_review=rapid_review, title="Matrix episode", description="The referral was closed."
    )
    agreement = PartnerAgreement.objects.create(
        rapid_review=rapid_review,
        partner_role=PartnerRole.POLICE,
        agency=chair.agency,
        agreed_by=chair,
        decision_digest=partners.decision_digest(rapid_review),
    )
    found["key_episode"], found["partner_agreement"] = episode.pk, agreement.pk
