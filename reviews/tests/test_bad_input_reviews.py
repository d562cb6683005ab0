"""The review forms posted with random values: never a 5xx, nothing half-saved, the review
always valid (the method of test_bad_input_forms, whose strategies these reuse)."""

from datetime import date

from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from crag import roles
from reviews.choices import Engagement, LifeLetterStage, ParallelProcessKind, ReviewStatus
from reviews.models import Child, LifeLetter, ParallelProcess, Review, ReviewStatusChange
from reviews.tests.bad_input import (
    a_theme,
    choice,
    day,
    examples,
    field,
    field_text,
    fill,
    form,
    ids,
    post,
    snapshot,
    text,
    unique,
)

DECIDED = date(2025, 1, 6)


def setup(make_user, sign_in, status=ReviewStatus.IN_PROGRESS):
    chair = make_user(roles.CRAG_CHAIR)
    child = Child.objects.create(pseudonym=unique("Child"))
    review = Review.objects.create(kind="cspr", title=child.pseudonym, decision_on=DECIDED, status=status)
    review.children.add(child)
    return chair, sign_in(Client(), chair), review


def related_counts(review):
    return (
        ParallelProcess.objects.filter(review=review).count(),
        LifeLetter.objects.filter(review=review).count(),
        ReviewStatusChange.objects.filter(review=review).count(),
    )


def check(review, response, before, counts):
    fresh = Review.objects.get(pk=review.pk)
    fresh.full_clean()
    for process in fresh.parallel_processes.all():
        process.full_clean()
    if response.status_code == 200:
        assert snapshot(review, "themes") == before
        assert related_counts(review) == counts


MONEY = field(
    st.sampled_from(["", "0", "12500.00", "99.99"]),
    field_text | st.sampled_from(["-1", "1e9", "100000000", "0.001", "NaN", "Infinity", "1,000"]),
)


@examples
@given(
    data=form(
        title=text(blank_ok=False),
        cost_gbp=MONEY,
        themes=ids("theme", many=True),
        terms_of_reference=text(),
        methodology=text(),
        family_engagement=choice(*Engagement.values),
        family_engagement_notes=text(),
        practitioner_engagement=choice(*Engagement.values),
        practitioner_engagement_notes=text(),
    )
)
def test_review_record_form_never_errors(make_user, sign_in, data):
    _, client, review = setup(make_user, sign_in)
    before, counts = snapshot(review, "themes"), related_counts(review)
    response = post(client, f"/reviews/{review.pk}/edit/", fill(data, theme=a_theme().pk))
    check(review, response, before, counts)


@examples
@given(
    data=form(
        kind=choice(*ParallelProcessKind.values),
        started_on=day(optional=False),
        notes=text(blank_ok=False),
        blocks=field(
            st.lists(st.sampled_from(["blocks_publication", "blocks_family_contact"]), max_size=2),
            st.lists(field_text),
        ),
    ),
    url=st.sampled_from(["pause/", "processes/new/"]),
)
def test_pause_and_process_forms_never_error(make_user, sign_in, data, url):
    _, client, review = setup(make_user, sign_in)
    before, counts = snapshot(review, "themes"), related_counts(review)
    response = post(client, f"/reviews/{review.pk}/{url}", data)
    check(review, response, before, counts)
    if response.status_code == 302 and url == "pause/":
        assert Review.objects.get(pk=review.pk).status == ReviewStatus.PAUSED


@examples
@given(data=form(ended_on=day(optional=False)))
def test_end_of_process_form_never_errors(make_user, sign_in, data):
    _, client, review = setup(make_user, sign_in)
    process = ParallelProcess.objects.create(review=review, kind="inquest", started_on=date(2025, 2, 1))
    response = post(client, f"/reviews/{review.pk}/processes/{process.pk}/end/", data)
    process.refresh_from_db()
    process.full_clean()
    if response.status_code == 200:
        assert process.ended_on is None


@examples
@given(
    data=form(on=day(optional=False), note=text()),
    move=st.sampled_from([(ReviewStatus.PAUSED, "in_progress"), (ReviewStatus.PUBLISHED, "closed")]),
)
def test_transition_form_never_errors(make_user, sign_in, data, move):
    status, to = move
    _, client, review = setup(make_user, sign_in, status=ReviewStatus.IN_PROGRESS)
    Review.objects.filter(pk=review.pk).update(status=status, published_on=date(2025, 6, 1))
    before, counts = snapshot(review, "themes"), related_counts(review)
    response = post(client, f"/reviews/{review.pk}/status/{to}/", data)
    check(review, response, before, counts)


@examples
@given(
    data=form(
        child=ids("child"),
        stage=choice(*LifeLetterStage.values),
        approved_on=day(),
        given_on=day(),
        saved_on_file_on=day(),
        notes=text(),
    )
)
def test_life_letter_form_never_errors(make_user, sign_in, data):
    _, client, review = setup(make_user, sign_in)
    before, counts = snapshot(review, "themes"), related_counts(review)
    response = post(client, f"/reviews/{review.pk}/life-letter/", fill(data, child=review.children.get().pk))
    check(review, response, before, counts)
    for letter in LifeLetter.objects.filter(review=review):
        letter.full_clean()
        dates = [d for d in (letter.approved_on, letter.given_on, letter.saved_on_file_on) if d]
        assert dates == sorted(dates)


@examples
@given(data=form(delay_reason=text(), delay_reason_sent_on=day()), reviewer=st.one_of(*ids("user")))
def test_delay_and_reviewer_forms_never_error(make_user, sign_in, data, reviewer):
    _, client, review = setup(make_user, sign_in)
    before, counts = snapshot(review, "themes"), related_counts(review)
    response = post(client, f"/reviews/{review.pk}/delay/", data)
    check(review, response, before, counts)
    someone = make_user(roles.INDEPENDENT_REVIEWER if len(data) % 2 else roles.CRAG_MEMBER)
    response = post(client, f"/reviews/{review.pk}/reviewer/", fill({"reviewer": reviewer}, user=someone.pk))
    fresh = Review.objects.get(pk=review.pk)
    assert fresh.reviewer is None or fresh.reviewer.groups.filter(name=roles.INDEPENDENT_REVIEWER).exists()
