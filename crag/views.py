"""The account page, the health check and the error pages."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.log import log_response
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from crag import health, selectors
from crag.models import User


@login_required
@require_GET
def account_settings(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    return render(request, "crag/account.html", {"roles": selectors.role_names(user=user)})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker reachability, and every check the apps registered (crag.health), for
    monitoring: 200, or 503 when anything is unreachable or not ok. `?scope=node` (for a load
    balancer) leaves out the registered checks: they are of what every node shares (the sweep, the
    document store), and would take every node out of service at once."""
    checks = {"database": health.database_ok(), "broker": health.broker_ok()}
    registered = {} if request.GET.get("scope") == "node" else health.run_registered()
    ok = all(checks.values()) and all(result["ok"] for result in registered.values())
    body: dict[str, object] = {"status": "ok" if ok else "unavailable"}
    body |= {name: "ok" if passed else "unreachable" for name, passed in checks.items()}
    body |= registered
    return JsonResponse(body, status=200 if ok else 503)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page, logged as one line: method, path, user id, reason. A refusal is expected
    behaviour, not a fault: Django's own log of it carries the exception's whole traceback."""
    response = render(request, "403.html", status=403)
    user = getattr(request, "user", None)
    # log_response marks the response as logged, so Django does not log it again with the traceback.
    log_response(
        "Forbidden: %s %s user %s: %s",
        request.method,
        request.path,
        user.pk if user is not None and user.is_authenticated else "anonymous",
        str(exception or "") or "no reason given",
        response=response,
        request=request,
    )
    return response


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without a request context: the error may have come from a context processor.
    return render(request=None, template_name="500.html", status=500)
