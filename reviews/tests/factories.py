"""factory_boy factories for the domain records, one per model of reviews/models/.

Each makes a record that passes `full_clean()` (test_factories.py holds them to it), with dates
well in the past so that "not in the future" rules stay out of the way. Relations a record needs
are made with it; many-to-many relations are set only when given (`children=[...]`).
"""

import hashlib
import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.db import models

from crag.tests.factories import AgencyFactory, UserFactory
from reviews.choices import (
    DocumentKind,
    IncidentKind,
    LearningEventKind,
    LearningResourceKind,
    ParallelProcessKind,
    ReviewKind,
    ReviewStatus,
    SafetyActionKind,
)
from reviews.models import (
    Action,
    ActionUpdate,
    AgencySummary,
    AnnualReport,
    AnnualReportLink,
    AnnualReportRender,
    Child,
    Commendation,
    DecisionAmendment,
    FormSubmission,
    GlossaryTerm,
    Incident,
    LearningAttendance,
    LearningEvent,
    LearningResource,
    LegalHold,
    LifeLetter,
    NationalComparator,
    ParallelProcess,
    RapidReview,
    Recommendation,
    Review,
    ReviewDocument,
    ReviewStatusChange,
    SafetyAction,
    Theme,
)

INCIDENT_ON = date(2025, 1, 3)
AWARE_ON = date(2025, 1, 6)  # a Monday
DECIDED_ON = date(2025, 2, 3)
DOCUMENT_TEXT = b"Minutes of the review panel."


def _many(field: str) -> Any:
    """A post-generation hook setting a many-to-many relation to the records given, if any."""

    def hook(obj: models.Model, create: bool, extracted: Iterable[models.Model] | None, **kw: Any) -> None:
        if create and extracted:
            getattr(obj, field).set(extracted)

    return factory.PostGeneration(hook)


class ThemeFactory(factory.django.DjangoModelFactory[Theme]):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"test-theme-{n}")
    name = factory.Sequence(lambda n: f"Test theme {n}")


class ChildFactory(factory.django.DjangoModelFactory[Child]):
    class Meta:
        model = Child

    pseudonym = factory.Sequence(lambda n: f"Child T{n}")


class IncidentFactory(factory.django.DjangoModelFactory[Incident]):
    class Meta:
        model = Incident
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"INC-T-{n:04d}")
    kind = IncidentKind.DEATH
    incident_date = INCIDENT_ON
    aware_date = AWARE_ON
    children = _many("children")
    themes = _many("themes")


class RapidReviewFactory(factory.django.DjangoModelFactory[RapidReview]):
    class Meta:
        model = RapidReview
        skip_postgeneration_save = True

    incident = factory.SubFactory(IncidentFactory)
    themes = _many("themes")


class AgencySummaryFactory(factory.django.DjangoModelFactory[AgencySummary]):
    class Meta:
        model = AgencySummary

    rapid_review = factory.SubFactory(RapidReviewFactory)
    agency = factory.SubFactory(AgencyFactory)
    summary = "Knew the family from a school referral."


class SafetyActionFactory(factory.django.DjangoModelFactory[SafetyAction]):
    class Meta:
        model = SafetyAction

    rapid_review = factory.SubFactory(RapidReviewFactory)
    kind = SafetyActionKind.RISK_ASSESSMENT
    description = "Assess the risk to the siblings."
    owner_agency = factory.SubFactory(AgencyFactory)


class DecisionAmendmentFactory(factory.django.DjangoModelFactory[DecisionAmendment]):
    class Meta:
        model = DecisionAmendment

    rapid_review = factory.SubFactory(RapidReviewFactory)
    text = "The decision was recorded against the wrong criterion."
    reason = "A typing slip."
    made_by = factory.SubFactory(UserFactory)


class ReviewFactory(factory.django.DjangoModelFactory[Review]):
    class Meta:
        model = Review
        skip_postgeneration_save = True

    kind = ReviewKind.CSPR
    title = factory.Sequence(lambda n: f"Review of Child T{n}")
    decision_on = DECIDED_ON
    children = _many("children")
    themes = _many("themes")


class ReviewStatusChangeFactory(factory.django.DjangoModelFactory[ReviewStatusChange]):
    class Meta:
        model = ReviewStatusChange

    review = factory.SubFactory(ReviewFactory)
    from_status = ReviewStatus.SCOPING
    to_status = ReviewStatus.COMMISSIONED
    on = DECIDED_ON + timedelta(days=7)
    changed_by = factory.SubFactory(UserFactory)


class ParallelProcessFactory(factory.django.DjangoModelFactory[ParallelProcess]):
    class Meta:
        model = ParallelProcess

    review = factory.SubFactory(ReviewFactory)
    kind = ParallelProcessKind.INQUEST
    started_on = DECIDED_ON


class LifeLetterFactory(factory.django.DjangoModelFactory[LifeLetter]):
    class Meta:
        model = LifeLetter

    review = factory.SubFactory(ReviewFactory)
    child = factory.SubFactory(ChildFactory)


