from io import StringIO

import pytest
from django.core.management import call_command

from crag import roles
from crag.models import Agency, User
from demo import people as demo
from reviews.models import Incident


def run_seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_twice_creates_everything_once(settings):
    settings.DEMO_PASSWORD = ""

    first = run_seed()
    counts = (Agency.objects.count(), User.objects.count())
    second = run_seed()

    assert counts == (Agency.objects.count(), User.objects.count())
    assert counts[1] == len(demo.USERS)
    assert {k for u in User.objects.all() for k in u.groups.values_list("name", flat=True)} == set(
        roles.ALL_ROLES
    )
    assert "Password for all of them:" in first
    assert "Password for all of them:" not in second
    assert "already exist" in second


@pytest.mark.django_db
def test_seed_demo_uses_demo_password_and_covers_every_kind_of_partner(settings):
    settings.DEMO_PASSWORD = "a-demo-password-for-tests"

    output = run_seed()

    assert "a-demo-password-for-tests" not in output
    chair = User.objects.get(email="chair@crag.example")
    assert chair.check_password("a-demo-password-for-tests")
    kinds = set(Agency.objects.values_list("kind", flat=True))
    assert {"police", "local_authority", "legal", "health", "public_health", "education"} <= kinds


@pytest.mark.django_db
def test_generated_demo_password_is_printed_once_and_works(settings):
    settings.DEMO_PASSWORD = ""
    output = run_seed()
    password = output.split("Password for all of them:")[1].split()[0]
    assert User.objects.get(email="board@crag.example").check_password(password)
    assert len(password) >= 15


@pytest.mark.django_db
def test_seed_demo_reports_the_incidents_it_made_and_none_the_second_time(settings):
    settings.DEMO_PASSWORD = "a-demo-password-for-tests"

    first = run_seed()
    made = Incident.objects.count()
    second = run_seed()

    assert made > 5  # the demo reviews bring incidents of their own
    assert f"Demo data: 10 agencies, 9 users and {made} incidents created." in first
    assert "Demo data: 0 agencies, 0 users and 0 incidents created." in second
    assert Incident.objects.count() == made


@pytest.mark.django_db
def test_seed_demo_places_one_legal_hold_once(settings):
    from reviews.models import LegalHold

    settings.DEMO_PASSWORD = ""
    run_seed()
    run_seed()

    hold = LegalHold.objects.get()
    assert (hold.reason, hold.review is not None, hold.lifted_on) == ("inquest", True, None)
    assert hold.placed_by.email == "admin@crag.example"


@pytest.mark.django_db
def test_the_demo_rapid_review_has_two_agencies_answered_one_chased_and_a_merged_chronology(settings):
    from notifications.tasks import sweep_once
    from reviews.models import ChronologyEntry, ContributionRequest

    settings.DEMO_PASSWORD = "a-demo-password-for-tests"
    run_seed()
    summaries = ContributionRequest.objects.filter(kind="agency_summary").select_related("agency")

    by_agency = {r.agency.short_name: r.status for r in summaries}
    assert by_agency == {
        "Police": "requested",
        "Children's Services": "submitted",
        "Wessex Health": "accepted",
    }
    sweep_once()
    from notifications.models import Reminder

    chased = Reminder.objects.filter(clock="contribution_due", stage__startswith="overdue")
    assert set(chased.values_list("recipient__email", flat=True)) == {
        "lead@crag.example",
        "chair@crag.example",
    }
    entries = ChronologyEntry.objects.select_related("request__agency")
    assert len({e.request.agency_id for e in entries}) == 3
    assert entries.filter(key_practice_episode=True).count() == 2


@pytest.mark.django_db
def test_the_demo_has_referrals_screened_and_routed_a_past_meeting_with_minutes_and_a_drafted_agenda(
    settings,
):
    from django.utils import timezone

    from reviews.models import Meeting, MeetingAction, MeetingDecision, Referral

    settings.DEMO_PASSWORD = "a-demo-password-for-tests"
    run_seed()

    decisions = dict(Referral.objects.values_list("reference", "decision"))
    assert "notify" in decisions.values()
    assert "local_learning" in decisions.values()
    assert Referral.objects.get(decision="notify").incident is not None
    today = timezone.localdate()
    held = Meeting.objects.get(held_on__lt=today)
    assert held.items.exclude(discussion="").exists()
    assert MeetingDecision.objects.filter(item__meeting=held, kind="progress_checked").exists()
    assert MeetingAction.objects.filter(meeting=held).exists()
    upcoming = Meeting.objects.get(held_on__gt=today)
    kinds = set(upcoming.items.values_list("kind", flat=True))
    assert {"referral", "minutes"} <= kinds


@pytest.mark.django_db
def test_the_demo_shows_learning_used_by_agencies_assured_and_external_reviews_on_the_action_plan(settings):
    from django.utils import timezone

    from reviews import clocks
    from reviews.clocks.overrides import calendar_overrides
    from reviews.models import Action, AssuranceActivity, Dissemination, ExternalReview, Review
    from reviews.scrt import export

    settings.DEMO_PASSWORD = "a-demo-password-for-tests"
    run_seed()
    run_seed()  # twice: nothing made again

    sent = Dissemination.objects.select_related("agency").prefetch_related("uses")
    assert sent.count() == 3
    used = {d.agency.name for d in sent if d.uses.exists()}
    assert used == {"Wessex County Council Children's Services", "Wessex Health NHS Foundation Trust"}
    assert AssuranceActivity.objects.filter(practice_changed="changed").count() == 1
    assert AssuranceActivity.objects.filter(completed_on__isnull=True).count() == 2
    assert set(ExternalReview.objects.values_list("source", flat=True)) == {"national_review", "dhr"}
    assert Action.objects.filter(recommendation__external_review__isnull=False).count() == 2
    child_g = Review.objects.get(children__pseudonym="Child G")
    assert child_g.steis_number
    # The police have not said how they used the briefing: its clock is overdue.
    overdue = Dissemination.objects.filter(
        clocks.RESOURCE_USE_DUE.overdue_q(timezone.localdate(), calendar_overrides())
    )
    assert [d.agency.name for d in overdue] == ["Wessex Police"]
    rows = export.scrt_rows(user=User.objects.get(email="chair@crag.example"))
    assert any(row["StEIS number"] == child_g.steis_number for row in rows)
