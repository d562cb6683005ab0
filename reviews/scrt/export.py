"""The S-CRT export: one row per review (and per Rapid Review that led to none) with the fields NHS
England's Safeguarding Case Review Tracker asks, for the ICB's designated professional to copy.

COLUMNS is the one definition: the CSV's header, the page's table and docs/scrt-export.md are all
its rows (a test compares the documentation with it). Never a child's identity: a review is named by
its pseudonymised title and CRAG's references only; no child's name, date of birth, address or
ethnicity is read here.
"""

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any, NamedTuple

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet

from crag import permissions
from crag.models import User
from reviews.choices import ReviewKind, ReviewStatus
from reviews.models import Incident, LearningEvent, LearningResource, RapidReview, Review, Theme

OPEN, CLOSED = "Open", "Closed"
CLOSED_STATUSES = (ReviewStatus.SIGNED_OFF, ReviewStatus.PUBLISHED, ReviewStatus.CLOSED)
THEMES = 3


class Column(NamedTuple):
    name: str  # the CSV's header
    meaning: str  # what S-CRT asks
    source: str  # how CRAG fills it


COLUMNS: tuple[Column, ...] = (
    Column(
        "StEIS number",
        "The serious incident (StEIS) number, if there is one.",
        "The review's health details (StEIS number); blank for a Rapid Review.",
    ),
    Column(
        "Local reference",
        "The partnership's own identifier for the case.",
        (
            "The incident's CRAG reference (INC-...); for a review without an incident, CRAG-R and the "
            "review's number."
        ),
    ),
    Column(
        "Case name",
        "The name the case is known by, never the child's own.",
        "The review's pseudonymised title (\"Child M\"); for a Rapid Review, its incident's reference.",
    ),
    Column(
        "Open or closed",
        "Open until the review is completed and signed off, published or embargoed.",
        (
            "Closed when the review is signed off, published or closed; a Rapid Review when it was "
            "sent to the Panel."
        ),
    ),
    Column(
        "Date added",
        "The date the case was referred to the partnership.",
        (
            "The referral's date when an agency referred it through CRAG, else the date the council "
            "became aware."
        ),
    ),
    Column(
        "Date of decision to review",
        "The date the decision to review the case was made.",
        "The review's decision to initiate; blank for a Rapid Review.",
    ),
    Column(
        "Designated professional",
        "The ICB's designated professional who keeps the record.",
        "The review's health details (designated professional).",
    ),
    Column(
        "Safeguarding partnership",
        "The name of the safeguarding partnership.",
        "The setting CRAG_PARTNERSHIP_NAME.",
    ),
    Column(
        "Incident date",
        "The date the incident happened.",
        "The incident's date (through the review's Rapid Review).",
    ),
    Column(
        "Abuse or vulnerability theme 1",
        "The case's first theme.",
        "The review's themes (a Rapid Review's: its incident's), in alphabetical order.",
    ),
    Column("Abuse or vulnerability theme 2", "The case's second theme.", "As theme 1."),
    Column(
        "Abuse or vulnerability theme 3",
        "The case's third theme.",
        "As theme 1; further themes are not sent.",
    ),
    Column(
        "Type of review",
        "Rapid Review, the kind of review, or converted when a Rapid Review became a review.",
        (
            '"Rapid Review" for a Rapid Review that led to no review; "Converted from Rapid Review" '
            "and the review's kind for a review that came from one; else the review's kind."
        ),
    ),
    Column(
        "Stage",
        "Where the review is now.",
        'The review\'s status; for a Rapid Review, its outcome or "In progress".',
    ),
    Column(
        "NHS organisations involved",
        "The NHS organisations that knew the child.",
        "The review's health details (NHS organisations), one per line joined by semicolons.",
    ),
    Column(
        "Report signed off",
        "The date the review's chair or panel signed off the report.",
        "The review's sign-off date.",
    ),
    Column("Publication date", "The date the report was published.", "The review's publication date."),
    Column("Publication link", "Where the published report is.", "The review's publication web address."),
    Column(
        "Learning disseminated",
        "How the learning was shared, for example a 7-minute briefing or learning events.",
        (
            "The learning resources and learning events linked to the review, with how many agencies "
            "each resource was sent to and each event's date."
        ),
    ),
)
HEADER: tuple[str, ...] = tuple(column.name for column in COLUMNS)


def _themes(themes: Iterable[Theme]) -> list[str]:
    names = sorted(theme.name for theme in themes)[:THEMES]
    return names + [""] * (THEMES - len(names))


def _date_added(incident: Incident | None, fallback: date | None) -> date | None:
    if incident is None:
        return fallback
    referral = getattr(incident, "referral", None)
    return referral.referred_on if referral is not None else incident.aware_date


