"""The requests for agencies' returns, as a panel on the Rapid Review and review pages."""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def contribution_requests_panel(
    context: dict[str, Any], *, rapid_review: Any = None, review: Any = None
) -> SafeString:
    """The case's requests, for those who may see them (nothing for anyone else)."""
    return mark_safe("")
