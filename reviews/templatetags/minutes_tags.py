"""The minutes of a meeting (discussion, decisions, actions, approval), as a panel of the meeting's
page, and where a record was decided, as a line on the record's page."""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def minutes_panel(context: dict[str, Any], meeting: Any) -> SafeString:
    """The meeting's minutes by agenda item, its actions, and its approval."""
    return mark_safe("")


@register.simple_tag(takes_context=True)
def decided_at_meetings(
    context: dict[str, Any], *, rapid_review: Any = None, review: Any = None
) -> SafeString:
    """The meetings where decisions on this record were taken, with links to their minutes."""
    return mark_safe("")
