"""Publication: the pre-publication notices, the year on the website, the annual report's date."""

from datetime import date

import pytest

from crag import roles
from notifications import services as sweeping
from notifications.calendar import NO_OVERRIDES
from notifications.models import Reminder
from reviews import clocks
from reviews.actions import services as action_plans
from reviews.models import AnnualReport, Review


def pre_publication_clock(planned_publication_on, notices):
    review = Review(
        kind="local",
        decision_on=date(2025, 1, 6),
        planned_publication_on=planned_publication_on,
        panel_notice_on=notices[0],
        secretary_of_state_notice_on=notices[1],
        ofsted_notice_on=notices[2],
    )
    clock = clocks.Day.counting_on(planned_publication_on, NO_OVERRIDES).clock(
        clocks.PRE_PUBLICATION_NOTICE, review
    )
    assert clock is not None
    return clock


def test_notices_are_due_seven_working_days_before_publication():
    # Publication on Wednesday 21 January 2026: seven working days earlier is Monday 12 January.
    clock = pre_publication_clock(date(2026, 1, 21), (None, None, None))
    assert clock.due == date(2026, 1, 12)
    assert clock.done_on is None


def test_notices_over_christmas_skip_the_bank_holidays():
    # Publication on Monday 5 January 2026: back over 1 January, 26 and 25 December and weekends.
    clock = pre_publication_clock(date(2026, 1, 5), (None, None, None))
    assert clock.due == date(2025, 12, 22)


def test_the_notice_clock_is_done_only_when_all_three_are_sent():
    partial = pre_publication_clock(date(2026, 1, 21), (date(2026, 1, 5), None, date(2026, 1, 6)))
    complete = pre_publication_clock(
        date(2026, 1, 21), (date(2026, 1, 5), date(2026, 1, 7), date(2026, 1, 6))
    )
    assert partial.done_on is None
    assert complete.done_on == date(2026, 1, 7)


def test_the_earliest_removal_date_is_a_year_after_publication():
    review = Review(kind="scr", decision_on=date(2023, 1, 6), published_on=date(2024, 2, 29))
    day = clocks.Day.counting_on(date(2024, 3, 1), NO_OVERRIDES)
    clock = day.clock(clocks.EARLIEST_REMOVAL, review)
    assert clock is not None
    assert clock.due == date(2025, 2, 28)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "year", "due"),
    [(date(2026, 5, 1), 2025, date(2026, 6, 30)), (date(2026, 3, 31), 2024, date(2025, 6, 30))],
)
def test_the_annual_report_due_is_for_the_latest_year_that_has_ended(settings, today, year, due):
    settings.CRAG_ANNUAL_REPORT_DUE = (6, 30)
    [reporting_year] = clocks.reporting_years(today)
    clock = clocks.Day.counting_on(today, NO_OVERRIDES).clock(clocks.ANNUAL_REPORT, reporting_year)
    assert clock is not None
    assert (reporting_year.pk, reporting_year.label, clock.due) == (year, f"{year}/{str(year + 1)[-2:]}", due)


@pytest.mark.django_db
def test_the_sweep_reminds_of_notices_removal_and_the_annual_report(make_user):
    chair = make_user(roles.CRAG_CHAIR)
    planned = Review.objects.create(
        kind="local", title="Child P", decision_on=date(2025, 1, 6), planned_publication_on=date(2025, 9, 30)
    )
    published = Review.objects.create(
        kind="scr",
        title="Child Q",
        decision_on=date(2023, 1, 6),
        status="published",
        published_on=date(2024, 9, 1),
    )
    AnnualReport.objects.create(year=2023, published_on=date(2024, 6, 20))

    sweeping.sweep(today=date(2025, 8, 29))  # the Friday before the removal date (Monday 1 Sept)

    reminders = Reminder.objects.filter(recipient=chair)
    clocks_seen = {(r.subject_type, r.subject_id, r.clock) for r in reminders}
    assert ("review", planned.pk, "pre_publication_notice") in clocks_seen
    assert ("review", published.pk, "earliest_removal") in clocks_seen
    assert ("annual_report", 2024, "annual_report") in clocks_seen  # 2024/25, not published
    assert {r.stage for r in reminders if r.clock == "earliest_removal"} == {"day_before"}


@pytest.mark.django_db
def test_recording_publication_sets_the_status_and_refuses_future_dates(make_user):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    chair = make_user(roles.CRAG_CHAIR)
    review = Review.objects.create(kind="cspr", title="Child P", decision_on=date(2025, 1, 6))
    with pytest.raises(ValidationError, match="chair signs it off"):
        action_plans.review_record_publication(
            actor=chair,
            review=review,
            published_on=date(2025, 6, 30),
            publication_url="https://example.org/p",
        )
    Review.objects.filter(pk=review.pk).update(status="signed_off", signed_off_on=date(2025, 6, 1))
    with pytest.raises(ValidationError):
        action_plans.review_record_publication(
            actor=chair, review=review, published_on=date(timezone.localdate().year + 1, 1, 1)
        )
    done = action_plans.review_record_publication(
        actor=chair, review=review, published_on=date(2025, 6, 30), publication_url="https://example.org/p"
    )
    assert (done.status, done.published_on) == ("published", date(2025, 6, 30))
    assert done.status_changes.get().to_status == "published"
