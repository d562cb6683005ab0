"""Fictional load data for benchmarks (`manage.py generate_load_data`).

Realistic yearly volumes of a partnership (scaled), dates spread over reporting years (1 April Y
to 31 March Y+1) with the last year still open, every database constraint respected. Deterministic:
the same seed, arguments and date give the same data. Pseudonyms and role titles only, never a name.
Rows are written with `bulk_create` (no audit entries: nobody did these things), one transaction a
year. Every case record carries a `ref` starting "load-", so load data can be found and replaced.

The rows are made by demo.load (one module per job); this module runs them.
"""

import contextlib
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from demo.load.delete import delete_load_data
from demo.load.plan import BASE_VOLUMES, PREFIX, YearPlan, reporting_year
from demo.load.records import Records
from demo.load.reference import (
    AGENCY_SUFFIX,
    BENCH_ADMIN_EMAIL,
    BENCH_CHAIR_EMAIL,
    EMAIL_DOMAIN,
    PLACES,
    reference_data,
)
from reviews.models import (
    Action,
    ActionUpdate,
    Commendation,
    Incident,
    LearningEvent,
    RapidReview,
    Review,
    Theme,
)

# The names the command, the tests and the benchmarks read here.
__all__ = (
    "AGENCY_SUFFIX",
    "BENCH_ADMIN_EMAIL",
    "BENCH_CHAIR_EMAIL",
    "EMAIL_DOMAIN",
    "PLACES",
    "PREFIX",
    "LoadDataExists",
    "Result",
    "delete_load_data",
    "generate",
    "load_data_exists",
    "reporting_year",
)

BATCH_SIZE = 2000


@dataclass
class Result:
    counts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    first_year: int = 0
    last_year: int = 0
    as_of: date | None = None


class LoadDataExists(Exception):
    """Load data is already in the database and --replace was not given."""


def load_data_exists() -> bool:
    return Incident.objects.filter(ref__startswith=PREFIX).exists()


def generate(
    *,
    years: int,
    scale: float,
    seed: int,
    end_year: int | None = None,
    today: date | None = None,
    replace: bool = False,
    log: Callable[[str], None] = lambda _line: None,
) -> Result:
    """Write `years` reporting years of load data ending with `end_year` (default: the current one)."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    end_year = end_year if end_year is not None else reporting_year(today)
    as_of = min(today, date(end_year + 1, 3, 31))
    themes = list(Theme.objects.order_by("slug"))
    if not themes:
        raise ValueError("No themes: run the migrations first (0002_themes seeds the taxonomy).")
    if load_data_exists():
        if not replace:
            raise LoadDataExists
        deleted = delete_load_data()
        log(f"Deleted previous load data ({deleted:,} rows).")
    result = Result(first_year=end_year - years + 1, last_year=end_year, as_of=as_of)
    with transaction.atomic():
        agencies, users = reference_data()
    records = Records(seed=seed, scale=scale, as_of=as_of, agencies=agencies, users=users, themes=themes)
    with _historic_timestamps():
        for year in range(result.first_year, end_year + 1):
            plan = YearPlan.of(year, as_of=as_of, scale=scale, base=BASE_VOLUMES)
            if plan is None:
                continue
            year_started = time.perf_counter()
            with transaction.atomic():
                counts = write_year(records.year(plan))
            result.counts.update(counts)
            seconds = time.perf_counter() - year_started
            log(
                f"{year}/{str(year + 1)[-2:]}: {counts['incident']:,} incidents, "
                f"{counts['action']:,} actions, {counts['actionupdate']:,} updates in {seconds:.1f} s"
            )
    result.seconds = time.perf_counter() - started
    return result


def write_year(batch: dict[type[models.Model], list[Any]]) -> Counter[str]:
    """Insert the year's rows, parents first (the dict's order). Rows refer to their parents as
    objects: bulk_create copies each parent's new primary key into the row just before inserting."""
    counts: Counter[str] = Counter()
    for model, objects in batch.items():
        model._default_manager.bulk_create(objects, batch_size=BATCH_SIZE)
        counts[model._meta.model_name or model.__name__] += len(objects)
    return counts


@contextlib.contextmanager
def _historic_timestamps() -> Iterator[None]:
    """auto_now and auto_now_add would stamp every row with today: load rows carry their own dates."""
    changed: list[tuple[models.DateField[Any, Any], bool, bool]] = []
    for model in (Incident, RapidReview, Review, Action, ActionUpdate, LearningEvent, Commendation):
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.DateField) and (
                model_field.auto_now or model_field.auto_now_add
            ):
                changed.append((model_field, model_field.auto_now, model_field.auto_now_add))
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in changed:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add
