"""The Rapid Review's forms, posted with random values: never a 5xx, nothing invalid saved, a
signed-off decision never changed (issue 3, item 7)."""

from datetime import timedelta

from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from crag.tests.factories import AgencyFactory
from reviews.choices import PanelResponse, RapidReviewOutcome, SafetyActionKind
from reviews.incidents import rapid_reviews
from reviews.models import AgencySummary, DecisionAmendment, RapidReview, Review, SafetyAction
from reviews.tests.bad_input import (
    AWARE,
    TODAY,
    Real,
    a_theme,
    chair_client,
    choice,
    day,
    examples,
    field,
    fill,
    form,
    ids,
    new_rapid_review,
    parts,
    post,
    snapshot,
    text,
)
from reviews.tests.test_lost_updates import hidden

YES_NO_UNKNOWN = choice("", "true", "false")
DECISION = (*RapidReview.DECISION_FIELDS, "signed_off_at", "signed_off_by_id")


def rapid_review_url(rapid_review, rest):
    return f"/incidents/{rapid_review.incident_id}/rapid-review/{rest}"


@examples
@given(
    data=form(
        meeting_on=day(),
        learning_points=text(),
        themes=ids("theme", many=True),
        meets_cspr_criteria=YES_NO_UNKNOWN,
        complex_or_national_importance=YES_NO_UNKNOWN,
        decision_reasons=text(),
    ),
    signed_off=st.booleans(),
)
def test_rapid_review_form_never_errors_and_never_changes_a_signed_off_decision(
    make_user, sign_in, data, signed_off
):
    chair, client = chair_client(make_user, sign_in)
    rapid_review = new_rapid_review(chair, signed_off=signed_off)
    before = snapshot(rapid_review, "themes")
    response = post(client, rapid_review_url(rapid_review, "edit/"), fill(data, theme=a_theme().pk))
    after = snapshot(rapid_review, "themes")
    if response.status_code == 200:
        assert after == before
    if signed_off:
        assert {n: after[n] for n in DECISION} == {n: before[n] for n in DECISION}
    RapidReview.objects.get(pk=rapid_review.pk).full_clean()


@examples
@given(
    data=form(
        sent_to_panel_on=day(),
        panel_response=choice(*PanelResponse.values),
        panel_considers_criteria_met=YES_NO_UNKNOWN,
        panel_responded_on=day(),
        outcome=choice("", *RapidReviewOutcome.values),
    ),
    signed_off=st.booleans(),
)
def test_panel_form_never_errors_and_saves_only_valid_choices(make_user, sign_in, data, signed_off):
    chair, client = chair_client(make_user, sign_in)
    rapid_review = new_rapid_review(chair, signed_off=signed_off)
    before = snapshot(rapid_review)
    response = post(client, rapid_review_url(rapid_review, "panel/"), data)
    after = snapshot(rapid_review)
    if response.status_code == 200:
        assert after == before
    assert {n: after[n] for n in DECISION} == {n: before[n] for n in DECISION}
    saved = RapidReview.objects.get(pk=rapid_review.pk)
    saved.full_clean()
    assert saved.panel_response in PanelResponse.values
    assert saved.outcome in ("", *RapidReviewOutcome.values)
    if saved.panel_response != PanelResponse.PENDING:
        assert saved.panel_responded_on is not None


@examples
@given(data=form(agency=ids("agency"), summary=text()))
def test_agency_summary_form_never_errors_and_saves_only_a_summary_with_text(make_user, sign_in, data):
    chair, client = chair_client(make_user, sign_in)
    rapid_review = new_rapid_review(chair)
    agency = AgencyFactory()
    response = post(client, rapid_review_url(rapid_review, "summaries/add/"), fill(data, agency=agency.pk))
    saved = AgencySummary.objects.filter(rapid_review=rapid_review)
    if response.status_code == 200:
        assert not saved.exists()
    else:
        item = saved.get()
        item.full_clean()
        assert item.agency_id == agency.pk
        assert item.summary.strip()


