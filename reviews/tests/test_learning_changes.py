"""The "what we learned and what changed" pages (issue 20): what each shows, who sees which
agencies' records, out-of-scope reviews, external reviews on the theme page, and a flat number of
queries however many records there are."""

from datetime import date
from typing import Any

import pytest
from django.test import Client

from conftest import queries_for
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

pytestmark = pytest.mark.django_db


def _audit(**kwargs: Any) -> Any:
    return AssuranceActivityFactory(
        completed_on=date(2026, 1, 20),
        findings=kwargs.pop("findings", "Referrals now carry the family's history."),
        practice_changed=kwargs.pop("practice_changed", PracticeChange.CHANGED),
        **kwargs,
    )


@pytest.fixture
def world() -> dict[str, Any]:
    police, health, school = (AgencyFactory(name=n) for n in ("Police", "Health", "Schools"))
    theme = ThemeFactory(slug="neglect-changes", name="Neglect (changes)")
    review = ReviewFactory(title="Review of Child Q", themes=[theme])
    rec = RecommendationFactory(
        review=review, number=1, text="Share the family's history.", agencies=[police]
    )
    ActionFactory(
        recommendation=rec,
        owner_agency=police,
        description="Police train call handlers",
        status=ActionStatus.COMPLETE,
        completed_on=date(2025, 12, 1),
        evidence="Call handlers trained: 40 of 42",
    )
    ActionFactory(recommendation=rec, owner_agency=health, description="Health rewrite the pathway")
    resource = LearningResourceFactory(title="7-minute briefing on Child Q", reviews=[review])
    for agency in (police, health, school):
        DisseminationFactory(resource=resource, agency=agency)
    police_sent, health_sent = (
        resource.disseminations.get(agency=police),
        resource.disseminations.get(agency=health),
    )
    ResourceUseFactory(dissemination=police_sent, reach=20, evidence="Police team minutes of July")
    ResourceUseFactory(
        dissemination=health_sent, how=ResourceUseKind.TRAINING, reach=8, evidence="Health training register"
    )
    _audit(title="Six-month audit of referrals", recommendations=[rec])
    LearningEventFactory(title="Child Q learning event", reviews=[review])
    CommendationFactory(who="Night duty team", agency=health, review=review)
    external = ExternalReviewFactory(title="Panel review of neglect", themes=[theme])
    ext_rec = ExternalRecommendationFactory(external_review=external, number=1, text="Check neglect tools.")
    ActionFactory(recommendation=ext_rec, owner_agency=police, description="Police check the neglect tool")
    return {"police": police, "health": health, "theme": theme, "review": review, "external": external}


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _client(sign_in: Any, make_user: Any, role: str, **kwargs: Any) -> Client:
    return sign_in(Client(), make_user(role, **kwargs))


def test_the_review_page_shows_what_was_learned_done_and_changed(world, sign_in, make_user):
    chair = _client(sign_in, make_user, roles.CRAG_CHAIR)
    page = _page(chair, f"/learning/reviews/{world['review'].pk}/")
    for heading in ("What we learned", "What we did", "What changed"):
        assert f">{heading}</h2>" in page
    assert "Neglect (changes)" in page
    assert "Share the family&#x27;s history." in page
    assert "7-minute briefing on Child Q" in page
    assert "Police team minutes of July" in page
    assert "Health training register" in page
    assert "Schools" in page
    assert "No use recorded yet" in page
    assert "Call handlers trained: 40 of 42" in page  # evidence of impact of the completed action
    assert "Six-month audit of referrals" in page
    assert "Practice changed" in page
    assert "Referrals now carry the family&#x27;s history." in page
    assert "Child Q learning event" in page
    assert "Night duty team" in page


def test_an_agency_lead_sees_only_their_own_agencys_actions_and_uses(world, sign_in, make_user):
    lead = _client(sign_in, make_user, roles.AGENCY_ACTION_LEAD, agency=world["police"])
    for url in (f"/learning/reviews/{world['review'].pk}/", f"/learning/themes/{world['theme'].slug}/"):
        page = _page(lead, url)
        assert "Police team minutes of July" in page
        assert "Health training register" not in page
        assert "Health rewrite the pathway" not in page
        assert ">Health<" not in page.split("What we did")[1].split("What changed")[0]


