from django.contrib import admin
from django.urls import include, path

from crag import audit_views, metrics, views

urlpatterns = [
    path("", include("dashboard.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("account/", views.account_settings, name="account_settings"),
    path("", include("reviews.urls")),
    path("", include("notifications.urls")),
    path("audit/", audit_views.audit_changes, name="audit_changes"),
    path("audit/events/", audit_views.audit_events, name="audit_events"),
    path("accounts/", include("crag.account_urls")),
    path("admin/", admin.site.urls),
]

handler400 = "crag.views.error_400"
handler403 = "crag.views.error_403"
handler404 = "crag.views.error_404"
handler500 = "crag.views.error_500"
