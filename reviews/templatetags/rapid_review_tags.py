"""The Rapid Review in the Panel's shape: key practice episodes, inequalities, and the three
partners' agreement to the decision, as panels of the Rapid Review page."""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def key_episodes_panel(context: dict[str, Any], rapid_review: Any) -> SafeString:
    """Key practice episodes with their analysis, and the section on inequalities."""
    return mark_safe("")


@register.simple_tag(takes_context=True)
def partner_agreements_panel(context: dict[str, Any], rapid_review: Any) -> SafeString:
    """Which statutory partners have agreed the decision, and the way to record agreement."""
    return mark_safe("")
