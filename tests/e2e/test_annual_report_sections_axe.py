"""The annual report's HTML twin with every section of issue 16 filled (the demo's records: two
years, so trends; safety actions, engagement, life letters, resources, commendations, national
figures): axe-clean, and every table with its CSV."""

import pytest
from django.core.management import call_command

from crag import roles
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = [pytest.mark.e2e]


@pytest.mark.django_db(transaction=True)
def test_the_full_html_twin_is_axe_clean_with_a_csv_for_every_table(live_server, page, make_user, themes):
    from django.contrib.auth.models import Group

    from reviews.models import AnnualReport, NationalComparator

    # An earlier transactional test empties the tables the migrations filled: the demo needs its roles.
    for name in roles.ALL_ROLES:
        Group.objects.get_or_create(name=name)
    call_command("seed_demo", verbosity=0)
    AnnualReport.objects.get_or_create(year=2026)  # the year not yet ended: provisional, a draft
    NationalComparator.objects.create(
        year=2025, key="incidents", value=480, source="Fictional: the Panel's annual report, page 6"
    )
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    base = live_server.url
    sign_in_through_the_pages(page, base, chair)
    for year in (2025, 2026):
        page.goto(f"{base}/annual-reports/{year}/report/")
        page.get_by_role("heading", name="Reviews: safeguarding patterns and trends", exact=False).wait_for()
        assert axe_violations(page) == [], year
        screenshot(page, f"annual-report-twin-{year}")
        tables = page.locator("table.crag-table").count()
        links = page.get_by_role("link", name="Download this table as CSV")
        assert tables > 10
        assert links.count() == tables
    page.goto(f"{base}/annual-reports/2026/report/")
    for heading in (
        "Trends over the years",
        "Timeliness",
        "Life letters",
        "Learning resources",
        "Commendations",
    ):
        page.get_by_role("heading", name=heading, exact=True).wait_for()
    response = page.request.get(f"{base}/annual-reports/2026/tables/timeliness.csv")
    assert response.ok
    assert "Measure,Number" in response.text().splitlines()[0]
