"""Fictional demo data for `manage.py seed_demo`: agencies of a partnership and one user per role."""

from dataclasses import dataclass

from crag import permissions, roles, services
from crag.models import Agency, AgencyKind, PartnerRole, User
from reviews.incidents import partners
from reviews.models import RapidReview

# A fictional county; every partner a real partnership has (DESIGN.md section 1).
AGENCIES: tuple[tuple[str, str, str], ...] = (
    ("Wessex Police", "Police", AgencyKind.POLICE),
    ("Wessex County Council Children's Services", "Children's Services", AgencyKind.LOCAL_AUTHORITY),
    ("Wessex County Council Legal Services", "Legal", AgencyKind.LEGAL),
    ("Wessex University Hospitals NHS Foundation Trust", "WUH NHS FT", AgencyKind.HEALTH),
    ("Wessex Health NHS Foundation Trust", "Wessex Health", AgencyKind.HEALTH),
    ("Wessex Integrated Care Board", "ICB", AgencyKind.HEALTH),
    ("Wessex Public Health", "Public Health", AgencyKind.PUBLIC_HEALTH),
    ("Wessex Schools and Education", "Education", AgencyKind.EDUCATION),
    ("Probation Service, Wessex", "Probation", AgencyKind.PROBATION),
    ("Independent reviewers", "Independent", AgencyKind.OTHER),
)
# The three statutory safeguarding partners, and a relevant agency the partners designated.
PARTNER_ROLES = {
    "Wessex County Council Children's Services": PartnerRole.LOCAL_AUTHORITY,
    "Wessex Police": PartnerRole.POLICE,
    "Wessex Integrated Care Board": PartnerRole.ICB,
}
DESIGNATED = ("Wessex Schools and Education",)


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    agency: str
    role: str


# One user per role. Each statutory partner has a CRAG user to agree Rapid Review decisions: the
# chair for the local authority, the member for the police, the Partnership admin for the ICB.
USERS: tuple[DemoUser, ...] = (
    DemoUser("admin@crag.example", "Alex Admin", "Wessex Integrated Care Board", roles.PARTNERSHIP_ADMIN),
    DemoUser(
        "chair@crag.example", "Chris Chair", "Wessex County Council Children's Services", roles.CRAG_CHAIR
    ),
    DemoUser("member@crag.example", "Morgan Member", "Wessex Police", roles.CRAG_MEMBER),
    DemoUser("reviewer@crag.example", "Riley Reviewer", "Independent reviewers", roles.INDEPENDENT_REVIEWER),
    DemoUser(
        "business@crag.example", "Bailey Business", "Wessex Integrated Care Board", roles.BUSINESS_GROUP
    ),
    DemoUser("lead@crag.example", "Lee Lead", "Wessex Police", roles.AGENCY_ACTION_LEAD),
    # Two more agencies' leads, who answer CRAG's requests for returns (demo.contributions).
    DemoUser(
        "lead.council@crag.example",
        "Casey Council",
        "Wessex County Council Children's Services",
        roles.AGENCY_ACTION_LEAD,
    ),
    DemoUser(
        "lead.health@crag.example",
        "Harper Health",
        "Wessex Health NHS Foundation Trust",
        roles.AGENCY_ACTION_LEAD,
    ),
    DemoUser("board@crag.example", "Blake Board", "Wessex Public Health", roles.BOARD_MEMBER),
)


@dataclass
class SeedResult:
    agencies_created: int = 0
    users_created: int = 0
    passwords_set: int = 0


def seed(*, password: str, reset_passwords: bool = False) -> SeedResult:
    """Create what is missing; existing rows are left as they are (safe to run twice)."""
    result = SeedResult()
    agencies: dict[str, Agency] = {}
    for name, short_name, kind in AGENCIES:
        agency, created = services.agency_ensure(name=name, short_name=short_name, kind=kind)
        agencies[name] = agency
        result.agencies_created += created
    _mark_partners(agencies)
    for demo in USERS:
        user = User.objects.filter(email__iexact=demo.email).first()
        if user is None:
            services.user_create(
                email=demo.email,
                full_name=demo.full_name,
                agency=agencies[demo.agency],
                roles=[demo.role],
                password=password,
                is_staff=demo.role == roles.PARTNERSHIP_ADMIN,
            )
            result.users_created += 1
            result.passwords_set += 1
        elif reset_passwords:
            services.user_set_password(user=user, password=password)
            result.passwords_set += 1
    return result


def _mark_partners(agencies: dict[str, Agency]) -> None:
    """Give the partners their statutory role and the designated agency its flag, where no agency
    holds that role yet (a Partnership admin's own marking is left as it is)."""
    for name, role in PARTNER_ROLES.items():
        if not Agency.objects.filter(partner_role=role).exists():
            Agency.objects.filter(pk=agencies[name].pk, partner_role="").update(partner_role=role)
    Agency.objects.filter(name__in=DESIGNATED).update(designated=True)


def agree_as_partners(rapid_review: RapidReview) -> None:
    """Each partner still to agree the decision agrees it, through its first CRAG representative."""
    for role in partners.partners_outstanding(rapid_review):
        for user in User.objects.filter(agency__partner_role=role, is_active=True).order_by("pk"):
            if permissions.can_agree_for_partner(user):
                partners.partner_agree(actor=user, rapid_review=rapid_review)
                break
