from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from crag import audit
from crag.admin import PartnershipAdminOnly
from reviews.models import (
    Action,
    ActionUpdate,
    AgencySummary,
    AnnualReport,
    Child,
    DecisionAmendment,
    Incident,
    RapidReview,
    Recommendation,
    Review,
    SafetyAction,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(PartnershipAdminOnly, admin.ModelAdmin):
    list_display = ("name", "slug", "active")
    list_filter = ("active",)
    search_fields = ("name", "slug")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Slugs are the contract: fixed once created.
        return ("slug",) if obj else ()


@admin.register(Child)
class ChildAdmin(PartnershipAdminOnly, admin.ModelAdmin):
    list_display = ("pseudonym", "gender", "looked_after", "deceased")
    list_filter = ("gender", "looked_after", "deceased", "child_protection_plan")
    search_fields = ("pseudonym", "ref")

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        # The page shows the child's identity: every view of it is recorded.
        child = self.get_object(request, object_id)
        if child is not None and request.method == "GET":
            audit.record_access(request=request, instance=child)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Incident)
class IncidentAdmin(PartnershipAdminOnly, admin.ModelAdmin):
    list_display = ("reference", "kind", "incident_date", "aware_date", "panel_notified_on")
    list_filter = ("kind", "location", "abuse_or_neglect_suspected")
    search_fields = ("reference", "ref", "national_reference", "children__pseudonym")
    date_hierarchy = "aware_date"
    filter_horizontal = ("children", "themes")
    readonly_fields = ("created_by", "created_at", "updated_at")


class AgencySummaryInline(admin.StackedInline):
    model = AgencySummary
    extra = 0


class SafetyActionInline(admin.TabularInline):
    model = SafetyAction
    extra = 0


class AmendmentInline(admin.TabularInline):
    model = DecisionAmendment
    extra = 0
    readonly_fields = ("text", "reason", "made_by", "made_at")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RapidReview)
class RapidReviewAdmin(PartnershipAdminOnly, admin.ModelAdmin):
    list_display = (
        "incident",
        "meeting_on",
        "meets_cspr_criteria",
        "signed_off_at",
        "sent_to_panel_on",
        "outcome",
    )
    list_filter = ("panel_response", "outcome", "meets_cspr_criteria")
    search_fields = ("incident__reference", "ref")
    list_select_related = ("incident",)
    inlines = (AgencySummaryInline, SafetyActionInline, AmendmentInline)
    filter_horizontal = ("themes",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # A signed-off decision is not edited, here either: amendments are recorded in CRAG.
        fixed = ("signed_off_by", "signed_off_at")
        return (*fixed, *RapidReview.DECISION_FIELDS) if obj is not None and obj.is_signed_off else fixed


@admin.register(Review)
class ReviewAdmin(PartnershipAdminOnly, admin.ModelAdmin):
    list_display = ("title", "kind", "status", "decision_on")
    list_filter = ("kind", "status")
    search_fields = ("title", "ref")
    filter_horizontal = ("children", "themes")


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ("description", "owner_agency", "due_on", "status", "rag")


@admin.register(Recommendation)
class RecommendationAdmin(PartnershipAdminOnly, admin.ModelAdmin):
    list_display = ("review", "number", "priority")
    list_select_related = ("review",)
    search_fields = ("text", "review__title", "ref")
    filter_horizontal = ("agencies",)
    inlines = (ActionInline,)


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    readonly_fields = ("author", "written_at", "text")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Action)
class ActionAdmin(PartnershipAdminOnly, admin.ModelAdmin):
    list_display = ("description", "owner_agency", "due_on", "status", "rag")
    list_filter = ("status", "rag", "owner_agency")
    list_select_related = ("owner_agency",)
    search_fields = ("description", "ref", "recommendation__review__title")
    date_hierarchy = "due_on"
    inlines = (ActionUpdateInline,)


@admin.register(AnnualReport)
class AnnualReportAdmin(PartnershipAdminOnly, admin.ModelAdmin):
    list_display = ("__str__", "published_on")
