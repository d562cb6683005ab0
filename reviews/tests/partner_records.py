"""A test helper: record every required statutory partner's agreement to a Rapid Review's decision,
as the partners' representatives would in CRAG, so that the chair may sign it off."""

from django.conf import settings

from crag import roles
from crag.models import Agency, PartnerRole, User
from crag.tests.factories import AgencyFactory, UserFactory
from reviews.incidents import partners
from reviews.models import PartnerAgreement, RapidReview


def partner_agency(role: str) -> Agency:
    """The agency holding the partner role, made (and marked) if no agency holds it yet."""
    agency = Agency.objects.filter(partner_role=role).first()
    if agency is None:
        agency = AgencyFactory.create(name=f"{PartnerRole(role).label} partner", partner_role=role)
    return agency


def partner_representative(role: str) -> User:
    """A CRAG member of the partner's agency (made if there is none)."""
    agency = partner_agency(role)
    member = User.objects.filter(agency=agency, groups__name=roles.CRAG_MEMBER).first()
    return member or UserFactory.create(agency=agency, roles=[roles.CRAG_MEMBER])


def record_partner_agreements(
    rapid_review: RapidReview, *, only: list[str] | None = None
) -> list[PartnerAgreement]:
    """Every required partner (or those named in `only`) that has not agreed the decision as it
    now stands agrees it."""
    wanted = settings.CRAG_RAPID_REVIEW_AGREEING_PARTNERS if only is None else only
    outstanding = partners.partners_outstanding(rapid_review) if only is None else wanted
    return [
        partners.partner_agree(actor=partner_representative(role), rapid_review=rapid_review)
        for role in wanted
        if role in outstanding
    ]
