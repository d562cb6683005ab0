"""One create or edit, one audit entry per record (issue 12, 5h): a service that saves a record
and then sets its many-to-many fields (or saves it twice) used to leave two or three entries for
one act. The one entry holds every change, the many-to-many fields included."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.test import Client

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.actions import services as action_plans
from reviews.casework import record as review_record
from reviews.choices import IncidentKind, IncidentLocation, RapidReviewOutcome
from reviews.incidents import rapid_reviews, services
from reviews.learning import services as learning
from reviews.models import Child, LearningEvent, Review, Theme
from reviews.tests.test_lost_updates import hidden

AWARE = date(2025, 6, 9)


def entries(instance):
    return list(LogEntry.objects.get_for_object(instance).order_by("pk"))


@pytest.fixture
def member(make_user):
    return make_user(roles.CRAG_MEMBER)


@pytest.fixture
def children(db):
    return [Child.objects.create(pseudonym="Child M"), Child.objects.create(pseudonym="Child N")]


@pytest.fixture
def neglect(themes):
    return Theme.objects.get(slug="neglect")


def new_incident(member, children, themes):
    return services.incident_create(
        actor=member,
        kind=IncidentKind.DEATH,
        incident_date=AWARE,
        aware_date=AWARE,
        location=IncidentLocation.IN_AREA,
        abuse_or_neglect_suspected=True,
        children=children,
        themes=themes,
    )


def test_recording_an_incident_writes_one_audit_entry_with_its_children_and_themes(member, children, neglect):
    incident = new_incident(member, children, [neglect])

    [entry] = entries(incident)
    assert entry.action == LogEntry.Action.CREATE
    assert entry.changes_dict["children"] == [None, "Child M, Child N"]
    assert entry.changes_dict["themes"] == [None, "Neglect"]
    assert entry.changes_dict["reference"] == [None, incident.reference]


def test_a_review_from_a_rapid_review_outcome_writes_one_audit_entry(member, children, neglect):
    rapid_review = rapid_reviews.rapid_review_open(
        actor=member, incident=new_incident(member, children, [neglect])
    )
    rapid_reviews.rapid_review_update(
        actor=member, rapid_review=rapid_review, fields={"outcome": RapidReviewOutcome.CSPR}
    )

    review = rapid_reviews.review_create_from_outcome(
        actor=member, rapid_review=rapid_review, decision_on=date(2025, 7, 1)
    )

    [entry] = entries(review)
    assert entry.action == LogEntry.Action.CREATE
    assert entry.changes_dict["children"] == [None, "Child M, Child N"]
    assert entry.changes_dict["themes"] == [None, "Neglect"]


@pytest.fixture
def event(member, neglect):
    return learning.learning_event_create(
        actor=member, kind="workshop", title="Neglect workshop", held_on=date(2025, 10, 7), themes=[neglect]
    )


def test_recording_a_learning_event_writes_one_audit_entry(event):
    [entry] = entries(event)

    assert entry.action == LogEntry.Action.CREATE
    assert entry.changes_dict["themes"] == [None, "Neglect"]


def test_correcting_a_learning_event_writes_one_audit_entry_with_before_and_after(member, event, themes):
    review = Review.objects.create(kind="cspr", title="Child R", decision_on=date(2025, 1, 6))
    before = len(entries(event))

    learning.learning_event_update(
        actor=member,
        event=event,
        kind="conference",
        title="Neglect conference",
        held_on=date(2025, 10, 7),
        themes=[Theme.objects.get(slug="domestic_abuse"), Theme.objects.get(slug="neglect")],
        reviews=[review],
    )

    [entry] = entries(event)[before:]
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes_dict["title"] == ["Neglect workshop", "Neglect conference"]
    assert entry.changes_dict["themes"] == ["Neglect", "Domestic abuse, Neglect"]
    assert entry.changes_dict["reviews"] == [None, "Child R"]


def test_correcting_a_learning_event_in_the_browser_writes_one_entry_naming_who(
    member, event, sign_in, neglect
):
    client = sign_in(Client(), member)
    police = AgencyFactory(name="Wessex Police")
    before = len(entries(event))

    url = f"/learning/events/{event.pk}/edit/"
    response = client.post(
        url,
        {
            **hidden(client.get(url).content.decode()),
            "kind": "workshop",
            "title": "Neglect workshop",
            "held_on_0": "7",
            "held_on_1": "10",
            "held_on_2": "2025",
            "themes": [neglect.pk, Theme.objects.get(slug="domestic_abuse").pk],
            f"attendance_{police.pk}": "12",
        },
    )

    assert response.status_code == 302
    [entry] = entries(event)[before:]
    assert entry.actor == member
    assert entry.cid  # the request id, as auditlog's own entries carry it
    assert entry.changes_dict == {"attendees": [None, 12], "themes": ["Neglect", "Domestic abuse, Neglect"]}


def test_an_unchanged_learning_event_writes_no_entry(member, event, neglect):
    before = len(entries(event))

    learning.learning_event_update(
        actor=member,
        event=event,
        kind="workshop",
        title="Neglect workshop",
        held_on=date(2025, 10, 7),
        themes=[neglect],
    )

    assert len(entries(event)) == before
    assert LearningEvent.objects.get().title == "Neglect workshop"


def test_recording_a_life_letter_writes_one_audit_entry_and_moving_it_on_one_more(member, children):
    review = Review.objects.create(kind="cspr", title="Child M", decision_on=date(2025, 1, 6))
    review.children.set(children)

    letter = review_record.life_letter_record(
        actor=member, review=review, child=children[0], stage="approved", approved_on=date(2025, 9, 1)
    )
    [created] = entries(letter)
    review_record.life_letter_record(
        actor=member,
        review=review,
        child=children[0],
        stage="given",
        approved_on=date(2025, 9, 1),
        given_on=date(2025, 9, 8),
    )

    assert created.action == LogEntry.Action.CREATE
    assert created.changes_dict["stage"] == [None, "approved"]
    [updated] = entries(letter)[1:]
    assert updated.action == LogEntry.Action.UPDATE
    assert updated.changes_dict == {"stage": ["approved", "given"], "given_on": [None, "2025-09-08"]}


def test_a_learning_resource_and_its_recommendations_write_one_entry_each(member):
    review = Review.objects.create(kind="cspr", title="Child R", decision_on=date(2025, 1, 6))
    recommendation = action_plans.recommendation_create(
        actor=member, review=review, text="Share", agencies=[]
    )
    resource = learning.learning_resource_create(
        actor=member, kind="poster", title="Front door poster", reviews=[review]
    )
    learning.learning_resource_link_recommendations(
        actor=member, resource=resource, recommendations=[recommendation]
    )

    created, linked = entries(resource)
    assert created.changes_dict["reviews"] == [None, "Child R"]
    assert linked.action == LogEntry.Action.UPDATE
    assert linked.changes_dict == {"recommendations": [None, str(recommendation)]}


def test_editing_a_review_record_with_its_themes_writes_one_entry(member, neglect):
    review = Review.objects.create(kind="cspr", title="Child R", decision_on=date(2025, 1, 6))
    before = len(entries(review))

    review_record.review_update_record(
        actor=member, review=review, title="Child R", themes=[neglect], methodology="Systems"
    )

    [entry] = entries(review)[before:]
    changes = entry.changes_dict
    assert (changes["methodology"], changes["themes"]) == (["", "Systems"], [None, "Neglect"])
    assert set(changes) == {"methodology", "themes", "updated_at"}
