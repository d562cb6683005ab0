"""A create form sent twice (Back, then send again) creates its record once and leads to it."""

import re
import threading
from datetime import date, timedelta
from typing import cast

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from crag import roles
from crag.models import Agency
from crag.tests.factories import AgencyFactory
from reviews.incidents import rapid_reviews, services
from reviews.models import (
    ActionUpdate,
    Child,
    Commendation,
    DecisionAmendment,
    FormSubmission,
    Incident,
    ParallelProcess,
    Recommendation,
    SafetyAction,
)
from reviews.models import Review as ReviewModel
from reviews.tests.partner_records import record_partner_agreements
from reviews.tests.test_lost_updates import hidden


def token_of(html: str) -> str:
    found = re.search(r'name="form_token" value="([0-9a-f-]{36})"', html)
    assert found, "the form carries no one-time token"
    return found.group(1)


def parts(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def member(make_user):
    return make_user(roles.CRAG_MEMBER)


@pytest.fixture
def member_client(client, sign_in, member):
    return sign_in(client, member)


@pytest.fixture
def child(db):
    return Child.objects.create(pseudonym="Child M")


def incident_data(child: Child, day: date) -> dict[str, object]:
    return {
        "kind": "death",
        "location": "in_area",
        "abuse_or_neglect_suspected": "True",
        "children": [str(child.pk)],
        **parts("incident_date", day),
        **parts("aware_date", day),
    }


def test_incident_form_sent_again_after_saving_records_one_incident_and_leads_to_it(member_client, child):
    token = token_of(member_client.get("/incidents/new/").content.decode())
    data = {**incident_data(child, timezone.localdate() - timedelta(days=2)), "form_token": token}

    first = member_client.post("/incidents/new/", data)
    again = member_client.post("/incidents/new/", data, follow=True)

    incident = Incident.objects.get()
    assert first["Location"] == f"/incidents/{incident.pk}/"
    assert again.redirect_chain == [(f"/incidents/{incident.pk}/", 302)]
    assert "already been sent, so nothing new was recorded" in again.content.decode()
    submission = FormSubmission.objects.get(token=token)
    assert submission.created == incident


def test_a_refused_send_does_not_use_up_the_token(member_client, child):
    token = token_of(member_client.get("/incidents/new/").content.decode())
    data = {**incident_data(child, timezone.localdate() - timedelta(days=2)), "form_token": token}

    refused = member_client.post("/incidents/new/", {**data, "kind": ""})
    assert token_of(refused.content.decode()) == token  # the page shown again keeps its token
    saved = member_client.post("/incidents/new/", data)

    assert saved.status_code == 302
    assert Incident.objects.count() == 1


def test_child_form_sent_again_records_one_child(member_client):
    token = token_of(member_client.get("/children/new/").content.decode())
    data = {
        "pseudonym": "Child Q",
        "gender": "not_known",
        "child_protection_plan": "unknown",
        "child_in_need_plan": "unknown",
        "form_token": token,
    }

    member_client.post("/children/new/", data)
    again = member_client.post("/children/new/", data)

    assert again.status_code == 302
    assert Child.objects.filter(pseudonym="Child Q").count() == 1


def test_another_users_token_records_nothing_and_says_so(member_client, child, make_user):
    other = make_user(roles.CRAG_CHAIR)
    taken = FormSubmission.objects.create(token="6f1c8a3e-8a7b-4c59-9a37-2f0c1f1d2b3a", user=other, url="/x/")
    data = {**incident_data(child, timezone.localdate()), "form_token": str(taken.token)}

    response = member_client.post("/incidents/new/", data)

    assert response.status_code == 200
    assert "Reload the page and try again" in response.content.decode()
    assert not Incident.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_incident_form_sent_twice_at_once_records_one_incident(make_user, sign_in):
    member = make_user(roles.CRAG_MEMBER)
    child = Child.objects.create(pseudonym="Child M")
    clients = [sign_in(Client(), member) for _ in range(2)]
    token = token_of(clients[0].get("/incidents/new/").content.decode())
    data = {**incident_data(child, timezone.localdate() - timedelta(days=1)), "form_token": token}
    start, statuses = threading.Barrier(2), []

    def send(client: Client) -> None:
        try:
            start.wait(timeout=10)
            statuses.append(client.post("/incidents/new/", data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [302, 302]
    assert Incident.objects.count() == 1


# --- the other create forms ----------------------------------------------------------------------


@pytest.fixture
def world(make_user, child):
    """An incident with a signed-off Rapid Review, a review, a recommendation and an action."""
    chair = make_user(roles.CRAG_CHAIR)
    agency = cast(Agency, AgencyFactory())
    aware = timezone.localdate() - timedelta(days=30)
    incident = services.incident_create(
        actor=chair,
        kind="death",
        incident_date=aware,
        aware_date=aware,
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )
    rapid_review = rapid_reviews.rapid_review_open(actor=chair, incident=incident)
    rapid_reviews.rapid_review_update(
        actor=chair,
        rapid_review=rapid_review,
        fields={
            "meets_cspr_criteria": True,
            "complex_or_national_importance": False,
            "decision_reasons": "R",
        },
    )
    record_partner_agreements(rapid_review)
    rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=rapid_review)
    review = ReviewModel.objects.create(
        kind="cspr", title="Child M", decision_on=aware, status="in_progress", rapid_review=rapid_review
    )
    recommendation = Recommendation.objects.create(review=review, number=1, text="Share information")
    action = recommendation.actions.create(description="Train", owner_agency=agency, due_on=aware)
    return {"incident": incident, "review": review, "agency": agency, "rec": recommendation, "action": action}


CREATES = {
    "a recommendation": (
        lambda w: f"/reviews/{w['review'].pk}/recommendations/new/",
        lambda w: {"text": "Train staff"},
        lambda w: Recommendation.objects.filter(review=w["review"]).count(),
    ),
    "an action": (
        lambda w: f"/recommendations/{w['rec'].pk}/actions/new/",
        lambda w: {
            "description": "Audit",
            "owner_agency": w["agency"].pk,
            **parts("due_on", date(2027, 1, 4)),
        },
        lambda w: w["rec"].actions.count(),
    ),
    "a progress update": (
        lambda w: f"/actions/{w['action'].pk}/progress/",
        lambda w: {"status": "in_progress", "text": "Half the staff trained"},
        lambda w: ActionUpdate.objects.filter(action=w["action"]).count(),
    ),
    "a safety action": (
        lambda w: f"/incidents/{w['incident'].pk}/rapid-review/safety-actions/add/",
        lambda w: {"kind": "genogram", "description": "Draw it", "owner_agency": w["agency"].pk},
        lambda w: SafetyAction.objects.count(),
    ),
    "an amendment": (
        lambda w: f"/incidents/{w['incident'].pk}/rapid-review/amend/",
        lambda w: {"text": "The meeting was a day earlier", "reason": "Misdated minutes"},
        lambda w: DecisionAmendment.objects.count(),
    ),
    "a parallel process": (
        lambda w: f"/reviews/{w['review'].pk}/processes/new/",
        lambda w: {"kind": "inquest", **parts("started_on", timezone.localdate())},
        lambda w: ParallelProcess.objects.count(),
    ),
    "a commendation": (
        lambda w: "/learning/commendations/new/",
        lambda w: {
            "who": "Health visiting team",
            "agency": w["agency"].pk,
            "what": "Shared the referral the same day",
            **parts("commended_on", timezone.localdate()),
        },
        lambda w: Commendation.objects.count(),
    ),
}


@pytest.mark.parametrize("what", sorted(CREATES))
def test_every_create_form_sent_twice_creates_once(member_client, world, what):
    url, data, count = CREATES[what][0](world), CREATES[what][1](world), CREATES[what][2]
    page = member_client.get(url).content.decode()
    token, before = token_of(page), count(world)
    data = {**hidden(page), **data}  # what the form sends on its own too: the version of an edited record

    first = member_client.post(url, {**data, "form_token": token})
    assert first.status_code == 302, first.content.decode()[:2000]
    assert count(world) == before + 1
    again = member_client.post(url, {**data, "form_token": token})

    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert count(world) == before + 1
