"""The Rapid Review in the Panel's shape in the browser: key practice episodes, inequalities and the
partners' agreement, on the Rapid Review page and their own pages; every page axe-clean."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crag import roles
from crag.models import Agency, PartnerRole
from crag.tests.factories import AgencyFactory
from reviews.incidents import episodes, partners, rapid_reviews, services
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"rapid-review-partners-{name}")


def decided_rapid_review(chair):
    today = timezone.localdate()
    child = services.child_create(actor=chair, pseudonym="Child P")
    incident = services.incident_create(
        actor=chair,
        kind="serious_harm",
        incident_date=today - timedelta(days=10),
        aware_date=today - timedelta(days=9),
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
    )
    rapid_review = rapid_reviews.rapid_review_open(actor=chair, incident=incident)
    return rapid_reviews.rapid_review_update(
        actor=chair,
        rapid_review=rapid_review,
        fields={
            "meets_cspr_criteria": True,
            "complex_or_national_importance": False,
            "decision_reasons": "Serious harm; neglect suspected.",
            "inequalities": "The family's first language is Polish; no interpreter was used.",
        },
    )


def test_the_partner_pages_are_axe_clean(live_server, page, make_user, themes):
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    Agency.objects.filter(pk=chair.agency_id).update(partner_role=PartnerRole.POLICE)
    AgencyFactory.create(name="Riverside Academy", designated=True)
    rapid_review = decided_rapid_review(chair)
    episode = episodes.key_episode_add(
        actor=chair,
        rapid_review=rapid_review,
        title="Referral closed without a visit",
        description="The school's referral was closed the same day.",
        analysis="The threshold was applied to one event, not the pattern.",
    )
    base = live_server.url
    url = f"{base}/incidents/{rapid_review.incident_id}/rapid-review/"
    sign_in_through_the_pages(page, base, chair)

    page.goto(url)
    page.get_by_role("heading", name="Key practice episodes").wait_for()
    page.get_by_text("Designated relevant agencies").wait_for()
    accessible(page, "rapid-review")

    page.get_by_role("link", name="Add a key practice episode").click()
    page.get_by_role("button", name="Save episode").click()  # empty: errors first
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "episode-form-errors")

    page.goto(f"{url}episodes/{episode.pk}/edit/")
    accessible(page, "episode-edit")
    page.goto(f"{url}episodes/{episode.pk}/delete/")
    page.get_by_role("heading", name="Delete key practice episode 1?").wait_for()
    accessible(page, "episode-delete")

    page.goto(url)
    page.get_by_role("button", name="Agree the decision").click()
    page.get_by_role("heading", name="Agree the decision").wait_for()
    accessible(page, "agree")
    page.get_by_role("button", name="Agree the decision").click()
    page.get_by_text("agreed the decision as the police partner").wait_for()
    accessible(page, "agreed")

    page.goto(f"{url}sign-off/")
    page.get_by_text("must agree the decision in CRAG").wait_for()
    accessible(page, "sign-off-outstanding")

    agreement = partners.current_agreements(rapid_review)[PartnerRole.POLICE]
    page.goto(f"{url}agree/{agreement.pk}/withdraw/")
    page.get_by_role("button", name="Withdraw the agreement").click()  # no reason: an error
    page.get_by_text("There is a problem").wait_for()
    accessible(page, "withdraw-errors")
