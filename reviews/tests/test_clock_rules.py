"""The clock rules of DESIGN.md section 2 that the services enforce: a Rapid Review is sent only
after the Panel was notified; a reason for delay at any time, and monthly reminders once it is
sent; a closed review has no open clock; a signed-off review closed without publication."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client

from crag import roles
from notifications import services as sweeping
from notifications.calendar import is_working_day
from notifications.models import Reminder
from reviews.casework import lifecycle
from reviews.casework import record as review_record
from reviews.choices import ReviewStatus
from reviews.incidents import rapid_reviews
from reviews.incidents import services as domain
from reviews.models import Review, ReviewStatusChange
from reviews.tests.test_lost_updates import hidden

S = ReviewStatus


@pytest.fixture
def people(make_user):
    return {
        "chair": make_user(roles.CRAG_CHAIR),
        "member": make_user(roles.CRAG_MEMBER),
        "admin": make_user(roles.PARTNERSHIP_ADMIN),
    }


def rapid_review_of(actor, aware: date, *, notified: date | None = None):
    child = domain.child_create(actor=actor, pseudonym="Child N")
    incident = domain.incident_create(
        actor=actor,
        kind="serious_harm",
        incident_date=aware,
        aware_date=aware,
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )
    if notified is not None:
        domain.incident_record_notifications(
            actor=actor,
            incident=incident,
            dates={"panel_notified_on": notified, "partnership_informed_on": notified},
            late_reason="Recorded late in the test",
        )
    return rapid_reviews.rapid_review_open(actor=actor, incident=incident)


# --- A Rapid Review goes to the Panel only once the Panel was notified --------------------------


def test_a_rapid_review_cannot_be_sent_before_the_panel_was_notified(people):
    rapid_review = rapid_review_of(people["member"], date(2026, 1, 5))

    with pytest.raises(ValidationError) as refused:
        rapid_reviews.rapid_review_update(
            actor=people["member"], rapid_review=rapid_review, fields={"sent_to_panel_on": date(2026, 1, 20)}
        )

    assert "notified" in " ".join(refused.value.message_dict["sent_to_panel_on"])
    rapid_review.refresh_from_db()
    assert rapid_review.sent_to_panel_on is None


def test_a_rapid_review_cannot_be_sent_before_the_day_the_panel_was_notified(people):
    rapid_review = rapid_review_of(people["member"], date(2026, 1, 5), notified=date(2026, 1, 9))

    with pytest.raises(ValidationError, match="notified"):
        rapid_reviews.rapid_review_update(
            actor=people["member"], rapid_review=rapid_review, fields={"sent_to_panel_on": date(2026, 1, 8)}
        )
    done = rapid_reviews.rapid_review_update(
        actor=people["member"], rapid_review=rapid_review, fields={"sent_to_panel_on": date(2026, 1, 9)}
    )
    assert done.sent_to_panel_on == date(2026, 1, 9)


def test_the_panel_form_refuses_sending_before_the_notification_in_plain_english(people, sign_in):
    rapid_review = rapid_review_of(people["member"], date(2026, 1, 5))
    client = sign_in(Client(), people["member"])

    url = f"/incidents/{rapid_review.incident_id}/rapid-review/panel/"
    response = client.post(
        url,
        {
            **hidden(client.get(url).content.decode()),
            "sent_to_panel_on_0": "20",
            "sent_to_panel_on_1": "1",
            "sent_to_panel_on_2": "2026",
            "panel_response": "pending",
        },
    )

    assert response.status_code == 200
    assert "before the Panel was notified" in response.content.decode()
    rapid_review.refresh_from_db()
    assert rapid_review.sent_to_panel_on is None


# --- The reason for delay, and monthly reminders once it is sent -------------------------------


def test_a_reason_for_delay_can_be_recorded_before_the_six_months_are_up(people, time_machine):
    time_machine.move_to("2026-03-02")
    review = Review.objects.create(kind="cspr", title="Child E", decision_on=date(2026, 1, 5))

    done = review_record.review_record_delay(
        actor=people["member"],
        review=review,
        delay_reason="A criminal trial is listed for 2027",
        delay_reason_sent_on=date(2026, 3, 2),
    )

    assert (done.delay_reason, done.delay_reason_sent_on) == (
        "A criminal trial is listed for 2027",
        date(2026, 3, 2),
    )


def test_once_the_reason_for_delay_is_sent_the_overdue_cspr_reminds_monthly_not_daily(people):
    # Decided 6 January 2025: due 6 July 2025 (a Sunday); the reason went on 1 July.
    Review.objects.create(
        kind="cspr",
        title="Child M",
        decision_on=date(2025, 1, 6),
        delay_reason="Inquest",
        delay_reason_sent_on=date(2025, 7, 1),
    )
    day = date(2025, 7, 7)
    while day <= date(2025, 8, 29):
        sweeping.sweep(today=day)
        day += timedelta(days=1)

    overdue = sorted(
        {
            date.fromisoformat(stage.split(":")[1])
            for stage in Reminder.objects.filter(clock="cspr_publication").values_list("stage", flat=True)
            if stage.startswith("overdue:")
        }
    )
    working = [d for d in (date(2025, 7, 7) + timedelta(days=i) for i in range(60)) if is_working_day(d)]
    assert overdue == [working[0], working[20]]


def test_an_overdue_cspr_without_a_reason_sent_is_still_escalated_every_working_day(people):
    Review.objects.create(kind="cspr", title="Child D", decision_on=date(2025, 1, 6), delay_reason="Inquest")
    for day in (date(2025, 7, 7), date(2025, 7, 8), date(2025, 7, 9)):
        sweeping.sweep(today=day)

    stages = set(Reminder.objects.filter(clock="cspr_publication").values_list("stage", flat=True))
    assert {"overdue:2025-07-07", "overdue:2025-07-08", "overdue:2025-07-09"} <= stages


# --- A closed review has no open clock ----------------------------------------------------------


def test_a_cspr_closed_without_a_review_has_no_open_clock(people):
    review = Review.objects.create(kind="cspr", title="Child C", decision_on=date(2025, 1, 6))
    lifecycle.review_move(
        actor=people["member"], review=review, to=S.CLOSED, on=date(2025, 2, 3), note="Criteria not met"
    )

    sweeping.sweep(today=date(2025, 7, 8))
    out = StringIO()
    call_command("deadlines", "--as-of", "2025-07-08", "--format", "json", stdout=out)

    assert not Reminder.objects.filter(subject_type="review").exists()
    assert [row for row in json.loads(out.getvalue()) if row["subject"] == "review"] == []


def test_a_closed_cspr_was_still_open_on_a_day_before_it_was_closed(people):
    review = Review.objects.create(kind="cspr", title="Child H", decision_on=date(2025, 1, 6))
    lifecycle.review_move(
        actor=people["member"], review=review, to=S.CLOSED, on=date(2025, 8, 4), note="Criteria not met"
    )
    out = StringIO()

    call_command("deadlines", "--as-of", "2025-07-08", "--format", "json", stdout=out)

    rows = [row for row in json.loads(out.getvalue()) if row["subject"] == "review"]
    assert [(r["id"], r["clock"], r["due"], r["state"]) for r in rows] == [
        (review.pk, "cspr_publication", "2025-07-06", "overdue")
    ]


# --- signed_off -> closed, without publication ----------------------------------------------------


def signed_off_review() -> Review:
    return Review.objects.create(
        kind="cspr",
        title="Child S",
        decision_on=date(2025, 1, 6),
        status=S.SIGNED_OFF,
        signed_off_on=date(2025, 6, 2),
        planned_publication_on=date(2025, 9, 1),
    )


def test_the_chair_closes_a_signed_off_review_without_publication_with_a_justification(people):
    review = signed_off_review()

    done = lifecycle.review_move(
        actor=people["chair"],
        review=review,
        to=S.CLOSED,
        on=date(2025, 6, 16),
        note="Publication would identify the sibling",
        justification="not_in_childs_interest",
        justification_sent_on=date(2025, 6, 16),
    )

    assert (done.status, done.closed_on) == (S.CLOSED, date(2025, 6, 16))
    assert (done.non_publication_reason, done.non_publication_sent_on) == (
        "not_in_childs_interest",
        date(2025, 6, 16),
    )
    assert ReviewStatusChange.objects.get(review=review).to_status == S.CLOSED
    sweeping.sweep(today=date(2025, 7, 8))
    assert not Reminder.objects.filter(subject_type="review").exists()


@pytest.mark.parametrize(
    ("justification", "sent_on", "field"),
    [
        ("", date(2025, 6, 16), "justification"),
        ("because", date(2025, 6, 16), "justification"),
        ("other", None, "justification_sent_on"),
    ],
)
def test_closing_without_publication_needs_a_justification_of_an_allowed_kind_and_its_date(
    people, justification, sent_on, field
):
    review = signed_off_review()

    with pytest.raises(ValidationError) as refused:
        lifecycle.review_move(
            actor=people["chair"],
            review=review,
            to=S.CLOSED,
            on=date(2025, 6, 16),
            note="Why",
            justification=justification,
            justification_sent_on=sent_on,
        )

    assert field in refused.value.message_dict
    assert Review.objects.get(pk=review.pk).status == S.SIGNED_OFF


def test_only_the_chair_closes_a_signed_off_review_without_publication(people):
    review = signed_off_review()

    with pytest.raises(PermissionDenied):
        lifecycle.review_move(
            actor=people["member"],
            review=review,
            to=S.CLOSED,
            on=date(2025, 6, 16),
            note="Why",
            justification="other",
            justification_sent_on=date(2025, 6, 16),
        )


def test_closing_without_publication_in_the_browser(people, sign_in):
    review = signed_off_review()
    client = sign_in(Client(), people["chair"])
    url = f"/reviews/{review.pk}/status/closed/"

    page = client.get(url).content.decode()
    assert "not_in_childs_interest" in page
    assert "publish_summary_only" in page
    response = client.post(
        url,
        {
            **hidden(page),
            "on_0": "16",
            "on_1": "6",
            "on_2": "2025",
            "note": "Publishing a summary instead",
            "justification": "publish_summary_only",
            "justification_sent_on_0": "16",
            "justification_sent_on_1": "6",
            "justification_sent_on_2": "2025",
        },
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.non_publication_reason) == (S.CLOSED, "publish_summary_only")


# --- Guidance links ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_annual_reports_guidance_links_point_at_the_panels_current_guidance():
    from reviews.annual_report import document
    from reviews.annual_report import statistics as annual_report
    from reviews.models import AnnualReport

    report = AnnualReport.objects.create(year=2019)

    html = document.render_html(report, annual_report.statistics(2019))

    assert "child-safeguarding-practice-review-panel-guidance-for-safeguarding-partners" in html
    assert "practice-review-panel-practice-guidance" not in html


# --- The admin cannot close a review around the rules ----------------------------------------------


def test_the_admin_cannot_write_the_closing_of_a_review(client, sign_in, make_user):
    from crag.tests.admin_forms import post_admin_form

    review = signed_off_review()
    admin = sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))

    response = post_admin_form(
        admin,
        f"/admin/reviews/review/{review.pk}/change/",
        {
            "closed_on": "2025-06-16",
            "non_publication_reason": "other",
            "non_publication_sent_on": "2025-06-16",
        },
    )

    assert response.status_code == 302  # the rest of the form saves
    review.refresh_from_db()
    assert (review.closed_on, review.non_publication_reason, review.non_publication_sent_on) == (
        None,
        "",
        None,
    )
