"""The admin of learning into practice (issue 20): view-only. Resources are sent, their use
recorded and assurance planned and completed through CRAG's pages, where the services keep the
rules (an agency records only its own use; findings are recorded whole)."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from crag.admin import ReadOnlyForPartnershipAdmin
from reviews.models import AssuranceActivity, Dissemination, ResourceUse

if TYPE_CHECKING:  # django-stubs' generic admin class; at run time it takes no type argument
    ModelAdmin = admin.ModelAdmin[Any]
else:
    ModelAdmin = admin.ModelAdmin


@admin.register(Dissemination)
class DisseminationAdmin(ReadOnlyForPartnershipAdmin, ModelAdmin):
    list_display = ("resource", "agency", "sent_on", "sent_by")
    list_filter = ("agency",)
    search_fields = ("resource__title", "agency__name")
    list_select_related = ("resource", "agency", "sent_by")
    date_hierarchy = "sent_on"


@admin.register(ResourceUse)
class ResourceUseAdmin(ReadOnlyForPartnershipAdmin, ModelAdmin):
    list_display = ("dissemination", "how", "used_from", "reach", "recorded_by")
    list_filter = ("how", "dissemination__agency")
    search_fields = ("dissemination__resource__title", "dissemination__agency__name", "evidence")
    list_select_related = ("dissemination__resource", "dissemination__agency", "recorded_by")


@admin.register(AssuranceActivity)
class AssuranceActivityAdmin(ReadOnlyForPartnershipAdmin, ModelAdmin):
    list_display = ("title", "kind", "planned_on", "completed_on", "practice_changed")
    list_filter = ("kind", "practice_changed")
    search_fields = ("title", "ref", "findings")
    date_hierarchy = "planned_on"
