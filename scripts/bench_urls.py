"""The service's URLs plus the benchmark's floor: a page that makes one primary-key query and
returns a few bytes, through the same middleware (session, sign-in, second factor) as every page."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from crag.models import Agency


def floor(request: HttpRequest, pk: int) -> HttpResponse:
    """The least a signed-in page can cost: one query by primary key, a tiny response."""
    agency = Agency.objects.only("short_name").get(pk=pk)
    return HttpResponse(agency.short_name or "-", content_type="text/plain")


urlpatterns = [
    path("bench/floor/<int:pk>/", floor, name="bench_floor"),
    path("", include("crag.urls")),
]

handler400 = "crag.views.error_400"
handler403 = "crag.views.error_403"
handler404 = "crag.views.error_404"
handler500 = "crag.views.error_500"
