"""/healthz includes every check the apps registered (crag.health.register), under its name."""

import pytest

from crag import health


@pytest.fixture
def checks(monkeypatch):
    registry: dict[str, health.HealthCheck] = {}
    monkeypatch.setattr(health, "_checks", registry)
    return registry


@pytest.mark.django_db
def test_a_registered_check_is_reported_under_its_name(client, checks):
    health.register("widgets", lambda: {"ok": True, "count": 3})

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "widgets": {"ok": True, "count": 3},
    }


@pytest.mark.django_db
def test_a_check_that_is_not_ok_turns_healthz_to_503(client, checks):
    health.register("widgets", lambda: {"ok": True})
    health.register("gadgets", lambda: {"ok": False, "missing": 2})

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["gadgets"] == {"ok": False, "missing": 2}
    assert body["widgets"] == {"ok": True}


@pytest.mark.django_db
def test_a_check_that_raises_is_not_ok_and_says_nothing_of_the_exception(client, checks):
    def broken() -> dict[str, object]:
        raise RuntimeError("secret detail")

    health.register("broken", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broken"] == {"ok": False, "error": "check failed"}
    assert "secret detail" not in response.content.decode()


@pytest.mark.django_db
def test_a_check_without_a_true_ok_is_not_ok(client, checks):
    health.register("vague", lambda: {"ok": "yes"})

    assert client.get("/healthz").status_code == 503


def test_the_keys_healthz_already_uses_cannot_be_registered(checks):
    for name in ("status", "database", "broker"):
        with pytest.raises(ValueError, match="already uses"):
            health.register(name, lambda: {"ok": True})


@pytest.mark.django_db
def test_a_node_check_leaves_out_what_every_node_shares(client, checks):
    # A load balancer asks about this node alone: a stopped sweep or a missing document is every
    # node's, and must not take them all out of service.
    health.register("gadgets", lambda: {"ok": False, "missing": 2})

    shared = client.get("/healthz")
    node = client.get("/healthz?scope=node")

    assert shared.status_code == 503
    assert node.status_code == 200
    assert node.json() == {"status": "ok", "database": "ok", "broker": "ok"}
