from django.db import models


class Theme(models.Model):
    """A theme of the taxonomy (neglect, domestic abuse...): slugs are stable, labels editable."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    active = models.BooleanField(default=True, help_text="Inactive themes stay on old records only.")

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name
