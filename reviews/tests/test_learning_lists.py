"""The learning lists: filters, order and CSV, and a number of queries that does not grow with
the rows."""

from datetime import date

import pytest

from conftest import queries_for
from crag.models import AuditEvent
from reviews.learning import services as learning
from reviews.models import Commendation, LearningAttendance, LearningEvent, LearningResource
from reviews.tests.learning_world import HELD, board_client, chair_client, csv_rows, make_event, titles, world

__all__ = ["board_client", "chair_client", "world"]  # fixtures


# --- lists: filters, order, CSV -----------------------------------------------------------------


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
