"""The pages of Appendix B and the glossary: what each role sees, clear errors with nothing saved,
deletion only after confirmation, the glossary filled from the agencies, CSV downloads, and lists
whose queries stay flat as rows grow."""

import pytest
from django.test import Client

from conftest import queries_for
from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.annual_report import content
from reviews.models import AnnualReport, AnnualReportLink, GlossaryTerm

pytestmark = pytest.mark.django_db
LINKS = "/annual-reports/2025/links/"
GLOSSARY = "/annual-reports/2025/glossary/"


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


@pytest.fixture
def report(chair):
    return content.report_start(actor=chair, year=2025)[0]


@pytest.fixture
def client(chair, sign_in):
    return sign_in(Client(), chair)


@pytest.fixture
def board(make_user, sign_in):
    return sign_in(Client(), make_user(roles.BOARD_MEMBER))


def test_starting_a_report_in_the_browser_fills_appendix_b(client):
    response = client.post("/annual-reports/", {"year": "2025"})
    assert response.status_code == 302
    assert AnnualReport.objects.get(year=2025).links.count() == 3


def test_the_detail_page_links_to_appendix_b_and_the_glossary(client, report):
    page = client.get("/annual-reports/2025/").content.decode()
    assert LINKS in page
    assert GLOSSARY in page
    assert "(3 links)" in page
    assert "(0 terms)" in page


def test_the_links_page_lists_appendix_b_with_its_controls(client, report):
    page = client.get(LINKS).content.decode()
    assert "Working Together to Safeguard Children 2023" in page
    assert "National review or report of the year" in page
    assert "None yet." in page
    assert "Add a link" in page
    assert "/move/" in page


def test_a_board_member_reads_appendix_b_and_the_glossary_without_controls(board, report, chair):
    content.term_create(actor=chair, report=report, term="CRAG", meaning="Our subgroup")
    links, glossary = board.get(LINKS), board.get(GLOSSARY)
    assert links.status_code == glossary.status_code == 200
    assert "Add a link" not in links.content.decode()
    assert "/edit/" not in links.content.decode()
    assert "Fill the glossary" not in glossary.content.decode()
    assert board.post(f"{GLOSSARY}fill/").status_code == 403
    assert not report.glossary.exclude(term="CRAG").exists()


def test_a_link_is_added(client, report):
    response = client.post(
        f"{LINKS}add/",
        {
            "kind": "national_review",
            "title": "Fictional national review",
            "url": "https://example.org/review",
            "published_on_0": "3",
            "published_on_1": "6",
            "published_on_2": "2025",
        },
    )
    assert response.status_code == 302
    link = report.links.get(kind="national_review")
    assert (link.title, str(link.published_on)) == ("Fictional national review", "2025-06-03")


