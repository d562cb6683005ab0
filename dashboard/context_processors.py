"""Values every page needs: navigation by role, and whether the demo is running."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from crag import permissions
from notifications.models import Reminder


def service(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    nav: list[dict[str, str]] = []
    unread = 0
    if user is not None and user.is_authenticated:
        nav.append({"label": "Dashboard", "url": reverse("dashboard")})
        if permissions.can_do_crag_work(user):
            nav.append({"label": "Incidents", "url": reverse("reviews:incident_list")})
        if permissions.can_list_reviews(user):
            nav.append({"label": "Reviews", "url": reverse("reviews:review_list")})
        if permissions.can_view_action_plan(user):
            label = "Action plan" if permissions.can_see_all_actions(user) else "Your agency's actions"
            nav.append({"label": label, "url": reverse("reviews:action_list")})
        if permissions.can_view_contributions(user):
            nav.append({"label": "Returns", "url": reverse("reviews:contribution_list")})
        if permissions.can_refer(user) or permissions.can_do_crag_work(user):
            nav.append({"label": "Referrals", "url": reverse("reviews:referral_list")})
        if permissions.can_manage_meetings(user):
            nav.append({"label": "Meetings", "url": reverse("reviews:meeting_list")})
        if permissions.can_view_learning(user):
            nav.append({"label": "Learning", "url": reverse("reviews:learning")})
        if permissions.can_view_annual_reports(user):
            nav.append({"label": "Annual reports", "url": reverse("reviews:annual_report_list")})
        nav.append({"label": "Deadlines", "url": reverse("notifications:deadlines")})
        if permissions.can_use_admin_site(user):
            nav.append({"label": "Admin", "url": reverse("admin:index")})
        if permissions.can_manage_users(user):
            nav.append({"label": "Import", "url": reverse("reviews:import")})
        if permissions.can_view_audit(user):
            nav.append({"label": "Audit trail", "url": reverse("audit_changes")})
        nav.append({"label": "Your account", "url": reverse("account_settings")})
        unread = Reminder.objects.filter(recipient=user, read_at__isnull=True).count()
        label = f"Notifications ({unread} new)" if unread else "Notifications"
        nav.append({"label": label, "url": reverse("notifications:list")})
    path = request.path
    for item in nav:
        root = item["url"]
        item["active"] = "1" if path == root or (root != "/" and path.startswith(root)) else ""
    return {
        "unread_count": unread,
        "service_name": "CRAG",
        "service_nav": nav,
        "demo_mode": settings.DEBUG,
        "mfa_off": not settings.CRAG_REQUIRE_MFA,
    }
