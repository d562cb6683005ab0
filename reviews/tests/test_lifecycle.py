"""A review's lifecycle: the transitions, who may make them, what each needs, and its record."""

import hashlib
import itertools
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from conftest import queries_for
from crag import roles
from reviews.actions import services as action_plans
from reviews.casework import lifecycle
from reviews.casework import record as review_record
from reviews.choices import ReviewStatus
from reviews.models import Child, ParallelProcess, Review, ReviewDocument, ReviewStatusChange
from reviews.tests.test_lost_updates import hidden

S = ReviewStatus
ALLOWED = {(t.source, t.target) for t in lifecycle.TRANSITIONS}


@pytest.fixture
def people(make_user):
    return {
        "chair": make_user(roles.CRAG_CHAIR),
        "member": make_user(roles.CRAG_MEMBER),
        "reviewer": make_user(roles.INDEPENDENT_REVIEWER),
        "other_reviewer": make_user(roles.INDEPENDENT_REVIEWER),
        "business": make_user(roles.BUSINESS_GROUP),
        "board": make_user(roles.BOARD_MEMBER),
        "lead": make_user(roles.AGENCY_ACTION_LEAD),
    }


def make_review(status: str = S.SCOPING, **fields) -> Review:
    child = Child.objects.create(
        pseudonym=f"Child {Review.objects.count() + 1}",
        legal_name="Amy Example",
        date_of_birth=date(2015, 3, 3),
    )
    review = Review.objects.create(
        kind="cspr", title=child.pseudonym, decision_on=date(2026, 1, 5), status=status, **fields
    )
    review.children.add(child)
    return review


def final_report(review: Review, by) -> ReviewDocument:
    content = b"%PDF-1.4 final report"
    return ReviewDocument.objects.create(
        review=review,
        kind="final_report",
        file=ContentFile(content, name="final.pdf"),
        original_name="final.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("source", S.values)
@pytest.mark.parametrize("target", S.values)
def test_only_the_listed_transitions_exist(source, target, people):
    """Every pair of statuses: those not in the table are refused with a plain message."""
    review = make_review(status=source, published_on=date(2026, 2, 1) if source in (S.PUBLISHED,) else None)
    if (source, target) in ALLOWED:
        return  # their conditions are tested one by one below
    with pytest.raises(ValidationError, match="cannot become"):
        lifecycle.review_move(actor=people["chair"], review=review, to=target, note="because")
    assert Review.objects.get(pk=review.pk).status == source


def test_the_table_covers_the_whole_path_from_scoping_to_closed():
    path = [S.SCOPING, S.COMMISSIONED, S.IN_PROGRESS, S.SIGNED_OFF, S.PUBLISHED, S.CLOSED]
    assert all(pair in ALLOWED for pair in itertools.pairwise(path))
    assert {
        (S.IN_PROGRESS, S.PAUSED),
        (S.PAUSED, S.IN_PROGRESS),
        (S.PAUSED, S.COMPLETED_AS_FAR_AS_POSSIBLE),
    } <= (ALLOWED)


@pytest.mark.django_db
def test_commissioning_needs_the_reviewer_and_records_the_date_and_who(people):
    review = make_review()
    with pytest.raises(ValidationError, match="Assign the independent reviewer"):
        lifecycle.review_move(actor=people["member"], review=review, to=S.COMMISSIONED)
    review_record.review_assign_reviewer(actor=people["member"], review=review, reviewer=people["reviewer"])
    done = lifecycle.review_move(
        actor=people["member"], review=review, to=S.COMMISSIONED, on=date(2026, 1, 20)
    )
    assert (done.status, done.commissioned_on) == (S.COMMISSIONED, date(2026, 1, 20))
    change = ReviewStatusChange.objects.get(review=review)
    assert (change.from_status, change.to_status, change.changed_by) == (
        S.SCOPING,
        S.COMMISSIONED,
        people["member"],
    )


@pytest.mark.django_db
def test_only_a_user_in_the_reviewer_role_is_assigned(people):
    with pytest.raises(ValidationError, match="Independent reviewer role"):
        review_record.review_assign_reviewer(
            actor=people["chair"], review=make_review(), reviewer=people["member"]
        )
    with pytest.raises(PermissionDenied):
        review_record.review_assign_reviewer(
            actor=people["business"], review=make_review(), reviewer=people["reviewer"]
        )


@pytest.mark.django_db
def test_pausing_needs_an_active_parallel_process_and_a_reason(people):
    review = make_review(S.IN_PROGRESS)
    with pytest.raises(ValidationError, match="parallel process"):
        lifecycle.review_move(actor=people["member"], review=review, to=S.PAUSED, note="Inquest")
    with pytest.raises(ValidationError) as refused:
        lifecycle.review_move(actor=people["member"], review=review, to=S.PAUSED)
    assert "note" in refused.value.message_dict
    lifecycle.review_pause(
        actor=people["member"],
        review=review,
        kind="inquest",
        started_on=date(2026, 2, 1),
        note="Coroner's inquest listed",
        blocks_family_contact=True,
    )
    review.refresh_from_db()
    process = review.parallel_processes.get()
    assert (review.status, process.kind, process.blocks) == (S.PAUSED, "inquest", ["contact with the family"])


@pytest.mark.django_db
def test_a_refused_pause_records_no_process(people):
    review = make_review(S.IN_PROGRESS)
    future = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError):
        lifecycle.review_pause(
            actor=people["member"], review=review, kind="inquest", started_on=future, note="x"
        )
    assert not ParallelProcess.objects.exists()
    assert Review.objects.get(pk=review.pk).status == S.IN_PROGRESS


