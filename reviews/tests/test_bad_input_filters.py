"""The lists' filters, given random query parameters: never a 5xx (issue 3, item 7)."""

from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from crag import roles
from notifications.models import Reminder
from notifications.views import CLOCK_CHOICES, STATE_CHOICES
from reviews.choices import IncidentKind
from reviews.tests.bad_input import AWARE, examples, new_incident, param, params


@examples
@given(
    query=params(
        kind=param("", *IncidentKind.values),
        year=param("2025", "2000", "2100"),
        sort=param("-aware", "aware", "-incident", "incident", "reference", "-reference", "kind"),
        awaiting=param("on", "true"),
        overdue=param("on", "true"),
        page=param("1", "2", "last", "0", "-1"),
        format=param("csv", "html"),
    )
)
def test_incident_list_filters_never_error(make_user, sign_in, query):
    chair = make_user(roles.CRAG_CHAIR)
    client = sign_in(Client(), chair)
    new_incident(chair)
    assert client.get("/incidents/", query).status_code == 200


@examples
@given(
    query=params(
        clock=param(*(c for c, _ in CLOCK_CHOICES)),
        state=param(*(s for s, _ in STATE_CHOICES)),
        page=param("1", "2", "last", "0", "-1"),
        format=param("csv", "html"),
    )
)
def test_deadline_filters_never_error(make_user, sign_in, query):
    chair = make_user(roles.CRAG_CHAIR)
    client = sign_in(Client(), chair)
    new_incident(chair)
    assert client.get("/deadlines/", query).status_code == 200


@examples
@given(
    query=params(show=param("unread", "all"), page=param("1", "2", "last", "0", "-1")),
    reminders=st.integers(min_value=0, max_value=3),
)
def test_notification_list_filters_never_error(make_user, sign_in, query, reminders):
    chair = make_user(roles.CRAG_CHAIR)
    client = sign_in(Client(), chair)
    for n in range(reminders):
        Reminder.objects.create(
            subject_type="incident",
            subject_id=n + 1,
            clock="panel_notification",
            stage="recorded",
            recipient=chair,
            due_on=AWARE,
            title=f"Reminder {n}",
            url="/incidents/",
        )
    assert client.get("/notifications/", query).status_code == 200
