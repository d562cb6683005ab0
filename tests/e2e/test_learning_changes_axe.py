"""The "what we learned and what changed" pages (issue 20): axe-clean empty and filled, for CRAG
and for an agency lead who sees only their own agency's use of a resource."""

from datetime import date

import pytest

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.choices import ActionStatus, PracticeChange, ResourceUseKind
from reviews.tests.factories import (
    ActionFactory,
    CommendationFactory,
    LearningEventFactory,
    LearningResourceFactory,
    RecommendationFactory,
    ReviewFactory,
    ThemeFactory,
)
from reviews.tests.factories_impact import (
    AssuranceActivityFactory,
    DisseminationFactory,
    ExternalRecommendationFactory,
    ExternalReviewFactory,
    ResourceUseFactory,
)
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def accessible(page, name):
    assert axe_violations(page) == [], name
    screenshot(page, f"learning-changes-axe-{name}")


def _fill(review, theme, police, health):
    rec = RecommendationFactory(
        review=review, number=1, text="Share the family's history.", agencies=[police]
    )
    ActionFactory(
        recommendation=rec,
        owner_agency=police,
        description="Train call handlers",
        status=ActionStatus.COMPLETE,
        completed_on=date(2025, 12, 1),
        evidence="40 of 42 trained",
    )
    resource = LearningResourceFactory(
        title="7-minute briefing", reviews=[review], url="https://example.org/"
    )
    sent = DisseminationFactory(resource=resource, agency=police)
    DisseminationFactory(resource=resource, agency=health)
    ResourceUseFactory(dissemination=sent, how=ResourceUseKind.TRAINING, evidence="Training register")
    AssuranceActivityFactory(
        title="Audit six months on",
        recommendations=[rec],
        agencies=[police],
        completed_on=date(2026, 1, 20),
        findings="Referrals now carry the history.",
        practice_changed=PracticeChange.CHANGED,
    )
    LearningEventFactory(title="Learning event", reviews=[review])
    CommendationFactory(agency=health, review=review)
    external = ExternalReviewFactory(
        title="Panel review", themes=[theme], response_agreed_on=date(2025, 6, 1)
    )
    ActionFactory(recommendation=ExternalRecommendationFactory(external_review=external), owner_agency=police)


def test_the_learning_and_change_pages_are_axe_clean(live_server, browser, make_user):
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    police, health = AgencyFactory(name="Wessex Police"), AgencyFactory(name="Wessex Health")
    lead = make_user(roles.AGENCY_ACTION_LEAD, email="lead@crag.test", agency=police)
    theme = ThemeFactory(slug="neglect-axe", name="Neglect")
    review = ReviewFactory(title="Review of Child Q", themes=[theme])
    base = live_server.url
    urls = {
        "review": f"{base}/learning/reviews/{review.pk}/",
        "theme": f"{base}/learning/themes/{theme.slug}/",
        "themes": f"{base}/learning/themes/",
    }

    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)
    for name, url in urls.items():
        page.goto(url)
        accessible(page, f"{name}-empty")
    _fill(review, theme, police, health)
    for name, url in urls.items():
        page.goto(url)
        accessible(page, name)
    page.goto(urls["review"])
    page.get_by_text("Referrals now carry the history.").wait_for()

    lead_page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(lead_page, base, lead)
    lead_page.goto(urls["review"])
    lead_page.get_by_text("Training register").wait_for()
    accessible(lead_page, "review-lead")
