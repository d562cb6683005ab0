"""The deadline sweep: stages, recipients, once-only reminders, sending, and the in-app list."""

import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from crag import roles
from notifications import services
from notifications.calendar import NO_OVERRIDES
from notifications.models import Reminder
from reviews import clocks
from reviews.clocks import Clock
from reviews.incidents import rapid_reviews
from reviews.incidents import services as domain

ALL_STAGES = frozenset({"recorded", "day_before", "due_day", "overdue"})


# --- The pure stage rule --------------------------------------------------------------------

# Due Monday 1 December 2025; Friday 28 November is the working day before.
CLOCK = Clock("panel_notification", "Notify the Panel", date(2025, 12, 1))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 11, 25), ["recorded"]),
        (date(2025, 11, 28), ["day_before"]),
        (date(2025, 11, 29), ["day_before"]),  # the weekend before a Monday
        (date(2025, 12, 1), ["due_day"]),
        (date(2025, 12, 2), ["overdue:2025-12-02"]),
        (date(2025, 12, 6), []),  # Saturday: escalations repeat on working days
        (date(2025, 12, 8), ["overdue:2025-12-08"]),
    ],
)
def test_due_stages_follow_the_working_days_around_the_due_date(today, expected):
    """One stage a day: the one the clock is in (a clock first seen late gets only that one)."""
    assert clocks.due_stages(CLOCK, today=today, enabled=ALL_STAGES, overrides=NO_OVERRIDES) == expected


def test_a_done_clock_has_no_reminders():
    done = Clock("panel_notification", "Notify the Panel", date(2025, 12, 1), done_on=date(2025, 12, 3))
    assert clocks.due_stages(done, today=date(2025, 12, 8), enabled=ALL_STAGES, overrides=NO_OVERRIDES) == []


def test_disabled_stages_are_not_sent():
    enabled = frozenset({"overdue"})
    assert clocks.due_stages(CLOCK, today=date(2025, 12, 2), enabled=enabled, overrides=NO_OVERRIDES) == [
        "overdue:2025-12-02"
    ]
    assert clocks.due_stages(CLOCK, today=date(2025, 12, 1), enabled=enabled, overrides=NO_OVERRIDES) == []


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 12, 2), ["overdue:2025-12-02"]),  # the first working day overdue
        (date(2025, 12, 3), []),
        (date(2025, 12, 31), []),
        (date(2026, 1, 2), ["overdue:2026-01-02"]),  # 20 working days on (not 25, 26 Dec or 1 Jan)
    ],
)
def test_overdue_every_twenty_working_days_reminds_monthly(today, expected):
    stages = clocks.due_stages(
        CLOCK, today=today, enabled=ALL_STAGES, overrides=NO_OVERRIDES, overdue_every=20
    )
    assert stages == expected


def test_the_day_before_a_monday_after_boxing_day_is_christmas_eve():
    assert clocks.previous_working_day(date(2025, 12, 29), NO_OVERRIDES) == date(2025, 12, 24)


# --- The sweep ------------------------------------------------------------------------------


@pytest.fixture
def people(make_user):
    return {
        "chair": make_user(roles.CRAG_CHAIR),
        "member": make_user(roles.CRAG_MEMBER),
        "admin": make_user(roles.PARTNERSHIP_ADMIN),
        "board": make_user(roles.BOARD_MEMBER),
    }


def record_incident(actor, aware: date, pseudonym: str = "Child S"):
    child = domain.child_create(actor=actor, pseudonym=pseudonym, legal_name="Secret Name")
    return domain.incident_create(
        actor=actor,
        kind="death",
        incident_date=aware,
        aware_date=aware,
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )


def test_recording_an_incident_makes_due_by_reminders_for_the_subgroup(people):
    today = timezone.localdate()
    incident = record_incident(people["chair"], today)

    services.sweep(today=today)

    reminders = Reminder.objects.filter(subject_id=incident.pk, clock="panel_notification")
    assert {r.recipient for r in reminders} == {people["chair"], people["member"]}
    assert {r.stage for r in reminders} == {"recorded"}
    assert all("Child S" in r.title and "Secret Name" not in r.title for r in reminders)