def _sent_to(resource: LearningResource) -> str:
    """How many agencies the resource was sent to (annotated by _reviews)."""
    agencies: int = getattr(resource, "sent_to", 0)
    return f" (sent to {agencies} agenc{'y' if agencies == 1 else 'ies'})" if agencies else ""


def _learning(review: Review) -> str:
    shared = [f"{r.get_kind_display()}: {r.title}{_sent_to(r)}" for r in review.learning_resources.all()]
    shared += [
        f"{e.get_kind_display()}: {e.title} ({e.held_on:%-d %B %Y})" for e in review.learning_events.all()
    ]
    return "; ".join(shared)


def _review_type(review: Review) -> str:
    kind = ReviewKind(review.kind).label
    return f"Converted from Rapid Review: {kind}" if review.rapid_review_id else kind


def review_row(review: Review) -> dict[str, object]:
    """A review's row, by column name."""
    incident = review.rapid_review.incident if review.rapid_review is not None else None
    closed = review.status in CLOSED_STATUSES or review.signed_off_on or review.published_on
    themes = _themes(review.themes.all())
    return {
        "StEIS number": review.steis_number,
        "Local reference": incident.reference if incident is not None else f"CRAG-R{review.pk}",
        "Case name": review.title,
        "Open or closed": CLOSED if closed else OPEN,
        "Date added": _date_added(incident, review.decision_on),
        "Date of decision to review": review.decision_on,
        "Designated professional": review.designated_professional,
        "Safeguarding partnership": settings.CRAG_PARTNERSHIP_NAME,
        "Incident date": incident.incident_date if incident is not None else None,
        "Abuse or vulnerability theme 1": themes[0],
        "Abuse or vulnerability theme 2": themes[1],
        "Abuse or vulnerability theme 3": themes[2],
        "Type of review": _review_type(review),
        "Stage": review.get_status_display(),
        "NHS organisations involved": "; ".join(
            line.strip() for line in review.health_organisations.splitlines() if line.strip()
        ),
        "Report signed off": review.signed_off_on,
        "Publication date": review.published_on,
        "Publication link": review.publication_url,
        "Learning disseminated": _learning(review),
    }


def rapid_review_row(rapid_review: RapidReview) -> dict[str, object]:
    """A Rapid Review that led to no review, by column name (S-CRT counts them too)."""
    incident = rapid_review.incident
    themes = _themes(incident.themes.all())
    return dict.fromkeys(HEADER, "") | {
        "Local reference": incident.reference,
        "Case name": f"Rapid Review {incident.reference}",
        "Open or closed": CLOSED if rapid_review.sent_to_panel_on else OPEN,
        "Date added": _date_added(incident, None),
        "Safeguarding partnership": settings.CRAG_PARTNERSHIP_NAME,
        "Incident date": incident.incident_date,
        "Abuse or vulnerability theme 1": themes[0],
        "Abuse or vulnerability theme 2": themes[1],
        "Abuse or vulnerability theme 3": themes[2],
        "Type of review": "Rapid Review",
        "Stage": rapid_review.get_outcome_display() if rapid_review.outcome else "In progress",
    }


def _reviews(user: User) -> QuerySet[Review]:
    resources = LearningResource.objects.annotate(sent_to=Count("disseminations")).order_by("title", "id")
    return (
        Review.objects.restrict(user, "view")
        .select_related("rapid_review__incident__referral")
        .prefetch_related(
            "themes",
            Prefetch("learning_resources", queryset=resources),
            Prefetch("learning_events", queryset=LearningEvent.objects.order_by("held_on", "id")),
        )
        .order_by("decision_on", "id")
    )


def _rapid_reviews(user: User) -> QuerySet[RapidReview]:
    return (
        RapidReview.objects.restrict(user, "view")
        .filter(reviews__isnull=True)
        .select_related("incident__referral")
        .prefetch_related("incident__themes")
        .order_by("incident__aware_date", "id")
    )


def scrt_rows(*, user: User, filters: Mapping[str, Any] | None = None) -> list[dict[str, object]]:
    """Every row the export holds, filtered by the year the case was added and open or closed."""
    permissions.require(permissions.can_export_scrt(user))
    filters = filters or {}
    rows = [review_row(r) for r in _reviews(user)] + [rapid_review_row(r) for r in _rapid_reviews(user)]
    year, status = filters.get("year"), filters.get("status")

    def wanted(row: dict[str, object]) -> bool:
        added = row["Date added"]
        in_year = not year or (isinstance(added, date) and added.year == int(year))
        return in_year and (not status or row["Open or closed"] == status)

    return [row for row in rows if wanted(row)]


def csv_lines(rows: Iterable[Mapping[str, object]]) -> Iterator[list[object]]:
    """The rows in the order of the columns (a missing column is a mistake here, not a blank)."""
    for row in rows:
        yield ["" if row[name] is None else row[name] for name in HEADER]