@examples
@given(
    data=form(
        kind=choice(*SafetyActionKind.values),
        description=text(),
        owner_agency=ids("agency"),
        owner_name=text(),
        done_on=day(),
    )
)
@example(  # done tomorrow
    data={
        "kind": "genogram",
        "description": "Draw it.",
        "owner_agency": Real("agency"),
        **parts("done_on", TODAY + timedelta(days=1)),
    }
)
def test_safety_action_form_never_errors_and_saves_only_a_valid_action(make_user, sign_in, data):
    chair, client = chair_client(make_user, sign_in)
    rapid_review = new_rapid_review(chair)
    data = fill(data, agency=AgencyFactory().pk)
    response = post(client, rapid_review_url(rapid_review, "safety-actions/add/"), data)
    saved = SafetyAction.objects.filter(rapid_review=rapid_review)
    if response.status_code == 200:
        assert not saved.exists()
    else:
        action = saved.get()
        action.full_clean()
        assert action.description.strip()
        # The rule of marking an action done: it cannot have been done in the future.
        assert action.done_on is None or action.done_on <= timezone.localdate(), action.done_on


@examples
@given(data=form(done_on=day(optional=False), action=field(st.just(Real("action")), st.integers(0).map(str))))
def test_safety_action_done_form_never_errors_and_never_saves_a_future_date(make_user, sign_in, data):
    chair, client = chair_client(make_user, sign_in)
    rapid_review = new_rapid_review(chair)
    action = rapid_reviews.safety_action_add(
        actor=chair,
        rapid_review=rapid_review,
        kind=SafetyActionKind.GENOGRAM,
        description="Draw the genogram.",
        owner_agency=AgencyFactory(),
    )
    before = snapshot(action)
    data = fill(data, action=action.pk)
    target = data.pop("action")
    url = rapid_review_url(rapid_review, f"safety-actions/{target}/done/")
    response = client.post(url, {**hidden(client.get(url).content.decode()), **data})
    # 404 only for a random action id.
    assert response.status_code in ((200, 302) if target == str(action.pk) else (200, 302, 404))
    if response.status_code != 302:
        assert snapshot(action) == before
    saved = SafetyAction.objects.get(pk=action.pk)
    assert saved.done_on is None or saved.done_on <= timezone.localdate()


@examples
@given(data=form(text=text(), reason=text()), signed_off=st.booleans())
def test_amendment_form_never_errors_and_saves_only_a_reasoned_amendment(
    make_user, sign_in, data, signed_off
):
    chair, client = chair_client(make_user, sign_in)
    rapid_review = new_rapid_review(chair, signed_off=signed_off)
    before = snapshot(rapid_review)
    response = post(client, rapid_review_url(rapid_review, "amend/"), data)
    saved = DecisionAmendment.objects.filter(rapid_review=rapid_review)
    if response.status_code == 200:
        assert not saved.exists()
    else:
        assert signed_off
        amendment = saved.get()
        assert amendment.text.strip()
        assert amendment.reason.strip()
        assert amendment.made_by_id == chair.pk
    assert snapshot(rapid_review) == before  # the decision itself never changes


@examples
@given(data=form(decision_on=day(optional=False)), outcome=st.sampled_from(["", *RapidReviewOutcome.values]))
def test_review_from_outcome_form_never_errors_and_saves_only_a_valid_review(
    make_user, sign_in, data, outcome
):
    chair, client = chair_client(make_user, sign_in)
    rapid_review = new_rapid_review(chair, signed_off=True, outcome=outcome)
    response = post(client, rapid_review_url(rapid_review, "review/"), data)
    saved = Review.objects.filter(rapid_review=rapid_review)
    if response.status_code == 200:
        assert not saved.exists()
    else:
        assert outcome in rapid_reviews.OUTCOME_REVIEW_KIND
        review = saved.get()
        review.full_clean()
        assert review.decision_on >= AWARE
