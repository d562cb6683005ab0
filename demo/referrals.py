"""Fictional referrals for `manage.py seed_demo`: the health trust's, screened as notifiable the
same day into an incident; the council's, routed to a local learning review with its reason; and
the schools', still awaiting screening with its clock open. Safe to run twice."""

from datetime import date, timedelta

from django.db import transaction

from crag.models import Agency, User
from reviews.clocks import calendar_overrides, subtract_working_days
from reviews.models import Child, Referral
from reviews.referrals import services as referrals
from reviews.referrals.services import ChildDetails

SCHOOLS = "Wessex Schools and Education"


def _working_days_ago(today: date, days: int) -> date:
    return subtract_working_days(today, days, calendar_overrides())


def _from_the_schools(today: date) -> Referral:
    """The schools have no demo user: their referral is recorded as one phoned in (no referrer),
    named by CRAG's rule like any other."""
    prefix = f"REF-{today.year}-"
    reference = f"{prefix}{Referral.objects.filter(reference__startswith=prefix).count() + 1:03d}"
    referral = Referral(
        reference=reference,
        referring_agency=Agency.objects.get(name=SCHOOLS),
        referred_on=today,
        kind="serious_harm",
        what_happened="Fictional: a pupil disclosed injuries at home; the school made a referral to "
        "children's services the same morning.",
        agency_aware_on=today,
        abuse_or_neglect_suspected="not_sure",
    )
    referral.full_clean(exclude=["children"])
    child = Child(pseudonym=f"Child of {reference}", legal_name="Demo Child India")
    child.full_clean()
    child.save()
    referral.save()
    referral.children.set([child])
    return referral


@transaction.atomic
def seed(*, today: date, chair: User) -> int:
    """Create the three demo referrals once (skipped when any referral exists); returns how many."""
    if Referral.objects.exists():
        return 0
    health = User.objects.get(email="lead.health@crag.example")
    council = User.objects.get(email="lead.council@crag.example")
    notifiable = referrals.referral_create(
        actor=health,
        children=[ChildDetails(name="Demo Child Golf", date_of_birth=today - timedelta(days=200))],
        kind="serious_harm",
        what_happened="Fictional: a baby brought to the emergency department with a fractured femur "
        "and no account of how it happened.",
        agency_aware_on=today,
        council_aware_on=_working_days_ago(today, 1),
        abuse_or_neglect_suspected="yes",
        incident_date=_working_days_ago(today, 2),
    )
    referrals.referral_screen(actor=chair, referral=notifiable, decision="notify", reason="")
    routed = referrals.referral_create(
        actor=council,
        children=[ChildDetails(name="Demo Child Hotel", date_of_birth=today - timedelta(days=365 * 9))],
        kind="serious_harm",
        what_happened="Fictional: a child seriously injured in a road accident while unsupervised.",
        agency_aware_on=_working_days_ago(today, 3),
        council_aware_on=_working_days_ago(today, 3),
        abuse_or_neglect_suspected="not_sure",
    )
    referrals.referral_screen(
        actor=chair,
        referral=routed,
        decision="local_learning",
        reason="Fictional: no abuse or neglect suspected, so not notifiable; but the supervision "
        "arrangements across agencies hold learning for a local review.",
    )
    _from_the_schools(today)
    return 3
