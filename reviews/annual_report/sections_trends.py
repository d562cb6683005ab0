"""Trends: this year's headline figures beside the years before (reviews.annual_report.trends),
as a table and a line chart, and the Panel's national figures beside ours where an admin has
entered them (NationalComparator), each with its source."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from reviews.annual_report import charts
from reviews.annual_report.sections import heading, paragraphs
from reviews.annual_report.tables import figure, table
from reviews.annual_report.trends import trends
from reviews.annual_report.words import join, number, sentence
from reviews.models import NationalComparator

# The headline figures a trend is shown for, in the order of the report (trends(year) keys).
HEADLINES = (
    ("incidents", "Serious incidents notified"),
    ("children", "Children in those incidents"),
    ("notified_on_time", "Panel notified within 5 working days"),
    ("notified_late", "Panel notified late"),
    ("rapid_reviews", "Rapid Reviews"),
    ("met_cspr_criteria", "Rapid Reviews meeting the CSPR criteria"),
    ("rapid_reviews_on_time", "Rapid Reviews sent on time"),
    ("rapid_reviews_late", "Rapid Reviews sent late"),
    ("reviews", "Case reviews worked on"),
    ("published", "Case reviews published"),
    ("csprs_on_time", "CSPRs published on time"),
    ("csprs_late", "CSPRs published late"),
    ("csprs_overdue_at_year_end", "CSPRs overdue at the year end"),
    ("actions_overdue", "Actions overdue"),
    ("learning_events", "Learning events held"),
    ("attendees", "Attendees at learning events"),
)
# The few figures drawn as lines: a board's first question, "better or worse than last year?".
CHARTED = ("incidents", "rapid_reviews", "reviews", "published")


def trends_of(stats: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The years of the trend, oldest first: from the statistics when they carry them (a render
    keeps what it was built from), else counted now."""
    if "trends" in stats:
        return list(stats["trends"])
    return list(trends(int(stats["year"])))


def _value(value: Any) -> str:
    amount = Decimal(str(value))
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


def comparator_rows(years: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, Any, str, str]]:
    """(figure, year, ours, the Panel's, source) for every national figure entered for the years."""
    by_year = {int(y["year"]): y for y in years}
    found = NationalComparator.objects.filter(year__in=list(by_year)).order_by("year", "key")
    return [
        (
            c.get_key_display(),
            by_year[c.year]["label"],
            by_year[c.year].get(c.key, ""),
            _value(c.value),
            c.source,
        )
        for c in found
    ]


NATIONAL = (
    "Where the Child Safeguarding Practice Review Panel has published a national figure for a year, "
    "it is shown beside ours with its source."
)


def _change(name: str, before: int, now: int) -> str:
    """ "case reviews worked on rose from five to seven", "fell from ...", "stayed at ..."."""
    name = name if name.startswith(("Rapid", "CSPR", "Panel")) else name[:1].lower() + name[1:]
    if before == now:
        return f"{name} stayed at {number(now)}"
    return f"{name} {'rose' if now > before else 'fell'} from {number(before)} to {number(now)}"


def trend_blocks(
    stats: Mapping[str, Any], figures: list[dict[str, Any]], *, so_far: bool
) -> list[dict[str, Any]]:
    years = trends_of(stats)
    if len(years) < 2:
        return []
    labels = [str(y["label"]) for y in years]
    now = f"{labels[-1]} (so far)" if so_far else labels[-1]
    head = ("Figure", *labels[:-1], now)
    rows = [(name, *(int(y.get(key) or 0) for y in years)) for key, name in HEADLINES]
    trend_table = table("trends", f"Headline figures, {labels[0]} to {labels[-1]}", head, rows)
    names = dict(HEADLINES)
    series = [(names[key], [int(y.get(key) or 0) for y in years]) for key in CHARTED]
    caption = f"Incidents, Rapid Reviews and case reviews, {labels[0]} to {labels[-1]}"
    figures.append(
        figure(len(figures) + 1, caption, charts.line_chart(sentence(caption), labels, series), trend_table)
    )
    last, before = years[-1], years[-2]
    change = [_change(names[key], int(before.get(key) or 0), int(last.get(key) or 0)) for key in CHARTED]
    blocks = [
        heading("Trends over the years"),
        *paragraphs([sentence(f"compared with {before['label']}, {join(change)}")]),
        figures[-1],
    ]
    national = comparator_rows(years)
    if national:
        blocks += [
            heading("National figures beside ours"),
            *paragraphs([NATIONAL]),
            table(
                "national_comparators",
                "Our figures beside the national figures",
                ("Figure", "Year", "Ours", "National", "Source"),
                national,
                numeric=False,
            ),
        ]
    return blocks
