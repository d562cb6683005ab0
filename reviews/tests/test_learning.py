"""The learning from reviews: its services (validation, attendance by agency) and the demo's
learning. The pages are in test_learning_pages.py, the lists in test_learning_lists.py."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from crag.tests.factories import AgencyFactory
from reviews.learning import services as learning
from reviews.models import Commendation, LearningAttendance, LearningEvent, LearningResource
from reviews.tests.learning_world import HELD, make_event, world

__all__ = ["world"]  # fixtures


# --- services: events and their attendance -----------------------------------------------------


def test_attendance_by_agency_makes_the_number_attending_its_sum(world):
    event = make_event(world, attendance={world["police"]: 12, world["health"]: 7})

    assert event.attendees == 19
    assert dict(event.attendance.values_list("agency__name", "count")) == {
        "Wessex Police": 12,
        "Wessex Health": 7,
    }


def test_blank_and_nought_attendance_make_no_row(world):
    event = make_event(world, attendance={world["police"]: 5, world["health"]: None}, attendees=None)
    other = make_event(world, title="Briefing", attendance={world["police"]: 0}, attendees=30)

    assert list(event.attendance.values_list("agency__name", flat=True)) == ["Wessex Police"]
    assert event.attendees == 5
    assert not other.attendance.exists()
    assert other.attendees == 30


def test_a_total_that_is_not_the_sum_of_attendance_by_agency_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        make_event(world, attendance={world["police"]: 12, world["health"]: 7}, attendees=20)

    assert caught.value.message_dict == {
        "attendees": [
            "The number who attended (20) is not the sum of attendance by agency (19). "
            "Leave it blank to use the sum."
        ]
    }
    assert not LearningEvent.objects.exists()


def test_negative_attendance_is_refused_in_plain_english(world):
    with pytest.raises(ValidationError) as caught:
        make_event(world, attendance={world["police"]: -2})
    assert caught.value.message_dict == {"attendance": ["Attendance cannot be negative (Wessex Police)."]}
    with pytest.raises(ValidationError) as caught:
        make_event(world, attendees=-1)
    assert caught.value.message_dict == {"attendees": ["The number who attended cannot be negative."]}
    assert not LearningEvent.objects.exists()


def test_an_event_needs_a_title_and_may_be_planned_in_the_future(world):
    with pytest.raises(ValidationError) as caught:
        make_event(world, title="   ")
    assert caught.value.message_dict == {"title": ["Enter the title of the event."]}

    planned = make_event(world, held_on=timezone.localdate() + timedelta(days=60))

    assert planned.held_on > timezone.localdate()


def test_correcting_an_event_replaces_its_attendance_by_agency(world):
    event = make_event(world, attendance={world["police"]: 12, world["health"]: 7}, themes=[world["neglect"]])

    learning.learning_event_update(
        actor=world["member"],
        event=event,
        kind="conference",
        title="Exploitation conference",
        held_on=HELD,
        themes=[world["domestic_abuse"]],
        reviews=[world["review"]],
        attendance={world["police"]: 15, world["health"]: None},
    )

    event.refresh_from_db()
    assert (event.kind, event.title, event.attendees) == ("conference", "Exploitation conference", 15)
    assert list(event.attendance.values_list("agency__name", "count")) == [("Wessex Police", 15)]
    assert list(event.themes.all()) == [world["domestic_abuse"]]
    assert list(event.reviews.all()) == [world["review"]]


def test_removing_every_row_of_attendance_keeps_the_total_given(world):
    event = make_event(world, attendance={world["police"]: 12})

    learning.learning_event_update(
        actor=world["chair"], event=event, kind="workshop", title="Workshop", held_on=HELD, attendees=40
    )

    event.refresh_from_db()
    assert event.attendees == 40
    assert not LearningAttendance.objects.filter(event=event).exists()


def test_only_crag_records_the_learning(world):
    board = world["board"]
    with pytest.raises(PermissionDenied):
        learning.learning_event_create(actor=board, kind="workshop", title="No", held_on=HELD)
    with pytest.raises(PermissionDenied):
        learning.learning_resource_create(actor=board, kind="poster", title="No")
    with pytest.raises(PermissionDenied):
        learning.commendation_create(
            actor=board, who="No", agency=world["police"], what="No", commended_on=HELD
        )
    assert not LearningEvent.objects.exists()
    assert not LearningResource.objects.exists()
    assert not Commendation.objects.exists()


def test_a_user_without_a_role_reads_no_learning(make_user):
    nobody = make_user()
    with pytest.raises(PermissionDenied):
        learning.learning_event_list(user=nobody, filters={})


# --- services: resources and commendations ----------------------------------------------------


def test_a_resource_is_not_published_in_the_future(world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        learning.learning_resource_create(
            actor=world["chair"], kind="poster", title="Safer sleep", published_on=tomorrow
        )
    assert caught.value.message_dict == {"published_on": ["The date published must be today or in the past."]}

    resource = learning.learning_resource_create(
        actor=world["chair"], kind="seven_minute_guide", title="  7-minute guide  ", reviews=[world["review"]]
    )
    assert resource.title == "7-minute guide"
    assert resource.published_on is None
    assert list(resource.reviews.all()) == [world["review"]]


def test_a_commendation_is_not_dated_in_the_future_and_says_who_and_what(world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        learning.commendation_create(
            actor=world["chair"],
            who="School DSL",
            agency=world["police"],
            what="Acted",
            commended_on=tomorrow,
        )
    assert caught.value.message_dict == {
        "commended_on": ["The date of the commendation must be today or in the past."]
    }
    with pytest.raises(ValidationError) as caught:
        learning.commendation_create(
            actor=world["chair"], who=" ", agency=world["police"], what="", commended_on=HELD
        )
    assert caught.value.message_dict == {
        "who": ["Enter the practitioner or team commended."],
        "what": ["Describe the good practice."],
    }
    assert not Commendation.objects.exists()


# --- the demo ---------------------------------------------------------------------------------


def test_demo_learning_is_made_once(world):
    from demo import learning as demo_learning
    from demo.people import AGENCIES

    for name, short_name, kind in AGENCIES:
        AgencyFactory(name=name, short_name=short_name, kind=kind)
    for _ in range(2):
        demo_learning.seed(today=timezone.localdate(), chair=world["chair"], review=world["review"])

    assert LearningEvent.objects.count() == 4
    assert set(LearningResource.objects.values_list("kind", flat=True)) == {
        "seven_minute_guide",
        "poster",
        "briefing",
    }
    assert Commendation.objects.count() == 2
    workshop = LearningEvent.objects.get(kind="workshop")
    assert workshop.attendees == 41
    assert workshop.attendance.count() == 3
    assert workshop.themes.count() == 2
    assert LearningEvent.objects.filter(held_on__gt=timezone.localdate()).count() == 1
