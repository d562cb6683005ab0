"""What the learning tests share: a world of users, agencies, a review and themes, signed-in
clients, and readers of forms, lists and CSV.
"""

import csv
import io
from datetime import date

import pytest
from django.test import Client

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.learning import services as learning
from reviews.models import Review, Theme

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


def event_post(world, **extra):
    data = {"kind": "workshop", "title": "Neglect workshop", **date_parts("held_on", HELD)}
    data |= {"themes": [world["neglect"].pk], "reviews": [world["review"].pk], "feedback": "Useful"}
    return data | extra


def titles(response):
    return [item.title for item in response.context["page"].object_list]
