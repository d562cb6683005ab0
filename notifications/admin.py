from django.contrib import admin

from crag.admin import PartnershipAdminOnly
from notifications.models import CalendarOverride


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(PartnershipAdminOnly, admin.ModelAdmin):
    list_display = ("date", "kind", "reason", "created_at")
    list_filter = ("kind",)
    search_fields = ("reason",)
    date_hierarchy = "date"
