"""The load agencies and users: twelve fictional places with an agency of every kind in each, a few
users per role, and the benchmark's sign-ins. Made once and reused by later runs (they are not case
records)."""

from django.contrib.auth.models import Group

from crag import roles
from crag.models import Agency, AgencyKind, User

EMAIL_DOMAIN = "load.invalid"
BENCH_CHAIR_EMAIL = f"bench-chair@{EMAIL_DOMAIN}"
BENCH_ADMIN_EMAIL = f"bench-admin@{EMAIL_DOMAIN}"

# Twelve fictional places: one agency of every kind in each ("about 12 of every kind").
PLACES = (
    "Ashvale", "Brackmoor", "Cindlebury", "Dunhallow", "Eastmere", "Fallowfield",
    "Greywick", "Hollinford", "Ivybridge Vale", "Kestrel Down", "Larkmoor", "Marrowby",
)  # fmt: skip
AGENCY_SUFFIX = {
    AgencyKind.POLICE: "Police",
    AgencyKind.LOCAL_AUTHORITY: "Council Children's Services",
    AgencyKind.HEALTH: "NHS Trust",
    AgencyKind.EDUCATION: "Schools Partnership",
    AgencyKind.PUBLIC_HEALTH: "Public Health",
    AgencyKind.LEGAL: "Legal Services",
    AgencyKind.PROBATION: "Probation Service",
    AgencyKind.OTHER: "Voluntary Sector Forum",
}
MAIN_KINDS = (AgencyKind.POLICE, AgencyKind.LOCAL_AUTHORITY, AgencyKind.HEALTH, AgencyKind.EDUCATION)
USERS_PER_ROLE = {role: 4 for role in roles.ALL_ROLES} | {roles.AGENCY_ACTION_LEAD: 12}


def reference_data() -> tuple[list[Agency], dict[str, list[User]]]:
    """The load agencies and users, made once and reused by later runs (they are not case records)."""
    agencies = []
    for kind, suffix in AGENCY_SUFFIX.items():
        for place in PLACES:
            agency, _ = Agency.objects.get_or_create(
                name=f"{place} {suffix}", defaults={"kind": kind, "short_name": f"{place[:4]} {kind[:6]}"}
            )
            agencies.append(agency)
    users: dict[str, list[User]] = {}
    for role, count in USERS_PER_ROLE.items():
        group, _ = Group.objects.get_or_create(name=role)
        slug = role.lower().replace(" ", "-")
        users[role] = [
            _user(
                f"{slug}-{n:02d}@{EMAIL_DOMAIN}",
                f"Load {role} {n:02d}",
                agencies[(n * 7) % len(agencies)],
                group,
            )
            for n in range(1, count + 1)
        ]
    chair_group = Group.objects.get(name=roles.CRAG_CHAIR)
    admin_group = Group.objects.get(name=roles.PARTNERSHIP_ADMIN)
    _user(BENCH_CHAIR_EMAIL, "Benchmark CRAG chair", agencies[12], chair_group)
    _user(BENCH_ADMIN_EMAIL, "Benchmark Partnership admin", agencies[12], admin_group, is_staff=True)
    return agencies, users


def _user(email: str, full_name: str, agency: Agency, group: Group, *, is_staff: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=full_name, agency=agency, is_staff=is_staff)
        user.set_unusable_password()
        user.save()
    user.groups.add(group)
    return user
