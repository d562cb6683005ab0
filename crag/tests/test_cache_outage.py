"""With Redis (the cache) away, the web goes on: sign-in (its rate limits held in the database
meanwhile), saving a correction, and the pages that share computed results (issue 14, item 2).

Each test starts a Redis of its own (tests/redis_server.py), points the cache at it with the
backend and options the settings give, and stops it: a real server going away, not a mock.
"""

import copy
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import redis as redis_client
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from conftest import give_totp, totp_code
from crag import roles
from crag.tests.factories import TEST_PASSWORD
from reviews.incidents import services as domain
from reviews.models import AnnualReport, Incident
from tests.redis_server import OwnRedis

LOGIN = "/accounts/login/"
CODE = "/accounts/2fa/authenticate/"
PANEL = "Notify the Panel: "


@pytest.fixture
def own_redis(settings: Any) -> Iterator[OwnRedis]:
    """The cache as configured, on a Redis this test may stop; Django's cache handler is reset by
    the settings change (django.test.signals), so `cache` is the new one."""
    configured = settings.CACHES["default"]
    assert configured.get("LOCATION", "").startswith("redis://"), "run under scripts/with_services.sh"
    with OwnRedis() as redis:
        caches = copy.deepcopy(settings.CACHES)
        caches["default"]["LOCATION"] = redis.url("1")
        settings.CACHES = caches
        yield redis


def back_again(
    redis: OwnRedis, monkeypatch: pytest.MonkeyPatch, keep: dict[bytes, Any] | None = None
) -> None:
    """Redis answers again (with what it held, as append-only persistence would give it back), and
    the time during which a process leaves Redis alone after a failure has passed."""
    import crag.cache

    redis.start()
    if keep:
        client = redis_client.Redis.from_url(redis.url("1"))
        for key, (dumped, ttl) in keep.items():
            client.restore(key, max(ttl, 0), dumped)
    later = crag.cache.monotonic() + crag.cache.RETRY_AFTER_SECONDS + 1
    monkeypatch.setattr(crag.cache, "monotonic", lambda: later)


def held(redis: OwnRedis) -> dict[bytes, Any]:
    client = redis_client.Redis.from_url(redis.url("1"))
    return {key: (client.dump(key), client.pttl(key)) for key in client.scan_iter()}


@pytest.fixture
def member(make_user):
    user = make_user(roles.CRAG_CHAIR, email="m@crag.test")
    give_totp(user)
    return user


def record(actor, aware: date, pseudonym: str) -> Incident:
    child = domain.child_create(actor=actor, pseudonym=pseudonym, legal_name=f"Secret {pseudonym}")
    return domain.incident_create(
        actor=actor,
        kind="serious_harm",
        incident_date=aware,
        aware_date=aware,
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )


# --- signing in -------------------------------------------------------------------------------


def test_sign_in_with_password_and_code_works_with_redis_stopped(own_redis, member):
    own_redis.stop()
    client = Client()

    assert client.post(LOGIN, {"login": "m@crag.test", "password": TEST_PASSWORD})["Location"] == CODE
    response = client.post(CODE, {"code": totp_code(member)}, follow=True)

    assert response.status_code == 200
    assert response.resolver_match.url_name == "dashboard"
    assert response.wsgi_request.user == member


def test_a_used_code_is_refused_again_with_redis_stopped(own_redis, member):
    """allauth remembers a used code in the cache: the database keeps it meanwhile."""
    own_redis.stop()
    code = totp_code(member)
    first, second = Client(), Client()
    first.post(LOGIN, {"login": "m@crag.test", "password": TEST_PASSWORD})
    assert first.post(CODE, {"code": code})["Location"] == "/"

    second.post(LOGIN, {"login": "m@crag.test", "password": TEST_PASSWORD})
    response = second.post(CODE, {"code": code})

    assert response.status_code == 200
    assert not second.get("/").wsgi_request.user.is_authenticated


def test_failed_sign_ins_are_still_limited_with_redis_stopped(own_redis, make_user, client):
    """Password spraying from one address meets allauth's limit even while Redis is away: the
    counts are kept in the database, not forgotten."""
    own_redis.stop()
    for n in range(20):
        client.post(LOGIN, {"login": f"person{n}@crag.test", "password": "wrong-password-guess"})
    make_user(roles.CRAG_MEMBER, email="m@crag.test")

    response = client.post(LOGIN, {"login": "m@crag.test", "password": TEST_PASSWORD})

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()


