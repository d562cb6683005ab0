"""The admin of the register of external reviews (issue 20): view-only. A review, its local
response and its recommendations are kept through CRAG's pages, where the services keep the rules
(numbering, the action plan's)."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from crag.admin import ReadOnlyForPartnershipAdmin
from reviews.models import ExternalReview

if TYPE_CHECKING:  # django-stubs' generic admin class; at run time it takes no type argument
    ModelAdmin = admin.ModelAdmin[Any]
else:
    ModelAdmin = admin.ModelAdmin


@admin.register(ExternalReview)
class ExternalReviewAdmin(ReadOnlyForPartnershipAdmin, ModelAdmin):
    list_display = ("title", "source", "published_on", "response_agreed_on")
    list_filter = ("source",)
    search_fields = ("title", "ref", "author")
    date_hierarchy = "published_on"
