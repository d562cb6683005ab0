"""The admin of legal holds, registered in reviews/admin.py: a Partnership admin places and
lifts holds here, through the retention services (audited); a hold is never deleted. And the
Child admin's action that downloads a child's subject access export (audited)."""

from io import BytesIO
from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from crag.admin import PartnershipAdminOnly
from crag.models import User
from reviews.models import Child
from reviews.retention import holds
from reviews.retention.subject_access import subject_access_export

if TYPE_CHECKING:  # django-stubs' generic admin class; at run time it takes no type argument
    ModelAdmin = admin.ModelAdmin[Any]
else:
    ModelAdmin = admin.ModelAdmin


class LegalHoldAdmin(PartnershipAdminOnly, ModelAdmin):
    """To place a hold, name one child, incident or review and the proceedings. To lift one,
    write why and save."""

    list_display = ("__str__", "reason", "placed_on", "placed_by", "lifted_on")
    list_filter = ("reason", ("lifted_on", admin.EmptyFieldListFilter))
    raw_id_fields = ("child", "incident", "review")
    PLACED = ("child", "incident", "review", "reason", "detail")
    LIFTED = ("placed_by", "placed_on", "lifted_by", "lifted_on", "lifted_note")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self.PLACED if obj is None else (*self.PLACED, *self.LIFTED)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        fixed = (*self.PLACED, *self.LIFTED)
        return tuple(name for name in fixed if name != "lifted_note" or not obj.is_active)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        actor = cast(User, request.user)
        if not change:
            placed = holds.hold_place(
                actor=actor,
                reason=data["reason"],
                detail=data["detail"],
                child=data.get("child"),
                incident=data.get("incident"),
                review=data.get("review"),
            )
            obj.pk = placed.pk
        elif data.get("lifted_note", "").strip():
            holds.hold_lift(actor=actor, hold=obj, note=data["lifted_note"].strip())


@admin.action(description="Download the subject access export (one child)")
def export_subject_access(
    modeladmin: Any, request: HttpRequest, queryset: QuerySet[Child]
) -> HttpResponse | None:
    """Everything CRAG holds about the selected child, as a ZIP; recorded as an export."""
    if queryset.count() != 1:
        modeladmin.message_user(request, "Select exactly one child to export.", messages.WARNING)
        return None
    child = queryset.get()
    zipped = BytesIO()
    subject_access_export(actor=cast(User, request.user), child=child, output=zipped, request=request)
    response = HttpResponse(zipped.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-child-{child.pk}.zip"'
    return response
