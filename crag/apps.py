from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CragConfig(AppConfig):
    default = True
    name = "crag"
    verbose_name = "CRAG core"

    def ready(self) -> None:
        # Registers the permission predicates with django-rules.
        from crag import permissions  # noqa: F401


class CragAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "crag.admin_site.CragAdminSite"
