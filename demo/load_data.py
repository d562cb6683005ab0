"""Fictional load data for benchmarks (`manage.py generate_load_data`).

Realistic yearly volumes of a partnership (scaled), dates spread over reporting years (1 April Y
to 31 March Y+1) with the last year still open, every database constraint respected. Deterministic:
the same seed, arguments and date give the same data. Pseudonyms and role titles only, never a name.
Rows are written with `bulk_create` (no audit entries: nobody did these things), one transaction a
year. Every case record carries a `ref` starting "load-", so load data can be found and replaced.
"""

import contextlib
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from typing import Any, TypeVar

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.utils import timezone

from crag import roles
from crag.models import Agency, AgencyKind, User
from notifications.calendar import add_working_days
from reviews.choices import (
    ActionStatus,
    Engagement,
    Gender,
    IncidentKind,
    IncidentLocation,
    LearningEventKind,
    LifeLetterStage,
    PanelResponse,
    ParallelProcessKind,
    PlanStatus,
    Rag,
    RapidReviewOutcome,
    ReviewKind,
    ReviewStatus,
    SafetyActionKind,
)
from reviews.clocks import add_calendar_months
from reviews.models import (
    Action,
    ActionUpdate,
    AgencySummary,
    Child,
    Commendation,
    DecisionAmendment,
    Incident,
    LearningAttendance,
    LearningEvent,
    LearningResource,
    LifeLetter,
    ParallelProcess,
    RapidReview,
    Recommendation,
    Review,
    ReviewDocument,
    ReviewStatusChange,
    SafetyAction,
    Theme,
)

PREFIX = "load-"
EMAIL_DOMAIN = "load.invalid"
BENCH_CHAIR_EMAIL = f"bench-chair@{EMAIL_DOMAIN}"
BENCH_ADMIN_EMAIL = f"bench-admin@{EMAIL_DOMAIN}"
BATCH_SIZE = 2000

# What one reporting year holds at scale 1: a mid-sized partnership (the source report's order of
# magnitude, rounded). `--scale` multiplies every figure.
BASE_VOLUMES: dict[str, int] = {
    "incidents": 60,
    "rapid_reviews": 40,
    "reviews": 15,
    "reviews_from_rapid_reviews": 12,
    "recommendations": 120,
    "actions": 600,
    "action_updates": 2000,
    "learning_events": 40,
}

# Twelve fictional places: one agency of every kind in each ("about 12 of every kind").
PLACES = (
    "Ashvale", "Brackmoor", "Cindlebury", "Dunhallow", "Eastmere", "Fallowfield",
    "Greywick", "Hollinford", "Ivybridge Vale", "Kestrel Down", "Larkmoor", "Marrowby",
)  # fmt: skip
AGENCY_SUFFIX = {
    AgencyKind.POLICE: "Police",
    AgencyKind.LOCAL_AUTHORITY: "Council Children's Services",
    AgencyKind.HEALTH: "NHS Trust",
    AgencyKind.EDUCATION: "Schools Partnership",
    AgencyKind.PUBLIC_HEALTH: "Public Health",
    AgencyKind.LEGAL: "Legal Services",
    AgencyKind.PROBATION: "Probation Service",
    AgencyKind.OTHER: "Voluntary Sector Forum",
}
MAIN_KINDS = (AgencyKind.POLICE, AgencyKind.LOCAL_AUTHORITY, AgencyKind.HEALTH, AgencyKind.EDUCATION)
USERS_PER_ROLE = {role: 4 for role in roles.ALL_ROLES} | {roles.AGENCY_ACTION_LEAD: 12}


def reporting_year(day: date) -> int:
    """Y for the reporting year Y/Y+1 that holds `day` (1 April to 31 March)."""
    return day.year if day.month >= 4 else day.year - 1


@dataclass
class Result:
    counts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    first_year: int = 0
    last_year: int = 0
    as_of: date | None = None


class LoadDataExists(Exception):
    """Load data is already in the database and --replace was not given."""


def load_data_exists() -> bool:
    return Incident.objects.filter(ref__startswith=PREFIX).exists()


