"""The learning pages: who may record what, the forms for events, resources and commendations,
and linking a resource to recommendations, signed in with a second factor."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from crag import roles
from reviews.actions import services as action_plans
from reviews.models import Commendation, LearningEvent, LearningResource
from reviews.tests.learning_world import (
    HELD,
    board_client,
    chair_client,
    date_parts,
    error_texts,
    event_post,
    make_event,
    world,
)
from reviews.tests.test_lost_updates import hidden

__all__ = ["board_client", "chair_client", "world"]  # fixtures


# --- pages: who may do what -------------------------------------------------------------------

NEW_PAGES = ("/learning/events/new/", "/learning/resources/new/", "/learning/commendations/new/")


def test_a_board_member_reads_the_learning_but_cannot_record_it(world, board_client):
    event = make_event(world, reviews=[world["review"]])
    readable = ["/learning/", "/learning/events/", f"/learning/events/{event.pk}/"]
    readable += ["/learning/resources/", "/learning/commendations/"]
    for url in readable:
        assert board_client.get(url).status_code == 200, url
    for url in (*NEW_PAGES, f"/learning/events/{event.pk}/edit/"):
        assert board_client.get(url).status_code == 403, url
        assert board_client.post(url, {"title": "No"}).status_code == 403, url
    assert LearningEvent.objects.count() == 1
    assert b"Record a learning event" not in board_client.get("/learning/events/").content


def test_the_review_is_named_by_title_and_linked_only_for_those_who_may_see_it(
    world, board_client, chair_client, make_user, sign_in
):
    action_plans.action_create(
        actor=world["chair"],
        recommendation=action_plans.recommendation_create(
            actor=world["chair"], review=world["review"], text="Share", agencies=[world["police"]]
        ),
        description="Train call handlers",
        owner_agency=world["police"],
        due_on=HELD,
    )
    police_lead = sign_in(Client(), make_user(roles.AGENCY_ACTION_LEAD, agency=world["police"]))
    event = make_event(world, reviews=[world["review"]])
    link = f'href="/reviews/{world["review"].pk}/"'

    board_page = board_client.get(f"/learning/events/{event.pk}/").content.decode()
    lead_page = police_lead.get(f"/learning/events/{event.pk}/").content.decode()
    chair_page = chair_client.get(f"/learning/events/{event.pk}/").content.decode()

    assert "Child R" not in board_page  # not published: a Board member does not see the review
    assert "Child R" in lead_page  # the title of the review their agency's action comes from
    assert link not in lead_page  # but not the review itself
    assert link in chair_page


def test_every_role_has_learning_in_the_navigation(make_user, sign_in, any_role):
    client = sign_in(Client(), make_user(any_role))
    response = client.get("/")
    assert {"label": "Learning", "url": "/learning/", "active": ""} in response.context["service_nav"]


def test_a_missing_event_is_404(chair_client):
    assert chair_client.get("/learning/events/999999/").status_code == 404
    assert chair_client.get("/learning/events/999999/edit/").status_code == 404


# --- pages: recording -------------------------------------------------------------------------


def test_recording_an_event_with_attendance_by_agency(world, chair_client):
    police, health = world["police"], world["health"]
    data = event_post(world, **{f"attendance_{police.pk}": "12", f"attendance_{health.pk}": "8"})

    response = chair_client.post("/learning/events/new/", data)

    event = LearningEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/learning/events/{event.pk}/"
    assert event.attendees == 20
    assert list(event.themes.all()) == [world["neglect"]]
    page = chair_client.get(response["Location"]).content.decode()
    assert "How many attended from each agency" in page
    assert "Wessex Police" in page
    assert "Neglect" in page


def test_the_event_form_has_a_number_input_per_agency_in_a_fieldset(world, chair_client):
    page = chair_client.get("/learning/events/new/").content.decode()

    assert "<legend" in page
    assert "Attendance by agency" in page
    for agency in (world["police"], world["health"]):
        assert f'name="attendance_{agency.pk}"' in page
    assert 'inputmode="numeric"' in page


def test_the_event_form_explains_its_errors_in_plain_english(world, chair_client):
    police = world["police"]
    response = chair_client.post(
        "/learning/events/new/", {"title": "", f"attendance_{police.pk}": "-3", "attendees": "lots"}
    )

    assert response.status_code == 200
    errors = error_texts(response)
    assert "Choose the kind of event" in errors
    assert "Enter the title of the event" in errors
    assert "Enter the date of the event" in errors
    assert "The number from Wessex Police cannot be negative" in errors
    assert "Enter the number who attended as a whole number, like 40" in errors
    assert b"There is a problem" in response.content
    assert not LearningEvent.objects.exists()


def test_a_total_contradicting_attendance_is_shown_on_the_total_field(world, chair_client):
    data = event_post(world, **{f"attendance_{world['police'].pk}": "12", "attendees": "20"})

    response = chair_client.post("/learning/events/new/", data)

    assert response.status_code == 200
    assert response.context["form"].errors["attendees"] == [
        "The number who attended (20) is not the sum of attendance by agency (12). "
        "Leave it blank to use the sum."
    ]
    assert not LearningEvent.objects.exists()


def test_correcting_an_event_starts_from_its_record(world, chair_client):
    event = make_event(world, attendance={world["police"]: 12})
    url = f"/learning/events/{event.pk}/edit/"

    form = chair_client.get(url).context["form"]
    assert form.initial[f"attendance_{world['police'].pk}"] == 12
    assert form.initial["attendees"] is None

    response = chair_client.post(
        url,
        {
            **hidden(chair_client.get(url).content.decode()),
            **event_post(world, **{f"attendance_{world['health'].pk}": "4"}),
        },
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Neglect workshop"
    assert event.attendees == 4
    assert list(event.attendance.values_list("agency__name", flat=True)) == ["Wessex Health"]


def test_recording_a_resource_and_a_commendation(world, chair_client):
    response = chair_client.post(
        "/learning/resources/new/",
        {
            "kind": "seven_minute_guide",
            "title": "7-minute guide: Child R",
            "url": "example.org/guide",
            "reviews": [world["review"].pk],
            **date_parts("published_on", HELD),
        },
    )
    assert response.status_code == 302
    resource = LearningResource.objects.get()
    assert resource.url == "https://example.org/guide"

    tomorrow = timezone.localdate() + timedelta(days=1)
    commendation = {"who": "Health visiting team", "agency": world["health"].pk, "what": "Curiosity"}
    refused = chair_client.post(
        "/learning/commendations/new/", commendation | date_parts("commended_on", tomorrow)
    )
    assert refused.context["form"].errors["commended_on"] == [
        "The date of the commendation must be today or in the past."
    ]
    done = chair_client.post("/learning/commendations/new/", commendation | date_parts("commended_on", HELD))
    assert done.status_code == 302
    assert Commendation.objects.get().agency == world["health"]


@pytest.mark.django_db
def test_a_resource_is_linked_to_recommendations_of_the_reviews_it_draws_on(make_user, sign_in):
    from django.test import Client

    from reviews.actions import services as action_plans
    from reviews.models import LearningResource, Review

    chair = make_user(roles.CRAG_CHAIR)
    review = Review.objects.create(kind="cspr", title="Child L", decision_on=date(2025, 1, 6))
    other = Review.objects.create(kind="cspr", title="Child O", decision_on=date(2025, 1, 6))
    mine = action_plans.recommendation_create(actor=chair, review=review, text="Share sooner", agencies=[])
    theirs = action_plans.recommendation_create(actor=chair, review=other, text="Elsewhere", agencies=[])
    client = sign_in(Client(), chair)
    response = client.post(
        "/learning/resources/new/", {"kind": "poster", "title": "Front door poster", "reviews": [review.pk]}
    )
    resource = LearningResource.objects.get()
    url = f"/learning/resources/{resource.pk}/recommendations/"
    assert response["Location"] == url  # on to choose the recommendations
    page = client.get(url).content.decode()
    assert "Child L, recommendation 1: Share sooner" in page
    assert "Elsewhere" not in page
    form = hidden(page)
    assert client.post(url, {**form, "recommendations": [theirs.pk]}).status_code == 200  # not offered
    assert not resource.recommendations.exists()
    assert client.post(url, {**form, "recommendations": [mine.pk]}).status_code == 302
    assert list(resource.recommendations.all()) == [mine]
    assert "Child L 1" in client.get("/learning/resources/").content.decode()
    board = sign_in(Client(), make_user(roles.BOARD_MEMBER))
    assert board.get(url).status_code == 403
