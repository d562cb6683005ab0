"""Key practice episodes of a Rapid Review with their analysis (the Panel's template): numbered in
order, fixed once the decision is signed off."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.editing.versions import EditConflict
from reviews.incidents import episodes, rapid_reviews
from reviews.models import KeyPracticeEpisode
from reviews.tests.incident_records import chair, child, decided, member, rapid_review, signed_off
from reviews.tests.partner_records import record_partner_agreements

__all__ = ["chair", "child", "member", "rapid_review", "signed_off"]  # fixtures


def add(actor, rapid_review, title, **extra):
    return episodes.key_episode_add(
        actor=actor, rapid_review=rapid_review, title=title, description=f"{title}: what happened", **extra
    )


def test_episodes_are_numbered_in_the_order_they_are_added(member, rapid_review):
    agency = AgencyFactory.create()
    first = add(
        member, rapid_review, "Referral closed", analysis="Threshold applied to one event", agencies=[agency]
    )
    second = add(member, rapid_review, "Missed health appointment")
    assert (first.number, second.number) == (1, 2)
    assert list(first.agencies.all()) == [agency]
    assert first.analysis == "Threshold applied to one event"


def test_deleting_an_episode_renumbers_those_after_it(member, rapid_review):
    _, second, _ = (add(member, rapid_review, title) for title in ("One", "Two", "Three"))
    episodes.key_episode_delete(actor=member, episode=second)
    assert list(rapid_review.key_episodes.values_list("title", "number")) == [("One", 1), ("Three", 2)]
    assert add(member, rapid_review, "Four").number == 3


def test_editing_an_episode_keeps_its_number(member, rapid_review):
    add(member, rapid_review, "One")
    second = add(member, rapid_review, "Two")
    edited = episodes.key_episode_edit(
        actor=member, episode=second, title="Two, retitled", description="Changed", analysis="Now analysed"
    )
    edited.refresh_from_db()
    assert (edited.number, edited.title, edited.analysis) == (2, "Two, retitled", "Now analysed")


def test_an_episode_cannot_be_dated_in_the_future(member, rapid_review):
    with pytest.raises(ValidationError) as refused:
        add(member, rapid_review, "Later", occurred_on=timezone.localdate() + timedelta(days=1))
    assert "occurred_on" in refused.value.message_dict


def test_episodes_are_refused_after_sign_off(member, signed_off):
    with pytest.raises(ValidationError, match="signed off"):
        add(member, signed_off, "Too late")
    assert not KeyPracticeEpisode.objects.exists()


def test_an_episode_cannot_be_changed_or_deleted_after_sign_off(member, chair, rapid_review):
    episode = add(member, rapid_review, "Before sign-off")
    decided(member, rapid_review)
    record_partner_agreements(rapid_review)
    rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=rapid_review)
    episode.refresh_from_db()
    with pytest.raises(ValidationError, match="signed off"):
        episodes.key_episode_edit(actor=member, episode=episode, title="Changed", description="Changed")
    with pytest.raises(ValidationError, match="signed off"):
        episodes.key_episode_delete(actor=member, episode=episode)
    assert KeyPracticeEpisode.objects.get().title == "Before sign-off"


def test_only_crag_records_episodes(make_user, rapid_review):
    for role in (roles.AGENCY_ACTION_LEAD, roles.BUSINESS_GROUP, roles.INDEPENDENT_REVIEWER):
        with pytest.raises(PermissionDenied):
            add(make_user(role), rapid_review, "Not CRAG")


def test_an_episode_save_moves_the_rapid_reviews_version_on(member, rapid_review):
    read = rapid_review.version
    add(member, rapid_review, "First", version=read)
    with pytest.raises(EditConflict):
        add(member, rapid_review, "From a stale form", version=read)
    assert KeyPracticeEpisode.objects.count() == 1