def generate(
    *,
    years: int,
    scale: float,
    seed: int,
    end_year: int | None = None,
    today: date | None = None,
    replace: bool = False,
    log: Callable[[str], None] = lambda _line: None,
) -> Result:
    """Write `years` reporting years of load data ending with `end_year` (default: the current one)."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    end_year = end_year if end_year is not None else reporting_year(today)
    as_of = min(today, date(end_year + 1, 3, 31))
    themes = list(Theme.objects.order_by("slug"))
    if not themes:
        raise ValueError("No themes: run the migrations first (0002_themes seeds the taxonomy).")
    if load_data_exists():
        if not replace:
            raise LoadDataExists
        deleted = delete_load_data()
        log(f"Deleted previous load data ({deleted:,} rows).")
    result = Result(first_year=end_year - years + 1, last_year=end_year, as_of=as_of)
    with transaction.atomic():
        agencies, users = reference_data()
    records = Records(seed=seed, scale=scale, as_of=as_of, agencies=agencies, users=users, themes=themes)
    with _historic_timestamps():
        for year in range(result.first_year, end_year + 1):
            plan = YearPlan.of(year, as_of=as_of, scale=scale, base=BASE_VOLUMES)
            if plan is None:
                continue
            year_started = time.perf_counter()
            with transaction.atomic():
                counts = write_year(records.year(plan))
            result.counts.update(counts)
            seconds = time.perf_counter() - year_started
            log(
                f"{year}/{str(year + 1)[-2:]}: {counts['incident']:,} incidents, "
                f"{counts['action']:,} actions, {counts['actionupdate']:,} updates in {seconds:.1f} s"
            )
    result.seconds = time.perf_counter() - started
    return result


def reference_data() -> tuple[list[Agency], dict[str, list[User]]]:
    """The load agencies and users, made once and reused by later runs (they are not case records)."""
    agencies = []
    for kind, suffix in AGENCY_SUFFIX.items():
        for place in PLACES:
            agency, _ = Agency.objects.get_or_create(
                name=f"{place} {suffix}", defaults={"kind": kind, "short_name": f"{place[:4]} {kind[:6]}"}
            )
            agencies.append(agency)
    users: dict[str, list[User]] = {}
    for role, count in USERS_PER_ROLE.items():
        group, _ = Group.objects.get_or_create(name=role)
        slug = role.lower().replace(" ", "-")
        users[role] = [
            _user(
                f"{slug}-{n:02d}@{EMAIL_DOMAIN}",
                f"Load {role} {n:02d}",
                agencies[(n * 7) % len(agencies)],
                group,
            )
            for n in range(1, count + 1)
        ]
    chair_group = Group.objects.get(name=roles.CRAG_CHAIR)
    admin_group = Group.objects.get(name=roles.PARTNERSHIP_ADMIN)
    _user(BENCH_CHAIR_EMAIL, "Benchmark CRAG chair", agencies[12], chair_group)
    _user(BENCH_ADMIN_EMAIL, "Benchmark Partnership admin", agencies[12], admin_group, is_staff=True)
    return agencies, users


def _user(email: str, full_name: str, agency: Agency, group: Group, *, is_staff: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=full_name, agency=agency, is_staff=is_staff)
        user.set_unusable_password()
        user.save()
    user.groups.add(group)
    return user


def write_year(batch: dict[type[models.Model], list[Any]]) -> Counter[str]:
    """Insert the year's rows, parents first (the dict's order). Rows refer to their parents as
    objects: bulk_create copies each parent's new primary key into the row just before inserting."""
    counts: Counter[str] = Counter()
    for model, objects in batch.items():
        model._default_manager.bulk_create(objects, batch_size=BATCH_SIZE)
        counts[model._meta.model_name or model.__name__] += len(objects)
    return counts


@contextlib.contextmanager
def _historic_timestamps() -> Iterator[None]:
    """auto_now and auto_now_add would stamp every row with today: load rows carry their own dates."""
    changed: list[tuple[models.DateField, bool, bool]] = []
    for model in (Incident, RapidReview, Review, Action, ActionUpdate, LearningEvent, Commendation):
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.DateField) and (
                model_field.auto_now or model_field.auto_now_add
            ):
                changed.append((model_field, model_field.auto_now, model_field.auto_now_add))
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in changed:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


def _delete(queryset: models.QuerySet[Any]) -> int:
    """DELETE in one statement: the ORM's collector would load every row (auditlog listens)."""
    inner, params = queryset.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({inner})", params)  # noqa: S608 (names from _meta)
        return int(cursor.rowcount)


