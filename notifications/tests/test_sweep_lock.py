"""Two beats (or a redelivered task) never sweep at once: the sweep holds a PostgreSQL advisory
lock for its transaction and a second sweep started meanwhile skips. The reminders' unique key
already makes each reminder once; these tests show the lock itself working."""

import logging
import threading
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from crag import roles
from crag.models import Heartbeat
from notifications import services, tasks
from notifications.models import Reminder
from reviews.incidents import services as domain


def record_incident(actor, pseudonym: str) -> None:
    today = timezone.localdate()
    child = domain.child_create(actor=actor, pseudonym=pseudonym, legal_name="Secret Name")
    domain.incident_create(
        actor=actor,
        kind="death",
        incident_date=today,
        aware_date=today,
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )


@pytest.fixture
def due_reminders(make_user, monkeypatch):
    chair = make_user(roles.CRAG_CHAIR)
    make_user(roles.CRAG_MEMBER)
    for i in range(3):
        record_incident(chair, f"Child {i}")
    # Sending happens in the sweeping thread, right after its commit (no broker needed).
    monkeypatch.setattr(tasks.send_reminder, "delay", lambda pk: services.send_reminder(reminder_id=pk))


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_one_sweeps_the_other_skips_and_nothing_is_sent_twice(
    due_reminders, monkeypatch, caplog
):
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's")
    start = threading.Barrier(2)
    one_finished = threading.Event()
    real_sweep = services.sweep

    def held_sweep(*, today):
        # The sweep holding the lock waits for the other to finish, so the other certainly runs
        # while it sweeps: what keeps them apart is the lock alone.
        one_finished.wait(timeout=10)
        return real_sweep(today=today)

    monkeypatch.setattr(services, "sweep", held_sweep)
    results: list[int] = []
    errors: list[BaseException] = []

    def beat() -> None:
        try:
            start.wait(timeout=10)
            results.append(tasks.sweep_deadlines())
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()
            one_finished.set()

    with caplog.at_level(logging.INFO, logger="notifications.tasks"):
        threads = [threading.Thread(target=beat) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    skipped, swept = sorted(results)
    assert skipped == -1
    assert swept == Reminder.objects.count() > 0
    assert "sweep: skipped, another sweep is running" in caplog.messages
    message_ids = Counter(message.extra_headers["Message-ID"] for message in mail.outbox)
    assert len(message_ids) == Reminder.objects.count()
    assert set(message_ids.values()) == {1}
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
    assert Heartbeat.objects.filter(name=tasks.SWEEP_HEARTBEAT).exists()


@pytest.mark.django_db(transaction=True)
def test_a_sweep_after_one_completed_sweeps_again_and_sends_nothing_new(due_reminders):
    first = tasks.sweep_deadlines()
    sent = len(mail.outbox)

    assert first == sent > 0
    assert tasks.sweep_deadlines() == 0
    assert len(mail.outbox) == sent


@pytest.mark.django_db(transaction=True)
def test_a_sweep_skips_while_another_connection_holds_the_lock(due_reminders):
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's")
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [tasks.SWEEP_LOCK_KEY])
        assert tasks.sweep_deadlines() == -1
        assert Reminder.objects.count() == 0
        assert not Heartbeat.objects.filter(name=tasks.SWEEP_HEARTBEAT).exists()
    finally:
        other.close()  # ends its session and with it the lock
    assert tasks.sweep_deadlines() > 0


def test_the_check_deadlines_command_sweeps_through_the_same_lock_and_heartbeat(due_reminders, capsys):
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [tasks.SWEEP_LOCK_KEY])
        call_command("check_deadlines")
        assert "this one skipped" in capsys.readouterr().out
        assert not Heartbeat.objects.filter(name=tasks.SWEEP_HEARTBEAT).exists()
    finally:
        other.close()  # ends its session and with it the lock

    call_command("check_deadlines")

    assert "reminders sent" in capsys.readouterr().out
    assert Heartbeat.objects.filter(name=tasks.SWEEP_HEARTBEAT).exists()
