"""Key practice episodes of a Rapid Review with their analysis (the Panel's Rapid Review template).
Numbered in order; like the decision, fixed once the chair signs off (corrections are amendments).
Each write moves the Rapid Review's version on, as its other sub-records do."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from crag import permissions
from crag.models import Agency, User
from reviews import validation
from reviews.editing import versions
from reviews.models import KeyPracticeEpisode, RapidReview

SIGNED_OFF = (
    "The decision has been signed off, so its key practice episodes cannot change. "
    "Record an amendment instead."
)


def _open(rapid_review: RapidReview, version: int | None) -> RapidReview:
    """Claim the Rapid Review's version and refuse once it is signed off."""
    versions.claim(rapid_review, version)
    locked = RapidReview.objects.select_for_update().get(pk=rapid_review.pk)
    if locked.is_signed_off:
        raise ValidationError(SIGNED_OFF)
    return locked


def _save(episode: KeyPracticeEpisode, agencies: Iterable[Agency]) -> KeyPracticeEpisode:
    validation.require_not_in_future(episode.occurred_on, field="occurred_on")
    episode.full_clean()
    episode.save()
    episode.agencies.set(list(agencies))
    return episode


@transaction.atomic
def key_episode_add(
    *,
    actor: User,
    rapid_review: RapidReview,
    title: str,
    description: str,
    analysis: str = "",
    occurred_on: date | None = None,
    agencies: Iterable[Agency] = (),
    version: int | None = None,
) -> KeyPracticeEpisode:
    """Add a key practice episode, numbered after the last one."""
    permissions.require(bool(permissions.can_do_crag_work(actor)))
    rapid_review = _open(rapid_review, version)
    last = rapid_review.key_episodes.aggregate(last=Max("number"))["last"] or 0
    episode = KeyPracticeEpisode(
        rapid_review=rapid_review,
        number=last + 1,
        title=title.strip(),
        description=description.strip(),
        analysis=analysis.strip(),
        occurred_on=occurred_on,
    )
    return _save(episode, agencies)


@transaction.atomic
def key_episode_edit(
    *,
    actor: User,
    episode: KeyPracticeEpisode,
    title: str,
    description: str,
    analysis: str = "",
    occurred_on: date | None = None,
    agencies: Iterable[Agency] = (),
    version: int | None = None,
) -> KeyPracticeEpisode:
    """Change a key practice episode (its number stays)."""
    permissions.require(bool(permissions.can_do_crag_work(actor)))
    _open(episode.rapid_review, version)
    episode.title, episode.description = title.strip(), description.strip()
    episode.analysis, episode.occurred_on = analysis.strip(), occurred_on
    return _save(episode, agencies)


@transaction.atomic
def key_episode_delete(*, actor: User, episode: KeyPracticeEpisode, version: int | None = None) -> None:
    """Delete a key practice episode; those after it move up a number, so the list stays 1, 2, 3."""
    permissions.require(bool(permissions.can_do_crag_work(actor)))
    rapid_review = _open(episode.rapid_review, version)
    number = episode.number
    episode.delete()
    for later in rapid_review.key_episodes.filter(number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])