def delete_load_data() -> int:
    """Remove every load case record (agencies and users stay for the next run)."""
    load = {"ref__startswith": PREFIX}
    rec = {"recommendation__ref__startswith": PREFIX}
    rev = {"review__ref__startswith": PREFIX}
    rr = {"rapid_review__ref__startswith": PREFIX}
    querysets: Sequence[models.QuerySet[Any]] = (
        ActionUpdate.objects.filter(action__ref__startswith=PREFIX),
        Action.objects.filter(**load),
        Recommendation.agencies.through.objects.filter(**rec),
        LearningResource.recommendations.through.objects.filter(**rec),
        Recommendation.objects.filter(**load),
        LearningEvent.reviews.through.objects.filter(**rev),
        LearningResource.reviews.through.objects.filter(**rev),
        Review.children.through.objects.filter(**rev),
        Review.themes.through.objects.filter(**rev),
        *(model.objects.filter(**rev) for model in (LifeLetter, ParallelProcess, Commendation)),
        *(model.objects.filter(**rev) for model in (ReviewStatusChange, ReviewDocument)),
        Review.objects.filter(**load),
        *(model.objects.filter(**rr) for model in (AgencySummary, SafetyAction, DecisionAmendment)),
        RapidReview.themes.through.objects.filter(rapidreview__ref__startswith=PREFIX),
        RapidReview.objects.filter(**load),
        Incident.children.through.objects.filter(incident__ref__startswith=PREFIX),
        Incident.themes.through.objects.filter(incident__ref__startswith=PREFIX),
        Incident.objects.filter(**load),
        Child.objects.filter(**load),
        LearningAttendance.objects.filter(event__ref__startswith=PREFIX),
        LearningEvent.themes.through.objects.filter(learningevent__ref__startswith=PREFIX),
        LearningEvent.objects.filter(**load),
    )
    with transaction.atomic():
        deleted = _delete_reminders()
        for queryset in querysets:
            deleted += _delete(queryset)
    return deleted


def _delete_reminders() -> int:
    """Reminders the deadline sweep made about load records (they name their subject by id)."""
    reminder = apps.get_model("notifications", "Reminder")
    deleted = 0
    for subject_type, model in (("incident", Incident), ("review", Review), ("action", Action)):
        ids = list(model.objects.filter(ref__startswith=PREFIX).values_list("pk", flat=True))
        deleted += _delete(reminder.objects.filter(subject_type=subject_type, subject_id__in=ids))
    return deleted


# --- The records of one year --------------------------------------------------------------------

INCIDENT_KINDS = (
    (IncidentKind.SERIOUS_HARM, 52),
    (IncidentKind.DEATH, 28),
    (IncidentKind.LOOKED_AFTER_DEATH, 6),
    (IncidentKind.CARE_LEAVER_DEATH, 6),
    (IncidentKind.OTHER, 8),
)
DEATHS = (IncidentKind.DEATH, IncidentKind.LOOKED_AFTER_DEATH, IncidentKind.CARE_LEAVER_DEATH)
# Working days from awareness to the Panel notification: most within the 5, a few late.
NOTIFICATION_DELAYS = ((0, 8), (1, 30), (2, 25), (3, 15), (4, 9), (5, 5), (7, 4), (11, 4))
ETHNICITIES = (
    ("White British", 70), ("White other", 6), ("Mixed", 8), ("Asian or Asian British", 7),
    ("Black or Black British", 5), ("Other ethnic group", 2), ("Not known", 2),
)  # fmt: skip
GENDERS = ((Gender.MALE, 50), (Gender.FEMALE, 45), (Gender.TRANSGENDER, 1), (Gender.NOT_KNOWN, 4))
PRIORITIES = ("Exploitation", "Neglect", "Domestic abuse", "Mental health", "Information sharing")
# How often an action that fell due this long ago is still open (days past due, share open).
OPEN_WHEN_PAST_DUE = ((365, 0.02), (60, 0.12), (0, 0.4))
ORDER: tuple[type[models.Model], ...] = (
    Child, Incident, Incident.children.through, Incident.themes.through,
    RapidReview, RapidReview.themes.through, AgencySummary, SafetyAction,
    Review, Review.children.through, Review.themes.through, ParallelProcess, LifeLetter, Commendation,
    Recommendation, Recommendation.agencies.through, Action, ActionUpdate,
    LearningEvent, LearningAttendance, LearningEvent.themes.through, LearningEvent.reviews.through,
)  # fmt: skip

W = TypeVar("W")


def days(n: int) -> timedelta:
    return timedelta(days=n)


