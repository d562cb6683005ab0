"""The learning forms and lists, posted with random values: never a 5xx, nothing invalid saved.
Built with the strategies of test_bad_input_forms (every field plausible except a random few)."""

from datetime import date, timedelta

from django.test import Client
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.choices import LearningEventKind, LearningResourceKind
from reviews.learning import services as learning
from reviews.models import Commendation, LearningEvent, LearningResource, Review
from reviews.tests.bad_input import (
    Real,
    a_theme,
    any_int,
    choice,
    day,
    examples,
    field,
    field_text,
    fill,
    form,
    ids,
    param,
    params,
    parts,
    post,
    snapshot,
    text,
    unique,
)

# A count of people: plausible numbers, blank, or anything at all when corrupted.
count = field(
    st.integers(min_value=0, max_value=200).map(str) | st.just(""),
    field_text | any_int | st.integers(min_value=-5, max_value=5).map(str),
)


def setting(make_user, sign_in):
    chair = make_user(roles.CRAG_CHAIR)
    agencies = [AgencyFactory(name=unique("Agency")) for _ in range(2)]
    review = Review.objects.create(kind="cspr", title=unique("Child"), decision_on=date(2025, 1, 6))
    return chair, sign_in(Client(), chair), agencies, review


def event_form(agencies):
    """The event form with one count per agency (attendance_<pk>) drawn like any other field."""
    fields = {
        "kind": choice(*LearningEventKind.values),
        "title": text(blank_ok=False),
        "held_on": day(optional=False),
        "themes": ids("theme", many=True),
        "reviews": ids("review", many=True),
        "feedback": text(),
        "attendees": count,
    }
    fields |= {f"attendance_{agency.pk}": count for agency in agencies}
    return form(**fields)


def assert_valid_event(event):
    event = LearningEvent.objects.get(pk=event.pk)
    event.full_clean()
    assert event.title.strip()
    rows = list(event.attendance.values_list("count", flat=True))
    assert all(n > 0 for n in rows)
    if rows:
        assert event.attendees == sum(rows)


EVENT_DATA = st.data()


@examples
@given(data=EVENT_DATA)
def test_event_form_never_errors_and_saves_only_a_valid_event(make_user, sign_in, data):
    _, client, agencies, review = setting(make_user, sign_in)
    drawn = data.draw(event_form(agencies))
    before = set(LearningEvent.objects.values_list("pk", flat=True))
    response = post(client, "/learning/events/new/", fill(drawn, theme=a_theme().pk, review=review.pk))
    added = LearningEvent.objects.exclude(pk__in=before)
    if response.status_code == 200:
        assert not added.exists()
    else:
        assert_valid_event(added.get())


@examples
@given(data=EVENT_DATA)
def test_event_edit_never_errors_and_keeps_the_event_valid(make_user, sign_in, data):
    chair, client, agencies, review = setting(make_user, sign_in)
    event = learning.learning_event_create(
        actor=chair,
        kind="workshop",
        title=unique("Workshop"),
        held_on=date(2025, 3, 4),
        attendance={agencies[0]: 3, agencies[1]: 4},
    )
    before = snapshot(event, "themes", "reviews")
    drawn = data.draw(event_form(agencies))
    response = post(
        client, f"/learning/events/{event.pk}/edit/", fill(drawn, theme=a_theme().pk, review=review.pk)
    )
    if response.status_code == 200:
        assert snapshot(event, "themes", "reviews") == before
    assert_valid_event(event)


@examples
@given(
    data=form(
        kind=choice(*LearningResourceKind.values),
        title=text(blank_ok=False),
        published_on=day(),
        url=field(st.sampled_from(["", "https://example.org/guide", "example.org/poster"])),
        description=text(),
        reviews=ids("review", many=True),
    )
)
def test_resource_form_never_errors_and_saves_only_a_valid_resource(make_user, sign_in, data):
    _, client, _, review = setting(make_user, sign_in)
    before = set(LearningResource.objects.values_list("pk", flat=True))
    response = post(client, "/learning/resources/new/", fill(data, review=review.pk))
    added = LearningResource.objects.exclude(pk__in=before)
    if response.status_code == 200:
        assert not added.exists()
    else:
        resource = added.get()
        resource.full_clean()
        assert resource.title.strip()
        assert resource.published_on is None or resource.published_on <= timezone.localdate()


@examples
@given(
    data=form(
        who=text(blank_ok=False),
        agency=ids("agency"),
        what=text(blank_ok=False),
        commended_on=day(optional=False),
        review=field(st.just(Real("review")) | st.just(""), field_text | any_int),
    )
)
@example(  # tomorrow
    data={
        "who": "Team",
        "agency": Real("agency"),
        "what": "Good practice",
        **parts("commended_on", timezone.localdate() + timedelta(days=1)),
    }
)
def test_commendation_form_never_errors_and_never_saves_a_future_date(make_user, sign_in, data):
    _, client, agencies, review = setting(make_user, sign_in)
    before = set(Commendation.objects.values_list("pk", flat=True))
    response = post(
        client, "/learning/commendations/new/", fill(data, agency=agencies[0].pk, review=review.pk)
    )
    added = Commendation.objects.exclude(pk__in=before)
    if response.status_code == 200:
        assert not added.exists()
    else:
        commendation = added.get()
        commendation.full_clean()
        assert commendation.who.strip()
        assert commendation.what.strip()
        assert commendation.commended_on <= timezone.localdate()


PAGE = param("1", "2", "last", "0", "-1")
FORMAT = param("csv", "html")


@examples
@given(
    url=st.sampled_from(
        ["/learning/events/", "/learning/resources/", "/learning/commendations/", "/learning/"]
    ),
    query=params(
        kind=param("", *LearningEventKind.values, *LearningResourceKind.values),
        year=param("2025", "2000", "2100"),
        theme=param("neglect", "not_a_theme"),
        agency=param("1", "999999"),
        sort=param("-held", "held", "title", "kind", "-published", "published", "-commended", "agency"),
        page=PAGE,
        format=FORMAT,
    ),
)
def test_learning_list_filters_never_error(make_user, sign_in, url, query):
    chair, client, agencies, _ = setting(make_user, sign_in)
    learning.learning_event_create(actor=chair, kind="workshop", title="Workshop", held_on=date(2025, 3, 4))
    learning.commendation_create(
        actor=chair, who="Team", agency=agencies[0], what="Good", commended_on=date(2025, 3, 4)
    )
    assert client.get(url, query).status_code == 200
