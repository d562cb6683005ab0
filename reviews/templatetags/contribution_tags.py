"""The requests for agencies' returns, as a panel on the Rapid Review and review pages."""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from crag import permissions
from reviews import clocks
from reviews.contributions import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def contribution_requests_panel(
    context: dict[str, Any], *, rapid_review: Any = None, review: Any = None
) -> SafeString:
    """The case's requests with their status, due date and clock, and the way to ask for more:
    for CRAG (who asks) only; nothing for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if (
        user is None
        or not permissions.can_request_contributions(user)
        or (rapid_review is None) == (review is None)
    ):
        return mark_safe("")
    requests = list(selectors.contributions_of_case(user=user, rapid_review=rapid_review, review=review))
    day = clocks.Day(timezone.localdate())
    for row in requests:
        row.clock = day.reading(clocks.CONTRIBUTION_DUE, row)  # type: ignore[attr-defined]
    if rapid_review is not None:
        ask_url = reverse("reviews:rapid_review_contributions_request", args=[rapid_review.incident_id])
    else:
        ask_url = reverse("reviews:review_contributions_request", args=[review.pk])
    return mark_safe(  # noqa: S308 - a template rendered with autoescaping
        render_to_string(
            "reviews/contributions/partials/request_panel.html",
            {"requests": requests, "ask_url": ask_url},
            request=request,
        )
    )
