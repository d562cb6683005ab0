"""Template filters for words built from records (crag.wording)."""

from django import template

from crag import wording

register = template.Library()


@register.filter
def possessive(name: object) -> str:
    """{{ agency.name|possessive }} action: "Police's", "Children's Services'"."""
    return wording.possessive(str(name))
