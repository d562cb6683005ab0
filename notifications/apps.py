from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from notifications.models import CalendarFeed, CalendarOverride

        # Overrides move statutory deadlines: who changed the calendar, and when, is audited.
        auditlog.register(CalendarOverride)
        # A user's calendar address is a key to their deadlines: making or changing it is audited,
        # never the secret itself.
        auditlog.register(CalendarFeed, mask_fields=["token"])

        from notifications import receivers

        receivers.connect()

        from crag import health
        from crag import metrics as crag_metrics
        from notifications import metrics

        # /healthz answers 503 when the deadline sweep has not completed within three intervals.
        health.register("sweep", metrics.sweep_health)
        # /metrics: open clocks, reminders, the sweep's age and render durations.
        crag_metrics.register("notifications", metrics.NotificationsCollector())
