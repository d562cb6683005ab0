"""Reviews that reach the partnership from outside (issue 20): the Panel's national reviews and
thematic reports, domestic abuse related death reviews, safeguarding adults reviews and other
partnerships' reviews with local relevance. Their recommendations are `Recommendation` rows with
`external_review` set, so their actions sit on the one action plan."""

from typing import ClassVar

from django.db import models

from reviews.choices import ExternalReviewSource
from reviews.models.themes import Theme


class ExternalReview(models.Model):
    """A review from outside, and the partnership's local response to it (a gap analysis)."""

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True, help_text="Import reference")
    source = models.CharField(max_length=24, choices=ExternalReviewSource.choices)
    title = models.CharField(max_length=200)
    author = models.CharField("published by", max_length=200, blank=True)
    published_on = models.DateField()
    url = models.URLField("web address", blank=True)
    summary = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, related_name="external_reviews", blank=True)
    local_response = models.TextField("local response (gap analysis against local practice)", blank=True)
    response_agreed_on = models.DateField("local response agreed on", null=True, blank=True)
    # The version edit forms read and saves check (reviews/editing/versions.py): never set by hand.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-published_on", "title")
        indexes: ClassVar = [models.Index(fields=["published_on"], name="external_review_date_idx")]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(source__in=ExternalReviewSource.values),
                name="external_review_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title
