"""One-time tokens of create forms: a form sent twice creates its record once (issue 12).

The token is claimed (a row unique on it) in the transaction that creates the record, before
anything else is written: of two sends of one form, the second waits on the first's row and then
finds it taken, so it writes nothing and leads to what the first created.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models

from crag.models import User
from reviews.models import FormSubmission


def parse(value: str | None) -> uuid.UUID | None:
    """The token a form sent back, or None when it sent none (or something else)."""
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return None


def earlier(*, user: User, token: uuid.UUID) -> FormSubmission | None:
    """This user's earlier successful send of the same form, if any."""
    return FormSubmission.objects.filter(token=token, user=user).exclude(url="").first()


def claim(*, user: User, token: uuid.UUID) -> FormSubmission:
    """Claim the token; raises IntegrityError when another send of the same form has it.
    Call inside the create's transaction, before the create."""
    return FormSubmission.objects.create(token=token, user=user)


def record(submission: FormSubmission, *, created: models.Model, url: str) -> None:
    """What the claimed send created, and the page it went on to."""
    submission.content_type = ContentType.objects.get_for_model(created)
    submission.object_id = created.pk
    submission.url = url
    submission.save(update_fields=["content_type", "object_id", "url"])