def test_a_review_out_of_the_readers_scope_is_not_found(world, sign_in, make_user):
    url = f"/learning/reviews/{world['review'].pk}/"
    other_lead = _client(sign_in, make_user, roles.AGENCY_ACTION_LEAD, agency=AgencyFactory())
    for client in (
        _client(sign_in, make_user, roles.INDEPENDENT_REVIEWER),  # not assigned to it
        _client(sign_in, make_user, roles.BOARD_MEMBER),  # not published
        other_lead,  # no action of theirs comes from it
    ):
        assert client.get(url).status_code == 404
    assert _client(sign_in, make_user, roles.BUSINESS_GROUP).get(url).status_code == 200
    chair = _client(sign_in, make_user, roles.CRAG_CHAIR)
    assert chair.get("/learning/reviews/999999/").status_code == 404
    assert chair.get("/learning/themes/no-such-theme/").status_code == 404
    assert Client().get(url).status_code == 302  # signed out: to the sign-in page


def test_the_theme_page_includes_external_reviews_and_assurance_by_theme(world, sign_in, make_user):
    _audit(
        title="Survey of neglect practice", themes=[world["theme"]], practice_changed=PracticeChange.PARTLY
    )
    ReviewFactory(title="Review of Child Z")  # another theme
    page = _page(_client(sign_in, make_user, roles.CRAG_MEMBER), f"/learning/themes/{world['theme'].slug}/")
    assert f'href="/learning/reviews/{world["review"].pk}/"' in page
    assert "Review of Child Z" not in page
    assert "Panel review of neglect" in page
    assert "Check neglect tools." in page
    assert "Police check the neglect tool" in page
    assert "Survey of neglect practice" in page
    assert "Practice partly changed" in page
    assert "Six-month audit of referrals" in page  # by the recommendation of a themed review
    assert "Police team minutes of July" in page


def test_the_theme_page_names_only_reviews_the_reader_may_see(world, sign_in, make_user):
    ReviewFactory(title="Review of Child P", themes=[world["theme"]], published_on=date(2025, 9, 1))
    page = _page(_client(sign_in, make_user, roles.BOARD_MEMBER), f"/learning/themes/{world['theme'].slug}/")
    assert "Review of Child P" in page
    assert "Review of Child Q" not in page
    assert "Panel review of neglect" in page  # the register is everyone's to read


def test_the_theme_index_lists_themes_with_their_counts(world, sign_in, make_user):
    page = _page(_client(sign_in, make_user, roles.CRAG_CHAIR), "/learning/themes/")
    row = page.split(f'href="/learning/themes/{world["theme"].slug}/"')[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[1:4]] == ["1", "1", "0"]


def test_a_review_with_nothing_recorded_shows_empty_states(world, sign_in, make_user):
    bare = ReviewFactory(title="Review of Child E")
    page = _page(_client(sign_in, make_user, roles.CRAG_CHAIR), f"/learning/reviews/{bare.pk}/")
    assert "No recommendations yet." in page
    assert "No learning resources made from this yet." in page
    assert "No assurance planned yet." in page
    assert "No learning events recorded yet." in page


def test_the_review_and_learning_pages_link_here(world, sign_in, make_user):
    chair = _client(sign_in, make_user, roles.CRAG_CHAIR)
    review_page = _page(chair, f"/reviews/{world['review'].pk}/")
    assert f'href="/learning/reviews/{world["review"].pk}/">What we learned and what changed<' in review_page
    assert 'href="/learning/themes/"' in _page(chair, "/learning/")


def _more(world: dict[str, Any], n: int) -> None:
    """More of every record both pages show."""
    for i in range(n):
        agency = AgencyFactory()
        rec = RecommendationFactory(review=world["review"], number=10 + i, agencies=[agency])
        ActionFactory(
            recommendation=rec,
            owner_agency=agency,
            status=ActionStatus.CLOSED,
            completed_on=date(2025, 11, 1),
        )
        resource = LearningResourceFactory(recommendations=[rec])
        ResourceUseFactory(dissemination=DisseminationFactory(resource=resource, agency=agency))
        _audit(recommendations=[rec], agencies=[agency], themes=[world["theme"]])
        LearningEventFactory(reviews=[world["review"]], themes=[world["theme"]])
        CommendationFactory(review=world["review"])
        external = ExternalReviewFactory(themes=[world["theme"]])
        ActionFactory(recommendation=ExternalRecommendationFactory(external_review=external))
        ReviewFactory(themes=[world["theme"]])


@pytest.mark.parametrize("role", [roles.CRAG_CHAIR, roles.AGENCY_ACTION_LEAD])
def test_both_pages_make_as_many_queries_however_many_records(world, sign_in, make_user, role):
    client = _client(sign_in, make_user, role, agency=world["police"])
    urls = [f"/learning/reviews/{world['review'].pk}/", f"/learning/themes/{world['theme'].slug}/"]
    urls.append("/learning/themes/")
    [queries_for(client, url) for url in urls]  # once first: the session's own queries
    before = [queries_for(client, url) for url in urls]
    _more(world, 4)
    assert [queries_for(client, url) for url in urls] == before
