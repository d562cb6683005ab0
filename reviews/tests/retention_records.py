"""Records for the retention tests: two incidents past their period (one on legal hold), one not
yet due, and a case review closed long ago with a document, each naming its own child."""

from dataclasses import dataclass
from datetime import date

from auditlog.models import LogEntry
from django.apps import apps
from django.core import serializers
from django.utils import timezone

from crag import roles
from crag.models import AuditEvent, User
from crag.tests.factories import UserFactory
from reviews.models import Child, Incident, LegalHold, Review, ReviewDocument
from reviews.retention import holds
from reviews.tests.factories import (
    ChildFactory,
    IncidentFactory,
    LifeLetterFactory,
    ReviewDocumentFactory,
    ReviewFactory,
)

TODAY = "2026-12-02 09:00"  # the fixed clock: incidents of 2000 are past 25 years, of 2020 not


@dataclass
class World:
    admin: User
    old: Incident
    held: Incident
    recent: Incident
    review: Review
    document: ReviewDocument
    hold: LegalHold

    def child(self, record: Incident | Review) -> Child:
        return Child.objects.get(pk=record.children.get().pk)


def _child(name: str) -> Child:
    return ChildFactory.create(
        legal_name=name,
        date_of_birth=date(1995, 3, 1),
        address="1 High Street",
        case_summary=f"{name} was hurt",
    )


def _incident(name: str, aware: date) -> Incident:
    return IncidentFactory.create(
        incident_date=aware, aware_date=aware, summary=f"{name} was found injured", children=[_child(name)]
    )


def make_world() -> World:
    admin = UserFactory(roles=[roles.PARTNERSHIP_ADMIN])
    old = _incident("Alice Old", date(2000, 1, 5))
    held = _incident("Harry Held", date(2000, 2, 5))
    recent = _incident("Rita Recent", date(2020, 6, 1))
    review = ReviewFactory(
        decision_on=date(1948, 1, 1),
        closed_on=date(1950, 1, 1),
        family_engagement_notes="Met Carol Closed's mother",
        children=[_child("Carol Closed")],
    )
    LifeLetterFactory(review=review, child=review.children.get(), notes="Letter to Carol")
    document = ReviewDocumentFactory(review=review)
    hold = holds.hold_place(
        actor=admin, reason="inquest", detail="Coroner's inquest", incident=held, placed_on=date(2026, 1, 1)
    )
    return World(admin, old, held, recent, review, document, hold)


def database_dump() -> str:
    """Every row of every record CRAG keeps, and of the audit trail, as one string."""
    rows = []
    models = [*apps.get_app_config("reviews").get_models(), LogEntry, AuditEvent]
    for model in models:
        rows.append(serializers.serialize("json", model._default_manager.all().order_by("pk")))
    return "\n".join(rows)


def retention_entries() -> list[LogEntry]:
    return [e for e in LogEntry.objects.order_by("pk") if (e.additional_data or {}).get("retention")]


def now() -> date:
    return timezone.localdate()
