"""The admin of the minutes' records: decisions, actions agreed, amendments and the papers, all
view-only. They change only through CRAG's minutes pages, where the services keep their rules
(a decision written on its record, approval then read-only, the papers made by the worker)."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from crag.admin import ReadOnlyForPartnershipAdmin
from reviews.models import MeetingAction, MeetingDecision, MeetingPapers, MinutesAmendment

if TYPE_CHECKING:  # django-stubs' generic admin classes; at run time they take no type argument
    ModelAdmin = admin.ModelAdmin[Any]
else:
    ModelAdmin = admin.ModelAdmin


@admin.register(MeetingDecision)
class MeetingDecisionAdmin(ReadOnlyForPartnershipAdmin, ModelAdmin):
    list_display = ("__str__", "kind", "item", "recorded_by", "recorded_at")
    list_filter = ("kind",)
    readonly_fields = ("recorded_at",)


@admin.register(MeetingAction)
class MeetingActionAdmin(ReadOnlyForPartnershipAdmin, ModelAdmin):
    list_display = ("__str__", "meeting", "owner_agency", "owner", "due_on", "done_on")
    list_filter = ("owner_agency",)
    date_hierarchy = "due_on"
    readonly_fields = ("version", "created_at")


@admin.register(MinutesAmendment)
class MinutesAmendmentAdmin(ReadOnlyForPartnershipAdmin, ModelAdmin):
    list_display = ("__str__", "meeting", "made_by", "made_at")
    readonly_fields = ("made_at",)


@admin.register(MeetingPapers)
class MeetingPapersAdmin(ReadOnlyForPartnershipAdmin, ModelAdmin):
    list_display = ("__str__", "state", "requested_at", "finished_at", "attempts")
    list_filter = ("state",)
    # The PDF is downloaded through the papers page (members and CRAG only, audited): never linked here.
    exclude = ("file",)
    readonly_fields = ("stored_as", "requested_at")

    @admin.display(description="stored as")
    def stored_as(self, papers: MeetingPapers) -> str:
        return papers.file.name or ""
