"""factory_boy factories for referrals and CRAG's meetings (issue 19)."""

import hashlib
from datetime import date, time

import factory

from crag.tests.factories import AgencyFactory, UserFactory
from reviews.choices import AbuseSuspected, AgendaItemKind, IncidentKind, MeetingDecisionKind
from reviews.models import (
    AgendaItem,
    Meeting,
    MeetingAction,
    MeetingDecision,
    MeetingMember,
    MeetingPapers,
    MinutesAmendment,
    Referral,
)

REFERRED_ON = date(2025, 1, 13)  # a Monday
PAPERS = b"%PDF-1.7 fictional papers"


class ReferralFactory(factory.django.DjangoModelFactory[Referral]):
    class Meta:
        model = Referral

    reference = factory.Sequence(lambda n: f"REF-2025-{n + 1:03d}")
    referring_agency = factory.SubFactory(AgencyFactory)
    referred_by = factory.SubFactory(UserFactory)
    referred_on = REFERRED_ON
    kind = IncidentKind.SERIOUS_HARM
    what_happened = "A baby was admitted to hospital with a fracture."
    agency_aware_on = REFERRED_ON
    council_aware_on = REFERRED_ON
    abuse_or_neglect_suspected = AbuseSuspected.YES


class MeetingFactory(factory.django.DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    held_on = date(2025, 2, 4)
    starts_at = time(10, 0)
    ends_at = time(12, 0)
    place = "Room 2, County Hall"


class MeetingMemberFactory(factory.django.DjangoModelFactory[MeetingMember]):
    class Meta:
        model = MeetingMember

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory[AgendaItem]):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = AgendaItemKind.OTHER
    title = "Any other business"


class MeetingDecisionFactory(factory.django.DjangoModelFactory[MeetingDecision]):
    class Meta:
        model = MeetingDecision

    item = factory.SubFactory(AgendaItemFactory)
    kind = MeetingDecisionKind.OTHER
    text = "The subgroup will write to the Panel."
    recorded_by = factory.SubFactory(UserFactory)


class MeetingActionFactory(factory.django.DjangoModelFactory[MeetingAction]):
    class Meta:
        model = MeetingAction

    meeting = factory.SubFactory(MeetingFactory)
    description = "Send the Rapid Review to the Panel."
    owner_agency = factory.SubFactory(AgencyFactory)
    due_on = date(2025, 2, 11)
    created_by = factory.SubFactory(UserFactory)


class MinutesAmendmentFactory(factory.django.DjangoModelFactory[MinutesAmendment]):
    class Meta:
        model = MinutesAmendment

    meeting = factory.SubFactory(MeetingFactory)
    text = "Item 3: the police representative was present."
    reason = "Recorded as absent in error."
    made_by = factory.SubFactory(UserFactory)


class MeetingPapersFactory(factory.django.DjangoModelFactory[MeetingPapers]):
    class Meta:
        model = MeetingPapers

    meeting = factory.SubFactory(MeetingFactory)
    inputs_sha256 = hashlib.sha256(b"inputs").hexdigest()
