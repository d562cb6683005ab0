from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class FormSubmission(models.Model):
    """A create form's one-time token, recorded with what the form created, in the same
    transaction: the same form sent again (Back, then send) leads to that record instead of
    creating a second one (and a second set of clocks and reminders)."""

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Empty only inside the transaction that creates the record: the token is claimed first.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True)
    created = GenericForeignKey("content_type", "object_id")
    url = models.CharField(max_length=500, blank=True, help_text="Where the form went on to")
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.token} ({self.content_type} {self.object_id})"
