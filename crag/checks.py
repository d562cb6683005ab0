"""System checks. crag.E001 repeats the settings' refusal to run production without the second
factor, for settings changed after start-up (tests, override_settings)."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register("security", deploy=False)
def mfa_required_outside_demo(app_configs: Any, **kwargs: Any) -> list[Error]:
    if not settings.CRAG_REQUIRE_MFA and not settings.DEBUG:
        return [
            Error(
                "Two-factor authentication is switched off (CRAG_REQUIRE_MFA=false) while "
                "DJANGO_DEBUG is false.",
                hint="Only the local demo may run without MFA; set CRAG_REQUIRE_MFA=true.",
                id="crag.E001",
            )
        ]
    return []


@register("crag")
def rapid_review_start_is_known(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.RAPID_REVIEW_STARTS_FROM not in ("notification", "aware"):
        return [
            Error(
                f"RAPID_REVIEW_STARTS_FROM is {settings.RAPID_REVIEW_STARTS_FROM!r}.",
                hint='Use "notification" (the Panel\'s practice) or "aware".',
                id="crag.E002",
            )
        ]
    return []
