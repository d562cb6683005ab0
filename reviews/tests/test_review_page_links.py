"""Every link on a review's page leads somewhere its reader may go (issue 12, item 8): the page
offers only what the permission predicates allow that reader, so an Independent reviewer or a
Board member meets no link that answers 403 or 404."""

import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.actions import services as action_plans
from reviews.casework import documents
from reviews.casework import record as review_record
from reviews.choices import IncidentKind, IncidentLocation
from reviews.incidents import rapid_reviews, services
from reviews.models import Child, ParallelProcess, Review, Theme
from reviews.tests.document_files import docx_bytes

READERS = (
    roles.PARTNERSHIP_ADMIN,
    roles.CRAG_CHAIR,
    roles.CRAG_MEMBER,
    roles.BUSINESS_GROUP,
    roles.INDEPENDENT_REVIEWER,
    roles.BOARD_MEMBER,
)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_on(page_url: str, html: str) -> list[str]:
    """The page's own links (not anchors on the page, not other sites), as paths."""
    parser = Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url = urlsplit(urljoin(f"http://testserver{page_url}", href))
        if href.startswith("#") or url.netloc != "testserver":
            continue
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return sorted(set(found))


@pytest.fixture
def world(make_user, themes):
    chair = make_user(roles.CRAG_CHAIR)
    reviewer = make_user(roles.INDEPENDENT_REVIEWER)
    police, health = AgencyFactory(name="Wessex Police"), AgencyFactory(name="Wessex Health")
    child = Child.objects.create(pseudonym="Child M", legal_name="Jane Smith")
    incident = services.incident_create(
        actor=chair,
        kind=IncidentKind.DEATH,
        incident_date=date(2025, 1, 6),
        aware_date=date(2025, 1, 6),
        location=IncidentLocation.IN_AREA,
        abuse_or_neglect_suspected=True,
        children=[child],
    )
    rapid_review = rapid_reviews.rapid_review_open(actor=chair, incident=incident)
    review = Review.objects.create(
        kind="cspr",
        title="Child M",
        decision_on=date(2025, 2, 3),
        rapid_review=rapid_review,
        reviewer=reviewer,
        status="published",
        signed_off_on=date(2025, 6, 2),
        signed_off_by=chair,
        published_on=date(2025, 7, 1),
        publication_url="https://www.example.org/child-m.pdf",
    )
    review.children.set([child])
    review.themes.set([Theme.objects.get(slug="neglect")])
    ParallelProcess.objects.create(review=review, kind="inquest", started_on=date(2025, 3, 3))
    review_record.life_letter_record(actor=chair, review=review, child=child, stage="drafting")
    documents.document_upload(
        actor=chair,
        review=review,
        kind="terms_of_reference",
        upload=SimpleUploadedFile("terms.docx", docx_bytes([["Terms of reference"]])),
    )
    recommendation = action_plans.recommendation_create(
        actor=chair, review=review, text="Share information", agencies=[police, health]
    )
    for agency in (police, health):
        action_plans.action_create(
            actor=chair,
            recommendation=recommendation,
            description=f"Train {agency.name}",
            owner_agency=agency,
            due_on=date(2026, 3, 31),
        )
    people = {role: make_user(role) for role in READERS}
    people[roles.CRAG_CHAIR], people[roles.INDEPENDENT_REVIEWER] = chair, reviewer
    people[roles.AGENCY_ACTION_LEAD] = make_user(roles.AGENCY_ACTION_LEAD, agency=police)
    return {"review": review, "people": people}


@pytest.mark.parametrize("role", READERS)
def test_every_link_on_a_review_page_answers_200_for_its_reader(world, sign_in, role):
    client = sign_in(Client(), world["people"][role])
    page_url = f"/reviews/{world['review'].pk}/"
    page = client.get(page_url)
    assert page.status_code == 200

    links = links_on(page_url, page.content.decode())
    dead = {link: status for link in links if (status := client.get(link).status_code) != 200}

    assert len(links) >= 5  # the navigation, the list of reviews, and the page's own
    assert dead == {}


def test_the_reader_may_open_the_actions_the_page_links(world, sign_in):
    page_url = f"/reviews/{world['review'].pk}/"

    def action_links(role):
        page = sign_in(Client(), world["people"][role]).get(page_url).content.decode()
        return [link for link in links_on(page_url, page) if re.fullmatch(r"/actions/(\d+/|\?.+)", link)]

    assert len(action_links(roles.BUSINESS_GROUP)) == 3  # both actions, and the action plan
    assert action_links(roles.INDEPENDENT_REVIEWER) == []
    assert action_links(roles.BOARD_MEMBER) == []
    page = sign_in(Client(), world["people"][roles.BOARD_MEMBER]).get(page_url).content.decode()
    assert "Train Wessex Police" in page  # the action is still listed, without a link
