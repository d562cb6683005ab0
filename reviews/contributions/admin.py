"""The admin of issue 18's records: agencies' contribution requests with their history and
documents, chronology entries, and (as parts of the Rapid Review) key practice episodes and the
partners' agreements. All read-only: these records change only through CRAG's pages, where the
services keep their rules (the clock, the version, the agency's scope, the sign-off gate)."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

from crag import permissions
from crag.admin import ReadOnlyForPartnershipAdmin
from reviews.models import (
    ChronologyEntry,
    ContributionDocument,
    ContributionEvent,
    ContributionRequest,
    KeyPracticeEpisode,
    PartnerAgreement,
)

if TYPE_CHECKING:  # django-stubs' generic admin classes; at run time they take no type argument
    ModelAdmin = admin.ModelAdmin[Any]
    TabularInline = admin.TabularInline[Any, Any]
else:
    ModelAdmin, TabularInline = admin.ModelAdmin, admin.TabularInline


class ViewOnlyInline(TabularInline):
    """Shown, never added, changed or removed here."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # By role, as the admin pages themselves (the new models' group permissions are not granted).
        return bool(permissions.can_use_admin_site(request.user))

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ContributionEventInline(ViewOnlyInline):
    model = ContributionEvent
    fields = ("at", "kind", "actor", "reason", "due_on")
    readonly_fields = fields


class ContributionDocumentInline(ViewOnlyInline):
    """No link to the file: files have no public URL (they are read through CRAG's pages)."""

    model = ContributionDocument
    fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields


class KeyEpisodeInline(ViewOnlyInline):
    model = KeyPracticeEpisode
    fields = ("number", "title", "occurred_on", "description", "analysis")
    readonly_fields = fields


class PartnerAgreementInline(ViewOnlyInline):
    model = PartnerAgreement
    fields = ("partner_role", "agency", "agreed_by", "agreed_at", "note")
    readonly_fields = fields


@admin.register(ContributionRequest)
class ContributionRequestAdmin(ReadOnlyForPartnershipAdmin, ModelAdmin):
    list_display = ("__str__", "rapid_review", "review", "status", "requested_on", "due_on", "submitted_on")
    list_filter = ("status", "kind", "agency")
    search_fields = ("agency__name", "rapid_review__incident__reference", "review__title")
    list_select_related = ("agency", "rapid_review__incident", "review")
    date_hierarchy = "due_on"
    inlines = (ContributionEventInline, ContributionDocumentInline)


@admin.register(ChronologyEntry)
class ChronologyEntryAdmin(ReadOnlyForPartnershipAdmin, ModelAdmin):
    list_display = ("occurred_on", "request", "source", "key_practice_episode")
    list_filter = ("key_practice_episode", "precision", "request__agency")
    search_fields = ("source", "what_happened", "ref")
    list_select_related = ("request__agency",)
    date_hierarchy = "occurred_on"
