"""The annual report in the browser: start the year, write the narrative beside the numbers, ask
for the PDF and watch the page follow the real worker's progress without a reload, then download
it and read the HTML twin. Axe-clean on each page."""

from datetime import date

import pytest
from django.conf import settings

from crag import roles
from notifications.tests.reliability import _purge_broker
from reviews.models import Incident
from reviews.tests.render_trial import render_env, worker
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = [pytest.mark.e2e, pytest.mark.worker]


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"annual-report-{name}")


@pytest.mark.django_db(transaction=True)
def test_write_generate_follow_and_download_the_annual_report(
    live_server, browser, make_user, themes, tmp_path
):
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "make test provides a real Redis"
    Incident.objects.create(
        kind="death",
        incident_date=date(2024, 5, 1),
        aware_date=date(2024, 5, 2),
        location="in_area",
        abuse_or_neglect_suspected=True,
        panel_notified_on=date(2024, 5, 3),
    )
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    base = live_server.url
    page = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True).new_page()
    sign_in_through_the_pages(page, base, chair)
    page.get_by_role("link", name="Annual reports").first.click()
    accessible(page, "list")
    page.get_by_label("Reporting year").select_option("2024")
    page.get_by_role("button", name="Start the report").click()
    page.get_by_label("Introduction").fill("Fictional: the year in brief.")
    accessible(page, "edit")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The report's narrative is saved").wait_for()
    _purge_broker()
    page.get_by_role("button", name="Generate PDF").click()
    page.get_by_text("Waiting for the worker").wait_for()
    accessible(page, "queued")
    process = worker(render_env(settings.CELERY_BROKER_URL), tmp_path / "worker.log")
    try:
        page.get_by_role("link", name="Download the PDF").wait_for()
    finally:
        process.stop()
    page.get_by_text("Ready to download", exact=True).wait_for()
    accessible(page, "done")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    page.get_by_role("link", name="Read the report in the browser").click()
    page.get_by_role("heading", name="1. Introduction").wait_for()
    accessible(page, "html")


@pytest.mark.django_db(transaction=True)
def test_appendix_b_the_glossary_and_an_out_of_date_pdf_in_the_browser(live_server, page, make_user, themes):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from crag.tests.factories import AgencyFactory
    from reviews.annual_report import content
    from reviews.models import AnnualReportRender

    AgencyFactory(name="Wessex University Hospitals NHS Foundation Trust", short_name="WUH NHS FT")
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    report, _ = content.report_start(actor=chair, year=2024)
    older = AnnualReportRender.objects.create(
        report=report,
        inputs_sha256="made-before-the-narrative-changed",
        state="done",
        pages=2,
        finished_at=timezone.now(),
    )
    older.file.save("older.pdf", ContentFile(b"%PDF-1.7 older"))
    base = live_server.url
    sign_in_through_the_pages(page, base, chair)
    page.goto(f"{base}/annual-reports/2024/")
    page.get_by_text("The latest PDF is out of date").wait_for()
    page.get_by_role("button", name="Generate again").wait_for()
    accessible(page, "out-of-date")
    page.get_by_role("link", name="Appendix B: national reviews and guidance").click()
    page.get_by_role("link", name="Working Together to Safeguard Children 2023", exact=True).wait_for()
    accessible(page, "links")
    page.get_by_role("link", name="Add a link").click()
    page.get_by_role("button", name="Add the link").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "link-errors")
    page.get_by_label("National review or report of the year").check()
    page.get_by_label("Title").fill("Fictional: a national review")
    page.get_by_label("Web address").fill("https://example.org/fictional-review")
    page.get_by_role("button", name="Add the link").click()
    page.get_by_text("Fictional: a national review added to Appendix B").wait_for()
    page.locator("tr", has_text="Fictional: a national review").get_by_role("link", name="Delete").click()
    page.get_by_role("heading", name="Are you sure you want to delete this?").wait_for()
    accessible(page, "link-delete")
    page.get_by_role("button", name="Delete").click()
    page.get_by_text("The link Fictional: a national review deleted").wait_for()
    page.goto(f"{base}/annual-reports/2024/glossary/")
    accessible(page, "glossary-empty")
    page.get_by_role("button", name="Fill the glossary from our agencies and standard terms").click()
    page.get_by_role("rowheader", name="WUH NHS FT").wait_for()
    accessible(page, "glossary")
    page.locator("tr", has_text="WUH NHS FT").get_by_role("link", name="Change").click()
    page.get_by_label("What it means").fill("")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "term-errors")
    # On a phone, the long web addresses and the tables stay within the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    for name in ("links", "glossary"):
        page.goto(f"{base}/annual-reports/2024/{name}/")
        width, screen = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        screenshot(page, f"phone-annual-report-{name}")
        assert width <= screen, f"{name} is {width} px wide on a {screen} px screen"
