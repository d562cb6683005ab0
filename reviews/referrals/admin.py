"""The admin of referrals (issue 19): view-only. A referral is made by its agency and screened by
CRAG through their pages, where the services keep the rules (the clock, screening once, the
hand-over to an incident); it is never deleted, only decided."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from crag.admin import ReadOnlyForPartnershipAdmin
from reviews.models import Referral

if TYPE_CHECKING:  # django-stubs' generic admin class; at run time it takes no type argument
    ModelAdmin = admin.ModelAdmin[Any]
else:
    ModelAdmin = admin.ModelAdmin


@admin.register(Referral)
class ReferralAdmin(ReadOnlyForPartnershipAdmin, ModelAdmin):
    list_display = ("reference", "referring_agency", "referred_on", "decision", "screened_on", "incident")
    list_filter = ("decision", "referring_agency")
    search_fields = ("reference", "ref", "referring_agency__name", "incident__reference")
    list_select_related = ("referring_agency", "incident")
    date_hierarchy = "referred_on"
