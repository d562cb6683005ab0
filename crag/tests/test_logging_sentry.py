"""Error reporting is optional: nothing is initialised without SENTRY_DSN, and what would be sent
carries no request body, cookies, query string, credentials or user."""

import os
import subprocess
import sys

import sentry_sdk

from crag import logging as crag_logging


def test_without_sentry_dsn_nothing_is_initialised(settings):
    assert settings.SENTRY_DSN == ""
    assert not sentry_sdk.is_initialized()


def test_settings_initialise_sentry_only_when_sentry_dsn_is_set():
    script = (
        "import django, sentry_sdk; django.setup(); "
        "client = sentry_sdk.get_client(); "
        "print(sentry_sdk.is_initialized(), client.options['send_default_pii'], "
        "client.options['include_local_variables'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "crag.settings", "DJANGO_DEBUG": "true"}
    env.pop("SENTRY_DSN", None)
    off = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert off.stdout.split()[0] == "False"
    env["SENTRY_DSN"] = "https://public@sentry.invalid/1"
    on = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert on.stdout.split() == ["True", "False", "False"]


def test_before_send_strips_bodies_cookies_query_strings_and_credentials():
    event = {
        "request": {
            "url": "https://crag.example/incidents/7/",
            "method": "POST",
            "data": {"legal_name": "Secret Name"},
            "cookies": {"sessionid": "abc"},
            "query_string": "q=Secret+Name",
            "env": {"REMOTE_ADDR": "203.0.113.9"},
            "headers": {"Cookie": "sessionid=abc", "Authorization": "Bearer t", "User-Agent": "Firefox"},
        },
        "user": {"email": "someone@example.org"},
    }

    sent = crag_logging.sentry_before_send(event, {})

    assert sent["request"] == {
        "url": "https://crag.example/incidents/7/",
        "method": "POST",
        "headers": {"User-Agent": "Firefox"},
    }
    assert "user" not in sent
    assert "Secret Name" not in repr(sent)
