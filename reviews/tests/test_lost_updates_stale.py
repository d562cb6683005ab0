"""A stale edit form (read before someone else saved the record) changes nothing and shows both
values (issue 14, item 5); the version it carries is bookkeeping the audit log does not show."""

import re

from auditlog.models import LogEntry
from django.test import Client

from crag import roles
from reviews.models import Incident, Review
from reviews.tests.test_lost_updates import _incident, hidden, world

__all__ = ["world"]


def _two(make_user, sign_in, role=roles.CRAG_CHAIR):
    users = [make_user(role, full_name=name) for name in ("Ada First", "Bo Second")]
    return users, [sign_in(Client(), user) for user in users]


def test_a_stale_incident_form_shows_what_was_entered_beside_what_is_saved_and_who_saved_it(
    world, make_user, sign_in
):
    _, (first, second) = _two(make_user, sign_in)
    url = f"/incidents/{world['incident'].pk}/edit/"
    stale = second.get(url).content.decode()
    assert (
        first.post(url, {**hidden(first.get(url).content.decode()), **_incident(world, 0)}).status_code == 302
    )

    refused = second.post(url, {**hidden(stale), **_incident(world, 1)})

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "Summary 1" in html
    assert "Summary 0" in html
    assert "Saved by Ada First" in html
    assert 'class="govuk-error-summary"' in html
    assert "<script" not in html.split("</main>")[0]
    assert Incident.objects.get().summary == "Summary 0"
    link = re.search(r'href="([^"]+)" role="button"', html)
    assert link is not None
    again = second.get(link.group(1)).content.decode()
    assert "Summary 0" in again
    assert hidden(again)["version"] == str(Incident.objects.get().version)


def test_a_status_change_read_before_the_record_was_edited_is_refused(world, make_user, sign_in):
    _, (first, second) = _two(make_user, sign_in)
    scoping = world["scoping"]
    move = f"/reviews/{scoping.pk}/status/closed/"
    stale = hidden(second.get(move).content.decode())
    edit = f"/reviews/{scoping.pk}/edit/"
    data = {"title": "Child T", "family_engagement": "invited", "practitioner_engagement": "invited"}
    assert first.post(edit, {**hidden(first.get(edit).content.decode()), **data}).status_code == 302

    refused = second.post(move, {**stale, "on_0": "3", "on_1": "2", "on_2": "2025", "note": "No review"})

    assert refused.status_code == 409
    assert Review.objects.get(pk=scoping.pk).status == "scoping"


def test_an_action_rated_from_a_stale_form_keeps_the_first_rating(world, make_user, sign_in):
    _, (first, second) = _two(make_user, sign_in, roles.BUSINESS_GROUP)
    url = f"/actions/{world['action'].pk}/rate/"
    stale = hidden(second.get(url).content.decode())
    first.post(url, {**hidden(first.get(url).content.decode()), "rag": "amber", "comment": "Slow"})

    refused = second.post(url, {**stale, "rag": "green", "comment": "Fine"})

    assert refused.status_code == 409
    assert "Amber" in refused.content.decode()
    assert "Green" in refused.content.decode()
    world["action"].refresh_from_db()
    assert (world["action"].rag, world["action"].rag_comment) == ("amber", "Slow")


def test_an_unreadable_version_is_a_plain_error_and_saves_nothing(world, make_user, sign_in):
    _, (first, _) = _two(make_user, sign_in)
    url = f"/incidents/{world['incident'].pk}/edit/"

    response = first.post(url, {**_incident(world, 0), "version": "not-a-number"})

    assert response.status_code == 200
    assert "could not be checked against the saved record" in response.content.decode()
    assert Incident.objects.get().summary == "As recorded"


def test_an_edit_form_posted_without_its_version_is_refused_and_saves_nothing(world, make_user, sign_in):
    _, (first, _) = _two(make_user, sign_in)
    url = f"/incidents/{world['incident'].pk}/edit/"
    before = Incident.objects.get().version

    response = first.post(url, _incident(world, 0))  # no version: a save that could not be checked

    assert response.status_code == 200
    assert (
        "This form could not be checked against the saved record. Reload the page and try again."
        in response.content.decode()
    )
    saved = Incident.objects.get()
    assert (saved.summary, saved.version) == ("As recorded", before)


def test_the_version_never_shows_in_the_audit_log(world, make_user, sign_in):
    _, (first, _) = _two(make_user, sign_in)
    url = f"/incidents/{world['incident'].pk}/edit/"
    first.post(url, {**hidden(first.get(url).content.decode()), **_incident(world, 0)})

    changes = [e.changes_dict for e in LogEntry.objects.get_for_object(world["incident"])]
    assert changes
    assert all("version" not in c for c in changes)
    assert any("summary" in c for c in changes)
