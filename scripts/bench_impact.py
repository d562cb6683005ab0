"""Benchmark (not a test): learning into practice at a busy partnership's scale.

Builds, inside a transaction rolled back at the end, 300 reviews on one shared theme, each with two
recommendations with an action each, a resource sent to eight agencies with two uses recorded by
each, and an assurance activity with its findings; then times, as a CRAG chair signed in, a
review's "what we learned and what changed" page, the theme's page, the S-CRT export of every
review, and the annual report's impact statistics, and prints the figures.

    scripts/with_services.sh .venv/bin/python scripts/bench_impact.py

with_services.sh gives a throwaway PostgreSQL (DATABASE_URL); the script migrates it first.
"""

import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crag.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django

django.setup()

from bench_chronology import Rollback, signed_in  # noqa: E402  (scripts/ is the path of a script run)
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

if TYPE_CHECKING:
    from django.test import Client

    from crag.models import Agency, User
    from reviews.models import Recommendation, Review, Theme

REVIEWS, AGENCIES, USES_EACH = 300, 8, 2
SENT_ON = date(2025, 5, 6)


def build() -> tuple["User", "Review", "Theme"]:
    from crag import roles
    from crag.tests.factories import AgencyFactory, UserFactory
    from reviews.models import Action, AssuranceActivity, Dissemination, LearningResource, ResourceUse
    from reviews.tests.factories import RecommendationFactory, ReviewFactory, ThemeFactory

    chair = cast("User", UserFactory(roles=[roles.CRAG_CHAIR]))
    theme = cast("Theme", ThemeFactory(slug="bench-neglect", name="Bench neglect"))
    agencies = [cast("Agency", AgencyFactory()) for _ in range(AGENCIES)]
    reviews = []
    for n in range(REVIEWS):
        review = cast(
            "Review", ReviewFactory(rapid_review=None, title=f"Child {n}", decision_on=date(2024, 6, 1))
        )
        review.themes.add(theme)
        recommendations = [
            cast("Recommendation", RecommendationFactory(review=review, number=k + 1)) for k in range(2)
        ]
        Action.objects.bulk_create(
            Action(recommendation=r, description="Train staff", owner_agency=agencies[0], due_on=SENT_ON)
            for r in recommendations
        )
        resource = LearningResource.objects.create(kind="seven_minute_guide", title=f"Briefing {n}")
        resource.reviews.add(review)
        sent = Dissemination.objects.bulk_create(
            Dissemination(resource=resource, agency=a, sent_on=SENT_ON, sent_by=chair) for a in agencies
        )
        ResourceUse.objects.bulk_create(
            ResourceUse(
                dissemination=d,
                how="team_meeting",
                used_from=SENT_ON + timedelta(days=10 + k),
                reach=12,
                evidence="Minutes kept",
                recorded_by=chair,
            )
            for d in sent
            for k in range(USES_EACH)
        )
        audit = AssuranceActivity.objects.create(
            kind="multi_agency_audit",
            title=f"Audit {n}",
            planned_on=SENT_ON + timedelta(days=180),
            completed_on=SENT_ON + timedelta(days=190),
            findings="Practice changed in most files.",
            practice_changed="changed",
            created_by=chair,
        )
        audit.recommendations.set(recommendations)
        audit.themes.add(theme)
        reviews.append(review)
    return chair, reviews[0], theme


def timed(client: "Client", url: str, runs: int = 5) -> tuple[float, int, int]:
    """The best of `runs` wall times, the response size (a streamed CSV read to its end) and the
    queries made."""
    best, size, count = float("inf"), 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            body = (
                b"".join(cast("Any", response).streaming_content) if response.streaming else response.content
            )
            best = min(best, time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
        size, count = len(body), len(queries)
    return best, size, count


def statistics_time(year: int) -> tuple[float, int]:
    from reviews.annual_report.statistics import statistics

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        figures: dict[str, Any] = statistics(year)
        took = time.perf_counter() - started
    assert figures["impact"]["sent"] == REVIEWS * AGENCIES  # noqa: S101
    return took, len(queries)


@override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False)
def main() -> None:
    call_command("migrate", verbosity=0)
    try:
        with transaction.atomic():
            chair, review, theme = build()
            client = signed_in(chair)
            review_page = timed(client, f"/learning/reviews/{review.pk}/")
            theme_page = timed(client, f"/learning/themes/{theme.slug}/")
            export = timed(client, "/reviews/scrt.csv")
            figures = statistics_time(2025)
            raise Rollback
    except Rollback:
        pass
    print(  # noqa: T201
        f"{REVIEWS} reviews on one theme, each sent to {AGENCIES} agencies with {USES_EACH} uses each "
        f"and an assurance activity:\n"
        f"a review's learning page: {review_page[0] * 1000:.0f} ms, {review_page[1]:,} bytes, "
        f"{review_page[2]} queries\n"
        f"the theme's page: {theme_page[0] * 1000:.0f} ms, {theme_page[1]:,} bytes, {theme_page[2]} queries\n"
        f"S-CRT export of every review: {export[0] * 1000:.0f} ms, {export[1]:,} bytes, {export[2]} queries\n"
        f"annual report statistics of the year: {figures[0] * 1000:.0f} ms, {figures[1]} queries"
    )


if __name__ == "__main__":
    main()