class ReviewDocumentFactory(factory.django.DjangoModelFactory[ReviewDocument]):
    class Meta:
        model = ReviewDocument

    review = factory.SubFactory(ReviewFactory)
    kind = DocumentKind.MINUTES
    file = factory.django.FileField(filename="minutes.txt", data=DOCUMENT_TEXT)
    original_name = "minutes.txt"
    content_type = "text/plain"
    size = len(DOCUMENT_TEXT)
    sha256 = hashlib.sha256(DOCUMENT_TEXT).hexdigest()
    uploaded_by = factory.SubFactory(UserFactory)


class RecommendationFactory(factory.django.DjangoModelFactory[Recommendation]):
    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    review = factory.SubFactory(ReviewFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Agencies share what they know of the family."
    agencies = _many("agencies")


class ActionFactory(factory.django.DjangoModelFactory[Action]):
    class Meta:
        model = Action

    recommendation = factory.SubFactory(RecommendationFactory)
    description = "Train the front door team."
    owner_agency = factory.SubFactory(AgencyFactory)
    due_on = DECIDED_ON + timedelta(days=180)


class ActionUpdateFactory(factory.django.DjangoModelFactory[ActionUpdate]):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SubFactory(UserFactory)
    text = "Half the team trained."


class LearningEventFactory(factory.django.DjangoModelFactory[LearningEvent]):
    class Meta:
        model = LearningEvent
        skip_postgeneration_save = True

    kind = LearningEventKind.LEARNING_EVENT
    title = factory.Sequence(lambda n: f"Learning event {n}")
    held_on = date(2025, 10, 7)
    themes = _many("themes")
    reviews = _many("reviews")


class LearningAttendanceFactory(factory.django.DjangoModelFactory[LearningAttendance]):
    class Meta:
        model = LearningAttendance

    event = factory.SubFactory(LearningEventFactory)
    agency = factory.SubFactory(AgencyFactory)
    count = 12


class LearningResourceFactory(factory.django.DjangoModelFactory[LearningResource]):
    class Meta:
        model = LearningResource
        skip_postgeneration_save = True

    kind = LearningResourceKind.SEVEN_MINUTE_GUIDE
    title = factory.Sequence(lambda n: f"7-minute guide {n}")
    published_on = date(2025, 6, 2)
    reviews = _many("reviews")
    recommendations = _many("recommendations")


class CommendationFactory(factory.django.DjangoModelFactory[Commendation]):
    class Meta:
        model = Commendation

    who = factory.Sequence(lambda n: f"Health visiting team {n}")
    agency = factory.SubFactory(AgencyFactory)
    what = "Followed up every missed appointment."
    commended_on = date(2025, 5, 12)


class AnnualReportFactory(factory.django.DjangoModelFactory[AnnualReport]):
    class Meta:
        model = AnnualReport
        django_get_or_create = ("year",)

    year = factory.Sequence(lambda n: 2010 + n % 40)


class AnnualReportRenderFactory(factory.django.DjangoModelFactory[AnnualReportRender]):
    class Meta:
        model = AnnualReportRender

    report = factory.SubFactory(AnnualReportFactory)
    inputs_sha256 = factory.Sequence(lambda n: hashlib.sha256(str(n).encode()).hexdigest())
    statistics = factory.LazyAttribute(lambda render: {"year": render.report.year})


class AnnualReportLinkFactory(factory.django.DjangoModelFactory[AnnualReportLink]):
    class Meta:
        model = AnnualReportLink

    report = factory.SubFactory(AnnualReportFactory)
    title = factory.Sequence(lambda n: f"Fictional national review {n}")
    url = factory.Sequence(lambda n: f"https://example.org/review-{n}")
    position = factory.Sequence(lambda n: n + 1)


class GlossaryTermFactory(factory.django.DjangoModelFactory[GlossaryTerm]):
    class Meta:
        model = GlossaryTerm

    report = factory.SubFactory(AnnualReportFactory)
    term = factory.Sequence(lambda n: f"TERM{n}")
    meaning = "A fictional term"


class NationalComparatorFactory(factory.django.DjangoModelFactory[NationalComparator]):
    class Meta:
        model = NationalComparator
        django_get_or_create = ("year", "key")

    year = factory.Sequence(lambda n: 2010 + n % 40)
    key = NationalComparator.Key.INCIDENTS
    value = Decimal(480)
    source = "Fictional: the Panel's annual report"


class FormSubmissionFactory(factory.django.DjangoModelFactory[FormSubmission]):
    class Meta:
        model = FormSubmission

    token = factory.LazyFunction(uuid.uuid4)
    user = factory.SubFactory(UserFactory)
    created = factory.SubFactory(ChildFactory)  # what the form made


class LegalHoldFactory(factory.django.DjangoModelFactory[LegalHold]):
    class Meta:
        model = LegalHold

    incident = factory.SubFactory(IncidentFactory)
    reason = LegalHold.Reason.INQUEST
    detail = "Fictional: the coroner's inquest"
    placed_by = factory.SubFactory(UserFactory)
    placed_on = AWARE_ON