@pytest.mark.django_db
def test_completed_as_far_as_possible_only_while_a_process_is_active(people):
    review = make_review(S.PAUSED)
    process = lifecycle.parallel_process_add(
        actor=people["member"],
        review=review,
        kind="criminal_investigation_or_trial",
        started_on=date(2026, 2, 1),
    )
    lifecycle.parallel_process_end(actor=people["member"], process=process, ended_on=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="parallel process"):
        lifecycle.review_move(
            actor=people["member"], review=review, to=S.COMPLETED_AS_FAR_AS_POSSIBLE, note="x"
        )
    lifecycle.parallel_process_add(
        actor=people["member"], review=review, kind="family_court", started_on=date(2026, 3, 2)
    )
    done = lifecycle.review_move(
        actor=people["member"], review=review, to=S.COMPLETED_AS_FAR_AS_POSSIBLE, note="Trial not before 2027"
    )
    assert done.status == S.COMPLETED_AS_FAR_AS_POSSIBLE


@pytest.mark.django_db
def test_a_process_cannot_end_before_it_began_or_twice(people):
    process = lifecycle.parallel_process_add(
        actor=people["member"], review=make_review(S.IN_PROGRESS), kind="inquest", started_on=date(2026, 2, 1)
    )
    with pytest.raises(ValidationError, match="before the process started"):
        lifecycle.parallel_process_end(actor=people["member"], process=process, ended_on=date(2026, 1, 1))
    lifecycle.parallel_process_end(actor=people["member"], process=process, ended_on=date(2026, 2, 2))
    with pytest.raises(ValidationError, match="already ended"):
        lifecycle.parallel_process_end(actor=people["member"], process=process, ended_on=date(2026, 2, 3))


