"""Fixtures shared by every app's tests."""

from collections.abc import Callable
from typing import cast

import pytest

from crag import roles
from crag.models import User
from crag.tests.factories import UserFactory


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    """Make a user holding the given roles; Partnership admins get admin-site access."""

    def make(*role_names: str, **kwargs: object) -> User:
        kwargs.setdefault("is_staff", roles.PARTNERSHIP_ADMIN in role_names)
        return cast(User, UserFactory(roles=role_names, **kwargs))

    return make


@pytest.fixture(params=roles.ALL_ROLES)
def any_role(request: pytest.FixtureRequest) -> str:
    return str(request.param)
