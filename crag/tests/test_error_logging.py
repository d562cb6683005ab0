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
