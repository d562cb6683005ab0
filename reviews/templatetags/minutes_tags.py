"""The minutes of a meeting (discussion, decisions, actions, approval), as a panel of the meeting's
page, and where a record was decided, as a line on the record's page."""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from reviews.meetings import minutes_selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def minutes_panel(context: dict[str, Any], meeting: Any) -> SafeString:
    """The meeting's minutes by agenda item, its actions, and its approval."""
    values = minutes_selectors.minutes_context(user=context["request"].user, meeting=meeting)
    return mark_safe(render_to_string("reviews/meetings/partials/minutes_panel.html", values))  # noqa: S308


@register.simple_tag(takes_context=True)
def decided_at_meetings(
    context: dict[str, Any], *, rapid_review: Any = None, review: Any = None
) -> SafeString:
    """The meetings where decisions on this record were taken, with links to their minutes."""
    decided = minutes_selectors.decided_at(rapid_review=rapid_review, review=review)
    if not decided:
        return mark_safe("")
    html = render_to_string("reviews/meetings/partials/minutes_decided_at.html", {"decided": decided})
    return mark_safe(html)  # noqa: S308 (a template's output, escaped by it)
