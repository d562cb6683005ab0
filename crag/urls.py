from django.contrib import admin
from django.urls import include, path

from crag import views

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "crag.views.error_400"
handler403 = "crag.views.error_403"
handler404 = "crag.views.error_404"
handler500 = "crag.views.error_500"
