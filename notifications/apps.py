from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from notifications.models import CalendarOverride

        # Overrides move statutory deadlines: who changed the calendar, and when, is audited.
        auditlog.register(CalendarOverride)

        from notifications import receivers

        receivers.connect()
