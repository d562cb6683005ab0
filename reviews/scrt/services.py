"""Writes of the review's health details that NHS England's S-CRT asks and CRAG has no other place
for: the StEIS number, the ICB's designated professional and the NHS organisations involved."""

from django.db import transaction

from crag import permissions
from crag.models import User
from reviews.editing import versions
from reviews.models import Review

HEALTH_FIELDS = ("steis_number", "designated_professional", "health_organisations")


@transaction.atomic
def review_health_update(
    *,
    actor: User,
    review: Review,
    steis_number: str,
    designated_professional: str,
    health_organisations: str,
    version: int | None = None,
) -> Review:
    """Record the review's health details for the S-CRT export (CRAG; the ICB's designated
    professional sits on CRAG). A form read at an older version changes nothing (EditConflict)."""
    permissions.require(permissions.can_export_scrt(actor))
    versions.claim(review, version)
    review = Review.objects.select_for_update().get(pk=review.pk)
    review.steis_number = steis_number.strip()
    review.designated_professional = designated_professional.strip()
    review.health_organisations = "\n".join(
        line.strip() for line in health_organisations.splitlines() if line.strip()
    )
    review.full_clean()
    review.save(update_fields=[*HEALTH_FIELDS, "updated_at"])
    return review
