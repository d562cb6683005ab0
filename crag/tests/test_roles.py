import pytest
from django.contrib.auth.models import Group

from crag import permissions, roles


@pytest.mark.django_db
def test_the_seven_roles_exist_as_groups_after_migrating():
    names = set(Group.objects.values_list("name", flat=True))
    assert names >= {
        "Partnership admin",
        "CRAG chair",
        "CRAG member",
        "Independent reviewer",
        "Business group",
        "Agency action lead",
        "Board member",
    }
    assert set(roles.ALL_ROLES) <= names


@pytest.mark.parametrize(
    ("role", "sees_identity", "signs_off"),
    [
        (roles.PARTNERSHIP_ADMIN, True, False),
        (roles.CRAG_CHAIR, True, True),
        (roles.CRAG_MEMBER, True, False),
        (roles.INDEPENDENT_REVIEWER, False, False),
        (roles.BUSINESS_GROUP, False, False),
        (roles.AGENCY_ACTION_LEAD, False, False),
        (roles.BOARD_MEMBER, False, False),
    ],
)
def test_only_crag_roles_see_a_childs_identity_and_only_the_chair_signs_off(
    make_user, role, sees_identity, signs_off
):
    user = make_user(role)
    assert permissions.can_view_child_identity(user) is sees_identity
    assert user.has_perm("crag.view_child_identity") is sees_identity
    assert permissions.can_sign_off(user) is signs_off


def test_a_user_without_a_role_has_no_powers(make_user):
    user = make_user()
    assert not permissions.has_any_role(user)
    assert not permissions.can_view_child_identity(user)
    assert not permissions.can_use_admin_site(user)


def test_admin_site_needs_the_partnership_admin_role_and_staff_flag(make_user):
    assert permissions.can_use_admin_site(make_user(roles.PARTNERSHIP_ADMIN))
    assert not permissions.can_use_admin_site(make_user(roles.PARTNERSHIP_ADMIN, is_staff=False))
    assert not permissions.can_use_admin_site(make_user(roles.CRAG_CHAIR, is_staff=True))


def test_an_unknown_rapid_review_start_is_a_system_check_error(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.RAPID_REVIEW_STARTS_FROM = "incident"
    with pytest.raises(SystemCheckError, match=r"crag\.E002"):
        call_command("check")
