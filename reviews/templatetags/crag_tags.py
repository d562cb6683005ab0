"""Tags drawn in every row of the long tables (status, RAG, a clock's reading, a whole action row):
as Python, since template nodes per row were most of the action plan's rendering time."""

from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from reviews.clocks import ClockReading, url_for
from reviews.models import Action

register = template.Library()

CLOCK_COLOURS = {
    "overdue": "govuk-tag--red",
    "due_today": "govuk-tag--orange",
    "due": "govuk-tag--yellow",
    "done_late": "govuk-tag--pink",
}
NOT_RATED = mark_safe('<span class="crag-empty-state">Not rated</span>')
RAG_COLOURS = {"red": "govuk-tag--red", "amber": "govuk-tag--orange", "green": "govuk-tag--green"}


@register.simple_tag
def clock_tag(reading: ClockReading) -> SafeString:
    """A clock's reading as a GOV.UK tag: red overdue, orange due today, yellow due, green done."""
    colour = CLOCK_COLOURS.get(reading.state, "govuk-tag--green")
    return format_html('<strong class="govuk-tag {}">{}</strong>', colour, reading.text)


@register.simple_tag
def action_status(action: Action, today: date) -> SafeString:
    """The action's status, and an Overdue tag when it is open past its due date."""
    if action.is_open and action.due_on < today:
        return format_html(
            '{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>', action.get_status_display()
        )
    return format_html("{}", action.get_status_display())


@register.simple_tag
def rag_tag(action: Action) -> SafeString:
    """The Business Group's rating as a coloured tag, or "Not rated"."""
    if not action.rag:
        return NOT_RATED
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', RAG_COLOURS[action.rag], action.get_rag_display()
    )


def _cell(content: object, extra: str = "") -> SafeString:
    return format_html('<td class="govuk-table__cell{}">{}</td>', extra, content)


@register.simple_tag
def action_row(action: Action, today: date, *, plan: bool = True, link: bool = True) -> SafeString:
    """One action as a table row: the action plan's (with its review, its source, agency and RAG) or, with
    plan=False, a review page's (agency, due date and status); link=False for a reader who may
    not open the action (the view decides)."""
    description = Truncator(action.description).chars(80 if plan else 90)
    if link:
        description = format_html(
            '<a class="govuk-link" href="{}">{}</a>', url_for("reviews:action_detail", action.pk), description
        )
    due = _cell(f"{action.due_on.day} {action.due_on:%b %Y}", " crag-nowrap")
    cells = [_cell(description)]
    if plan:
        recommendation = action.recommendation
        cells.append(_cell(f"{recommendation.source_title} (rec. {recommendation.number})"))
        cells.append(_cell(recommendation.source_label))
    cells += [_cell(action.owner_agency.name), due, _cell(action_status(action, today))]
    if plan:
        cells.append(_cell(rag_tag(action)))
    return format_html('<tr class="govuk-table__row">{}</tr>', mark_safe("".join(cells)))  # noqa: S308


@register.simple_tag
def summary_row(row: dict[str, object]) -> SafeString:
    """One agency's line of the action plan's summary: actions by status, and overdue."""
    numbers = "".join(
        format_html('<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>', row[key])
        for key in ("not_started", "in_progress", "complete", "closed", "overdue")
    )
    return format_html(
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{}</th>{}</tr>',
        row["owner_agency__name"],
        mark_safe(numbers),  # noqa: S308 - built with format_html above
    )
