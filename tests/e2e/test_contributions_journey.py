"""Issue 18 in the browser: CRAG asks three agencies for their chronologies; two agency leads
answer (one types an entry, one uploads the spreadsheet); the third is chased by the real worker's
sweep; CRAG reads the merged chronology and marks a key practice episode; the three statutory
partners agree the decision and the chair signs it off. Every page on the way is axe-clean."""

import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook

from crag import roles
from crag.models import Agency, PartnerRole
from crag.tests.factories import AgencyFactory
from notifications.models import Reminder
from reviews.incidents import rapid_reviews, services
from reviews.models import ContributionRequest
from reviews.tests.render_trial import beat, render_env, wait_for, worker
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = [pytest.mark.e2e, pytest.mark.worker]


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"contributions-{name}")


def spreadsheet(path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet.append(
        ["Date", "Precision", "Time", "Source", "What happened", "Significance", "Key practice episode"]
    )
    sheet.append(
        [date(2025, 9, 1), "exact", "10:15", "Front door record", "School contact closed", "", "Yes"]
    )
    sheet.append(["October 2025", "", None, "Case notes", "Assessment started", "Late", "No"])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def decided_rapid_review(chair):
    today = timezone.localdate()
    child = services.child_create(actor=chair, pseudonym="Child R", legal_name="Demo Child Romeo")
    incident = services.incident_create(
        actor=chair,
        kind="serious_harm",
        incident_date=today - timedelta(days=10),
        aware_date=today - timedelta(days=9),
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )
    rapid_review = rapid_reviews.rapid_review_open(actor=chair, incident=incident)
    return rapid_reviews.rapid_review_update(
        actor=chair,
        rapid_review=rapid_review,
        fields={
            "meets_cspr_criteria": True,
            "complex_or_national_importance": False,
            "decision_reasons": "Serious harm; neglect suspected; learning for several agencies.",
        },
    )


def people(make_user):
    council = AgencyFactory(name="Wessex Council", partner_role=PartnerRole.LOCAL_AUTHORITY)
    police = AgencyFactory(name="Wessex Police", partner_role=PartnerRole.POLICE)
    icb = AgencyFactory(name="Wessex ICB", partner_role=PartnerRole.ICB)
    health = AgencyFactory(name="Wessex Health Trust")
    return {
        "chair": make_user(roles.CRAG_CHAIR, email="chair@crag.test", agency=council),
        "police_rep": make_user(roles.CRAG_MEMBER, email="police.rep@crag.test", agency=police),
        "icb_rep": make_user(roles.CRAG_MEMBER, email="icb.rep@crag.test", agency=icb),
        "health_lead": make_user(roles.AGENCY_ACTION_LEAD, email="health.lead@crag.test", agency=health),
        "council_lead": make_user(roles.AGENCY_ACTION_LEAD, email="council.lead@crag.test", agency=council),
        "police_lead": make_user(roles.AGENCY_ACTION_LEAD, email="police.lead@crag.test", agency=police),
    }


def ask_three_agencies(page, base, rapid_review):
    page.goto(f"{base}/incidents/{rapid_review.incident_id}/rapid-review/")
    page.get_by_role("link", name="Ask agencies for returns").click()
    accessible(page, "ask")
    for name in ("Wessex Health Trust", "Wessex Council", "Wessex Police"):
        page.get_by_label(name).check()
    page.get_by_label("Chronology", exact=True).check()
    page.get_by_role("button", name="Send the requests").click()
    page.get_by_role("heading", name="Agencies' returns").wait_for()
    accessible(page, "asked")


def answer_by_typing(page, base, request):
    page.goto(f"{base}/contributions/")
    page.get_by_role("link", name="Chronology").first.click()
    page.get_by_role("link", name="The agency's chronology entries").click()
    accessible(page, "entries-empty")
    page.get_by_role("link", name="Add an entry").click()
    page.get_by_label("Day").fill("3")
    page.get_by_role("textbox", name="Month").fill("3")
    page.get_by_label("Year").fill("2025")
    page.get_by_label("Exact").check()
    page.get_by_label("Source").fill("GP record")
    page.get_by_label("What happened").fill("Bruising explained as a fall")
    page.get_by_role("button", name="Add entry").click()
    page.get_by_text("Bruising explained as a fall").wait_for()
    accessible(page, "entries")
    page.goto(f"{base}/contributions/{request.pk}/submit/")
    page.get_by_role("button", name="Submit the return").click()
    page.get_by_text("Submitted").first.wait_for()


def answer_by_upload(page, base, request, sheet):
    page.goto(f"{base}/contributions/{request.pk}/chronology/")
    page.get_by_role("link", name="Upload a spreadsheet").click()
    accessible(page, "upload")
    page.get_by_label("Upload your chronology").set_input_files(str(sheet))
    page.get_by_role("button", name="Upload chronology").click()
    page.get_by_text("School contact closed").wait_for()
    page.goto(f"{base}/contributions/{request.pk}/submit/")
    accessible(page, "submit-confirm")
    page.get_by_role("button", name="Submit the return").click()
    page.get_by_text("Submitted").first.wait_for()


def chase_by_the_worker(request, chair, tmp_path):
    """The police chronology was asked for a fortnight ago and is overdue: the worker's sweep
    chases the police leads and tells the chair."""
    past = timezone.localdate() - timedelta(days=14)
    ContributionRequest.objects.filter(pk=request.pk).update(
        requested_on=past, due_on=past + timedelta(days=7)
    )
    env = render_env(settings.CELERY_BROKER_URL, CRAG_SWEEP_SECONDS="2")
    processes = [worker(env, tmp_path / "worker.log"), beat(env, tmp_path / "beat.log")]
    try:
        chased = Reminder.objects.filter(
            clock="contribution_due", subject_id=request.pk, stage__startswith="overdue"
        )
        wait_for(
            "the overdue return chased", lambda: chased.filter(recipient=chair).exists(), 180, *processes
        )
        assert set(chased.values_list("recipient__email", flat=True)) == {
            "police.lead@crag.test",
            chair.email,
        }
    finally:
        for process in processes:
            process.stop()


def test_ask_answer_chase_merge_agree_and_sign_off(live_server, browser, make_user, themes, tmp_path):
    who = people(make_user)
    chair = who["chair"]
    rapid_review = decided_rapid_review(chair)
    base = live_server.url
    pages = {}
    for name in ("chair", "health_lead", "council_lead", "police_rep", "icb_rep"):
        pages[name] = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        sign_in_through_the_pages(pages[name], base, who[name])

    ask_three_agencies(pages["chair"], base, rapid_review)
    asked = {r.agency.name: r for r in ContributionRequest.objects.select_related("agency")}
    assert set(asked) == {"Wessex Health Trust", "Wessex Council", "Wessex Police"}

    answer_by_typing(pages["health_lead"], base, asked["Wessex Health Trust"])
    pages["health_lead"].goto(f"{base}/contributions/{asked['Wessex Police'].pk}/")
    pages["health_lead"].get_by_text("Page not found").wait_for()  # another agency's: 404
    answer_by_upload(
        pages["council_lead"], base, asked["Wessex Council"], spreadsheet(tmp_path / "chronology.xlsx")
    )
    chase_by_the_worker(asked["Wessex Police"], chair, tmp_path)

    page = pages["chair"]
    page.goto(f"{base}/notifications/")
    page.get_by_text("Agency return due").first.wait_for()
    page.goto(f"{base}/incidents/{rapid_review.incident_id}/rapid-review/chronology/")
    page.get_by_role("heading", name="Merged chronology").wait_for()
    accessible(page, "merged")
    rows = page.locator("tbody tr")
    texts = [rows.nth(i).inner_text() for i in range(rows.count())]
    assert [t for t in texts if "Bruising" in t or "School contact" in t or "Assessment" in t] == texts
    assert texts.index(next(t for t in texts if "Bruising" in t)) == 0  # March 2025 first
    page.get_by_role("button", name="Mark as key episode the entry of 3 March 2025").click()
    page.get_by_role("button", name="Unmark the entry of 3 March 2025").wait_for()
    accessible(page, "merged-marked")

    for name in ("chair", "police_rep", "icb_rep"):
        partner = pages[name]
        partner.goto(f"{base}/incidents/{rapid_review.incident_id}/rapid-review/")
        partner.get_by_role("button", name="Agree the decision").click()
        partner.get_by_role("button", name="Agree the decision").click()
        partner.get_by_text("agreed the decision as the").wait_for()
    page.goto(f"{base}/incidents/{rapid_review.incident_id}/rapid-review/sign-off/")
    accessible(page, "sign-off")
    page.get_by_role("button", name="Sign off the decision").click()
    page.get_by_text("Signed off").first.wait_for()
    assert Agency.objects.filter(partner_role__in=PartnerRole.values).count() == 3
