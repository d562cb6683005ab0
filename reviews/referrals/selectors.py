"""Reads of referrals that depend on who asks: CRAG sees every referral, anyone else of an agency
their own agency's (to follow the outcome); a referral out of scope is 404."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from crag import permissions
from crag.models import User
from reviews.models import Child, Incident, Referral

REFERRAL_SORTS = {
    "referred": ("referred_on", "id"),
    "-referred": ("-referred_on", "-id"),
    "reference": ("reference",),
    "-reference": ("-reference",),
    "agency": ("referring_agency__name", "-referred_on", "-id"),
}
AWAITING, SCREENED = "awaiting", "screened"


def referral_list(*, user: User, filters: dict[str, Any]) -> QuerySet[Referral]:
    """The referrals the user may see, filtered by status (awaiting or screened), decision and
    referring agency, in the order the filters ask (newest first by default)."""
    referrals = (
        Referral.objects.restrict(user, "view")
        .select_related("referring_agency", "referred_by", "screened_by", "meeting")
        .prefetch_related(Prefetch("children", queryset=Child.objects.only("id", "pseudonym")))
    )
    if filters.get("status") == AWAITING:
        referrals = referrals.filter(decision="")
    elif filters.get("status") == SCREENED:
        referrals = referrals.exclude(decision="")
    if filters.get("decision"):
        referrals = referrals.filter(decision=filters["decision"])
    if filters.get("agency"):
        referrals = referrals.filter(referring_agency=filters["agency"])
    sort = REFERRAL_SORTS.get(filters.get("sort") or "-referred", REFERRAL_SORTS["-referred"])
    return referrals.order_by(*sort)


def referral_get(*, user: User, pk: int) -> Referral:
    """One referral, or 404 when it does not exist or another agency made it."""
    referral = referral_list(user=user, filters={}).select_related("incident").filter(pk=pk).first()
    if referral is None:
        raise Http404
    return referral


def referrals_awaiting(*, user: User) -> QuerySet[Referral]:
    """For the agenda and the dashboard: the referrals not yet screened, oldest first (the
    order their clocks fall due)."""
    return referral_list(user=user, filters={"status": AWAITING, "sort": "referred"})


def incident_visible(*, user: User, referral: Referral) -> bool:
    """Whether the user may open the incident the referral became (CRAG may; a referrer may not)."""
    if referral.incident_id is None or not permissions.has_any_role(user):
        return False
    return Incident.objects.restrict(user, "view").filter(pk=referral.incident_id).exists()
