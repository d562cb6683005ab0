"""`manage.py generate_load_data`: volumes, constraints, determinism, refusal, the open last year."""

import hashlib
import io
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from crag import roles
from crag.models import Agency, AgencyKind, User
from demo import load_data
from notifications.deadlines import incidents_with_open_clocks
from reviews.choices import ActionStatus, ReviewStatus
from reviews.models import (
    Action,
    ActionUpdate,
    Child,
    Incident,
    LearningAttendance,
    LearningEvent,
    LifeLetter,
    ParallelProcess,
    RapidReview,
    Recommendation,
    Review,
)

pytestmark = pytest.mark.django_db
LOAD = {"ref__startswith": load_data.PREFIX}
OPEN = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_load_data", "--years", "2", "--scale", "1", *args, stdout=out)
    return out.getvalue()


def digest() -> str:
    """A fingerprint of the load data that ignores primary keys (they differ between runs)."""
    h = hashlib.sha256()
    rows = [
        Incident.objects.filter(**LOAD)
        .order_by("ref")
        .values_list("ref", "kind", "incident_date", "aware_date", "panel_notified_on", "location"),
        Child.objects.filter(**LOAD).order_by("ref").values_list("ref", "date_of_birth", "gender"),
        Review.objects.filter(**LOAD).order_by("ref").values_list("ref", "kind", "status", "decision_on"),
        Action.objects.filter(**LOAD)
        .order_by("ref")
        .values_list("ref", "owner_agency__name", "due_on", "status", "completed_on", "rag"),
        ActionUpdate.objects.filter(action__ref__startswith=load_data.PREFIX)
        .order_by("action__ref", "written_at", "author__email")
        .values_list("action__ref", "written_at", "author__email"),
        LearningEvent.objects.filter(**LOAD).order_by("ref").values_list("ref", "held_on", "attendees"),
    ]
    for queryset in rows:
        for row in queryset:
            h.update(repr(row).encode())
    return h.hexdigest()


@pytest.mark.usefixtures("themes")
def test_two_years_at_scale_one_make_the_yearly_volumes() -> None:
    output = generate("--end-year", "2024", "--seed", "5")

    assert "Done in" in output
    assert Incident.objects.filter(**LOAD).count() == 120
    assert RapidReview.objects.filter(**LOAD).count() == 80
    assert Review.objects.filter(**LOAD).count() == 30
    assert Recommendation.objects.filter(**LOAD).count() == 240
    assert Action.objects.filter(**LOAD).count() == 1200
    assert ActionUpdate.objects.filter(action__ref__startswith=load_data.PREFIX).count() == 4000
    assert LearningEvent.objects.filter(**LOAD).count() == 80
    children = Child.objects.filter(**LOAD).annotate(n=Count("incidents"))
    assert 120 <= children.count() <= 360
    assert children.filter(n=2).exists(), "some children are in two incidents"
    assert Incident.objects.filter(**LOAD, aware_date__lt=date(2023, 4, 1)).count() == 0
    assert Incident.objects.filter(**LOAD, aware_date__gt=date(2025, 3, 31)).count() == 0
    for kind in AgencyKind.values:
        assert Agency.objects.filter(kind=kind, name__in=load_data_agency_names()).count() == 12
    for role in roles.ALL_ROLES:
        assert User.objects.filter(email__endswith=load_data.EMAIL_DOMAIN, groups__name=role).count() >= 4
    assert ParallelProcess.objects.filter(review__ref__startswith=load_data.PREFIX).exists()
    assert LifeLetter.objects.filter(review__ref__startswith=load_data.PREFIX).exists()
    assert LearningAttendance.objects.filter(event__ref__startswith=load_data.PREFIX).count() >= 160


def load_data_agency_names() -> list[str]:
    return [f"{place} {suffix}" for suffix in load_data.AGENCY_SUFFIX.values() for place in load_data.PLACES]


@pytest.mark.usefixtures("themes")
def test_actions_have_a_realistic_status_mix_and_ratings() -> None:
    generate("--end-year", "2024", "--seed", "5")
    as_of = date(2025, 3, 31)
    actions = Action.objects.filter(**LOAD)
    total = actions.count()
    open_actions = actions.filter(status__in=OPEN)
    overdue = open_actions.filter(due_on__lt=as_of).count()
    assert 0.2 * total <= open_actions.count() <= 0.7 * total
    assert 0 < overdue < open_actions.count(), "some open actions are overdue, not all"
    assert actions.exclude(rag="").count() >= 0.75 * total, "the Business Group rates most actions"
    assert not actions.exclude(status__in=OPEN).filter(completed_on__isnull=True).exists()
    assert not actions.filter(completed_on__gt=as_of).exists()
    published = Review.objects.filter(**LOAD, status=ReviewStatus.PUBLISHED)
    assert published.exists()
    assert not published.filter(published_on__isnull=True).exists()


@pytest.mark.usefixtures("themes")
def test_a_sample_of_every_record_passes_full_clean() -> None:
    generate("--end-year", "2024", "--seed", "5")
    for model in (Child, Incident, RapidReview, Review, Recommendation, Action, LearningEvent):
        sample = list(model.objects.filter(**LOAD).order_by("?")[:25])
        assert sample, model
        for obj in sample:
            obj.full_clean()
    related = (
        ActionUpdate.objects.filter(action__ref__startswith=load_data.PREFIX),
        ParallelProcess.objects.filter(review__ref__startswith=load_data.PREFIX),
        LifeLetter.objects.filter(review__ref__startswith=load_data.PREFIX),
        LearningAttendance.objects.filter(event__ref__startswith=load_data.PREFIX),
    )
    for queryset in related:
        for obj in queryset.order_by("?")[:25]:
            obj.full_clean()
    for review in Review.objects.filter(**LOAD):
        assert review.signed_off_on is None or review.decision_on <= review.signed_off_on
        if review.published_on is not None:
            assert review.signed_off_on is not None
            assert review.signed_off_on <= review.published_on


@pytest.mark.usefixtures("themes")
def test_a_second_run_is_refused_and_replace_with_the_same_seed_makes_the_same_data() -> None:
    generate("--end-year", "2024", "--seed", "9")
    first = digest()

    with pytest.raises(CommandError, match="--replace"):
        generate("--end-year", "2024", "--seed", "9")
    generate("--end-year", "2024", "--seed", "9", "--replace")
    assert digest() == first
    assert Incident.objects.filter(**LOAD).count() == 120

    generate("--end-year", "2024", "--seed", "10", "--replace")
    assert digest() != first


@pytest.mark.usefixtures("themes")
def test_the_last_year_is_partly_open_with_clocks_running() -> None:
    today = date(2026, 11, 26)
    result = load_data.generate(years=2, scale=1, seed=3, today=today)

    assert result.last_year == 2026
    assert Incident.objects.filter(**LOAD, aware_date__gt=today).count() == 0
    last_year = Incident.objects.filter(**LOAD, aware_date__gte=date(2026, 4, 1)).count()
    assert 30 <= last_year <= 50, "the open year holds its share of a year's incidents so far"
    assert incidents_with_open_clocks().filter(**LOAD).exists()
    open_actions = Action.objects.filter(**LOAD, status__in=OPEN)
    assert open_actions.filter(due_on__lt=today).exists()
    assert open_actions.filter(due_on__gt=today + timedelta(days=30)).exists()
    assert not ActionUpdate.objects.filter(written_at__date__gt=today).exists()
