"""The address an audit entry records is the client's as the trusted proxies report it: a client
cannot write another address into the audit trail with its own X-Forwarded-For (auditlog's own
middleware takes that header's first value from anybody)."""

import pytest
from auditlog.models import LogEntry

from crag import roles
from crag.models import AuditEvent

FORGED = "198.51.100.77"


@pytest.fixture
def chair(client, sign_in, make_user):
    return sign_in(client, make_user(roles.CRAG_CHAIR))


def record_a_child(client, **headers):
    return client.post(
        "/children/new/",
        {
            "pseudonym": "Child Q",
            "gender": "not_known",
            "child_protection_plan": "unknown",
            "child_in_need_plan": "unknown",
        },
        headers=headers,
        REMOTE_ADDR="192.0.2.10",
    )


def test_a_client_cannot_choose_the_address_an_audit_entry_records(chair):
    response = record_a_child(chair, x_forwarded_for=FORGED)
    assert response.status_code == 302, response.content.decode()[-3000:]

    entry = LogEntry.objects.get(object_repr="Child Q", action=LogEntry.Action.CREATE)
    assert entry.remote_addr == "192.0.2.10"


def test_behind_a_trusted_proxy_the_audit_entry_records_the_clients_address(chair, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    record_a_child(chair, x_forwarded_for="203.0.113.5")

    entry = LogEntry.objects.get(object_repr="Child Q", action=LogEntry.Action.CREATE)
    assert entry.remote_addr == "203.0.113.5"


def test_a_security_event_records_the_clients_address_through_the_trusted_proxy(client, settings, make_user):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    user = make_user(roles.CRAG_MEMBER, email="m@crag.test")
    client.post(
        "/accounts/login/",
        {"login": user.email, "password": "wrong-password-guess"},
        headers={"x_forwarded_for": "203.0.113.6"},
        REMOTE_ADDR="192.0.2.10",
    )

    assert AuditEvent.objects.latest("pk").remote_addr == "203.0.113.6"
