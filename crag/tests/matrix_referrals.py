"""Access-matrix rows for the referrals pages of issue 19 (merged into test_access_matrix.MATRIX).

Anyone signed in with an agency may refer and list their agency's referrals; the referral here is
the agency action lead's agency's, so the lead opens it and the other non-CRAG roles get 404.
Screening and the spreadsheet are CRAG's.
"""

from collections.abc import Callable
from typing import Any

from crag import roles
from crag.models import User
from reviews.tests.factories_meetings import ReferralFactory

Builder = Callable[[dict[str, object]], str]

ANON = "anonymous"
CRAG_ROLES = (roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR, roles.CRAG_MEMBER)
EVERY_ROLE = {ANON: 302} | dict.fromkeys(roles.ALL_ROLES, 200)
CRAG_ONLY = {ANON: 302} | {role: 200 if role in CRAG_ROLES else 403 for role in roles.ALL_ROLES}
# The referring agency's lead sees the referral; other agencies' users do not know it exists.
REFERRER_AND_CRAG = {ANON: 302} | {
    role: 200 if role in (*CRAG_ROLES, roles.AGENCY_ACTION_LEAD) else 404 for role in roles.ALL_ROLES
}
SCREENERS = REFERRER_AND_CRAG | {roles.AGENCY_ACTION_LEAD: 403}


def _url(suffix: str = "") -> Builder:
    return lambda found: f"/referrals/{found['referral']}/{suffix}"


MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {
    "referrals/": ("/referrals/", EVERY_ROLE),
    "referrals.csv": ("/referrals.csv", CRAG_ONLY),
    "referrals/new/": ("/referrals/new/", EVERY_ROLE),
    "referrals/<int:pk>/": (_url(), REFERRER_AND_CRAG),
    "referrals/<int:pk>/screen/": (_url("screen/"), SCREENERS),
}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
    lead = User.objects.filter(groups__name=roles.AGENCY_ACTION_LEAD).get()
    referral = ReferralFactory(referring_agency=lead.agency, referred_by=lead)
    found["referral"] = referral.pk
