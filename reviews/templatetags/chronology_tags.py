"""The merged chronology's summary and link, as a panel on the Rapid Review and review pages, and
how a chronology entry's date reads."""

from datetime import date
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from crag import permissions
from reviews.contributions import chronology_export
from reviews.contributions import chronology_selectors as selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def chronology_panel(context: dict[str, Any], *, rapid_review: Any = None, review: Any = None) -> SafeString:
    """The case's chronology in numbers with a link to it, for those who may see it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or (rapid_review is None and review is None):
        return mark_safe("")
    if not permissions.can_view_merged_chronology(user, review):
        return mark_safe("")
    if review is not None:
        case = selectors.Case(rapid_review=None, review=review)
        url = reverse("reviews:review_chronology", args=[review.pk])
    else:
        case = selectors.Case(rapid_review=rapid_review, review=None)
        url = reverse("reviews:rapid_review_chronology", args=[rapid_review.incident_id])
    summary = selectors.chronology_summary(user=user, case=case)
    return render_to_string(
        "reviews/contributions/partials/chronology_panel.html", {"summary": summary, "url": url, "case": case}
    )


@register.filter
def chronology_date(occurred_on: date | None, precision: str) -> str:
    """ "3 March 2024", "March 2024" (month) or "about 3 March 2024" (approximate)."""
    return chronology_export.describe_date(occurred_on, precision) if occurred_on else ""
