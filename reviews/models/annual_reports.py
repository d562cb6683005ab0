from typing import ClassVar

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Lower

from reviews.storage import PrivateStorage

# The narrative sections, in the order of DESIGN.md section 5: (field, heading).
NARRATIVE_SECTIONS = (
    ("introduction", "Introduction"),
    ("local_context", "Local context"),
    ("national_context", "National context"),
    ("reviews_narrative", "Reviews: patterns and trends"),
    ("learning", "Learning from reviews"),
    ("views_of_children_and_families", "Views of children and families"),
    ("views_of_practitioners", "Views of practitioners"),
    ("publication", "Publication"),
    ("conclusion", "Conclusion and recommendations to the board"),
)


class AnnualReport(models.Model):
    """The subgroup's annual report for a reporting year (1 April Y to 31 March Y+1): its cover
    and narrative, edited in the browser; the numbers come from reviews.annual_report.statistics."""

    year = models.PositiveSmallIntegerField(
        unique=True, help_text="Y for the year Y/Y+1, e.g. 2019 for 2019/20"
    )
    published_on = models.DateField(null=True, blank=True)
    # Cover.
    title = models.CharField(max_length=200, blank=True)
    report_date = models.DateField("date of the report", null=True, blank=True)
    lead_officer = models.CharField(max_length=200, blank=True)
    contact = models.CharField(max_length=200, blank=True, help_text="An email address or telephone number")
    # Narrative.
    introduction = models.TextField(blank=True)
    local_context = models.TextField(blank=True)
    national_context = models.TextField(blank=True)
    reviews_narrative = models.TextField(
        "reviews: patterns and trends", blank=True, help_text="Local trends beside the national picture"
    )
    learning = models.TextField(blank=True)
    views_of_children_and_families = models.TextField(blank=True)
    views_of_practitioners = models.TextField(blank=True)
    publication = models.TextField(blank=True)
    conclusion = models.TextField(blank=True)
    # The version edit forms read and saves check (reviews/editing/versions.py): never set by hand.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"Annual report {self.year}/{str(self.year + 1)[-2:]}"

    @property
    def label(self) -> str:
        return f"{self.year}/{str(self.year + 1)[-2:]}"

    @property
    def display_title(self) -> str:
        return self.title or f"Case Review and Governance subgroup annual report {self.label}"


class AnnualReportRender(models.Model):
    """One PDF of a report, made by the worker: its progress, then the file, its checksum and the
    statistics it was built from. A render of unchanged inputs is reused, not made again. The row
    is the record of the work (reviews/annual_report/service.py): the broker only carries a nudge,
    and the render sweep nudges again whatever was never handed over or went quiet."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="renders")
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    inputs_sha256 = models.CharField(max_length=64, help_text="Of the statistics and the narrative")
    statistics = models.JSONField(default=dict)
    file = models.FileField(storage=PrivateStorage(), upload_to="annual-reports/", max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When the broker last took a nudge for it; empty: never"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="The rendering worker's last sign of life"
    )
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Times a worker has taken it")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-requested_at", "-id")
        indexes: ClassVar = [models.Index(fields=["report", "inputs_sha256"], name="render_inputs_idx")]

    def __str__(self) -> str:
        return f"{self.report} ({self.get_state_display().lower()})"


class AnnualReportLink(models.Model):
    """An entry of the report's Appendix B: a national review or report of the year, or guidance.
    A report starts from the current national guidance (reviews.annual_report.content)."""

    class Kind(models.TextChoices):
        NATIONAL_REVIEW = "national_review", "National review or report of the year"
        GUIDANCE = "guidance", "Guidance"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GUIDANCE)
    title = models.CharField(max_length=300)
    url = models.URLField("web address", max_length=500, validators=[URLValidator(schemes=["https"])])
    published_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order within its kind")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ("kind", "position", "id")

    def __str__(self) -> str:
        return self.title


class GlossaryTerm(models.Model):
    """A term of the report's glossary and its meaning in plain words; one entry per term
    whatever its capitals."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="glossary")
    term = models.CharField(max_length=120)
    meaning = models.TextField()
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = (Lower("term"), "id")
        constraints: ClassVar = [
            models.UniqueConstraint(
                "report",
                Lower("term"),
                name="glossary_term_unique_per_report",
                violation_error_message="The glossary already has this term",
            )
        ]

    def __str__(self) -> str:
        return self.term


class NationalComparator(models.Model):
    """A national figure the Child Safeguarding Practice Review Panel published for a reporting
    year, shown beside ours in the report's trends. Entered by a partnership admin."""

    class Key(models.TextChoices):
        INCIDENTS = "incidents", "Serious incidents notified"
        RAPID_REVIEWS = "rapid_reviews", "Rapid Reviews"
        MET_CSPR_CRITERIA = "met_cspr_criteria", "Rapid Reviews meeting the criteria for a CSPR"
        REVIEWS = "reviews", "Case reviews worked on"
        PUBLISHED = "published", "Reviews published"
        NOTIFIED_ON_TIME = "notified_on_time", "Panel notified within 5 working days"
        NOTIFIED_LATE = "notified_late", "Panel notified late"

    year = models.PositiveSmallIntegerField(help_text="Y for the year Y/Y+1, e.g. 2019 for 2019/20")
    key = models.CharField("figure", max_length=20, choices=Key.choices)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.TextField(
        help_text="Where the Panel published it: the report's title and page, or its address"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ("-year", "key")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("year", "key"),
                name="national_comparator_unique_per_year",
                violation_error_message="This year already has this figure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} {self.year}/{str(self.year + 1)[-2:]}"
