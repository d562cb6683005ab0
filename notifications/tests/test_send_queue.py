"""Sending runs on its own queue with limits that let a slow mail server answer, so that the
sweep and the bell never wait for SMTP (issue 14, item 4)."""

from crag import settings as project_settings
from crag.celery import app
from notifications import tasks


def queue_of(task_name: str) -> str:
    route = app.amqp.router.route({}, task_name, (), {})
    return str(route["queue"].name)


def test_sending_is_routed_to_the_mail_queue_and_the_sweep_stays_on_the_default_queue():
    assert queue_of(tasks.send_reminder.name) == "mail"
    assert queue_of(tasks.sweep_deadlines.name) == app.conf.task_default_queue == "celery"


def test_the_smtp_timeout_allows_the_ten_minutes_rfc_5321_gives_the_reply_to_the_data(settings):
    """RFC 5321 section 4.5.3.2.6: a client waits 10 minutes for the reply to the end of the data;
    giving up sooner makes a slow relay receive the message again."""
    assert project_settings._smtp_options["timeout"] == settings.CRAG_SMTP_TIMEOUT >= 600


def test_the_send_task_outlasts_the_smtp_timeout_and_a_stale_claim_outlasts_the_task(settings):
    soft, hard = tasks.send_reminder.soft_time_limit, tasks.send_reminder.time_limit
    assert settings.CRAG_SMTP_TIMEOUT < soft < hard
    assert hard > settings.CELERY_TASK_TIME_LIMIT, "the global limit would cut a slow send short"
    # A claim is resolved only once its worker must be dead (killed at the hard limit at the latest).
    assert settings.CRAG_REMINDER_CLAIM_STALE_AFTER.total_seconds() > hard
    # Redis must not hand a running send to a second worker.
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", hard + 1) > hard
