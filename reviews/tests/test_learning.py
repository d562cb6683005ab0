"""The learning from reviews: services (validation, attendance by agency) and pages (lists with
filters and CSV, forms, who may record), signed in with a second factor."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from conftest import queries_for
from crag import roles
from crag.models import AuditEvent
from crag.tests.factories import AgencyFactory
from reviews.actions import services as action_plans
from reviews.learning import services as learning
from reviews.models import (
    Commendation,
    LearningAttendance,
    LearningEvent,
    LearningResource,
    Review,
    Theme,
)
from reviews.tests.test_lost_updates import hidden

HELD = date(2025, 10, 7)


@pytest.fixture
def world(make_user, themes):
    return {
        "chair": make_user(roles.CRAG_CHAIR),
        "member": make_user(roles.CRAG_MEMBER),
        "board": make_user(roles.BOARD_MEMBER),
        "police": AgencyFactory(name="Wessex Police"),
        "health": AgencyFactory(name="Wessex Health"),
        "review": Review.objects.create(kind="cspr", title="Child R", decision_on=date(2025, 1, 6)),
        "neglect": Theme.objects.get(slug="neglect"),
        "domestic_abuse": Theme.objects.get(slug="domestic_abuse"),
    }


@pytest.fixture
def chair_client(world, sign_in):
    return sign_in(Client(), world["chair"])


@pytest.fixture
def board_client(world, sign_in):
    return sign_in(Client(), world["board"])


def make_event(world, **fields):
    values = {"kind": "workshop", "title": "Exploitation workshop", "held_on": HELD} | fields
    return learning.learning_event_create(actor=world["chair"], **values)


def date_parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def error_texts(response):
    return [str(e) for errors in response.context["form"].errors.values() for e in errors]


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


def event_post(world, **extra):
    data = {"kind": "workshop", "title": "Neglect workshop", **date_parts("held_on", HELD)}
    data |= {"themes": [world["neglect"].pk], "reviews": [world["review"].pk], "feedback": "Useful"}
    return data | extra


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


# --- lists: filters, order, CSV -----------------------------------------------------------------


def titles(response):
    return [item.title for item in response.context["page"].object_list]


def test_event_list_filters_by_kind_year_and_theme_and_sorts(world, board_client):
    make_event(world, title="B workshop", held_on=date(2024, 5, 1), themes=[world["neglect"]])
    make_event(world, title="A conference", kind="conference", held_on=date(2025, 6, 1))
    make_event(
        world, title="C briefing", kind="briefing", held_on=date(2025, 2, 1), themes=[world["neglect"]]
    )

    assert titles(board_client.get("/learning/events/")) == ["A conference", "C briefing", "B workshop"]
    assert titles(board_client.get("/learning/events/", {"kind": "conference"})) == ["A conference"]
    assert titles(board_client.get("/learning/events/", {"year": "2025", "sort": "held"})) == [
        "C briefing",
        "A conference",
    ]
    assert titles(board_client.get("/learning/events/", {"theme": "neglect", "sort": "title"})) == [
        "B workshop",
        "C briefing",
    ]
    empty = board_client.get("/learning/events/", {"year": "2001"})
    assert b"crag-empty-state" in empty.content


def test_event_csv_has_attendance_by_agency_themes_and_reviews_and_is_audited(world, chair_client):
    make_event(
        world,
        title="=HYPERLINK(1)",
        attendance={world["police"]: 12, world["health"]: 7},
        themes=[world["neglect"]],
        reviews=[world["review"]],
    )

    rows = csv_rows(chair_client.get("/learning/events/", {"format": "csv"}))

    assert rows[0] == [
        "ref",
        "title",
        "kind",
        "held on",
        "attendees",
        "attendance by agency",
        "themes",
        "reviews",
    ]
    assert rows[1] == [
        "",
        "'=HYPERLINK(1)",  # a formula is not run by the spreadsheet
        "Workshop",
        "2025-10-07",
        "19",
        "Wessex Health: 7; Wessex Police: 12",
        "Neglect",
        "Child R",
    ]
    assert AuditEvent.objects.filter(kind="export", detail__what="learning events", detail__rows=1).exists()


def test_resource_and_commendation_csv(world, chair_client):
    learning.learning_resource_create(
        actor=world["chair"], kind="poster", title="Safer sleep", published_on=HELD, reviews=[world["review"]]
    )
    learning.commendation_create(
        actor=world["chair"],
        who="School DSL",
        agency=world["police"],
        what="Referred the same day",
        commended_on=HELD,
        review=world["review"],
    )

    resources = csv_rows(chair_client.get("/learning/resources/", {"format": "csv"}))
    commendations = csv_rows(chair_client.get("/learning/commendations/", {"format": "csv"}))

    assert resources[1] == ["Safer sleep", "Poster", "2025-10-07", "", "", "Child R"]
    assert commendations[0] == ["commended on", "practitioner or team", "agency", "good practice", "review"]
    assert commendations[1] == [
        "2025-10-07",
        "School DSL",
        "Wessex Police",
        "Referred the same day",
        "Child R",
    ]
    assert AuditEvent.objects.filter(kind="export", detail__what="commendations").exists()


def test_commendation_list_filters_by_agency_and_year(world, board_client):
    for who, agency, when in (
        ("A", "police", HELD),
        ("B", "health", HELD),
        ("C", "police", date(2023, 1, 2)),
    ):
        learning.commendation_create(
            actor=world["chair"], who=who, agency=world[agency], what="Good", commended_on=when
        )

    def whos(query):
        return [
            c.who for c in board_client.get("/learning/commendations/", query).context["page"].object_list
        ]

    assert whos({"agency": world["police"].pk}) == ["A", "C"]
    assert whos({"year": "2023"}) == ["C"]
    assert whos({"sort": "agency"}) == ["B", "A", "C"]


def test_resource_list_filters_by_kind(world, board_client):
    learning.learning_resource_create(actor=world["chair"], kind="poster", title="Poster")
    learning.learning_resource_create(actor=world["chair"], kind="briefing", title="Briefing")

    assert titles(board_client.get("/learning/resources/", {"kind": "briefing"})) == ["Briefing"]


# --- lists: the number of queries does not grow with the rows ---------------------------------


def add_events(world, count):
    first = LearningEvent.objects.count()
    events = LearningEvent.objects.bulk_create(
        LearningEvent(kind="workshop", title=f"Event {first + n}", held_on=HELD, attendees=2)
        for n in range(count)
    )
    LearningEvent.themes.through.objects.bulk_create(
        LearningEvent.themes.through(learningevent_id=e.pk, theme_id=world["neglect"].pk) for e in events
    )
    LearningEvent.reviews.through.objects.bulk_create(
        LearningEvent.reviews.through(learningevent_id=e.pk, review_id=world["review"].pk) for e in events
    )
    LearningAttendance.objects.bulk_create(
        LearningAttendance(event=e, agency=agency, count=1)
        for e in events
        for agency in (world["police"], world["health"])
    )


def add_resources(world, count):
    resources = LearningResource.objects.bulk_create(
        LearningResource(kind="poster", title=f"Poster {n}", published_on=HELD) for n in range(count)
    )
    LearningResource.reviews.through.objects.bulk_create(
        LearningResource.reviews.through(learningresource_id=r.pk, review_id=world["review"].pk)
        for r in resources
    )


def add_commendations(world, count):
    Commendation.objects.bulk_create(
        Commendation(
            who=f"Team {n}", agency=world["police"], what="Good", commended_on=HELD, review=world["review"]
        )
        for n in range(count)
    )


@pytest.mark.parametrize(
    ("url", "add"),
    [
        ("/learning/", add_events),
        ("/learning/events/", add_events),
        ("/learning/events/?format=csv", add_events),
        ("/learning/resources/", add_resources),
        ("/learning/resources/?format=csv", add_resources),
        ("/learning/commendations/", add_commendations),
        ("/learning/commendations/?format=csv", add_commendations),
    ],
)
def test_list_query_count_stays_flat_from_10_to_1000_rows(world, board_client, url, add):
    add(world, 10)
    board_client.get(url)  # once-per-process lookups (content types, sessions) are not rows
    with_10 = queries_for(board_client, url)
    add(world, 990)

    assert queries_for(board_client, url) == with_10


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
