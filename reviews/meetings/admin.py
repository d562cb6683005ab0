"""The admin of CRAG's meetings: view-only, with the invitees (and their attendance and the
invitation last sent) and the agenda read-only. Meetings change only through CRAG's pages, where
the services keep their rules (the iCalendar sequence, the version, the agenda's numbering)."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from crag.admin import ReadOnlyForPartnershipAdmin
from reviews.contributions.admin import ViewOnlyInline
from reviews.models import AgendaItem, Meeting, MeetingMember

if TYPE_CHECKING:  # django-stubs' generic admin classes; at run time they take no type argument
    ModelAdmin = admin.ModelAdmin[Any]
else:
    ModelAdmin = admin.ModelAdmin


class MeetingMemberInline(ViewOnlyInline):
    model = MeetingMember
    fields = ("user", "attendance", "invitation_sequence", "invitation_sent_at")
    readonly_fields = fields


class AgendaItemInline(ViewOnlyInline):
    """Titles and kinds only: summaries and minutes are read on the meeting's page."""

    model = AgendaItem
    fields = ("number", "kind", "title", "drafted")
    readonly_fields = fields


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyForPartnershipAdmin, ModelAdmin):
    list_display = ("__str__", "held_on", "starts_at", "status", "sequence", "minutes_approved_on")
    list_filter = ("status",)
    search_fields = ("title", "place")
    date_hierarchy = "held_on"
    readonly_fields = ("uid", "sequence", "version", "created_by", "created_at", "updated_at")
    inlines = (MeetingMemberInline, AgendaItemInline)
