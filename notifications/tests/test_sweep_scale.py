"""The sweep over 100,000 open clocks: a bounded number of queries, and the same reminders as a
sweep that looks at every clock (the narrowing in SQL changes what is read, not what is sent)."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crag import roles
from crag.tests.factories import AgencyFactory
from notifications import services
from notifications.models import Reminder
from reviews import clocks
from reviews.choices import ActionStatus
from reviews.models import Action, Recommendation, Review

TODAY = date(2026, 11, 25)  # a Wednesday, not a holiday
OPEN_CLOCKS = 100_000


def open_actions(n: int, agencies, seed: int = 7) -> None:
    """n open actions: most due in the months ahead, some due in the next days, some overdue."""
    rng = random.Random(seed)
    review = Review.objects.create(kind="cspr", title="Child Load", decision_on=date(2025, 1, 6))
    recommendation = Recommendation.objects.create(review=review, number=1, text="Load")
    offsets = [rng.randint(-30, 365) if rng.random() < 0.02 else rng.randint(3, 365) for _ in range(n)]
    Action.objects.bulk_create(
        (
            Action(
                recommendation=recommendation,
                description=f"Load action {i}",
                owner_agency=agencies[i % len(agencies)],
                due_on=TODAY + timedelta(days=offsets[i]),
                status=ActionStatus.IN_PROGRESS if i % 2 else ActionStatus.NOT_STARTED,
            )
            for i in range(n)
        ),
        batch_size=5000,
    )


@pytest.mark.django_db
def test_the_sweep_over_100000_open_clocks_runs_in_a_bounded_number_of_queries(make_user):
    agencies = [AgencyFactory(name=f"Agency {i}") for i in range(8)]
    for agency in agencies:
        make_user(roles.AGENCY_ACTION_LEAD, agency=agency)
    make_user(roles.BUSINESS_GROUP)
    open_actions(OPEN_CLOCKS, agencies)
    assert Action.objects.filter(status__in=["not_started", "in_progress"]).count() == OPEN_CLOCKS

    with CaptureQueriesContext(connection) as first:
        services.sweep(today=TODAY)
    made = Reminder.objects.count()
    assert made > 0
    # Reads are a fixed handful and one per kind of record the clock registry reads (not per
    # record); writes go in batches of services.BATCH reminders.
    reads = 11 + len(clocks.RECORDS)
    assert len(first.captured_queries) <= reads + made // services.BATCH + 1
    with CaptureQueriesContext(connection) as again:
        services.sweep(today=TODAY)
    assert Reminder.objects.count() == made
    assert len(again.captured_queries) <= reads


@pytest.mark.django_db
def test_narrowing_in_sql_sends_what_looking_at_every_clock_would(make_user, monkeypatch):
    from notifications import deadlines

    agencies = [AgencyFactory(name=f"Agency {i}") for i in range(3)]
    for agency in agencies:
        make_user(roles.AGENCY_ACTION_LEAD, agency=agency)
    make_user(roles.BUSINESS_GROUP)
    open_actions(3000, agencies, seed=11)
    Action.objects.filter(pk__in=Action.objects.order_by("pk").values("pk")[:50]).update(
        due_on=TODAY - timedelta(days=3)
    )
    friday = date(2026, 11, 27)
    for today in (TODAY, TODAY + timedelta(days=1), friday, friday + timedelta(days=1)):
        services.sweep(today=today)
    narrowed = set(Reminder.objects.values_list("subject_id", "clock", "stage", "recipient_id"))
    Reminder.objects.all().delete()
    monkeypatch.setattr(
        services, "actions_at_a_stage", lambda day, _stages: deadlines.actions_with_open_clocks(day.on)
    )
    for today in (TODAY, TODAY + timedelta(days=1), friday, friday + timedelta(days=1)):
        services.sweep(today=today)
    everything = set(Reminder.objects.values_list("subject_id", "clock", "stage", "recipient_id"))
    assert narrowed == everything
    assert any(stage.startswith("overdue:") for _, _, stage, _ in narrowed)
    assert any(stage == "day_before" for _, _, stage, _ in narrowed)
