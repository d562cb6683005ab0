"""factory_boy factories for learning into practice and the register of external reviews (issue 20)."""

from datetime import date

import factory

from crag.tests.factories import AgencyFactory, UserFactory
from reviews.choices import AssuranceKind, ExternalReviewSource, ResourceUseKind
from reviews.models import AssuranceActivity, Dissemination, ExternalReview, Recommendation, ResourceUse
from reviews.tests.factories import LearningResourceFactory, _many

SENT_ON = date(2025, 7, 1)


class DisseminationFactory(factory.django.DjangoModelFactory[Dissemination]):
    class Meta:
        model = Dissemination

    resource = factory.SubFactory(LearningResourceFactory)
    agency = factory.SubFactory(AgencyFactory)
    sent_on = SENT_ON
    sent_by = factory.SubFactory(UserFactory)


class ResourceUseFactory(factory.django.DjangoModelFactory[ResourceUse]):
    class Meta:
        model = ResourceUse

    dissemination = factory.SubFactory(DisseminationFactory)
    how = ResourceUseKind.TEAM_MEETING
    used_from = date(2025, 7, 15)
    reach = 12
    evidence = "Discussed at the July team meeting; minutes kept."
    recorded_by = factory.SubFactory(UserFactory)


class AssuranceActivityFactory(factory.django.DjangoModelFactory[AssuranceActivity]):
    """Planned, not yet done; pass completed_on, findings and practice_changed to complete it."""

    class Meta:
        model = AssuranceActivity
        skip_postgeneration_save = True

    kind = AssuranceKind.MULTI_AGENCY_AUDIT
    title = factory.Sequence(lambda n: f"Multi-agency audit {n}")
    planned_on = date(2026, 1, 15)
    created_by = factory.SubFactory(UserFactory)
    agencies = _many("agencies")
    recommendations = _many("recommendations")
    themes = _many("themes")


class ExternalReviewFactory(factory.django.DjangoModelFactory[ExternalReview]):
    class Meta:
        model = ExternalReview
        skip_postgeneration_save = True

    source = ExternalReviewSource.NATIONAL_REVIEW
    title = factory.Sequence(lambda n: f"National review {n}")
    author = "Child Safeguarding Practice Review Panel"
    published_on = date(2025, 3, 3)
    themes = _many("themes")


class ExternalRecommendationFactory(factory.django.DjangoModelFactory[Recommendation]):
    """A recommendation of an external review (its actions are ActionFactory(recommendation=...))."""

    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    review = None
    external_review = factory.SubFactory(ExternalReviewFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Partners check local practice on safe sleep against the national findings."
    agencies = _many("agencies")
