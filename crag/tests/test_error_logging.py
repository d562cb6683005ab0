"""A refusal (403) is logged as one line, without a traceback (issue 12, item 14)."""

import logging

from crag import roles


def warnings_logged(caplog):
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_403_logs_one_line_with_method_path_user_and_reason(client, make_user, sign_in, caplog):
    user = make_user(roles.CRAG_CHAIR)
    sign_in(client, user)

    with caplog.at_level(logging.INFO):
        response = client.get("/admin/crag/user/?q=search")

    assert response.status_code == 403
    (record,) = warnings_logged(caplog)
    assert record.getMessage() == f"Forbidden: GET /admin/crag/user/ user {user.pk}: not a Partnership admin"
    assert record.exc_info is None
    assert "Traceback" not in caplog.text


def test_a_403_without_a_reason_for_an_anonymous_visitor_logs_one_line(rf, db, caplog):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from crag.views import error_403

    request = rf.post("/somewhere/")
    request.user = AnonymousUser()
    with caplog.at_level(logging.INFO):
        response = error_403(request, PermissionDenied())

    assert response.status_code == 403
    (record,) = warnings_logged(caplog)
    assert record.getMessage() == "Forbidden: POST /somewhere/ user anonymous: no reason given"


def test_the_demo_prints_each_log_line_once(tmp_path):
    """With DJANGO_DEBUG on, Django's own console handler printed every django.* line (and its
    traceback) a second time beside the service's."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.request').warning('marker-of-one-line')"
    )
    demo = {"DJANGO_DEBUG": "true", "CRAG_REQUIRE_MFA": "false", "DJANGO_SETTINGS_MODULE": "crag.settings"}
    keep = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        env=keep | demo,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stderr.count("marker-of-one-line") == 1, result.stderr
