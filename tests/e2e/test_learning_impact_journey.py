"""Issue 20 in the browser: CRAG sends a 7-minute briefing from a review to three agencies; two
agencies' leads record how they used it (the third has not, and is told so on its dashboard); six
months on, a multi-agency audit records that practice changed; the review's "what we learned and
what changed" page and the annual report of that year show it. Every page on the way is axe-clean.

The dates sit inside the last reporting year that has ended (April to March), so that the annual
report counts them whatever day the test runs."""

import re
from datetime import date

import pytest
from django.utils import timezone

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.annual_report import content
from reviews.tests.factories import LearningResourceFactory, RecommendationFactory, ReviewFactory
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e

# On an agency lead's dashboard: "<title> (sent <date>)", under the resources awaiting their use.
SENT = re.compile(r"^7-minute briefing: Child P \(sent ")


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"learning-impact-{name}")


def last_ended_year() -> int:
    today = timezone.localdate()
    return today.year - 1 if today.month >= 4 else today.year - 2


def fill_date(page, group: str, on: date) -> None:
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_label("Day").fill(str(on.day))
    fieldset.get_by_label("Month").fill(str(on.month))
    fieldset.get_by_label("Year").fill(str(on.year))


def record_use(browser, base, lead, *, how, on, reach, evidence, name):
    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, lead)
    page.get_by_role("link", name=SENT).first.click()
    page.get_by_role("button", name="Record how it was used").click()
    accessible(page, f"{name}-use-form")
    page.get_by_label(how).check()
    fill_date(page, "Date first used", on)
    page.get_by_label("Practitioners reached").fill(str(reach))
    page.get_by_label("Evidence").fill(evidence)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Use of 7-minute briefing: Child P recorded").wait_for()
    accessible(page, f"{name}-use-recorded")
    page.context.close()


@pytest.mark.django_db(transaction=True)
def test_a_briefing_is_sent_used_and_an_audit_six_months_on_finds_practice_changed(
    live_server, browser, make_user, themes
):
    year = last_ended_year()
    sent_on, audited_on = date(year, 5, 6), date(year, 11, 20)
    police = AgencyFactory(name="Wessex Police")
    council = AgencyFactory(name="Wessex Council")
    health = AgencyFactory(name="Wessex Health Trust")
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test", agency=council)
    council_lead = make_user(roles.AGENCY_ACTION_LEAD, email="lead.council@crag.test", agency=council)
    health_lead = make_user(roles.AGENCY_ACTION_LEAD, email="lead.health@crag.test", agency=health)
    police_lead = make_user(roles.AGENCY_ACTION_LEAD, email="lead.police@crag.test", agency=police)
    review = ReviewFactory(kind="cspr", title="Child P", decision_on=date(year - 1, 6, 1))
    recommendation = RecommendationFactory(
        review=review, number=1, text="Agencies tell the GP about missed appointments.", agencies=[health]
    )
    LearningResourceFactory(
        kind="seven_minute_guide",
        title="7-minute briefing: Child P",
        published_on=date(year, 5, 1),
        reviews=[review],
        recommendations=[recommendation],
    )
    content.report_start(actor=chair, year=year)
    base = live_server.url

    # CRAG sends the briefing to three agencies.
    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)
    page.goto(f"{base}/learning/resources/")
    page.get_by_role("link", name="7-minute briefing: Child P", exact=True).click()
    accessible(page, "resource")
    page.get_by_role("button", name="Send to agencies").click()
    for agency in ("Wessex Police", "Wessex Council", "Wessex Health Trust"):
        page.get_by_label(agency).check()
    fill_date(page, "Date sent", sent_on)
    accessible(page, "send-form")
    page.get_by_role("button", name="Send to agencies").click()
    page.get_by_text("7-minute briefing: Child P sent to 3 agencies").wait_for()
    accessible(page, "sent")

    # Two agencies record how they used it.
    record_use(
        browser, base, council_lead, how="Discussed in team meetings", on=date(year, 6, 2), reach=42,
        evidence="Fictional: discussed at every locality team meeting; minutes kept.", name="council",
    )  # fmt: skip
    record_use(
        browser, base, health_lead, how="Used in training", on=date(year, 6, 20), reach=65,
        evidence="Fictional: part of the school nurses' safeguarding update.", name="health",
    )  # fmt: skip
    # The third agency's lead is told it has not recorded any use yet.
    police_page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(police_page, base, police_lead)
    police_page.get_by_role("link", name=SENT).first.wait_for()
    police_page.context.close()

    # Six months on, a multi-agency audit finds that practice changed.
    page.goto(f"{base}/learning/assurance/new/")
    page.get_by_label("Multi-agency audit").check()
    page.get_by_label("Title").fill("Audit of missed appointments, six months on")
    fill_date(page, "Date it is planned for", date(year, 11, 6))
    page.get_by_label("Child P, recommendation 1", exact=False).check()
    accessible(page, "plan-form")
    page.get_by_role("button", name="Plan the activity").click()
    page.get_by_text("Audit of missed appointments, six months on planned").wait_for()
    accessible(page, "planned")
    page.get_by_role("button", name="Record the findings").click()
    fill_date(page, "Date the activity was completed", audited_on)
    page.get_by_label("Number of cases or responses looked at").fill("18")
    page.get_by_label("What the activity found").fill("In 15 of 18 files the GP was told within a week.")
    page.get_by_label("Practice changed", exact=True).check()
    accessible(page, "findings-form")
    page.get_by_role("button", name="Save findings").click()
    page.get_by_text("Findings recorded").wait_for()

    # The review's learning page answers what we learned and what changed.
    page.goto(f"{base}/learning/reviews/{review.pk}/")
    for text in ("Wessex Council", "Wessex Health Trust", "Audit of missed appointments, six months on"):
        page.get_by_text(text).first.wait_for()
    page.get_by_text("Practice changed").first.wait_for()
    accessible(page, "review-learning")

    # The annual report of that year says it.
    page.goto(f"{base}/annual-reports/{year}/report/")
    page.get_by_text(re.compile("two agencies recorded how they used learning resources", re.I)).wait_for()
    page.get_by_text(re.compile("one found that practice had changed", re.I)).first.wait_for()
    accessible(page, "annual-report")
