"""The access matrix's records: one object of every model the admin shows, so that object pages
exist, and every URL pattern of the site."""

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver

from crag import roles
from crag.models import Agency, Heartbeat, User
from crag.tests import (
    matrix_assurance,
    matrix_changes,
    matrix_chronology,
    matrix_contributions,
    matrix_documents,
    matrix_external,
    matrix_impact,
    matrix_learning,
    matrix_meetings,
    matrix_minutes,
    matrix_partners,
    matrix_referrals,
)
from crag.tests.factories import TEST_PASSWORD, AgencyFactory
from notifications.models import CalendarOverride
from reviews.actions import services as action_plans
from reviews.casework import lifecycle
from reviews.incidents import rapid_reviews, services
from reviews.models import (
    AnnualReport,
    AnnualReportLink,
    AnnualReportRender,
    GlossaryTerm,
    NationalComparator,
)
from reviews.retention import holds


def walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


def make_objects(make_user: Callable[..., User], admin_models: Iterable[str]) -> dict[str, object]:
    """One object of every model the admin shows (after the clients made a user in each role)."""
    Heartbeat.objects.create(name="beat", seen_at="2026-01-01T00:00:00Z")
    CalendarOverride.objects.create(date="2026-01-02", kind="holiday", reason="Extra day proclaimed")
    made = make_user(roles.BOARD_MEMBER, email="lockme@crag.test")
    attempt = Client()
    attempt.post("/accounts/login/", {"login": "nobody@crag.test", "password": "wrong-password-guess"})
    attempt.post("/accounts/login/", {"login": made.email, "password": TEST_PASSWORD})
    assert AccessAttempt.objects.exists()
    assert AccessFailureLog.objects.exists()
    assert AccessLog.objects.exists()
    chair = User.objects.filter(groups__name=roles.CRAG_CHAIR).get()
    child = services.child_create(actor=chair, pseudonym="Child A")
    incident = services.incident_create(
        actor=chair,
        kind="death",
        incident_date=date(2026, 1, 5),
        aware_date=date(2026, 1, 6),
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )
    rapid_review = rapid_reviews.rapid_review_open(actor=chair, incident=incident)
    action = rapid_reviews.safety_action_add(
        actor=chair,
        rapid_review=rapid_review,
        kind="genogram",
        description="Draw it",
        owner_agency=Agency.objects.first() or AgencyFactory(),
    )
    rapid_review.outcome = "cspr"
    rapid_review.save()
    review = rapid_reviews.review_create_from_outcome(
        actor=chair, rapid_review=rapid_review, decision_on=date(2026, 2, 1)
    )
    review.status = "in_progress"
    review.save()
    process = lifecycle.parallel_process_add(
        actor=chair, review=review, kind="inquest", started_on=date(2026, 2, 2), blocks_publication=True
    )
    lead = User.objects.filter(groups__name=roles.AGENCY_ACTION_LEAD).get()
    assert lead.agency is not None
    recommendation = action_plans.recommendation_create(
        actor=chair, review=review, text="Share information", agencies=[lead.agency]
    )
    planned = action_plans.action_create(
        actor=chair,
        recommendation=recommendation,
        description="Train staff",
        owner_agency=lead.agency,
        due_on=date(2026, 6, 1),
    )
    admin = User.objects.filter(groups__name=roles.PARTNERSHIP_ADMIN).first() or make_user(
        roles.PARTNERSHIP_ADMIN
    )
    holds.hold_place(actor=admin, reason="inquest", detail="Matrix inquest", review=review)
    report = AnnualReport.objects.create(year=2025)
    link = AnnualReportLink.objects.create(report=report, title="Matrix guidance", url="https://example.org/")
    term = GlossaryTerm.objects.create(report=report, term="CRAG", meaning="Case Review and Governance")
    NationalComparator.objects.create(year=2025, key="incidents", value=400, source="Matrix Panel report")
    render = AnnualReportRender.objects.create(report=report, inputs_sha256="x", state="done")
    render.file.save("matrix.pdf", ContentFile(b"%PDF-1.7 matrix"))
    found: dict[str, object] = {}
    matrix_documents.add_objects(found, chair, review)
    matrix_learning.add_objects(found, chair, review)
    matrix_contributions.add_objects(found, chair, review, rapid_review)
    matrix_chronology.add_objects(found, chair, review, rapid_review)
    matrix_partners.add_objects(found, chair, review, rapid_review)
    matrix_referrals.add_objects(found, chair, review, rapid_review)
    matrix_meetings.add_objects(found, chair, review, rapid_review)
    matrix_minutes.add_objects(found, chair, review, rapid_review)
    matrix_impact.add_objects(found, chair, review, rapid_review)
    matrix_changes.add_objects(found, chair, review, rapid_review)
    matrix_external.add_objects(found, chair, review, rapid_review)
    matrix_assurance.add_objects(found, chair, review, rapid_review)
    for model in admin_models:
        app_label, model_name = model.split("/")
        model_class = apps.get_model(app_label, model_name)
        found[model.replace("/", ".")] = model_class.objects.order_by("pk").values_list("pk", flat=True)[0]
    found["agency_ct"] = ContentType.objects.get_for_model(Agency).pk
    found["action"] = action.pk
    found["recommendation"] = recommendation.pk
    found["action_plan"] = planned.pk
    found["process"] = process.pk
    found["render"] = render.pk
    found["link"], found["term"] = link.pk, term.pk
    return found