def at(day: date, hour: int = 10) -> datetime:
    """A working-hours time on `day`, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, clock_time(hour, 0)))


@dataclass(frozen=True)
class YearPlan:
    """How many of each record reporting year `year` holds; the open year in proportion to its days."""

    year: int
    start: date
    end: date
    counts: dict[str, int]

    @classmethod
    def of(cls, year: int, *, as_of: date, scale: float, base: dict[str, int]) -> "YearPlan | None":
        start, full_end = date(year, 4, 1), date(year + 1, 3, 31)
        end = min(full_end, as_of)
        if end < start:
            return None
        share = ((end - start).days + 1) / ((full_end - start).days + 1)
        return cls(year, start, end, {key: round(value * scale * share) for key, value in base.items()})


class Records:
    """Builds each year's rows in memory, linked as objects, from one seeded random generator."""

    def __init__(
        self,
        *,
        seed: int,
        scale: float,
        as_of: date,
        agencies: list[Agency],
        users: dict[str, list[User]],
        themes: list[Theme],
    ) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (reproducible fictional data, not secrets)
        self.scale, self.as_of, self.themes = scale, as_of, themes
        self.agencies = agencies
        # The big agencies (police, council, health, schools) own most actions.
        self.agency_weights = [5 if a.kind in MAIN_KINDS else 1 for a in agencies]
        self.chair = users[roles.CRAG_CHAIR][0]
        self.reviewers = users[roles.INDEPENDENT_REVIEWER]
        self.leads = {lead.agency_id: lead for lead in users[roles.AGENCY_ACTION_LEAD]}
        self.writers = (
            users[roles.AGENCY_ACTION_LEAD] + users[roles.BUSINESS_GROUP] + users[roles.CRAG_MEMBER]
        )
        self.children_made = 0
        self.reusable: list[Child] = []  # living children who may appear in a later incident
        self.published: list[Review] = []
        self.children_of: dict[str, list[Child]] = {}  # by incident reference (this year)
        self.themes_of: dict[str, list[Theme]] = {}
        self.batch: dict[type[models.Model], list[Any]] = {}

    # Helpers.
    def pick(self, weighted: Sequence[tuple[W, int]]) -> W:
        return self.rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]

    def day_between(self, first: date, last: date) -> date:
        return first + days(self.rng.randint(0, max(0, (last - first).days)))

    def add(self, row: models.Model) -> None:
        self.batch[type(row)].append(row)

    def spread(self, total: int, owners: Sequence[W]) -> list[tuple[W, int]]:
        """`total` shared among `owners`, at least one each while it lasts, the rest at random."""
        if not owners or total <= 0:
            return []
        shares = [1 if i < total else 0 for i in range(len(owners))]
        for _ in range(total - sum(shares)):
            shares[self.rng.randrange(len(owners))] += 1
        return list(zip(owners, shares, strict=True))

    def year(self, plan: YearPlan) -> dict[type[models.Model], list[Any]]:
        self.batch = {model: [] for model in ORDER}
        self.children_of, self.themes_of = {}, {}
        incidents = self.incidents(plan)
        rapid_reviews = self.rapid_reviews(plan, incidents)
        reviews = self.reviews(plan, rapid_reviews, incidents)
        self.action_plans(plan, reviews)
        self.learning_events(plan)
        return self.batch

    # Incidents and children.
    def incidents(self, plan: YearPlan) -> list[Incident]:
        made = []
        for n in range(1, plan.counts["incidents"] + 1):
            aware_on = self.day_between(plan.start, plan.end)
            kind = self.pick(INCIDENT_KINDS)
            incident = Incident(
                ref=f"{PREFIX}inc-{plan.year}-{n:04d}",
                reference=f"LOAD-{plan.year}-{n:04d}",
                kind=kind,
                incident_date=aware_on - days(self.rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 8, 14, 30))),
                aware_date=aware_on,
                location=IncidentLocation.OUTSIDE_ENGLAND
                if self.rng.random() < 0.04
                else IncidentLocation.IN_AREA,
                abuse_or_neglect_suspected=self.rng.random() < (0.5 if kind in DEATHS[1:] else 0.92),
                summary="Fictional incident made for load testing.",
                created_by=self.chair,
                created_at=at(aware_on),
                updated_at=at(aware_on),
            )
            self.notify(incident)
            self.add(incident)
            self.children_of[incident.reference] = self.incident_children(incident)
            self.themes_of[incident.reference] = self.rng.sample(self.themes, self.rng.randint(1, 3))
            for theme in self.themes_of[incident.reference]:
                self.add(Incident.themes.through(incident=incident, theme=theme))
            made.append(incident)
        return made

    def notify(self, incident: Incident) -> None:
        """The notifications made by `as_of`; the rest stay open clocks."""
        delay = self.pick(NOTIFICATION_DELAYS)
        panel = add_working_days(incident.aware_date, delay)
        informed = add_working_days(incident.aware_date, max(0, delay - self.rng.randint(0, 1)))
        if informed <= self.as_of:
            incident.partnership_informed_on = informed
        if panel <= self.as_of:
            incident.panel_notified_on = panel
            incident.national_reference = f"LOAD-NAT-{incident.reference[5:]}"
            incident.updated_at = at(panel)
            if delay > 5:
                incident.late_reason = "Fictional: the referral reached the council late."
        if incident.kind in DEATHS[1:]:
            ofsted = add_working_days(incident.aware_date, self.rng.randint(1, 6))
            if ofsted <= self.as_of:
                incident.ofsted_notified_on = incident.secretary_of_state_notified_on = ofsted

    def incident_children(self, incident: Incident) -> list[Child]:
        wanted = self.pick(((1, 70), (2, 22), (3, 8)))
        chosen: list[Child] = []
        if incident.kind == IncidentKind.SERIOUS_HARM and self.reusable and self.rng.random() < 0.08:
            chosen.append(self.reusable.pop(self.rng.randrange(len(self.reusable))))
        while len(chosen) < wanted:
            chosen.append(self.child(incident, dies=incident.kind in DEATHS and not chosen))
        for child in chosen:
            self.add(Incident.children.through(incident=incident, child=child))
        return chosen

    def child(self, incident: Incident, *, dies: bool) -> Child:
        self.children_made += 1
        n = self.children_made
        if incident.kind == IncidentKind.CARE_LEAVER_DEATH:
            age = self.rng.randint(18, 24)
        else:
            age = self.pick(((0, 30), (self.rng.randint(1, 4), 15), (self.rng.randint(5, 11), 15),
                             (self.rng.randint(12, 17), 40)))  # fmt: skip
        born = incident.incident_date - days(age * 365 + self.rng.randint(0, 364))
        child = Child(
            ref=f"{PREFIX}child-{n:06d}",
            pseudonym=f"Child {n:05d}",
            legal_name=f"Fictional Name {n:05d}",
            date_of_birth=born,
            case_summary="Fictional case summary for load testing.",
            gender=self.pick(GENDERS),
            ethnicity=self.pick(ETHNICITIES),
            disability="Fictional: learning disability" if self.rng.random() < 0.1 else "",
            looked_after=incident.kind in DEATHS[1:] or self.rng.random() < 0.1,
            child_protection_plan=self.rng.choice(PlanStatus.values),
            child_in_need_plan=self.rng.choice(PlanStatus.values),
            deceased=dies,
            date_of_death=incident.incident_date if dies else None,
        )
        self.add(child)
        if not dies and age < 16:
            self.reusable.append(child)
        return child

    # Rapid Reviews.
    def rapid_reviews(self, plan: YearPlan, incidents: list[Incident]) -> list[RapidReview]:
        candidates = [i for i in incidents if i.kind != IncidentKind.CARE_LEAVER_DEATH]
        chosen = self.rng.sample(candidates, min(plan.counts["rapid_reviews"], len(candidates)))
        made = []
        for incident in sorted(chosen, key=lambda i: (i.aware_date, i.reference)):
            rapid_review = self.rapid_review(incident)
            self.add(rapid_review)
            for theme in self.themes_of[incident.reference]:
                self.add(RapidReview.themes.through(rapidreview=rapid_review, theme=theme))
            if rapid_review.meeting_on is not None:
                self.rapid_review_details(rapid_review)
            made.append(rapid_review)
        return made

    def rapid_review(self, incident: Incident) -> RapidReview:
        """As far as it got by `as_of`: meeting and signed-off decision, sent, the Panel's answer."""
        opened = incident.panel_notified_on or incident.aware_date
        rapid_review = RapidReview(
            ref=f"{PREFIX}rr-{incident.reference[5:]}",
            incident=incident,
            created_at=at(opened),
            updated_at=at(opened),
        )
        meeting = add_working_days(opened, self.rng.randint(7, 13))
        if incident.panel_notified_on is None or meeting > self.as_of:
            return rapid_review
        rapid_review.meeting_on = meeting
        rapid_review.learning_points = "Fictional learning points for load testing."
        rapid_review.meets_cspr_criteria = self.rng.random() < 0.4
        rapid_review.complex_or_national_importance = self.rng.random() < 0.08
        rapid_review.decision_reasons = "Fictional reasons against the criteria."
        rapid_review.signed_off_by, rapid_review.signed_off_at = self.chair, at(meeting, 16)
        rapid_review.outcome = self.pick(
            ((RapidReviewOutcome.NO_FURTHER_REVIEW, 95), (RapidReviewOutcome.NATIONAL_REVIEW_CASE_STUDY, 5))
        )
        rapid_review.updated_at = at(meeting, 16)
        sent = add_working_days(meeting, self.pick(((0, 20), (1, 30), (2, 20), (4, 15), (7, 10), (12, 5))))
        if sent > self.as_of:
            return rapid_review
        rapid_review.sent_to_panel_on, rapid_review.updated_at = sent, at(sent)
        responded = add_working_days(sent, self.rng.randint(6, 16))
        if responded <= self.as_of:
            agrees = self.rng.random() < 0.85
            rapid_review.panel_response = PanelResponse.AGREE if agrees else PanelResponse.DISAGREE
            rapid_review.panel_considers_criteria_met = rapid_review.meets_cspr_criteria == agrees
            rapid_review.panel_responded_on, rapid_review.updated_at = responded, at(responded)
        return rapid_review

    def rapid_review_details(self, rapid_review: RapidReview) -> None:
        meeting = rapid_review.meeting_on
        assert meeting is not None  # noqa: S101 (only called for a held meeting)
        for agency in self.rng.sample(self.agencies, self.rng.randint(3, 6)):
            self.add(
                AgencySummary(rapid_review=rapid_review, agency=agency, summary="Fictional agency summary.")
            )
        for _ in range(self.rng.randint(1, 3)):
            done = meeting + days(self.rng.randint(1, 20))
            self.add(
                SafetyAction(
                    rapid_review=rapid_review,
                    kind=self.rng.choice(SafetyActionKind.values),
                    description="Fictional immediate safety action.",
                    owner_agency=self.rng.choices(self.agencies, self.agency_weights)[0],
                    owner_name="Duty team manager",
                    done_on=done if done <= self.as_of else None,
                )
            )

    # Reviews.
    def reviews(
        self, plan: YearPlan, rapid_reviews: list[RapidReview], incidents: list[Incident]
    ) -> list[Review]:
        signed = [r for r in rapid_reviews if r.signed_off_at is not None]
        wanted = plan.counts["reviews"]
        from_rapid = self.rng.sample(
            signed, min(plan.counts["reviews_from_rapid_reviews"], len(signed), wanted)
        )
        made = []
        for n, rapid_review in enumerate(sorted(from_rapid, key=lambda r: r.incident.aware_date), start=1):
            cspr = self.rng.random() < 0.7
            rapid_review.outcome = RapidReviewOutcome.CSPR if cspr else RapidReviewOutcome.LOCAL_REVIEW
            rapid_review.meets_cspr_criteria = cspr
            done = rapid_review.panel_responded_on or rapid_review.sent_to_panel_on or rapid_review.meeting_on
            assert done is not None  # noqa: S101 (a signed-off Rapid Review has met)
            decided = min(done + days(self.rng.randint(0, 10)), self.as_of)
            kind = ReviewKind.LOCAL
            if cspr:
                kind = ReviewKind.SCR if decided < date(2018, 6, 29) else ReviewKind.CSPR
            incident = rapid_review.incident
            children = self.children_of[incident.reference]
            made.append(
                self.review(
                    plan, n, kind, decided, rapid_review, children, self.themes_of[incident.reference]
                )
            )
        for n in range(len(made) + 1, wanted + 1):
            kind = self.pick(((ReviewKind.PARTNERSHIP_LEARNING, 7), (ReviewKind.NATIONAL_CONTRIBUTION, 3)))
            source = self.rng.choice(incidents) if incidents else None
            children = self.children_of[source.reference][:1] if source else []
            themes = self.rng.sample(self.themes, 2)
            made.append(
                self.review(plan, n, kind, self.day_between(plan.start, plan.end), None, children, themes)
            )
        return made

    def review(self, plan: YearPlan, n: int, kind: str, decided: date, rapid_review: RapidReview | None,
               children: list[Child], themes: list[Theme]) -> Review:  # fmt: skip
        review = Review(
            ref=f"{PREFIX}rev-{plan.year}-{n:03d}",
            kind=kind,
            title=children[0].pseudonym if children else f"Learning review {plan.year}-{n:03d}",
            rapid_review=rapid_review,
            decision_on=decided,
            terms_of_reference="Fictional terms of reference.",
            created_at=at(decided),
        )
        self.review_progress(review)
        self.add(review)
        for child in children:
            self.add(Review.children.through(review=review, child=child))
        for theme in themes:
            self.add(Review.themes.through(review=review, theme=theme))
        self.review_records(review, children)
        return review

    def review_progress(self, review: Review) -> None:
        """Status and dates by age: decision <= commissioning <= sign-off <= publication <= as_of."""
        decided, age = review.decision_on, (self.as_of - review.decision_on).days
        review.status, review.updated_at = ReviewStatus.SCOPING, at(decided)
        if age < 25:
            return
        review.status, review.reviewer = ReviewStatus.COMMISSIONED, self.rng.choice(self.reviewers)
        review.commissioned_on = decided + days(self.rng.randint(5, 24))
        review.cost_gbp = Decimal(self.rng.randrange(3_000, 30_000, 250))
        review.family_engagement = review.practitioner_engagement = Engagement.INVITED
        if age < 50:
            return
        review.family_engagement = self.rng.choice(
            (Engagement.CONTRIBUTED, Engagement.DECLINED, Engagement.TAKING_PART)
        )
        review.practitioner_engagement = Engagement.CONTRIBUTED
        signed = decided + days(self.rng.randint(120, 300))
        if signed > self.as_of:
            review.status = self.pick(
                (
                    (ReviewStatus.IN_PROGRESS, 83),
                    (ReviewStatus.PAUSED, 12),
                    (ReviewStatus.COMPLETED_AS_FAR_AS_POSSIBLE, 5),
                )
            )
            self.delay(review, None)
            return
        review.status, review.signed_off_on, review.signed_off_by = (
            ReviewStatus.SIGNED_OFF,
            signed,
            self.chair,
        )
        review.updated_at = at(signed)
        published = signed + days(self.rng.randint(20, 100))
        if review.kind == ReviewKind.NATIONAL_CONTRIBUTION or self.rng.random() < 0.1:
            if signed + days(365) < self.as_of:
                review.status = ReviewStatus.CLOSED
            return
        review.planned_publication_on = published
        notice = max(signed, published - days(self.rng.randint(11, 20)))
        if notice <= self.as_of:
            review.panel_notice_on = review.secretary_of_state_notice_on = review.ofsted_notice_on = notice
        self.delay(review, published)
        if published > self.as_of:
            return
        review.status, review.published_on = ReviewStatus.PUBLISHED, published
        review.publication_url = f"https://example.org/load-reviews/{review.ref}"
        review.updated_at = at(published)
        self.published.append(review)
        if published + days(365 + self.rng.randint(0, 120)) < self.as_of:
            review.status = ReviewStatus.CLOSED

    def delay(self, review: Review, published: date | None) -> None:
        """A CSPR past its 6 months records why, and tells the Panel (Working Together)."""
        target = add_calendar_months(review.decision_on, 6)
        if review.kind == ReviewKind.CSPR and (published or self.as_of) > target:
            review.delay_reason = "Fictional: the criminal trial held up practitioner interviews."
            sent = target + days(self.rng.randint(0, 10))
            review.delay_reason_sent_on = sent if sent <= self.as_of else None

    def review_records(self, review: Review, children: list[Child]) -> None:
        """Parallel processes (an active one for a paused review), life letters, commendations."""
        held_up = review.status in (ReviewStatus.PAUSED, ReviewStatus.COMPLETED_AS_FAR_AS_POSSIBLE)
        for index in range(self.rng.choice((0, 0, 1, 1, 2)) + held_up):
            started = min(review.decision_on + days(self.rng.randint(-30, 60)), self.as_of)
            ended = started + days(self.rng.randint(60, 500))
            self.add(
                ParallelProcess(
                    review=review,
                    kind=self.rng.choice(ParallelProcessKind.values),
                    started_on=started,
                    ended_on=None if (held_up and index == 0) or ended > self.as_of else ended,
                    blocks_family_contact=self.rng.random() < 0.5,
                    blocks_practitioner_interviews=self.rng.random() < 0.3,
                    blocks_publication=held_up or self.rng.random() < 0.3,
                    notes="Fictional parallel process.",
                )
            )
        if review.signed_off_on is not None and self.rng.random() < 0.5:
            for child in children:
                self.add(self.life_letter(review, child, review.signed_off_on))
        if review.published_on is not None and self.rng.random() < 0.3:
            agency = self.rng.choices(self.agencies, self.agency_weights)[0]
            self.add(
                Commendation(
                    who="Fictional health visiting team",
                    agency=agency,
                    what="Fictional good practice.",
                    commended_on=review.published_on,
                    review=review,
                    created_at=at(review.published_on),
                )
            )

    def life_letter(self, review: Review, child: Child, signed: date) -> LifeLetter:
        letter = LifeLetter(review=review, child=child, stage=LifeLetterStage.DRAFTING)
        steps = (("approved_on", LifeLetterStage.APPROVED), ("given_on", LifeLetterStage.GIVEN),
                 ("saved_on_file_on", LifeLetterStage.SAVED_ON_FILE))  # fmt: skip
        day = signed
        for attribute, stage in steps:
            day += days(self.rng.randint(10, 60))
            if day > self.as_of:
                break
            setattr(letter, attribute, day)
            letter.stage = stage
        return letter

    # Recommendations, actions and their progress.
    def action_plans(self, plan: YearPlan, reviews: list[Review]) -> None:
        drafting = (ReviewStatus.SCOPING, ReviewStatus.COMMISSIONED)
        eligible = [r for r in reviews if r.status not in drafting] or reviews
        recommendations = []
        for review, count in self.spread(plan.counts["recommendations"], eligible):
            for number in range(1, count + 1):
                recommendations.append(self.recommendation(review, number))
        actions = [
            self.action(recommendation, agencies, number)
            for (recommendation, agencies), count in self.spread(plan.counts["actions"], recommendations)
            for number in range(1, count + 1)
        ]
        for action, count in self.spread(plan.counts["action_updates"], actions):
            self.action_updates(action, count)

    def recommendation(self, review: Review, number: int) -> tuple[Recommendation, list[Agency]]:
        recommendation = Recommendation(
            ref=f"{review.ref}-rec-{number:02d}",
            review=review,
            number=number,
            text=f"Fictional recommendation {number}: agencies share what they know about the child sooner.",
            priority=self.rng.choice(PRIORITIES),
        )
        self.add(recommendation)
        agencies: list[Agency] = []
        wanted = self.rng.randint(1, 3)
        while len(agencies) < wanted:
            agency = self.rng.choices(self.agencies, self.agency_weights)[0]
            if agency not in agencies:
                agencies.append(agency)
                self.add(Recommendation.agencies.through(recommendation=recommendation, agency=agency))
        return recommendation, agencies

    def action(self, recommendation: Recommendation, agencies: list[Agency], number: int) -> Action:
        review = recommendation.review
        start = min(review.signed_off_on or review.decision_on + days(90), self.as_of)
        due = start + days(self.rng.randint(30, 540))
        action = Action(
            ref=f"{recommendation.ref}-act-{number:02d}",
            recommendation=recommendation,
            description="Fictional action: update the procedure and brief every practitioner on it.",
            owner_agency=self.rng.choice(agencies),
            owner_name=self.rng.choice(("Designated safeguarding lead", "Head of service", "Named nurse")),
            due_on=due,
            created_at=at(start),
            updated_at=at(start),
        )
        self.action_status(action, start)
        self.add(action)
        return action

    def action_status(self, action: Action, start: date) -> None:
        """Mostly done once due, some still open (overdue ones fewer as they age); RAG on most."""
        past_due = (self.as_of - action.due_on).days
        open_share = (
            0.8 if past_due < 0 else next(share for limit, share in OPEN_WHEN_PAST_DUE if past_due >= limit)
        )
        if self.rng.random() < open_share:
            started = self.rng.random() < (0.75 if past_due >= 0 else 0.6)
            action.status = ActionStatus.IN_PROGRESS if started else ActionStatus.NOT_STARTED
            if self.rng.random() < 0.85:
                overdue = past_due > 0
                action.rag = self.pick(
                    ((Rag.RED, 6), (Rag.AMBER, 4)) if overdue else ((Rag.AMBER, 4), (Rag.GREEN, 6))
                )
            return
        done = self.day_between(start, min(action.due_on + days(60), self.as_of))
        action.completed_on, action.updated_at = done, at(done)
        action.evidence = "Fictional evidence of impact: audit of twenty cases shows the change in practice."
        closed = done + days(90) < self.as_of and self.rng.random() < 0.7
        action.status = ActionStatus.CLOSED if closed else ActionStatus.COMPLETE
        if self.rng.random() < 0.9:
            action.rag, action.rag_comment = Rag.GREEN, "Fictional: evidence seen by the Business Group."

    def action_updates(self, action: Action, count: int) -> None:
        start = action.created_at.date()
        last = action.completed_on or self.as_of
        author = self.leads.get(action.owner_agency.pk)
        for _ in range(count):
            written = self.day_between(start, max(start, last))
            self.add(
                ActionUpdate(
                    action=action,
                    author=author or self.rng.choice(self.writers),
                    written_at=at(written, self.rng.randint(8, 17)),
                    text="Fictional progress: the new procedure is drafted and out for consultation.",
                )
            )

    # Learning.
    def learning_events(self, plan: YearPlan) -> None:
        kinds = ((LearningEventKind.LEARNING_EVENT, 4), (LearningEventKind.WORKSHOP, 3),
                 (LearningEventKind.CONFERENCE, 1), (LearningEventKind.BRIEFING, 4))  # fmt: skip
        for n in range(1, plan.counts["learning_events"] + 1):
            held = self.day_between(plan.start, plan.end)
            kind = self.pick(kinds)
            event = LearningEvent(
                ref=f"{PREFIX}event-{plan.year}-{n:04d}",
                kind=kind,
                title=f"Fictional {kind.replace('_', ' ')} {plan.year}-{n:03d}",
                held_on=held,
                feedback="Fictional feedback: practitioners found the case study useful.",
                created_at=at(held),
            )
            total = 0
            for agency in self.rng.sample(self.agencies, self.rng.randint(2, 8)):
                count = self.rng.randint(1, 25)
                total += count
                self.add(LearningAttendance(event=event, agency=agency, count=count))
            event.attendees = total
            self.add(event)
            for theme in self.rng.sample(self.themes, self.rng.randint(1, 3)):
                self.add(LearningEvent.themes.through(learningevent=event, theme=theme))
            published = [r for r in self.published[-30:] if r.published_on and r.published_on <= held]
            for review in self.rng.sample(published, min(len(published), self.rng.randint(0, 2))):
                self.add(LearningEvent.reviews.through(learningevent=event, review=review))
