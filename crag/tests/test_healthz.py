import socket

import pytest


@pytest.fixture(autouse=True)
def _only_database_and_broker(monkeypatch):
    """These tests are about the database and broker checks: the checks the apps register
    (the sweep's age, missing documents) are tested on their own (test_healthz_registry.py and
    the apps' tests)."""
    from crag import health

    monkeypatch.setattr(health, "_checks", {})


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.django_db
def test_healthz_is_200_when_database_and_broker_are_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.HEALTHCHECK_BROKER_TIMEOUT = 1.0

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "broker": "unreachable"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    from crag import health

    def broken_cursor(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_healthz_is_503_with_a_session_cookie_while_the_database_is_down(
    client, make_user, sign_in, monkeypatch
):
    """A signed-in browser (or a probe replaying a cookie) reaches the health check too: the
    session and the user must not be read from the database before it answers."""
    from django.db import OperationalError, connection
    from django.test import Client

    from crag import roles

    signed_in = sign_in(Client(raise_request_exception=False), make_user(roles.CRAG_MEMBER))
    assert signed_in.cookies["sessionid"].value

    def refused(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refused)

    response = signed_in.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_costs_no_request(client, monkeypatch):
    """With persistent connections (CONN_MAX_AGE > 0), one the server has ended (a PostgreSQL
    restart, pg_terminate_backend) is checked and replaced at the start of the next request
    (CONN_HEALTH_CHECKS) instead of failing it."""
    from django.db import close_old_connections, connection

    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    connection.close()

    def request() -> int:
        # What Django's handler does at the start of each request (the test client leaves it out).
        close_old_connections()
        return int(client.get("/healthz").status_code)

    assert request() == 200
    pid = connection.connection.info.backend_pid
    killer = connection.copy()  # the same role may end its own backends
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            gone = False
            while not gone:  # until the server has really ended it
                cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = %s)", [pid])
                gone = cursor.fetchone()[0]
    finally:
        killer.close()

    assert request() == 200
    assert connection.connection.info.backend_pid != pid
