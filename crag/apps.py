from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CragConfig(AppConfig):
    default = True
    name = "crag"
    verbose_name = "CRAG core"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth.models import Group

        # Registers the permission predicates with django-rules, and the system checks.
        from crag import checks, permissions, receivers  # noqa: F401
        from crag.models import Agency, User

        receivers.connect()
        # Every create, change and delete of users, roles and agencies leaves one audit entry.
        auditlog.register(
            User,
            include_fields=[
                "email",
                "full_name",
                "agency",
                "is_active",
                "is_staff",
                "is_superuser",
                "password",
            ],
            mask_fields=["password"],
            m2m_fields={"groups"},
        )
        auditlog.register(Group, include_fields=["name"])
        auditlog.register(Agency, include_fields=["name", "short_name", "kind", "partner_role", "designated"])
        # Second factors: who added or removed one is audited; the secret itself is not copied.
        from allauth.mfa.models import Authenticator

        auditlog.register(Authenticator, include_fields=["user", "type"])


class CragAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "crag.admin_site.CragAdminSite"
