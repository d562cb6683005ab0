"""factory_boy factories for agencies' contributions (issue 18): requests for returns, their
history and documents, chronology entries, key practice episodes and partners' agreements."""

import hashlib
from datetime import date

import factory

from crag.models import PartnerRole
from crag.tests.factories import AgencyFactory, UserFactory
from reviews.choices import ContributionEventKind, ContributionKind, DatePrecision
from reviews.models import (
    ChronologyEntry,
    ContributionDocument,
    ContributionEvent,
    ContributionRequest,
    KeyPracticeEpisode,
    PartnerAgreement,
)
from reviews.tests.factories import RapidReviewFactory

REQUESTED_ON = date(2025, 1, 13)  # a Monday
DOCUMENT_TEXT = b"Agency report of the health visiting service."


class ContributionRequestFactory(factory.django.DjangoModelFactory[ContributionRequest]):
    class Meta:
        model = ContributionRequest

    rapid_review = factory.SubFactory(RapidReviewFactory)
    agency = factory.SubFactory(AgencyFactory)
    kind = ContributionKind.AGENCY_SUMMARY
    requested_on = REQUESTED_ON
    due_on = date(2025, 1, 20)
    requested_by = factory.SubFactory(UserFactory)


class ContributionEventFactory(factory.django.DjangoModelFactory[ContributionEvent]):
    class Meta:
        model = ContributionEvent

    request = factory.SubFactory(ContributionRequestFactory)
    kind = ContributionEventKind.REQUESTED
    actor = factory.SubFactory(UserFactory)
    due_on = date(2025, 1, 20)


class ContributionDocumentFactory(factory.django.DjangoModelFactory[ContributionDocument]):
    class Meta:
        model = ContributionDocument

    request = factory.SubFactory(ContributionRequestFactory)
    file = factory.django.FileField(filename="report.txt", data=DOCUMENT_TEXT)
    original_name = "report.txt"
    content_type = "text/plain"
    size = len(DOCUMENT_TEXT)
    sha256 = hashlib.sha256(DOCUMENT_TEXT).hexdigest()
    uploaded_by = factory.SubFactory(UserFactory)


class ChronologyEntryFactory(factory.django.DjangoModelFactory[ChronologyEntry]):
    class Meta:
        model = ChronologyEntry

    request = factory.SubFactory(ContributionRequestFactory, kind=ContributionKind.CHRONOLOGY)
    occurred_on = factory.Sequence(lambda n: date.fromordinal(date(2024, 1, 1).toordinal() + n % 300))
    precision = DatePrecision.EXACT
    source = "Health visiting record"
    what_happened = "New birth visit; mother's low mood noted."
    created_by = factory.SubFactory(UserFactory)


class KeyPracticeEpisodeFactory(factory.django.DjangoModelFactory[KeyPracticeEpisode]):
    class Meta:
        model = KeyPracticeEpisode

    rapid_review = factory.SubFactory(RapidReviewFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Referral from school not followed up"
    description = "The school's referral of 3 March was closed without a visit."
    analysis = "Thresholds were applied to the incident, not to the pattern."


class PartnerAgreementFactory(factory.django.DjangoModelFactory[PartnerAgreement]):
    class Meta:
        model = PartnerAgreement

    rapid_review = factory.SubFactory(RapidReviewFactory)
    partner_role = PartnerRole.POLICE
    agency = factory.SubFactory(AgencyFactory)
    agreed_by = factory.SubFactory(UserFactory)
    decision_digest = "0" * 64
