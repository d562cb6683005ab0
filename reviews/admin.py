from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from crag import audit
from crag.admin import PartnershipAdminOnly
from reviews.contributions.admin import KeyEpisodeInline, PartnerAgreementInline  # also registers its admin
from reviews.editing import versions
from reviews.external import admin as external_admin  # noqa: F401
from reviews.impact import admin as impact_admin  # noqa: F401
from reviews.meetings import admin as meetings_admin  # noqa: F401
from reviews.meetings import minutes_admin  # noqa: F401
from reviews.models import (
    Action,
    ActionUpdate,
    AgencySummary,
    AnnualReport,
    AnnualReportRender,
    Child,
    Commendation,
    DecisionAmendment,
    Incident,
    LearningAttendance,
    LearningEvent,
    LearningResource,
    LegalHold,
    LifeLetter,
    NationalComparator,
    ParallelProcess,
    RapidReview,
    Recommendation,
    Review,
    ReviewDocument,
    ReviewStatusChange,
    SafetyAction,
    Theme,
)
from reviews.referrals import admin as referrals_admin  # noqa: F401
from reviews.retention.admin_holds import LegalHoldAdmin, export_subject_access

if TYPE_CHECKING:  # django-stubs' generic admin classes; at run time they take no type argument
    ModelAdmin = admin.ModelAdmin[Any]
    TabularInline = admin.TabularInline[Any, Any]
    StackedInline = admin.StackedInline[Any, Any]
else:
    ModelAdmin, TabularInline, StackedInline = admin.ModelAdmin, admin.TabularInline, admin.StackedInline


class DomainAdmin(PartnershipAdminOnly, ModelAdmin):
    """The admin of a record CRAG's pages also edit: a change made here moves the record's version
    on in the same transaction (reviews.editing.versions), so a form opened on CRAG's pages before it
    cannot overwrite it unseen."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            if change and versions.is_versioned(obj):
                versions.claim(obj, None)
            super().save_model(request, obj, form, change)


class RetainedRecordAdmin(DomainAdmin):
    """A record kept for the statutory retention period: never deleted from the admin (which also
    drops the "delete selected" action). Its lifecycle moves through CRAG's own pages."""

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class RetainedInline(TabularInline):
    """A part of a retained record: not removed from the admin either."""

    extra = 0
    can_delete = False


@admin.register(Theme)
class ThemeAdmin(PartnershipAdminOnly, ModelAdmin):
    list_display = ("name", "slug", "active")
    list_filter = ("active",)
    search_fields = ("name", "slug")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Slugs are the contract: fixed once created.
        return ("slug",) if obj else ()


@admin.register(Child)
class ChildAdmin(RetainedRecordAdmin):
    list_display = ("pseudonym", "gender", "looked_after", "deceased")
    list_filter = ("gender", "looked_after", "deceased", "child_protection_plan")
    search_fields = ("pseudonym", "ref")
    actions = (export_subject_access,)  # the right of access (issue 17), audited

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        # The page shows the child's identity: every view of it is recorded.
        child = self.get_object(request, object_id)
        if child is not None and request.method == "GET":
            audit.record_access(request=request, instance=child)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Incident)
class IncidentAdmin(RetainedRecordAdmin):
    list_display = ("reference", "kind", "incident_date", "aware_date", "panel_notified_on")
    list_filter = ("kind", "location", "abuse_or_neglect_suspected")
    search_fields = ("reference", "ref", "national_reference", "children__pseudonym")
    date_hierarchy = "aware_date"
    filter_horizontal = ("children", "themes")
    # Notifications are recorded on the incident's page, which checks their dates and the clocks.
    readonly_fields = (
        *Incident.NOTIFICATION_FIELDS,
        "national_reference",
        "late_reason",
        "created_by",
        "created_at",
        "updated_at",
    )


class AgencySummaryInline(StackedInline):
    model = AgencySummary
    extra = 0
    can_delete = False


class SafetyActionInline(RetainedInline):
    model = SafetyAction


