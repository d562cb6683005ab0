"""The query budget (issue 8): every list and dashboard page, for the roles that use it, makes no
more queries with 1,000 rows of everything than with 10. A page whose count grows with its rows
has an N+1 (a query per row) and fails here, naming the page and the role."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from crag import roles
from crag.models import Agency, AuditEvent, User
from crag.tests.factories import AgencyFactory
from notifications.models import Reminder
from reviews.models import (
    Action,
    ActionUpdate,
    AnnualReport,
    Child,
    Commendation,
    Incident,
    LearningAttendance,
    LearningEvent,
    LearningResource,
    ParallelProcess,
    RapidReview,
    Recommendation,
    Review,
    Theme,
)

ON = date(2026, 1, 5)  # a Monday in the reporting year 2025/26


def grow(n: int, people: dict[str, User], agencies: list[Agency], big_review: Review) -> None:
    """Add rows of everything until there are n of each (bulk: this is about queries, not speed).
    The first ten rows' dates already span the whole range, so that both measurements cover the
    same reporting years (the annual report's trends cost queries per year, not per row)."""
    start = Incident.objects.count()
    themes = list(Theme.objects.all()[:3])
    children = Child.objects.bulk_create(Child(pseudonym=f"Child Q{i}") for i in range(start, n))
    incidents = Incident.objects.bulk_create(
        Incident(
            reference=f"Q-{i}",
            kind="death",
            incident_date=ON - timedelta(days=(i * 31) % 300),
            aware_date=ON - timedelta(days=(i * 31) % 300),
            location="in_area",
            abuse_or_neglect_suspected=True,
            panel_notified_on=None if i % 3 else ON,
        )
        for i in range(start, n)
    )
    Incident.children.through.objects.bulk_create(
        Incident.children.through(incident=incident, child=child)
        for incident, child in zip(incidents, children, strict=True)
    )
    Incident.themes.through.objects.bulk_create(
        Incident.themes.through(incident=incident, theme=themes[i % len(themes)])
        for i, incident in enumerate(incidents)
    )
    rapid_reviews = RapidReview.objects.bulk_create(RapidReview(incident=incident) for incident in incidents)
    reviews = Review.objects.bulk_create(
        Review(
            kind="cspr",
            title=f"Child Q{i}",
            decision_on=ON - timedelta(days=(i * 41) % 400),
            status="paused" if i % 2 else "published",
            published_on=None if i % 2 else ON,
            rapid_review=rapid_review,
            reviewer=people[roles.INDEPENDENT_REVIEWER],
        )
        for i, rapid_review in zip(range(start, n), rapid_reviews, strict=True)
    )
    Review.children.through.objects.bulk_create(
        Review.children.through(review=review, child=child)
        for review, child in zip(reviews, children, strict=True)
    )
    ParallelProcess.objects.bulk_create(
        ParallelProcess(review=review, kind="inquest", started_on=ON, blocks_publication=True)
        for review in reviews
        if review.status == "paused"
    )
    first_number = Recommendation.objects.filter(review=big_review).count() + 1
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(review=big_review, number=first_number + j, text=f"Recommendation {i}")
        for j, i in enumerate(range(start, n))
    )
    Recommendation.agencies.through.objects.bulk_create(
        Recommendation.agencies.through(recommendation=r, agency=agencies[i % len(agencies)])
        for i, r in enumerate(recommendations)
    )
    actions = Action.objects.bulk_create(
        Action(
            recommendation=recommendation,
            description=f"Action {i}",
            owner_agency=agencies[i % len(agencies)],
            due_on=ON + timedelta(days=(i % 60) - 30),
            status="in_progress",
            rag=("red", "amber", "green", "")[i % 4],
        )
        for i, recommendation in zip(range(start, n), recommendations, strict=True)
    )
    ActionUpdate.objects.bulk_create(
        ActionUpdate(action=action, author=people[roles.AGENCY_ACTION_LEAD], text="Progress")
        for action in actions
    )
    for person in people.values():
        Reminder.objects.bulk_create(
            Reminder(
                subject_type="incident",
                subject_id=incident.pk,
                clock="panel_notification",
                stage="recorded",
                recipient=person,
                due_on=ON,
                title=f"Notify the Panel: {incident.reference}",
                url=f"/incidents/{incident.pk}/",
            )
            for incident in incidents
        )
    AuditEvent.objects.bulk_create(
        AuditEvent(kind="login_failed", identifier=f"q{i}@crag.test") for i in range(start, n)
    )
    child_type = ContentType.objects.get_for_model(Child)
    LogEntry.objects.bulk_create(
        LogEntry(
            content_type=child_type,
            object_pk=str(child.pk),
            object_id=child.pk,
            object_repr=child.pseudonym,
            action=LogEntry.Action.CREATE,
            actor=people[roles.CRAG_CHAIR],
        )
        for child in children
    )
    events = LearningEvent.objects.bulk_create(
        LearningEvent(kind="workshop", title=f"Workshop {i}", held_on=ON, attendees=10)
        for i in range(start, n)
    )
    LearningAttendance.objects.bulk_create(
        LearningAttendance(event=event, agency=agencies[i % len(agencies)], count=10)
        for i, event in enumerate(events)
    )
    LearningEvent.themes.through.objects.bulk_create(
        LearningEvent.themes.through(learningevent=event, theme=themes[0]) for event in events
    )
    LearningResource.objects.bulk_create(
        LearningResource(kind="poster", title=f"Poster {i}", published_on=ON) for i in range(start, n)
    )
    Commendation.objects.bulk_create(
        Commendation(
            who=f"Team {i}", agency=agencies[i % len(agencies)], what="Good practice", commended_on=ON
        )
        for i in range(start, n)
    )


