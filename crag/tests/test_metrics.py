"""/metrics: the web process's request metrics and CRAG's own, read at scrape time, for the
operator only (CRAG_METRICS_ALLOWED_NETWORKS or CRAG_METRICS_TOKEN); 404 to everyone else."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

OUTSIDE = "203.0.113.9"


def scrape(client, **extra) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    response = client.get("/metrics", **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    values: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            values.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return values


@pytest.mark.django_db
def test_loopback_reads_the_metrics(client, make_user):
    make_user()
    client.get("/healthz")
    client.get("/no-such-page/")
    values = scrape(client)
    requests = values["crag_http_requests_total"]
    assert requests[(("method", "GET"), ("route", "healthz"), ("status", "200"))] >= 1
    # A page that does not exist is counted under one label, never under the path it was asked for.
    assert requests[(("method", "GET"), ("route", "<unmatched>"), ("status", "404"))] >= 1
    assert not any("no-such-page" in value for labels in requests for _, value in labels)
    assert "crag_http_request_duration_seconds_bucket" in values
    assert "crag_reminders" in values
    assert "crag_open_clocks" in values
    assert "crag_health_check_ok" in values


@pytest.mark.django_db
def test_an_address_outside_the_allowed_networks_gets_404(client):
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE).status_code == 404


@pytest.mark.django_db
def test_an_allowed_network_reads_the_metrics(client, settings):
    settings.CRAG_METRICS_ALLOWED_NETWORKS = ["203.0.113.0/24"]
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE).status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="198.51.100.1").status_code == 404


@pytest.mark.django_db
def test_the_bearer_token_reads_the_metrics_from_anywhere_and_a_wrong_one_does_not(client, settings):
    settings.CRAG_METRICS_TOKEN = "s3cret-token-for-prometheus"
    good = {"REMOTE_ADDR": OUTSIDE, "HTTP_AUTHORIZATION": "Bearer s3cret-token-for-prometheus"}
    bad = {"REMOTE_ADDR": OUTSIDE, "HTTP_AUTHORIZATION": "Bearer guess"}
    assert client.get("/metrics", **good).status_code == 200
    assert client.get("/metrics", **bad).status_code == 404


@pytest.mark.django_db
def test_without_a_token_configured_an_empty_bearer_is_refused(client, settings):
    settings.CRAG_METRICS_TOKEN = ""
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.django_db
def test_behind_a_proxy_the_forwarded_address_decides_not_the_proxys(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    from_outside = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": OUTSIDE}
    assert client.get("/metrics", **from_outside).status_code == 404
    from_inside = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1"}
    assert client.get("/metrics", **from_inside).status_code == 200


@pytest.mark.django_db
def test_the_metrics_count_reminders_clocks_the_sweep_and_renders(client, make_user, monkeypatch):
    from crag import roles
    from notifications import tasks
    from notifications.models import Reminder
    from reviews.incidents import services as domain
    from reviews.models import AnnualReport, AnnualReportRender

    monkeypatch.setattr(tasks.send_reminder, "delay", lambda pk: None)
    chair = make_user(roles.CRAG_CHAIR, email="metrics.chair@example.org")
    make_user(roles.CRAG_MEMBER)
    today = timezone.localdate()
    child = domain.child_create(actor=chair, pseudonym="Child M", legal_name="Secret Name")
    domain.incident_create(
        actor=chair,
        kind="death",
        incident_date=today,
        aware_date=today,
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )
    tasks.sweep_deadlines()
    made = Reminder.objects.count()
    Reminder.objects.filter(pk=Reminder.objects.earliest("id").pk).update(sent_at=timezone.now())
    old = timezone.now() - django_settings.CRAG_REMINDER_REQUEUE_AFTER - timedelta(minutes=1)
    Reminder.objects.filter(pk=Reminder.objects.latest("id").pk).update(created_at=old)
    report = AnnualReport.objects.create(year=2024)
    started = timezone.now() - timedelta(seconds=40)
    AnnualReportRender.objects.create(
        report=report, state="done", started_at=started, finished_at=started + timedelta(seconds=12)
    )

    response = client.get("/metrics")
    values = scrape(client)

    assert values["crag_reminders"] == {
        (("state", "sent"),): 1,
        (("state", "failed"),): 1,
        (("state", "waiting"),): made - 2,
    }
    assert values["crag_open_clocks"][(("clock", "panel_notification"), ("state", "due"))] == 1
    assert 0 <= values["crag_sweep_age_seconds"][()] < 60
    assert values["crag_annual_report_render_seconds_count"][()] == 1
    assert values["crag_annual_report_render_seconds_sum"][()] == pytest.approx(12)
    assert values["crag_annual_report_renders"][(("state", "done"),)] == 1
    assert values["crag_health_check_ok"][(("check", "sweep"),)] == 1
    body = response.content.decode()
    assert "metrics.chair@example.org" not in body
    assert "Child M" not in body
    assert "Secret Name" not in body


@pytest.mark.django_db
def test_the_queue_lengths_are_read_from_redis(client, settings):
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("the queue length is read from a Redis broker")
    import redis

    settings.CRAG_METRICS_QUEUES = ["crag-test-metrics-queue"]
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete("crag-test-metrics-queue")
    broker.rpush("crag-test-metrics-queue", "a", "b", "c")
    try:
        values = scrape(client)
    finally:
        broker.delete("crag-test-metrics-queue")
        broker.close()
    assert values["crag_celery_queue_length"] == {(("queue", "crag-test-metrics-queue"),): 3}


@pytest.mark.django_db
def test_in_multiprocess_mode_the_workers_files_are_read_and_crags_own_still_come(
    client, monkeypatch, tmp_path
):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    values = scrape(client)
    assert "crag_reminders" in values
    assert "process_cpu_seconds_total" not in values  # this process's own registry is not used