@pytest.mark.django_db
def test_only_the_chair_signs_off_and_only_with_a_final_report(people):
    review = make_review(S.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        lifecycle.review_move(actor=people["member"], review=review, to=S.SIGNED_OFF)
    with pytest.raises(ValidationError, match="final report"):
        lifecycle.review_move(actor=people["chair"], review=review, to=S.SIGNED_OFF)
    final_report(review, people["chair"])
    done = lifecycle.review_move(actor=people["chair"], review=review, to=S.SIGNED_OFF, on=date(2026, 6, 1))
    assert (done.status, done.signed_off_on, done.signed_off_by) == (
        S.SIGNED_OFF,
        date(2026, 6, 1),
        people["chair"],
    )


@pytest.mark.django_db
def test_publication_waits_for_a_process_that_holds_it_up(people):
    review = make_review(S.SIGNED_OFF, signed_off_on=date(2026, 6, 1))
    process = lifecycle.parallel_process_add(
        actor=people["member"],
        review=review,
        kind="inquest",
        started_on=date(2026, 5, 1),
        blocks_publication=True,
    )
    publish = {"published_on": date(2026, 7, 1), "publication_url": "https://example.org/child"}
    with pytest.raises(ValidationError, match="holds up publication"):
        action_plans.review_record_publication(actor=people["member"], review=review, **publish)
    assert Review.objects.get(pk=review.pk).published_on is None  # nothing half-saved
    lifecycle.parallel_process_end(actor=people["member"], process=process, ended_on=date(2026, 6, 20))
    done = action_plans.review_record_publication(actor=people["member"], review=review, **publish)
    assert done.status == S.PUBLISHED


@pytest.mark.django_db
def test_dates_are_not_in_the_future_nor_before_the_decision(people):
    review = make_review()
    review_record.review_assign_reviewer(actor=people["chair"], review=review, reviewer=people["reviewer"])
    for on in (timezone.localdate() + timedelta(days=1), date(2025, 12, 31)):
        with pytest.raises(ValidationError) as refused:
            lifecycle.review_move(actor=people["chair"], review=review, to=S.COMMISSIONED, on=on)
        assert "on" in refused.value.message_dict


# --- Who sees what -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_independent_reviewer_sees_only_their_review_pseudonymised(people, sign_in):
    mine, other = make_review(), make_review()
    review_record.review_assign_reviewer(actor=people["chair"], review=mine, reviewer=people["reviewer"])
    client = sign_in(Client(), people["reviewer"])
    listing = client.get("/reviews/").content.decode()
    assert mine.title in listing
    assert other.title not in listing
    page = client.get(f"/reviews/{mine.pk}/")
    assert page.status_code == 200
    assert "Amy Example" not in page.content.decode()
    assert client.get(f"/reviews/{other.pk}/").status_code == 404
    assert client.get(f"/reviews/{mine.pk}/status/commissioned/").status_code == 403


@pytest.mark.django_db
def test_the_reviewer_edits_the_narrative_but_not_the_cost(people):
    review = make_review()
    review_record.review_assign_reviewer(actor=people["chair"], review=review, reviewer=people["reviewer"])
    done = review_record.review_update_record(
        actor=people["reviewer"],
        review=review,
        terms_of_reference="Scope: the year before the incident",
        family_engagement="invited",
        cost_gbp=1,
        title="Renamed",
    )
    assert (done.terms_of_reference, done.family_engagement) == (
        "Scope: the year before the incident",
        "invited",
    )
    assert (done.cost_gbp, done.title) == (None, review.title)
    with pytest.raises(PermissionDenied):
        review_record.review_update_record(actor=people["other_reviewer"], review=review, methodology="x")


@pytest.mark.django_db
def test_a_board_member_sees_published_reviews_only(people, sign_in):
    published = make_review(S.PUBLISHED, published_on=date(2026, 4, 1))
    unpublished = make_review(S.IN_PROGRESS)
    client = sign_in(Client(), people["board"])
    assert client.get(f"/reviews/{published.pk}/").status_code == 200
    assert client.get(f"/reviews/{unpublished.pk}/").status_code == 404
    assert unpublished.title not in client.get("/reviews/").content.decode()
    assert sign_in(Client(), people["lead"]).get("/reviews/").status_code == 403


# --- Life letters and the reason for delay -------------------------------------------------------


@pytest.mark.django_db
def test_a_life_letter_moves_through_its_stages_in_order(people):
    review = make_review()
    child = review.children.get()
    with pytest.raises(ValidationError) as refused:
        review_record.life_letter_record(actor=people["member"], review=review, child=child, stage="given")
    assert set(refused.value.message_dict) == {"approved_on", "given_on"}
    with pytest.raises(ValidationError, match="approved, then given"):
        review_record.life_letter_record(
            actor=people["member"],
            review=review,
            child=child,
            stage="given",
            approved_on=date(2026, 5, 2),
            given_on=date(2026, 5, 1),
        )
    letter = review_record.life_letter_record(
        actor=people["member"], review=review, child=child, stage="approved", approved_on=date(2026, 5, 1)
    )
    again = review_record.life_letter_record(
        actor=people["member"],
        review=review,
        child=child,
        stage="given",
        approved_on=date(2026, 5, 1),
        given_on=date(2026, 5, 3),
    )
    assert (again.pk, again.stage) == (letter.pk, "given")


@pytest.mark.django_db
def test_a_life_letter_is_only_for_the_reviews_children(people):
    stranger = Child.objects.create(pseudonym="Child Z")
    with pytest.raises(ValidationError, match="review's children"):
        review_record.life_letter_record(
            actor=people["member"], review=make_review(), child=stranger, stage="drafting"
        )


@pytest.mark.django_db
def test_the_reason_for_delay_is_recorded_for_a_cspr_at_any_time(people, time_machine):
    """A paused review often knows early that it will be late (DESIGN.md section 2)."""
    time_machine.move_to("2026-03-02")
    review = make_review(S.PAUSED)  # a CSPR decided 5 January 2026: due 5 July
    done = review_record.review_record_delay(
        actor=people["member"],
        review=review,
        delay_reason="Awaiting the inquest",
        delay_reason_sent_on=date(2026, 3, 2),
    )
    assert done.delay_reason == "Awaiting the inquest"
    local = Review.objects.create(kind="local", title="Child L", decision_on=date(2026, 1, 5))
    with pytest.raises(ValidationError, match="for a CSPR"):
        review_record.review_record_delay(actor=people["member"], review=local, delay_reason="Inquest")


# --- Pages --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pausing_in_the_browser_records_the_process_and_shows_on_the_timeline(people, sign_in):
    review = make_review(S.IN_PROGRESS)
    client = sign_in(Client(), people["member"])
    url = f"/reviews/{review.pk}/pause/"
    response = client.post(
        url,
        {
            **hidden(client.get(url).content.decode()),
            "kind": "inquest",
            "started_on_0": "2",
            "started_on_1": "2",
            "started_on_2": "2026",
            "notes": "Inquest opened and adjourned",
            "blocks": ["blocks_practitioner_interviews"],
        },
    )
    assert response.status_code == 302
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    for words in ("Inquest began", "Paused", "practitioner interviews"):
        assert words in page


@pytest.mark.django_db
def test_a_bad_transition_post_changes_nothing_and_says_why(people, sign_in):
    review = make_review(S.SCOPING)
    client = sign_in(Client(), people["member"])
    url = f"/reviews/{review.pk}/status/commissioned/"
    response = client.post(
        url, {**hidden(client.get(url).content.decode()), "on_0": "6", "on_1": "1", "on_2": "2026"}
    )
    assert response.status_code == 200
    assert "Assign the independent reviewer" in response.content.decode()
    assert Review.objects.get(pk=review.pk).status == S.SCOPING
    assert client.get(f"/reviews/{review.pk}/status/no-such-status/").status_code == 404


@pytest.mark.django_db
def test_the_chairs_dashboard_shows_paused_reviews_and_why(people, sign_in):
    review = make_review(S.IN_PROGRESS)
    lifecycle.review_pause(
        actor=people["chair"],
        review=review,
        kind="inquest",
        started_on=date(2026, 2, 1),
        note="x",
        blocks_publication=True,
    )
    page = sign_in(Client(), people["chair"]).get("/").content.decode()
    assert f"{review.title}, paused: Inquest (holds up publication)" in page


@pytest.mark.django_db
def test_the_review_list_filters_and_exports(people, sign_in):
    paused = make_review(S.PAUSED)
    make_review(S.IN_PROGRESS)
    client = sign_in(Client(), people["member"])
    page = client.get("/reviews/?status=paused").content.decode()
    assert "1 review" in page
    assert paused.title in page
    csv = client.get("/reviews/?status=paused&format=csv").getvalue().decode()
    assert csv.lstrip("\ufeff").startswith("title,kind,status")
    assert len(csv.strip().splitlines()) == 2


@pytest.mark.django_db
def test_review_pages_query_counts_stay_flat_as_reviews_grow(people, sign_in):
    client = sign_in(Client(), people["chair"])

    def grow(n: int) -> None:
        Review.objects.bulk_create(
            Review(kind="cspr", title=f"Bulk {i}", decision_on=date(2025, 1, 1), status=S.PAUSED)
            for i in range(Review.objects.count(), n)
        )
        ParallelProcess.objects.bulk_create(
            ParallelProcess(review=r, kind="inquest", started_on=date(2025, 2, 1))
            for r in Review.objects.filter(parallel_processes__isnull=True)
        )

    grow(10)
    client.get("/")  # the first request of a session records it
    small = {url: queries_for(client, url) for url in ("/reviews/", "/", "/reviews/?past_target=on")}
    grow(1000)
    large = {url: queries_for(client, url) for url in small}
    assert large == small, (small, large)
