"""Legal holds: placed and lifted (never deleted) through audited services and the admin, and
what a hold on a child, an incident or a review covers."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.utils import timezone

from crag import roles
from reviews.models import LegalHold
from reviews.retention import holds
from reviews.retention.plan import plan
from reviews.tests.factories import ChildFactory, IncidentFactory, RapidReviewFactory, ReviewFactory
from reviews.tests.retention_records import TODAY, make_world, now

pytestmark = pytest.mark.django_db


def test_placing_and_lifting_a_hold_are_audited_and_lifting_twice_changes_nothing(make_user):
    admin = make_user(roles.PARTNERSHIP_ADMIN)
    incident = IncidentFactory()
    hold = holds.hold_place(actor=admin, reason="litigation", detail="Claim 123", incident=incident)
    assert hold.is_active
    assert hold.placed_by == admin
    holds.hold_lift(actor=admin, hold=hold, note="Claim settled")
    hold.refresh_from_db()
    assert (hold.lifted_by, hold.lifted_note, hold.is_active) == (admin, "Claim settled", False)
    holds.hold_lift(actor=admin, hold=hold, note="Again")
    hold.refresh_from_db()
    assert hold.lifted_note == "Claim settled"
    entries = LogEntry.objects.get_for_object(hold).order_by("pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]


def test_a_hold_is_on_exactly_one_record(make_user):
    admin = make_user(roles.PARTNERSHIP_ADMIN)
    with pytest.raises(ValidationError):
        holds.hold_place(actor=admin, reason="inquest", detail="No record")
    with pytest.raises(ValidationError):
        holds.hold_place(
            actor=admin, reason="inquest", detail="Two", child=ChildFactory(), incident=IncidentFactory()
        )


def test_a_held_record_cannot_be_deleted(make_user):
    child = ChildFactory()
    holds.hold_place(actor=make_user(roles.PARTNERSHIP_ADMIN), reason="other", detail="Inquiry", child=child)
    with pytest.raises(ProtectedError):
        child.delete()


def test_a_hold_on_a_child_covers_their_incidents_and_reviews(make_user):
    child = ChildFactory()
    incident = IncidentFactory(children=[child])
    review = ReviewFactory(children=[child])
    holds.hold_place(actor=make_user(roles.PARTNERSHIP_ADMIN), reason="inquest", detail="x", child=child)
    found = holds.held()
    assert child.pk in found.children
    assert incident.pk in found.incidents
    assert review.pk in found.reviews


def test_a_hold_on_a_review_covers_its_incident_and_children(make_user):
    child = ChildFactory()
    rapid_review = RapidReviewFactory(incident=IncidentFactory(children=[child]))
    review = ReviewFactory(rapid_review=rapid_review, children=[child])
    holds.hold_place(
        actor=make_user(roles.PARTNERSHIP_ADMIN), reason="public_inquiry", detail="x", review=review
    )
    found = holds.held()
    assert rapid_review.incident.pk in found.incidents
    assert child.pk in found.children
    assert set(found.reviews) == {review.pk}


def test_the_plan_lists_what_a_hold_covers_as_held(time_machine):
    time_machine.move_to(TODAY, tick=False)
    world = make_world()
    held = {(step.kind, step.record.pk) for step in plan(now()).held}
    assert held == {
        ("incident_not_taken_forward", world.held.pk),
        ("child_identity", world.child(world.held).pk),
    }


def test_a_partnership_admin_places_and_lifts_a_hold_in_the_admin(client, make_user, sign_in):
    admin = make_user(roles.PARTNERSHIP_ADMIN)
    sign_in(client, admin)
    incident = IncidentFactory()
    response = client.post(
        "/admin/reviews/legalhold/add/",
        {"incident": incident.pk, "reason": "inquest", "detail": "Coroner's inquest"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    hold = LegalHold.objects.get()
    assert (hold.incident, hold.placed_by, hold.placed_on) == (incident, admin, timezone.localdate())
    page = client.get(f"/admin/reviews/legalhold/{hold.pk}/change/")
    assert page.status_code == 200
    assert b"lifted_note" in page.content
    response = client.post(f"/admin/reviews/legalhold/{hold.pk}/change/", {"lifted_note": "Concluded"})
    assert response.status_code == 302
    hold.refresh_from_db()
    assert (hold.lifted_by, hold.lifted_note) == (admin, "Concluded")
    assert client.get(f"/admin/reviews/legalhold/{hold.pk}/delete/").status_code == 403


def test_a_hold_on_an_incident_covers_the_children_its_reviews_name(make_user):
    sibling = ChildFactory.create()
    rapid_review = RapidReviewFactory.create(
        incident=IncidentFactory.create(children=[ChildFactory.create()])
    )
    review = ReviewFactory.create(rapid_review=rapid_review, children=[sibling])
    holds.hold_place(
        actor=make_user(roles.PARTNERSHIP_ADMIN),
        reason="litigation",
        detail="x",
        incident=rapid_review.incident,
    )
    found = holds.held()
    assert review.pk in found.reviews
    assert sibling.pk in found.children


@pytest.mark.parametrize("role", [r for r in roles.ALL_ROLES if r != roles.PARTNERSHIP_ADMIN])
def test_only_a_partnership_admin_places_or_lifts_a_hold(make_user, role):
    child = ChildFactory()
    hold = holds.hold_place(
        actor=make_user(roles.PARTNERSHIP_ADMIN), reason="inquest", detail="x", child=child
    )
    someone = make_user(role)
    with pytest.raises(PermissionDenied):
        holds.hold_place(actor=someone, reason="inquest", detail="y", child=child)
    with pytest.raises(PermissionDenied):
        holds.hold_lift(actor=someone, hold=hold, note="Not mine to lift")
    hold.refresh_from_db()
    assert hold.lifted_on is None
    assert LegalHold.objects.count() == 1