def test_the_sweep_twice_in_a_row_makes_nothing_new(people):
    today = timezone.localdate()
    record_incident(people["chair"], today)
    services.sweep(today=today)
    before = Reminder.objects.count()
    services.sweep(today=today)
    assert Reminder.objects.count() == before > 0


def test_overdue_escalates_to_the_chair_and_the_partnership_admin(people):
    today = date(2025, 12, 8)  # a Monday
    incident = record_incident(people["chair"], date(2025, 11, 20))

    services.sweep(today=today)

    overdue = Reminder.objects.filter(
        subject_id=incident.pk, clock="panel_notification", stage__startswith="overdue"
    )
    assert {r.recipient for r in overdue} == {people["chair"], people["admin"]}
    assert {r.stage for r in overdue} == {"overdue:2025-12-08"}


def test_reminders_stop_the_moment_the_thing_is_done(people):
    aware = timezone.localdate() - timedelta(days=1)
    incident = record_incident(people["chair"], aware)
    services.sweep(today=aware)
    domain.incident_record_notifications(
        actor=people["chair"],
        incident=incident,
        dates={"panel_notified_on": aware, "partnership_informed_on": aware},
    )
    before = set(Reminder.objects.filter(clock="panel_notification").values_list("id", flat=True))

    services.sweep(today=aware + timedelta(days=30))

    after = set(Reminder.objects.filter(clock="panel_notification").values_list("id", flat=True))
    assert after == before


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_make_each_reminder_once(people):
    today = timezone.localdate()
    for i in range(5):
        record_incident(people["chair"], today, pseudonym=f"Child {i}")
    errors: list[BaseException] = []

    def run() -> None:
        try:
            services.sweep(today=today)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    keys = list(Reminder.objects.values_list("subject_id", "clock", "stage", "recipient_id"))
    assert len(keys) == len(set(keys)) > 0


# --- Sending --------------------------------------------------------------------------------


def test_a_reminder_is_emailed_once_with_a_stable_message_id(people):
    today = timezone.localdate()
    record_incident(people["chair"], today)
    services.sweep(today=today)
    reminder = Reminder.objects.filter(recipient=people["member"], clock="panel_notification").get()

    assert services.send_reminder(reminder_id=reminder.pk) is True
    assert services.send_reminder(reminder_id=reminder.pk) is False

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [people["member"].email]
    assert message.extra_headers["Message-ID"] == reminder.message_id
    assert "Due by" in message.subject
    assert "Secret Name" not in message.body


def test_check_deadlines_command_sweeps_and_sends(people, capsys):
    record_incident(people["chair"], timezone.localdate())
    call_command("check_deadlines")
    assert "reminders sent" in capsys.readouterr().out
    assert len(mail.outbox) == Reminder.objects.filter(sent_at__isnull=False).count() > 0
    call_command("check_deadlines")
    assert len(mail.outbox) == Reminder.objects.count()


def test_the_sweep_task_queues_unsent_reminders_after_commit(
    people, django_capture_on_commit_callbacks, settings
):
    from notifications import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = False
    record_incident(people["chair"], timezone.localdate())
    sent: list[int] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks.send_reminder, "delay", sent.append)
        with django_capture_on_commit_callbacks(execute=True):
            queued = tasks.sweep_deadlines()
    assert queued == len(sent) == Reminder.objects.count() > 0
    assert Reminder.objects.filter(queued_at__isnull=True).count() == 0


# --- In the browser -------------------------------------------------------------------------


def test_the_bell_counts_unread_and_the_list_marks_them_read(client, people, sign_in):
    today = timezone.localdate()
    record_incident(people["chair"], today)
    services.sweep(today=today)
    sign_in(client, people["member"])

    unread = Reminder.objects.filter(recipient=people["member"]).count()
    clocks_told = set(Reminder.objects.filter(recipient=people["member"]).values_list("clock", flat=True))
    assert clocks_told >= {"panel_notification", "partnership_informed", "rapid_review"}
    assert f"Notifications ({unread} new)" in client.get("/").content.decode()
    page = client.get("/notifications/")
    assert page.status_code == 200
    reminder = Reminder.objects.filter(recipient=people["member"]).earliest("id")
    opened = client.post(f"/notifications/{reminder.pk}/read/", {"next": "open"})
    assert opened["Location"] == reminder.url
    client.post("/notifications/read-all/")
    assert "Notifications (" not in client.get("/").content.decode()