class AmendmentInline(RetainedInline):
    model = DecisionAmendment
    readonly_fields = ("text", "reason", "made_by", "made_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Sign-off, and what was sent to the Panel and what it answered, are recorded on CRAG's pages.
RAPID_REVIEW_FIXED = (
    "signed_off_by",
    "signed_off_at",
    "sent_to_panel_on",
    "panel_response",
    "panel_considers_criteria_met",
    "panel_responded_on",
    "outcome",
)


@admin.register(RapidReview)
class RapidReviewAdmin(RetainedRecordAdmin):
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
    inlines = (
        AgencySummaryInline,
        SafetyActionInline,
        AmendmentInline,
        KeyEpisodeInline,
        PartnerAgreementInline,
    )
    filter_horizontal = ("themes",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # A signed-off decision is not edited, here either: amendments are recorded in CRAG.
        fixed = RAPID_REVIEW_FIXED
        return (*fixed, *RapidReview.DECISION_FIELDS) if obj is not None and obj.is_signed_off else fixed


class ParallelProcessInline(RetainedInline):
    model = ParallelProcess


class LifeLetterInline(RetainedInline):
    model = LifeLetter
    autocomplete_fields = ("child",)


class ReadOnlyInline(RetainedInline):
    """History kept by the services: shown, never edited or removed here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StatusChangeInline(ReadOnlyInline):
    model = ReviewStatusChange
    fields = ("on", "from_status", "to_status", "changed_by", "note")
    readonly_fields = fields


class DocumentInline(ReadOnlyInline):
    """Documents are uploaded through the service's page, where their content is checked, and
    kept with the review. No link: files have no public URL."""

    model = ReviewDocument
    fields = ("kind", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields


@admin.register(Review)
class ReviewAdmin(RetainedRecordAdmin):
    list_display = ("title", "kind", "status", "decision_on", "reviewer")
    list_filter = ("kind", "status")
    list_select_related = ("reviewer",)
    search_fields = ("title", "ref")
    filter_horizontal = ("children", "themes")
    raw_id_fields = ("rapid_review", "reviewer")
    # The status moves only through the lifecycle's transitions (the chair signs off, with the
    # final report, and each move is in the status history); publication, the notices before it
    # and the reason for delay are recorded on the review's pages, which check their dates.
    readonly_fields = (
        "status",
        "commissioned_on",
        "signed_off_on",
        "signed_off_by",
        "delay_reason",
        "delay_reason_sent_on",
        "planned_publication_on",
        "panel_notice_on",
        "secretary_of_state_notice_on",
        "ofsted_notice_on",
        "published_on",
        "publication_url",
        # Closing completes the clocks: the chair closes through the lifecycle, with the
        # justification Working Together allows when the report is not published.
        "closed_on",
        "non_publication_reason",
        "non_publication_sent_on",
    )
    inlines = (ParallelProcessInline, LifeLetterInline, DocumentInline, StatusChangeInline)


@admin.register(ReviewDocument)
class ReviewDocumentAdmin(RetainedRecordAdmin):
    list_display = ("original_name", "kind", "review", "size", "uploaded_at")
    list_filter = ("kind",)
    list_select_related = ("review",)
    search_fields = ("original_name", "review__title")
    fields = (
        "review",
        "kind",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AttendanceInline(TabularInline):
    model = LearningAttendance
    extra = 0


@admin.register(LearningEvent)
class LearningEventAdmin(DomainAdmin):
    list_display = ("title", "kind", "held_on", "attendees")
    list_filter = ("kind",)
    search_fields = ("title", "ref")
    date_hierarchy = "held_on"
    filter_horizontal = ("themes", "reviews")
    inlines = (AttendanceInline,)


@admin.register(LearningResource)
class LearningResourceAdmin(DomainAdmin):
    list_display = ("title", "kind", "published_on")
    list_filter = ("kind",)
    search_fields = ("title",)
    filter_horizontal = ("reviews", "recommendations")


@admin.register(Commendation)
class CommendationAdmin(PartnershipAdminOnly, ModelAdmin):
    list_display = ("who", "agency", "commended_on")
    list_select_related = ("agency",)
    search_fields = ("who", "what")
    raw_id_fields = ("review",)


# Progress and closure (with evidence) are the action's owner's and the Business group's to record.
ACTION_FIXED = ("status", "completed_on", "evidence", "rag", "rag_comment")


class ActionInline(RetainedInline):
    model = Action
    fields = ("description", "owner_agency", "due_on", "status", "rag")
    readonly_fields = ("status", "rag")


@admin.register(Recommendation)
class RecommendationAdmin(RetainedRecordAdmin):
    list_display = ("review", "number", "priority")
    list_select_related = ("review",)
    search_fields = ("text", "review__title", "ref")
    filter_horizontal = ("agencies",)
    inlines = (ActionInline,)


class ActionUpdateInline(RetainedInline):
    model = ActionUpdate
    readonly_fields = ("author", "written_at", "text")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Action)
class ActionAdmin(RetainedRecordAdmin):
    list_display = ("description", "owner_agency", "due_on", "status", "rag")
    readonly_fields = ACTION_FIXED
    list_filter = ("status", "rag", "owner_agency")
    list_select_related = ("owner_agency",)
    search_fields = ("description", "ref", "recommendation__review__title")
    date_hierarchy = "due_on"
    inlines = (ActionUpdateInline,)


@admin.register(AnnualReport)
class AnnualReportAdmin(DomainAdmin):
    list_display = ("__str__", "title", "published_on")


@admin.register(NationalComparator)
class NationalComparatorAdmin(DomainAdmin):
    """The Panel's published figures for a year, shown beside ours in the report's trends: a
    partnership admin enters them from the Panel's annual report, saying where each was found."""

    list_display = ("year", "key", "value", "source")
    list_filter = ("key",)
    search_fields = ("source",)
    ordering = ("-year", "key")


@admin.register(AnnualReportRender)
class AnnualReportRenderAdmin(RetainedRecordAdmin):
    """The worker makes renders; the admin may look. No file link: private."""

    list_display = ("report", "state", "requested_at", "pages", "size")
    list_filter = ("state",)
    list_select_related = ("report",)
    fields = (
        "report",
        "state",
        "requested_by",
        "requested_at",
        "finished_at",
        "pages",
        "size",
        "sha256",
        "error",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Legal holds (issue 17): placed and lifted through the retention services, never deleted.
admin.site.register(LegalHold, LegalHoldAdmin)