def test_the_lockout_notice_is_still_sent_once_with_redis_stopped(own_redis, member):
    """The once-an-hour mark (crag.security) is kept in the database meanwhile: an attacker
    hammering during an outage does not flood the holder's inbox."""
    from django.core import mail

    own_redis.stop()
    for address in ("203.0.113.9", "203.0.113.10"):
        for _ in range(12):
            Client(REMOTE_ADDR=address).post(LOGIN, {"login": "m@crag.test", "password": "wrong-guess"})

    assert len(mail.outbox) == 1


# --- saving -----------------------------------------------------------------------------------


def test_correcting_an_incident_saves_with_redis_stopped(own_redis, member, sign_in, client):
    sign_in(client, member)
    incident = record(member, timezone.localdate(), "Child W")
    child = incident.children.get()
    earlier = date(2025, 1, 6)
    data: dict[str, Any] = {"kind": "death", "location": "in_area", "abuse_or_neglect_suspected": "True"}
    data |= {"children": [child.pk], "version": getattr(incident, "version", "")}
    for name in ("incident_date", "aware_date"):
        data |= {f"{name}_0": earlier.day, f"{name}_1": earlier.month, f"{name}_2": earlier.year}
    own_redis.stop()

    response = client.post(f"/incidents/{incident.pk}/edit/", data)

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.aware_date == earlier
    assert incident.kind == "death"


# --- pages that share computed results --------------------------------------------------------


def test_the_deadlines_page_works_with_redis_stopped_and_stays_right_when_it_returns(
    own_redis, member, sign_in, client, monkeypatch
):
    sign_in(client, member)
    incident = record(member, timezone.localdate(), "Child N")
    assert PANEL in client.get("/deadlines/?clock=panel_notification").content.decode()
    before = held(own_redis)  # what Redis holds now, the computed deadlines among it
    own_redis.stop()

    domain.incident_record_notifications(
        actor=member, incident=incident, dates={"panel_notified_on": timezone.localdate()}
    )
    during = client.get("/deadlines/?clock=panel_notification")
    assert during.status_code == 200
    assert PANEL not in during.content.decode()

    back_again(own_redis, monkeypatch, keep=before)
    after = client.get("/deadlines/?clock=panel_notification")

    assert after.status_code == 200
    assert PANEL not in after.content.decode(), "Redis's copy from before the outage came back"
    assert cache.get("deadlines:version") is not None  # and the cache is Redis's again


def test_the_calendar_feed_works_with_redis_stopped(own_redis, member, sign_in, client):
    from notifications.models import CalendarFeed

    sign_in(client, member)
    record(member, timezone.localdate(), "Child F")
    feed = CalendarFeed.objects.create(user=member, token="a-secret-token-of-the-test")
    own_redis.stop()

    response = Client().get(f"/calendar/{feed.token}.ics")

    assert response.status_code == 200
    assert "Notify the Panel" in response.content.decode()


@pytest.fixture
def report(db) -> AnnualReport:
    return AnnualReport.objects.create(year=2019, lead_officer="Lara Patel", introduction="The year.")


def test_the_annual_report_and_its_html_twin_work_with_redis_stopped_and_after(
    own_redis, member, sign_in, client, report, monkeypatch
):
    sign_in(client, member)
    own_redis.stop()

    for page in ("/annual-reports/2019/", "/annual-reports/2019/report/"):
        response = client.get(page)
        assert response.status_code == 200, page
    assert "Lara Patel" in response.content.decode()

    back_again(own_redis, monkeypatch)
    assert client.get("/annual-reports/2019/report/").status_code == 200
    assert any(b"annual-report:2019" in key for key in held(own_redis))


# --- the backend ------------------------------------------------------------------------------


def test_after_a_failure_redis_is_left_alone_for_a_while_then_used_again(own_redis, db, monkeypatch):
    client = redis_client.Redis.from_url(own_redis.url("1"))
    own_redis.stop()
    cache.set("during", "kept in the database")
    own_redis.start()

    cache.set("soon-after", "still the database")  # no connect attempt on every call of an outage
    assert client.keys() == []
    assert cache.get("during") == "kept in the database"

    back_again(own_redis, monkeypatch)
    assert cache.get("during") is None  # the outage's copy is dropped: the reader computes afresh
    cache.set("later", "in Redis")
    assert client.keys() == [b":1:later"]


def test_a_missing_key_is_not_mistaken_for_redis_being_away(own_redis, db):
    with pytest.raises(ValueError, match="not found"):
        cache.incr("never-set")
    cache.set("counted", 1)
    assert cache.incr("counted") == 2
    assert redis_client.Redis.from_url(own_redis.url("1")).get(":1:counted") == b"2"
