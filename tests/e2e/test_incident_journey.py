"""Issue 4's journey in the browser: record an incident, see the countdown, record the
notification, open and sign off the Rapid Review, create the CSPR; axe-clean on every page."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from crag import roles
from crag.models import Agency, PartnerRole
from reviews.models import RapidReview, Review
from reviews.tests.partner_records import record_partner_agreements
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def fill_date(page, name, day):
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"journey-{name}")


def test_chair_takes_an_incident_from_recording_to_a_cspr(live_server, page, make_user, themes):
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    # The chair is also the police partner's representative (the two other partners agree aside).
    Agency.objects.filter(pk=chair.agency_id).update(partner_role=PartnerRole.POLICE)
    base = live_server.url
    today = timezone.localdate()
    sign_in_through_the_pages(page, base, chair)

    # A child, then the incident.
    page.goto(f"{base}/children/new/")
    accessible(page, "child-form")
    page.get_by_label("Pseudonym").fill("Child M")
    page.get_by_role("button", name="Save child").click()
    page.get_by_role("heading", name="Record an incident").wait_for()
    page.get_by_role("button", name="Record incident").click()  # empty: errors first
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "incident-form-errors")
    page.get_by_label("Serious harm").check()
    fill_date(page, "incident_date", today - timedelta(days=2))
    fill_date(page, "aware_date", today - timedelta(days=1))
    page.get_by_label("Yes", exact=True).check()
    # The children: found by a search, which keeps what was entered (no JavaScript needed).
    page.get_by_label("Find a child by pseudonym").fill("child m")
    page.get_by_role("button", name="Search").click()
    page.get_by_text("1 child matches").wait_for()
    assert page.locator("#id_incident_date_0").input_value() == str((today - timedelta(days=2)).day)
    assert page.get_by_label("Serious harm").is_checked()
    accessible(page, "incident-form-child-search")
    page.get_by_label("Child M", exact=True).check()
    page.get_by_label("Neglect", exact=True).check()
    page.get_by_role("button", name="Record incident").click()

    # The countdown.
    page.get_by_role("heading", name="Deadlines").wait_for()
    panel_row = page.locator('[data-clock="panel_notification"]')
    assert "Due in" in panel_row.inner_text() or "Due today" in panel_row.inner_text()
    accessible(page, "incident")

    # The national form's draft, then the notification itself.
    page.get_by_role("link", name="Prepare the national notification").click()
    page.get_by_role("heading", name="Prepare the national notification").wait_for()
    accessible(page, "national-notification")
    page.get_by_role("link", name="record the date and the national reference").click()
    fill_date(page, "panel_notified_on", today)
    fill_date(page, "partnership_informed_on", today)
    page.get_by_label("National reference").fill("NAT-123")
    accessible(page, "notifications-form")
    page.get_by_role("button", name="Save notifications").click()
    page.get_by_role("heading", name="Deadlines").wait_for()
    assert "Done on time" in page.locator('[data-clock="panel_notification"]').inner_text()

    # The Rapid Review: decision, sign-off, the Panel, the CSPR.
    page.get_by_role("button", name="Open the Rapid Review").click()
    page.get_by_role("heading", name="Rapid Review", exact=True).wait_for()
    accessible(page, "rapid-review")
    page.get_by_role("button", name="Edit the Rapid Review").click()
    page.locator("#id_meets_cspr_criteria_2").check()  # Yes
    page.locator("#id_complex_or_national_importance_3").check()  # No
    page.get_by_label("Reasons for the decision").fill(
        "Serious harm; neglect suspected; learning for agencies."
    )
    accessible(page, "rapid-review-form")
    page.get_by_role("button", name="Save").click()
    record_partner_agreements(RapidReview.objects.get(), only=[PartnerRole.LOCAL_AUTHORITY, PartnerRole.ICB])
    page.reload()
    page.get_by_role("button", name="Agree the decision").click()
    page.get_by_role("heading", name="Agree the decision").wait_for()
    page.get_by_role("button", name="Agree the decision").click()
    page.get_by_text("agreed the decision as the police partner").wait_for()
    page.get_by_role("button", name="Sign off the decision").click()
    page.get_by_role("heading", name="Sign off the decision").wait_for()
    accessible(page, "sign-off")
    page.get_by_role("button", name="Sign off the decision").click()
    page.get_by_text("Decision signed off").wait_for()
    page.get_by_role("button", name="Record the Panel and the outcome").click()
    fill_date(page, "sent_to_panel_on", today)
    page.get_by_label("Agrees", exact=True).check()
    page.get_by_label("Child Safeguarding Practice Review", exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Create the review").click()
    accessible(page, "create-review")
    page.get_by_role("button", name="Create review").click()
    page.get_by_text("Child Safeguarding Practice Review created").first.wait_for()
    accessible(page, "rapid-review-done")

    review = Review.objects.get()
    assert review.kind == "cspr"
    assert [c.pseudonym for c in review.children.all()] == ["Child M"]
    assert [t.slug for t in review.themes.all()] == ["neglect"]

    # Every write of the journey left an audit entry by the chair, with its request id...
    rapid_review = review.rapid_review
    assert rapid_review is not None
    incident = rapid_review.incident
    for record, action in (
        (incident.children.get(), LogEntry.Action.CREATE),
        (incident, LogEntry.Action.CREATE),
        (incident, LogEntry.Action.UPDATE),  # the notifications
        (rapid_review, LogEntry.Action.CREATE),
        (rapid_review, LogEntry.Action.UPDATE),  # decision, sign-off, the Panel
        (review, LogEntry.Action.CREATE),
    ):
        entries = LogEntry.objects.get_for_object(record).filter(action=action, actor=chair)
        assert entries.exclude(cid=None).exists(), (record, action)
    # ...and every view of the child's identity an access entry.
    assert (
        LogEntry.objects.get_for_object(incident.children.get())
        .filter(action=LogEntry.Action.ACCESS, actor=chair)
        .count()
        >= 2
    )
