"""factory_boy factories for the notifications records, one per model of notifications/models.py.

Each makes a record that passes `full_clean()` (test_factories.py holds them to it).
"""

from datetime import date, timedelta

import factory

from crag.tests.factories import UserFactory
from notifications.models import CalendarFeed, CalendarOverride, CalendarOverrideKind, OutboundEmail, Reminder


class CalendarOverrideFactory(factory.django.DjangoModelFactory[CalendarOverride]):
    class Meta:
        model = CalendarOverride
        django_get_or_create = ("date",)

    date = factory.Sequence(lambda n: date(2031, 1, 1) + timedelta(days=n))
    kind = CalendarOverrideKind.HOLIDAY
    reason = "Extra bank holiday"


class ReminderFactory(factory.django.DjangoModelFactory[Reminder]):
    class Meta:
        model = Reminder

    subject_type = "incident"
    subject_id = factory.Sequence(lambda n: n + 1)
    clock = "panel_notification"
    stage = "recorded"
    recipient = factory.SubFactory(UserFactory)
    due_on = date(2025, 1, 13)
    title = factory.Sequence(lambda n: f"Notify the Panel of INC-T-{n:04d}")
    url = factory.LazyAttribute(lambda reminder: f"/incidents/{reminder.subject_id}/")


class OutboundEmailFactory(factory.django.DjangoModelFactory[OutboundEmail]):
    class Meta:
        model = OutboundEmail

    message_id = factory.Sequence(lambda n: f"<test-{n}@crag>")
    to = factory.Sequence(lambda n: f"user{n}@crag.test")
    subject = "A clock is due"
    body = "Open CRAG to see what is due."


class CalendarFeedFactory(factory.django.DjangoModelFactory[CalendarFeed]):
    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)
    token = factory.Sequence(lambda n: f"feed-token-{n:08d}")
