from crag import roles, selectors
from crag.tests.factories import AgencyFactory


def test_user_list_shows_staff_of_own_agency_only_to_ordinary_roles(make_user):
    police, council = AgencyFactory(name="Police"), AgencyFactory(name="Council")
    lead = make_user(roles.AGENCY_ACTION_LEAD, agency=police)
    colleague = make_user(roles.CRAG_MEMBER, agency=police)
    outsider = make_user(roles.CRAG_MEMBER, agency=council)

    visible = set(selectors.user_list(user=lead))

    assert visible == {lead, colleague}
    assert outsider not in visible


def test_user_list_shows_everyone_to_partnership_admin_and_chair(make_user):
    people = [make_user(roles.CRAG_MEMBER) for _ in range(3)]
    for role in (roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR):
        viewer = make_user(role)
        assert set(people) <= set(selectors.user_list(user=viewer))


def test_user_list_query_count_stays_flat(make_user, django_assert_max_num_queries):
    admin = make_user(roles.PARTNERSHIP_ADMIN)
    for _ in range(30):
        make_user(roles.CRAG_MEMBER)
    with django_assert_max_num_queries(4):
        rows = [(str(u.agency), [g.name for g in u.groups.all()]) for u in selectors.user_list(user=admin)]
    assert len(rows) == 31
