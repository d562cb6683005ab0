"""Log lines in production are JSON carrying the request id and the user's id, never who the user
is (crag/logging.py, settings.LOGGING)."""

import io
import json
import logging
from logging.config import DictConfigurator

import pytest

from crag import roles


@pytest.fixture
def json_lines(settings):
    """The console handler as settings configure it with CRAG_LOG_FORMAT=json, on a stream."""
    configurator = DictConfigurator({})
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configurator.configure_formatter(dict(settings.LOGGING["formatters"]["json"])))
    handler.addFilter(configurator.configure_filter(dict(settings.LOGGING["filters"]["request_context"])))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_the_console_handler_carries_the_request_context(settings):
    console = settings.LOGGING["handlers"]["console"]
    assert console["filters"] == ["request_context"]
    assert console["formatter"] == settings.CRAG_LOG_FORMAT in ("json", "plain")


@pytest.mark.django_db
def test_a_requests_log_line_is_json_with_its_request_id_and_user_id_and_no_email(
    client, make_user, sign_in, json_lines
):
    user = make_user(roles.CRAG_MEMBER, email="log.person@example.org", full_name="Logged Person")
    sign_in(client, user)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    (line,) = [entry for entry in json_lines() if entry["logger"] == "django.request"]
    assert line["message"] == "Not Found: /no-such-page/"
    assert line["level"] == "WARNING"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == user.pk
    assert "time" in line
    assert "request" not in line  # its text would be the full path, query string included
    raw = json.dumps(line)
    assert "log.person@example.org" not in raw
    assert "Logged Person" not in raw


@pytest.mark.django_db
def test_an_anonymous_request_has_a_request_id_and_no_user_id(client, json_lines):
    response = client.get("/no-such-page/")

    (line,) = [entry for entry in json_lines() if entry["logger"] == "django.request"]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] is None


def test_outside_a_request_the_fields_are_empty(json_lines):
    logging.getLogger("crag.tasks").warning("a task said something")

    (line,) = [entry for entry in json_lines() if entry["logger"] == "crag.tasks"]
    assert (line["request_id"], line["user_id"]) == (None, None)
