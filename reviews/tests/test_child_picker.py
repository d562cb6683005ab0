"""The incident form's children: search and select, a few at a time, without JavaScript."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from crag import roles
from reviews.models import Child, Incident


@pytest.fixture
def member_client(client, sign_in, make_user):
    return sign_in(client, make_user(roles.CRAG_MEMBER))


@pytest.fixture
def children(db):
    return [
        Child.objects.create(pseudonym=f"Child {n:02d}", ref=f"CH-{n:03d}", legal_name=f"Name{n:02d} Person")
        for n in range(1, 32)
    ]


def listed(html: str) -> list[str]:
    """The children offered as checkboxes, and which are ticked, in page order."""
    boxes = re.findall(r'<input[^>]*name="children"[^>]*value="(\d+)"([^>]*)>', html)
    return [("ticked " if "checked" in rest else "") + value for value, rest in boxes]


def entered(day, **extra):
    parts = {
        f"{n}_{i}": str(v)
        for n in ("incident_date", "aware_date")
        for i, v in enumerate((day.day, day.month, day.year))
    }
    return {"kind": "death", "location": "in_area", "abuse_or_neglect_suspected": "True", **parts, **extra}


def test_the_form_offers_at_most_ten_children_and_says_how_to_find_the_others(member_client, children):
    html = member_client.get("/incidents/new/").content.decode()

    assert 0 < len(listed(html)) <= 10
    assert 'id="id_child_search"' in html
    assert "Search to find another" in html


def test_searching_shows_the_matches_and_keeps_everything_entered(member_client, children):
    day = timezone.localdate() - timedelta(days=2)

    response = member_client.post("/incidents/new/", entered(day, child_search="1", find_children="1"))

    html = response.content.decode()
    assert response.status_code == 200
    # Child 01, 10 to 19, 21 and 31 match: the first ten by pseudonym are shown.
    assert listed(html) == [str(c.pk) for c in [children[0], *children[9:18]]]
    assert "13 children match" in html
    assert "govuk-error-summary" not in html
    assert re.search(r'name="kind"[^>]*value="death"[^>]*checked', html.replace("\n", " "))
    assert f'value="{day.day}"' in html
    assert not Incident.objects.exists()


def test_a_chosen_child_stays_ticked_when_searching_for_another(member_client, children):
    first, second = children[4], children[30]

    html = member_client.post(
        "/incidents/new/",
        entered(timezone.localdate(), children=[str(first.pk)], child_search="CH-031", find_children="1"),
    ).content.decode()

    assert listed(html) == [f"ticked {first.pk}", str(second.pk)]


def test_search_finds_a_child_by_legal_name_for_those_who_may_see_it(member_client, children):
    html = member_client.post(
        "/incidents/new/", {"child_search": "name07", "find_children": "1"}
    ).content.decode()

    assert listed(html) == [str(children[6].pk)]
    assert "Name07" not in html  # found by it, but the list shows the pseudonym


def test_no_match_says_so_and_links_the_missing_child_to_the_search_box(member_client, children):
    html = member_client.post(
        "/incidents/new/", {"child_search": "nobody", "find_children": "1"}
    ).content.decode()
    assert "No child matches" in html

    saved = member_client.post("/incidents/new/", {**entered(timezone.localdate()), "child_search": "nobody"})

    page = saved.content.decode()
    assert 'href="#id_child_search"' in page
    assert "Choose at least one child" in page


def test_a_child_not_among_those_shown_is_recorded_when_chosen(member_client, children):
    oldest = children[0]
    day = timezone.localdate() - timedelta(days=1)

    response = member_client.post("/incidents/new/", entered(day, children=[str(oldest.pk)]))

    assert response.status_code == 302
    assert list(Incident.objects.get().children.all()) == [oldest]


def test_correcting_an_incident_shows_its_children_ticked(member_client, children):
    day = timezone.localdate() - timedelta(days=5)
    incident = Incident.objects.create(
        reference=f"INC-{day.year}-001", kind="death", incident_date=day, aware_date=day
    )
    incident.children.set([children[0], children[1]])

    html = member_client.get(f"/incidents/{incident.pk}/edit/").content.decode()

    assert listed(html)[:2] == [f"ticked {children[0].pk}", f"ticked {children[1].pk}"]
    assert len(listed(html)) <= 12