def test_nobody_can_read_anothers_notification(client, people, sign_in):
    today = timezone.localdate()
    record_incident(people["chair"], today)
    services.sweep(today=today)
    sign_in(client, people["board"])
    theirs = Reminder.objects.filter(recipient=people["member"]).earliest("id")
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notification_list_query_count_stays_flat(client, people, sign_in):
    from conftest import queries_for

    sign_in(client, people["member"])
    today = timezone.localdate()
    record_incident(people["chair"], today, pseudonym="Child 0")
    services.sweep(today=today)
    client.get("/notifications/")
    few = queries_for(client, "/notifications/")
    for i in range(1, 15):
        record_incident(people["chair"], today, pseudonym=f"Child {i}")
    services.sweep(today=today)
    assert queries_for(client, "/notifications/") == few


# --- The Panel's response and the CSPR's six months -------------------------------------------


@pytest.mark.parametrize(
    ("decided", "due"),
    [
        (date(2026, 1, 15), date(2026, 7, 15)),
        (date(2025, 8, 31), date(2026, 2, 28)),  # no 31 February: the month's last day
        (date(2027, 8, 31), date(2028, 2, 29)),  # a leap year
        (date(2026, 10, 1), date(2027, 4, 1)),  # over the year end
    ],
)
def test_a_cspr_is_due_six_calendar_months_after_the_decision(decided, due):
    from reviews.models import Review

    review = Review(kind="cspr", decision_on=decided)
    clock = clocks.Day.counting_on(decided, NO_OVERRIDES).clock(clocks.CSPR_PUBLICATION, review)
    assert clock is not None
    assert clock.due == due


def test_an_unpublished_cspr_is_swept_and_a_published_one_is_not(people):
    from reviews.models import Review

    late = Review.objects.create(kind="cspr", title="Child L", decision_on=date(2025, 1, 6))
    Review.objects.create(
        kind="cspr",
        title="Child P",
        decision_on=date(2025, 1, 6),
        status="published",
        published_on=date(2025, 6, 1),
    )
    services.sweep(today=date(2025, 7, 8))

    reminders = Reminder.objects.filter(subject_type="review")
    assert {r.subject_id for r in reminders} == {late.pk}
    assert {r.stage for r in reminders} == {"overdue:2025-07-08"}  # first seen overdue


def notified_incident(actor, aware: date):
    """An incident whose Panel was notified two days on: a Rapid Review goes only after that."""
    incident = record_incident(actor, aware)
    notified = aware + timedelta(days=2)
    return domain.incident_record_notifications(
        actor=actor,
        incident=incident,
        dates={"panel_notified_on": notified, "partnership_informed_on": notified},
    )


def test_the_panels_response_reminds_only_when_it_is_late(people):
    today = timezone.localdate()
    incident = notified_incident(people["chair"], date(2025, 1, 6))
    rapid_review = rapid_reviews.rapid_review_open(actor=people["chair"], incident=incident)
    rapid_reviews.rapid_review_update(
        actor=people["chair"], rapid_review=rapid_review, fields={"sent_to_panel_on": date(2025, 1, 20)}
    )

    services.sweep(today=today)

    stages = set(Reminder.objects.filter(clock="panel_response").values_list("stage", flat=True))
    assert stages == {f"overdue:{today.isoformat()}"} or (stages == set() and not is_working_day_today())


def is_working_day_today() -> bool:
    from notifications.calendar import is_working_day

    return is_working_day(timezone.localdate())


def test_recording_the_panels_response_stops_its_clock(people):
    incident = notified_incident(people["chair"], date(2025, 1, 6))
    rapid_review = rapid_reviews.rapid_review_open(actor=people["chair"], incident=incident)
    rapid_review = rapid_reviews.rapid_review_update(
        actor=people["chair"], rapid_review=rapid_review, fields={"sent_to_panel_on": date(2025, 1, 20)}
    )
    rapid_review = rapid_reviews.rapid_review_update(
        actor=people["chair"], rapid_review=rapid_review, fields={"panel_response": "agree"}
    )
    assert rapid_review.panel_responded_on == timezone.localdate()
    services.sweep(today=timezone.localdate())
    assert not Reminder.objects.filter(clock="panel_response").exists()
