"""Every open clock, with what it is about: for the sweep, the deadlines page and the calendar
feed. Titles are pseudonymised (a reference and pseudonyms), never a child's identity."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from notifications.calendar import Overrides, add_working_days, is_working_day
from notifications.rules import Clock, Stage
from reviews import clocks
from reviews.choices import ActionStatus, IncidentKind, ReviewKind, ReviewStatus
from reviews.models import Action, AnnualReport, Incident, Review

_MARK = 987654321987  # stands for the primary key in a reversed URL


@lru_cache(maxsize=32)
def _url_pattern(name: str) -> str:
    return reverse(name, args=[_MARK])


def url_for(name: str, pk: int) -> str:
    """reverse(name, args=[pk]) for one-argument URLs, without resolving the pattern each time
    (the deadlines page and the feed make thousands)."""
    return _url_pattern(name).replace(str(_MARK), str(pk))


@dataclass(frozen=True)
class Deadline:
    subject_type: str
    subject_id: int
    title: str
    url: str
    clock: Clock
    agency_id: int | None = None  # an agency's own deadline (an action): its leads are told


def incidents_with_open_clocks() -> QuerySet[Incident]:
    """Incidents with at least one clock not yet done (a partial index serves the first test)."""
    ofsted_kinds = [IncidentKind.LOOKED_AFTER_DEATH, IncidentKind.CARE_LEAVER_DEATH]
    open_notification = (
        Q(panel_notified_on__isnull=True)
        | Q(partnership_informed_on__isnull=True)
        | Q(kind__in=ofsted_kinds, ofsted_notified_on__isnull=True)
        | Q(kind__in=ofsted_kinds, secretary_of_state_notified_on__isnull=True)
    )
    open_rapid_review = ~Q(kind=IncidentKind.CARE_LEAVER_DEATH) & (
        Q(rapid_review__isnull=True)
        | Q(rapid_review__sent_to_panel_on__isnull=True)
        | Q(rapid_review__panel_responded_on__isnull=True)
    )
    return (
        Incident.objects.filter(open_notification | open_rapid_review)
        .select_related("rapid_review")
        .prefetch_related("children")
        .order_by("aware_date", "id")
    )


def incident_deadlines(incident: Incident, overrides: Overrides) -> Iterator[Deadline]:
    """The incident's clocks that are not done."""
    pseudonyms = ", ".join(c.pseudonym for c in incident.children.all())
    url = url_for("reviews:incident_detail", incident.pk)
    found = clocks.notification_clocks(incident, overrides)
    rapid_review = clocks.rapid_review_clock(incident, overrides)
    if rapid_review is not None:
        found.append(rapid_review)
    panel_response = clocks.panel_response_clock(incident, overrides)
    if panel_response is not None:
        found.append(panel_response)
    for clock in found:
        if clock.done_on is None:
            title = f"{clock.label}: {incident.reference} ({pseudonyms})"
            yield Deadline("incident", incident.pk, title, url, clock)


def reviews_with_open_clocks() -> QuerySet[Review]:
    """Reviews with a clock running: unpublished CSPRs, planned publications, published reports
    not yet closed."""
    return Review.objects.filter(
        Q(kind=ReviewKind.CSPR, published_on__isnull=True)
        | Q(planned_publication_on__isnull=False, published_on__isnull=True)
        | (Q(published_on__isnull=False) & ~Q(status=ReviewStatus.CLOSED))
    ).order_by("decision_on", "id")


def review_deadlines(review: Review, overrides: Overrides) -> Iterator[Deadline]:
    url = url_for("reviews:review_detail", review.pk)
    for clock in clocks.review_clocks(review, overrides):
        if clock.done_on is None:
            title = f"{clock.label}: {review.get_kind_display()} {review.title}"
            yield Deadline("review", review.pk, title, url, clock)


def annual_report_deadlines(today: date) -> Iterator[Deadline]:
    published = dict(AnnualReport.objects.values_list("year", "published_on"))
    for clock in clocks.annual_report_clocks(today=today, published=published):
        if clock.done_on is None:
            yield Deadline("annual_report", clock.due.year - 1, clock.label, reverse("dashboard"), clock)


def actions_with_open_clocks() -> QuerySet[Action]:
    """Actions not yet complete or closed (a partial index serves this)."""
    return (
        Action.objects.filter(status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS])
        .select_related("recommendation__review")
        .only(
            "id",
            "description",
            "due_on",
            "owner_agency_id",
            "recommendation__number",
            "recommendation__review__title",
        )
        .order_by("due_on", "id")
    )


def actions_at_a_stage(today: date, overrides: Overrides, stages: frozenset[str]) -> QuerySet[Action]:
    """The open actions a sweep on `today` may have to remind about, found in SQL: due by the next
    working day (the day-before and due-day stages), or overdue on a working day and not yet
    reminded today. With tens of thousands of open actions this is the few that matter.

    Only when every action stage is one of those three; with "recorded" enabled for actions
    every open action is a candidate, as before.
    """
    from notifications.models import Reminder

    actions = actions_with_open_clocks()
    if Stage.RECORDED.value in stages:
        return actions
    window = Q(due_on__gte=today, due_on__lte=add_working_days(today, 1, overrides))
    if Stage.OVERDUE.value in stages and is_working_day(today, overrides):
        reminded = Reminder.objects.filter(
            subject_type="action",
            subject_id=OuterRef("pk"),
            clock="action_due",
            stage=f"{Stage.OVERDUE.value}:{today.isoformat()}",
        )
        window |= Q(Q(due_on__lt=today), ~Exists(reminded))
    return actions.filter(window)


def action_deadline(action: Action) -> Deadline:
    review = action.recommendation.review
    clock = Clock("action_due", "Action due", action.due_on)
    where = f"{review.title}, recommendation {action.recommendation.number}"
    title = f"Action due: {action.description[:80]} ({where})"
    return Deadline(
        "action",
        action.pk,
        title,
        url_for("reviews:action_detail", action.pk),
        clock,
        action.owner_agency_id,
    )


def open_deadlines(
    overrides: Overrides,
    incidents: QuerySet[Incident] | None = None,
    today: date | None = None,
    actions: QuerySet[Action] | None = None,
) -> Iterator[Deadline]:
    """Every open clock: incidents, Rapid Reviews, reviews, actions (all of them, or those given)."""
    source = incidents if incidents is not None else incidents_with_open_clocks()
    for incident in source.iterator(chunk_size=2000):
        yield from incident_deadlines(incident, overrides)
    if incidents is None:
        for review in reviews_with_open_clocks().iterator(chunk_size=2000):
            yield from review_deadlines(review, overrides)
        for action in (actions if actions is not None else actions_with_open_clocks()).iterator(
            chunk_size=2000
        ):
            yield action_deadline(action)
        if today is not None:
            yield from annual_report_deadlines(today)
