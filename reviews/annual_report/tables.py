"""The tables and figures of the annual report: each table keeps its raw rows (for the CSV
downloads) and the text of each cell (for the page), and each chart the table of its numbers."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import Count
from django.utils.safestring import mark_safe

from reviews.annual_report.statistics import AGE_BANDS, CASE_REVIEW_KINDS, worked_on, year_bounds
from reviews.annual_report.words import tally
from reviews.choices import ActionStatus
from reviews.models import Action, Theme

BAND_LABELS = {
    "under_1": "Under 1",
    "1_to_5": "1 to 5",
    "6_to_10": "6 to 10",
    "11_to_15": "11 to 15",
    "16_to_17": "16 to 17",
    "18_plus": "18 and over",
    "unknown": "Not known",
}


def _cell(value: Any) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(
    slug: str, caption: str, head: Sequence[str], rows: Iterable[Sequence[Any]], *, numeric: bool = True
) -> dict[str, Any]:
    """A table of the report: raw rows (for CSV) and the text of each cell (for the page); the
    first cell of each row is the row's header, the others numbers unless `numeric` is false."""
    raw = [list(row) for row in rows]
    body = [{"header": _cell(row[0]), "cells": [_cell(v) for v in row[1:]]} for row in raw]
    return {
        "kind": "table",
        "slug": slug,
        "caption": caption,
        "head": list(head),
        "rows": raw,
        "body": body,
        "numeric": numeric,
    }


def figure(number_: int, caption: str, svg: str, data: dict[str, Any]) -> dict[str, Any]:
    """A chart with its number, caption and the table of its numbers; the SVG is made by
    reviews.annual_report.charts, which escapes every text in it."""
    return {"kind": "figure", "number": number_, "caption": caption, "svg": mark_safe(svg), "table": data}  # noqa: S308


def counts_table(
    slug: str, caption: str, head: Sequence[str], labels: Iterable[tuple[str, str]], counts: Mapping[str, int]
) -> dict[str, Any]:
    return table(slug, caption, head, [(label, tally(counts, key)) for key, label in labels])


def action_completion_by_agency(year: int) -> list[dict[str, Any]]:
    """The actions of the case reviews worked on in the year, counted by owner agency and status:
    one grouped query."""
    start, end = year_bounds(year)
    reviews = worked_on(start, end, CASE_REVIEW_KINDS).values("pk")
    rows = (
        Action.objects.filter(recommendation__review__in=reviews)
        .values("owner_agency__name", "owner_agency__short_name", "status")
        .annotate(count=Count("id"))
        .order_by("owner_agency__name", "status")
    )
    return [dict(row) for row in rows]


def by_agency(rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, list[int]]]:
    agencies: dict[str, list[int]] = {}
    for row in rows:
        name = row["owner_agency__short_name"] or row["owner_agency__name"]
        counts = agencies.setdefault(name, [0] * len(ActionStatus.values))
        counts[ActionStatus.values.index(row["status"])] += row["count"]
    return sorted(agencies.items(), key=lambda item: (-sum(item[1]), item[0]))


def theme_names(stats: Mapping[str, Any]) -> dict[str, str]:
    slugs = set(stats["incidents"].get("themes", {})) | set(stats["reviews"].get("themes", {}))
    return dict(Theme.objects.filter(slug__in=slugs).values_list("slug", "name"))


def ranked(themes: Mapping[str, int], names: Mapping[str, str]) -> list[tuple[str, int]]:
    ranked = sorted(themes.items(), key=lambda item: (-item[1], names.get(item[0], item[0])))
    return [(names.get(slug, slug), n) for slug, n in ranked if n]


def age_rows(bands: Mapping[str, int]) -> list[tuple[str, int]]:
    return [(BAND_LABELS[b], tally(bands, b)) for b in AGE_BANDS if b != "unknown" or tally(bands, "unknown")]


# --- sections ----------------------------------------------------------------------------------
