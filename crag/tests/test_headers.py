"""Headers and cookies (issue 3, item 4), and error pages that leak nothing."""

import pytest
from django.test import Client
from django.urls import path

from crag import roles
from crag.urls import urlpatterns as real_patterns


def test_content_security_policy_allows_no_inline_script_or_style(client, db):
    csp = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_security_headers_on_a_https_request(client, db):
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_signed_in_pages_are_never_stored(client, make_user, sign_in):
    sign_in(client, make_user(roles.CRAG_MEMBER))
    cache_control = client.get("/")["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(make_user):
    from conftest import give_totp
    from crag.tests.factories import TEST_PASSWORD

    user = make_user(roles.CRAG_MEMBER, email="m@crag.test")
    give_totp(user)
    client = Client()
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"login": "m@crag.test", "password": TEST_PASSWORD})
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies.get(name) or client.cookies[name]
        assert cookie["secure"], name
        assert cookie["httponly"], name
        assert cookie["samesite"] == "Lax", name


def _boom(request):
    raise RuntimeError("SECRET_KEY=do-not-show SELECT * FROM crag_user")


urlpatterns = [path("boom/", _boom), *real_patterns]
handler500 = "crag.views.error_500"


@pytest.mark.urls("crag.tests.test_headers")
def test_a_crash_shows_the_service_error_page_without_traceback_sql_or_settings(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    for leak in ("Traceback", "RuntimeError", "SECRET_KEY", "SELECT", "crag_user"):
        assert leak not in html


def test_not_found_page_shows_no_url_patterns(client, db):
    html = client.get("/does-not-exist/").content.decode()
    assert "Page not found" in html
    assert "admin/" not in html
    assert "urlpatterns" not in html.lower()


def test_a_client_cannot_choose_its_request_id_when_no_proxy_is_trusted(client, db, settings):
    """The audit trail's request id is ours unless a trusted proxy set it (issue 12)."""
    settings.CRAG_PROXY_COUNT = 0
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="chosen-by-the-client")
    assert response["X-Request-ID"] != "chosen-by-the-client"
    assert len(response["X-Request-ID"]) == 32


def test_the_request_id_set_by_a_trusted_proxy_is_kept(client, db, settings):
    settings.CRAG_PROXY_COUNT = 1
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="9f86d081884c7d659a2feaa0c55ad015")
    assert response["X-Request-ID"] == "9f86d081884c7d659a2feaa0c55ad015"


@pytest.mark.parametrize(
    "sent", ["short", "has spaces in it", "x" * 65, "<script>alert(1)</script>", "é" * 10]
)
def test_a_malformed_request_id_is_replaced_even_from_a_trusted_proxy(client, db, settings, sent):
    settings.CRAG_PROXY_COUNT = 1
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID=sent)
    assert response["X-Request-ID"] != sent
    assert len(response["X-Request-ID"]) == 32
