"""The Rapid Review in the Panel's shape: key practice episodes, inequalities, and the three
partners' agreement to the decision, as panels of the Rapid Review page."""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from crag import permissions
from crag.models import Agency
from reviews.incidents import partners

register = template.Library()


@register.simple_tag(takes_context=True)
def key_episodes_panel(context: dict[str, Any], rapid_review: Any) -> SafeString:
    """Key practice episodes with their analysis, and the section on inequalities."""
    user = context["request"].user
    return render_to_string(
        "reviews/rapid_reviews/partials/key_episodes_panel.html",
        {
            "rapid_review": rapid_review,
            "episodes": list(rapid_review.key_episodes.prefetch_related("agencies")),
            "can_edit": bool(permissions.can_do_crag_work(user)) and not rapid_review.is_signed_off,
        },
    )


@register.simple_tag(takes_context=True)
def partner_agreements_panel(context: dict[str, Any], rapid_review: Any) -> SafeString:
    """Which statutory partners have agreed the decision, and the way to record agreement."""
    user = context["request"].user
    lines = partners.partner_lines(rapid_review)
    signed_off = rapid_review.is_signed_off
    agency = getattr(user, "agency", None)
    own_role = getattr(agency, "partner_role", "") if permissions.can_agree_for_partner(user) else ""
    own = next((line for line in lines if line.role == own_role), None)
    return render_to_string(
        "reviews/rapid_reviews/partials/partner_agreements_panel.html",
        {
            "rapid_review": rapid_review,
            "lines": lines,
            "designated": list(Agency.objects.filter(designated=True).order_by("name")),
            "own_role": own_role if not signed_off else "",
            "can_agree": own is not None and own.agreement is None and not signed_off,
            "decided": partners.is_decided(rapid_review),
        },
    )