def test_an_http_link_is_refused_with_a_clear_error_and_nothing_saved(client, report):
    response = client.post(
        f"{LINKS}add/", {"kind": "guidance", "title": "Insecure", "url": "http://example.org/"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a web address that starts with https://" in page
    assert report.links.count() == 3


def test_an_empty_link_form_says_what_is_missing(client, report):
    page = client.post(f"{LINKS}add/", {}).content.decode()
    for message in ("Select what the link is", "Enter the title", "Enter the web address"):
        assert message in page
    assert report.links.count() == 3


def test_a_link_is_corrected_and_a_stale_form_shows_the_conflict(client, report):
    link = report.links.first()
    data = {"kind": "guidance", "title": "Working Together", "url": link.url, "version": "1"}
    assert client.post(f"{LINKS}{link.pk}/edit/", data).status_code == 302
    stale = client.post(f"{LINKS}{link.pk}/edit/", data | {"title": "Lost"})
    assert stale.status_code == 409
    link.refresh_from_db()
    assert link.title == "Working Together"


def test_a_link_of_another_year_is_not_found(client, report, chair):
    other = content.report_start(actor=chair, year=2024)[0].links.get(position=1)
    assert client.get(f"{LINKS}{other.pk}/edit/").status_code == 404


def test_a_link_is_deleted_only_after_confirmation(client, report):
    link = report.links.first()
    confirm = client.get(f"{LINKS}{link.pk}/delete/")
    assert confirm.status_code == 200
    assert "Are you sure you want to delete this?" in confirm.content.decode()
    assert AnnualReportLink.objects.filter(pk=link.pk).exists()
    assert client.post(f"{LINKS}{link.pk}/delete/").status_code == 302
    assert not AnnualReportLink.objects.filter(pk=link.pk).exists()


def test_a_link_moves_down(client, report):
    first, second, _ = report.links.all()
    assert client.post(f"{LINKS}{first.pk}/move/", {"direction": "down"}).status_code == 302
    assert list(report.links.all())[:2] == [second, first]


def test_appendix_b_and_the_glossary_download_as_csv(client, report, chair):
    content.term_create(actor=chair, report=report, term="CSPR", meaning="Child Safeguarding Practice Review")
    links = b"".join(client.get("/annual-reports/2025/appendix-b.csv").streaming_content).decode("utf-8-sig")
    assert links.splitlines()[0] == "kind,title,web address,published on"
    assert "Working Together to Safeguard Children 2023" in links
    glossary = b"".join(client.get("/annual-reports/2025/glossary.csv").streaming_content).decode("utf-8-sig")
    assert glossary.splitlines() == ["term,meaning", "CSPR,Child Safeguarding Practice Review"]


def test_a_term_is_added_and_a_duplicate_refused_with_a_clear_error(client, report):
    assert (
        client.post(f"{GLOSSARY}add/", {"term": "DSL", "meaning": "Designated Safeguarding Lead"}).status_code
        == 302
    )
    again = client.post(f"{GLOSSARY}add/", {"term": "dsl", "meaning": "Again"})
    assert again.status_code == 200
    assert "The glossary already has dsl" in again.content.decode()
    assert list(report.glossary.values_list("meaning", flat=True)) == ["Designated Safeguarding Lead"]


def test_a_term_is_corrected_and_deleted_after_confirmation(client, report, chair):
    entry = content.term_create(actor=chair, report=report, term="ICB", meaning="Care board")
    data = {"term": "ICB", "meaning": "Integrated Care Board", "version": "1"}
    assert client.post(f"{GLOSSARY}{entry.pk}/edit/", data).status_code == 302
    assert client.post(f"{GLOSSARY}{entry.pk}/edit/", data | {"meaning": "Lost"}).status_code == 409
    assert client.get(f"{GLOSSARY}{entry.pk}/delete/").status_code == 200
    assert GlossaryTerm.objects.get(pk=entry.pk).meaning == "Integrated Care Board"
    assert client.post(f"{GLOSSARY}{entry.pk}/delete/").status_code == 302
    assert not report.glossary.exists()


def test_the_glossary_is_filled_from_the_agencies_and_standard_terms(client, report):
    AgencyFactory(name="Wessex University Hospitals NHS Foundation Trust", short_name="WUH NHS FT")
    page = client.get(GLOSSARY).content.decode()
    assert "WUH NHS FT" in page
    assert "Fill the glossary from our agencies and standard terms" in page
    response = client.post(f"{GLOSSARY}fill/", follow=True)
    assert "terms added" in response.content.decode()
    assert (
        report.glossary.get(term="WUH NHS FT").meaning == "Wessex University Hospitals NHS Foundation Trust"
    )
    assert "Fill the glossary" not in client.get(GLOSSARY).content.decode()


def test_the_narrative_form_has_the_reviews_section(client, report):
    page = client.get("/annual-reports/2025/edit/").content.decode()
    assert 'name="reviews_narrative"' in page
    assert "Reviews: patterns and trends" in page


def test_the_lists_make_as_many_queries_for_many_rows_as_for_few(
    client, report, chair, django_assert_max_num_queries
):
    few_links, few_terms = queries_for(client, LINKS), queries_for(client, GLOSSARY)
    for n in range(20):
        content.link_create(
            actor=chair, report=report, kind="national_review", title=f"R{n}", url="https://a.example/"
        )
        content.term_create(actor=chair, report=report, term=f"T{n}", meaning="M")
    with django_assert_max_num_queries(few_links):
        assert client.get(LINKS).status_code == 200
    with django_assert_max_num_queries(few_terms):
        assert client.get(GLOSSARY).status_code == 200
