"""Benchmark (not a test): the annual report's statistics and PDF for a busy year.

Builds reporting year 2001/02 (50 incidents, 40 case reviews, 320 recommendations, 400 actions, 80
children, 24 learning events) and the five years before it, each as busy, so that the trends (the
headline figures of 1996/97 to 2001/02, each year's statistics computed afresh) have six full years
to read, inside a transaction that is rolled back at the end; computes the statistics and the
trends, renders the PDF, and prints the wall time of each and the peak memory. Target on a 2-core
machine: under 10 s and 400 MB in all, trends included.

    scripts/with_services.sh .venv/bin/python scripts/bench_annual_report.py

with_services.sh gives a throwaway PostgreSQL (DATABASE_URL); the script migrates it first. Any
other DATABASE_URL works too: nothing is left behind. DJANGO_DEBUG defaults to true here so that
the demo defaults of the other settings apply.
"""

import os
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crag.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from crag.models import Agency  # noqa: E402
from reviews.annual_report import document as annual_report_document  # noqa: E402
from reviews.annual_report import statistics as annual_report  # noqa: E402
from reviews.annual_report.trends import trends  # noqa: E402
from reviews.models import (  # noqa: E402
    Action,
    AnnualReport,
    Child,
    Incident,
    LearningEvent,
    RapidReview,
    Recommendation,
    Review,
    Theme,
)

YEAR = 2001
HISTORY = 5  # previous years, each as busy as YEAR: the most the trends read
STATUSES = ("not_started", "in_progress", "complete", "closed")
REVIEW_STATUSES = ("scoping", "commissioned", "in_progress", "paused", "signed_off", "published")
OUTCOMES = ("cspr", "local_review", "no_further_review", "national_review_case_study")


def build_year(year: int, agencies: list[Agency], themes: list[Theme]) -> None:
    """A busy year, made with bulk inserts. The reviews of an earlier year are signed off 60 days
    after their decision (a few run into the next year), as a partnership's reviews finish: YEAR
    stays the year measured, not the sum of six years' unfinished reviews."""
    earlier = year < YEAR
    start = date(year, 4, 1)
    children = Child.objects.bulk_create(
        Child(
            pseudonym=f"Bench child {year} {i}",
            date_of_birth=date(year - i % 18, 1 + i % 12, 1 + i % 28),
            gender=("female", "male", "transgender", "not_known")[i % 4],
            deceased=i % 9 == 0,
        )
        for i in range(80)
    )
    incidents = Incident.objects.bulk_create(
        Incident(
            reference=f"BENCH-{year}-{i:03}",
            kind="serious_harm",
            incident_date=start + timedelta(days=i * 7),
            aware_date=start + timedelta(days=i * 7 + 1),
            panel_notified_on=start + timedelta(days=i * 7 + 1 + (3 if i % 5 else 12)),
        )
        for i in range(50)
    )
    Incident.children.through.objects.bulk_create(
        Incident.children.through(incident_id=incident.pk, child_id=children[i % 80].pk)
        for i, incident in enumerate(incidents)
    )
    Incident.themes.through.objects.bulk_create(
        Incident.themes.through(incident_id=incident.pk, theme_id=themes[(i + k) % len(themes)].pk)
        for i, incident in enumerate(incidents)
        for k in range(3)
    )
    RapidReview.objects.bulk_create(
        RapidReview(
            incident=incident,
            meets_cspr_criteria=i % 3 == 0,
            panel_response=("agree", "disagree", "pending")[i % 3],
            outcome=OUTCOMES[i % 4],
        )
        for i, incident in enumerate(incidents)
    )
    reviews = Review.objects.bulk_create(
        Review(
            kind=("cspr", "scr", "local")[i % 3],
            title=f"Bench review {year} {i}",
            decision_on=start + timedelta(days=i * 8),
            status=REVIEW_STATUSES[i % 6],
            published_on=(
                start + timedelta(days=i * 8 + (80 if earlier else 300 - i * 8))
                if REVIEW_STATUSES[i % 6] == "published"
                else None
            ),
            signed_off_on=start + timedelta(days=i * 8 + 60) if earlier else None,
            cost_gbp=Decimal(8000 + 500 * i),
        )
        for i in range(40)
    )
    Review.children.through.objects.bulk_create(
        Review.children.through(review_id=review.pk, child_id=children[(i * 2 + k) % 80].pk)
        for i, review in enumerate(reviews)
        for k in range(2)
    )
    Review.themes.through.objects.bulk_create(
        Review.themes.through(review_id=review.pk, theme_id=themes[(i + k) % len(themes)].pk)
        for i, review in enumerate(reviews)
        for k in range(4)
    )
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(review=review, number=n, text=f"Recommendation {n}")
        for review in reviews
        for n in range(1, 9)
    )
    Action.objects.bulk_create(
        Action(
            recommendation=recommendations[i % len(recommendations)],
            description=f"Action {i}",
            owner_agency=agencies[i % 10],
            due_on=start + timedelta(days=i % 365),
            status=STATUSES[i % 4],
            completed_on=start + timedelta(days=200) if STATUSES[i % 4] in ("complete", "closed") else None,
            rag=("red", "amber", "green", "")[i % 4],
        )
        for i in range(400)
    )
    LearningEvent.objects.bulk_create(
        LearningEvent(
            kind=("learning_event", "workshop", "conference", "briefing")[i % 4],
            title=f"Event {year} {i}",
            held_on=start + timedelta(days=i * 14),
            attendees=30 + i,
        )
        for i in range(24)
    )


def build_years() -> AnnualReport:
    """YEAR and the HISTORY years before it, each busy, and YEAR's report."""
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Bench agency {i}", short_name=f"Agency {i}", kind="other") for i in range(10)
    )
    themes = list(Theme.objects.all()) or [Theme.objects.create(slug="neglect", name="Neglect")]
    for year in range(YEAR - HISTORY, YEAR + 1):
        build_year(year, agencies, themes)
    return AnnualReport.objects.create(
        year=YEAR, lead_officer="Bench Officer", contact="bench@example.org", introduction="Benchmark year."
    )


class Rollback(Exception):
    """Raised to undo the benchmark's data."""


def main() -> None:
    call_command("migrate", verbosity=0)
    try:
        with transaction.atomic():
            report = build_years()
            started = time.perf_counter()
            stats = annual_report.statistics(YEAR)
            counted = time.perf_counter()
            rows = trends(YEAR)
            trended = time.perf_counter()
            pdf = annual_report_document.render_pdf(report, {**stats, "trends": rows})
            wall = time.perf_counter() - started
            statistics_s, trends_s = counted - started, trended - counted
            peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            tracemalloc.start()
            annual_report_document.render_pdf(report, {**stats, "trends": rows})
            _, traced_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            raise Rollback
    except Rollback:
        pass
    print(  # noqa: T201
        f"incidents {stats['incidents']['count']}, reviews {stats['reviews']['count']}, "
        f"actions {stats['actions']['count']}: PDF {len(pdf):,} bytes\n"
        f"trends: {len(rows)} years ({rows[0]['label']} to {rows[-1]['label']})\n"
        f"statistics {statistics_s:.2f} s, trends {trends_s:.2f} s, "
        f"PDF {wall - statistics_s - trends_s:.2f} s\n"
        f"wall time (statistics + trends + PDF): {wall:.2f} s (target < 10 s)\n"
        f"peak RSS of the process: {peak_rss_mb:.0f} MB (target < 400 MB)\n"
        f"peak Python allocations while rendering (tracemalloc): {traced_peak / 2**20:.0f} MB"
    )


if __name__ == "__main__":
    main()