PAGES = {
    # page: the roles that use it
    "/": roles.ALL_ROLES,
    "/incidents/": (roles.CRAG_MEMBER,),
    "/incidents/?awaiting=on&sort=aware": (roles.CRAG_CHAIR,),
    "/reviews/": (roles.CRAG_CHAIR, roles.BUSINESS_GROUP, roles.INDEPENDENT_REVIEWER, roles.BOARD_MEMBER),
    "/reviews/?status=paused": (roles.CRAG_MEMBER,),
    "/actions/": (roles.BUSINESS_GROUP, roles.AGENCY_ACTION_LEAD),
    "/actions/?overdue=on&sort=agency": (roles.BUSINESS_GROUP,),
    "/deadlines/": (roles.CRAG_CHAIR, roles.AGENCY_ACTION_LEAD),
    "/notifications/": (roles.CRAG_MEMBER,),
    "/audit/": (roles.PARTNERSHIP_ADMIN,),
    "/audit/events/": (roles.PARTNERSHIP_ADMIN,),
    "/learning/": (roles.BOARD_MEMBER,),
    "/learning/events/": (roles.CRAG_MEMBER,),
    "/learning/resources/": (roles.CRAG_MEMBER,),
    "/learning/commendations/": (roles.CRAG_MEMBER,),
    "/annual-reports/": (roles.BOARD_MEMBER,),
    "/annual-reports/2025/": (roles.CRAG_CHAIR,),
    "/annual-reports/2025/report/": (roles.BOARD_MEMBER,),
    "REVIEW": (roles.CRAG_CHAIR, roles.BUSINESS_GROUP),  # the review with every recommendation
    "/admin/reviews/action/": (roles.PARTNERSHIP_ADMIN,),
}


def count_queries(client: Client, url: str) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Every page is measured as a second reader sees it, right after a first: what pages share for
    # a minute (the annual report's numbers, the computed deadlines) is shared in both measurements,
    # so that a minute passing between them on a busy machine cannot add a count to one only.
    cache.clear()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_no_list_or_dashboard_page_makes_more_queries_with_1000_rows_than_with_10(
    make_user, sign_in, themes, settings
):
    # A signed-in request renews the session at most once a minute (SessionLifetimeMiddleware): on a
    # busy machine the minute could pass between the two measurements and add the session's writes
    # to one of them only. Renew once (the warm-up request below), then not again in this test.
    settings.CRAG_SESSION_TOUCH_SECONDS = 24 * 3600
    agencies = [AgencyFactory(name=f"Agency {i}") for i in range(5)]
    people = {role: make_user(role, agency=agencies[0]) for role in roles.ALL_ROLES}
    clients = {role: sign_in(Client(), person) for role, person in people.items()}
    for client in clients.values():
        client.get("/")  # the first request of a session records it; measure steady ones
    big_review = Review.objects.create(
        kind="cspr", title="Child Big", decision_on=ON, reviewer=people[roles.INDEPENDENT_REVIEWER]
    )
    AnnualReport.objects.create(year=2025)
    pages = [
        (role, f"/reviews/{big_review.pk}/" if page == "REVIEW" else page)
        for page, who in PAGES.items()
        for role in who
    ]

    grow(10, people, agencies, big_review)
    small = {(role, url): count_queries(clients[role], url) for role, url in pages}
    grow(1000, people, agencies, big_review)
    large = {(role, url): count_queries(clients[role], url) for role, url in pages}

    grown = {page: (small[page], large[page]) for page in pages if large[page] > small[page]}
    assert grown == {}, "queries with 10 rows, then with 1,000"
    assert Action.objects.count() >= 1000
