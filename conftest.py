"""Fixtures shared by every app's tests."""

import os
import time
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client

from crag import roles
from crag.models import User
from crag.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rate-limit counters and used codes live in the (Redis) cache: no test inherits another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Real hashing costs about 0.3 s a password on purpose; tests check rules, not the cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    """Each test's review documents go to its own directory, removed with it."""
    settings.CRAG_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    """Make a user holding the given roles; Partnership admins get admin-site access."""

    def make(*role_names: str, **kwargs: object) -> User:
        kwargs.setdefault("is_staff", roles.PARTNERSHIP_ADMIN in role_names)
        return cast(User, UserFactory(roles=role_names, **kwargs))

    return make


def code_for_secret(secret: str) -> str:
    """The code an authenticator app shows now for this secret.

    The current 30-second step's: the server accepts it for the rest of this step and the whole
    next one (MFA_TOTP_TOLERANCE), at least 30 seconds, however late in the step it is read.
    """
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return str(format_hotp_value(hotp_value(secret, counter)))


def totp_code(user: User) -> str:
    """The current code of the user's authenticator app."""
    secret = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).wrap().instance.data["secret"]
    return code_for_secret(secret)


def give_totp(user: User) -> None:
    """Set up an authenticator app for the user, as the MFA set-up page would."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())


@pytest.fixture
def sign_in() -> Callable[[Client, User], Client]:
    """Sign the user in as if through password and second factor (MFA is required)."""

    def sign_in(client: Client, user: User) -> Client:
        give_totp(user)
        client.force_login(user)
        session = client.session
        session["account_authentication_methods"] = [{"method": "mfa", "at": time.time(), "type": "totp"}]
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()
        return client

    return sign_in


def queries_for(client: Client, url: str) -> int:
    """How many SQL queries a GET of the page makes (the page must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def themes(db: None) -> None:
    """The seeded theme taxonomy, made again after a transactional test has flushed it."""
    import importlib

    from reviews.models import Theme

    seeded = importlib.import_module("reviews.migrations.0002_themes")
    for slug, name in seeded.THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})


@pytest.fixture(params=roles.ALL_ROLES)
def any_role(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# --- The test database: made by the role that owns it, used through the application's role ------


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django has created and migrated the test database as DATABASE_URL's role, which owns
    the tables. As production does (docs/database-roles.md), the owner grants the application's
    role (DATABASE_APP_URL, from scripts/with_services.sh) its rights and the suite runs as that
    role; flushes between transactional tests go through the owner, the one role that may empty
    the audit tables. Without DATABASE_APP_URL the suite runs as the owner."""
    import environ
    from django.core.management import call_command
    from django.db import connections

    from crag import database_roles

    db = connections["default"].settings_dict
    owner = {"USER": db["USER"], "PASSWORD": db["PASSWORD"]}
    app_url = os.environ.get("DATABASE_APP_URL")
    app = owner
    if app_url:
        config = environ.Env.db_url_config(app_url)
        app = {"USER": config["USER"], "PASSWORD": config["PASSWORD"]}
        with django_db_blocker.unblock():
            call_command("grant_app_role", app["USER"], verbosity=0)
    connections.close_all()
    db.update(app)
    db.setdefault("TEST", {})[database_roles.TEST_FLUSH_ROLE] = owner
    yield
    connections.close_all()
    db.update(owner)  # the owner drops the test database
    db["TEST"].pop(database_roles.TEST_FLUSH_ROLE)
