"""Benchmark (not a test): the merged chronology of a review with 2,000 entries from eight agencies.

Builds the review inside a transaction that is rolled back at the end, then times, as a CRAG chair
signed in, the merged page's first page and the Word export of every entry, and prints the figures.

    scripts/with_services.sh .venv/bin/python scripts/bench_chronology.py

with_services.sh gives a throwaway PostgreSQL (DATABASE_URL); the script migrates it first.
"""

import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, cast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crag.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

if TYPE_CHECKING:
    from crag.models import User
    from reviews.models import Review

ENTRIES, AGENCIES, RUNS = 2000, 8, 5


class Rollback(Exception):
    pass


def build() -> tuple["User", "Review"]:
    from crag import roles
    from crag.tests.factories import AgencyFactory, UserFactory
    from reviews.choices import ContributionKind, ContributionStatus
    from reviews.models import ChronologyEntry, ContributionRequest
    from reviews.tests.factories import ReviewFactory
    from reviews.tests.factories_contributions import ContributionRequestFactory

    chair = cast("User", UserFactory(roles=[roles.CRAG_CHAIR]))
    review = cast("Review", ReviewFactory(rapid_review=None))
    requests = [
        ContributionRequestFactory(
            rapid_review=None,
            review=review,
            agency=AgencyFactory(),
            kind=ContributionKind.CHRONOLOGY,
            status=ContributionStatus.SUBMITTED,
            submitted_on=date(2025, 1, 15),
        )
        for _ in range(AGENCIES)
    ]
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            request=cast("ContributionRequest", requests[n % AGENCIES]),
            occurred_on=date(2022, 1, 1) + timedelta(days=n % 700),
            source=f"Case record {n}",
            what_happened="Home visit; the child was seen and spoken to alone. " * 3,
            significance="Shows the pattern of missed health appointments.",
            created_by=chair,
        )
        for n in range(ENTRIES)
    )
    return chair, review


def signed_in(user: "User") -> Client:
    """A client signed in with password and second factor, as the MFA middleware wants."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": time.time(), "type": "totp"}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def timed(client: Client, url: str) -> tuple[float, int, int]:
    """The best of RUNS wall times, the response size and the queries made."""
    best = float("inf")
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            body = response.content
            best = min(best, time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
    return best, len(body), len(queries)


@override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False)
def main() -> None:
    call_command("migrate", verbosity=0)
    try:
        with transaction.atomic():
            chair, review = build()
            client = signed_in(chair)
            base = f"/reviews/{review.pk}/chronology/"
            page = timed(client, base)
            word = timed(client, f"{base}export.docx")
            raise Rollback
    except Rollback:
        pass
    print(  # noqa: T201
        f"review with {ENTRIES} entries from {AGENCIES} agencies (best of {RUNS}):\n"
        f"merged page, first page of 50: {page[0] * 1000:.0f} ms, {page[1]:,} bytes, {page[2]} queries\n"
        f"Word export of all {ENTRIES}: {word[0] * 1000:.0f} ms, {word[1]:,} bytes, {word[2]} queries"
    )


if __name__ == "__main__":
    main()
