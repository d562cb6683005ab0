"""The dashboard: each role's panels of what is due."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from crag import permissions
from crag.models import User
from dashboard import panels


@login_required
@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required: never anonymous here
    context = {
        "panels": panels.panels_for(user, timezone.localdate()),
        "has_role": permissions.has_any_role(user),
        "is_admin": permissions.is_partnership_admin(user),
        "heartbeat": panels.worker_last_seen() if permissions.is_partnership_admin(user) else None,
    }
    return render(request, "dashboard/dashboard.html", context)
