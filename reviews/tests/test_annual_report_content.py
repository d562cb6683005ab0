"""The annual report's own content (reviews.annual_report.content): starting a report with the
current national guidance, Appendix B's links and the glossary, each refused to a non-editor,
each refusal writing nothing, and the content a render's checksum covers."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crag import roles
from crag.tests.factories import AgencyFactory
from reviews.annual_report import content
from reviews.editing.versions import EditConflict
from reviews.models import AnnualReport, AnnualReportLink, GlossaryTerm, NationalComparator

pytestmark = pytest.mark.django_db
GUIDANCE = "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2"


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


@pytest.fixture
def board(make_user):
    return make_user(roles.BOARD_MEMBER)


@pytest.fixture
def report(chair):
    return content.report_start(actor=chair, year=2025)[0]


def test_a_started_report_has_the_current_national_guidance_in_appendix_b(chair):
    report, started = content.report_start(actor=chair, year=2025)
    assert started
    links = list(report.links.all())
    assert [link.url for link in links] == [
        GUIDANCE,
        "https://www.gov.uk/government/organisations/child-safeguarding-practice-review-panel",
        "https://www.gov.uk/government/publications/child-safeguarding-practice-review-panel-guidance-for-"
        "safeguarding-partners",
    ]
    assert {link.kind for link in links} == {AnnualReportLink.Kind.GUIDANCE}
    assert links[0].title == "Working Together to Safeguard Children 2023"


def test_starting_a_started_report_again_adds_nothing(chair, report):
    again, started = content.report_start(actor=chair, year=2025)
    assert (again, started) == (report, False)
    assert report.links.count() == 3


def test_a_board_member_may_not_start_a_report(board):
    with pytest.raises(PermissionDenied):
        content.report_start(actor=board, year=2025)
    assert not AnnualReport.objects.exists()


def test_links_are_added_last_of_their_kind(chair, report):
    first = content.link_create(
        actor=chair,
        report=report,
        kind="national_review",
        title="Panel annual report",
        url="https://a.example/",
    )
    second = content.link_create(
        actor=chair, report=report, kind="national_review", title="Panel review", url="https://b.example/"
    )
    guidance = content.link_create(
        actor=chair, report=report, kind="guidance", title="More guidance", url="https://c.example/"
    )
    assert (first.position, second.position, guidance.position) == (1, 2, 4)
    assert list(report.links.filter(kind="national_review")) == [first, second]


@pytest.mark.parametrize(
    ("title", "url", "field"),
    [
        ("Panel review", "http://insecure.example/", "url"),
        ("Panel review", "ftp://files.example/", "url"),
        ("Panel review", "https://", "url"),
        ("   ", "https://a.example/", "title"),
    ],
)
def test_a_link_needs_a_title_and_an_https_address(chair, report, title, url, field):
    with pytest.raises(ValidationError) as refused:
        content.link_create(actor=chair, report=report, kind="guidance", title=title, url=url)
    assert field in refused.value.message_dict
    assert report.links.count() == 3


def test_a_link_is_corrected_and_moved_to_the_end_of_its_new_kind(chair, report):
    link = report.links.first()
    done = content.link_update(
        actor=chair,
        link=link,
        kind="national_review",
        title="Working Together 2023",
        url=GUIDANCE,
        version=link.version,
    )
    done.refresh_from_db()
    assert (done.kind, done.title, done.position, done.version) == (
        "national_review",
        "Working Together 2023",
        1,
        2,
    )


def test_a_link_saved_from_a_stale_form_changes_nothing(chair, report):
    link = report.links.first()
    content.link_update(actor=chair, link=link, kind="guidance", title="First", url=GUIDANCE, version=1)
    with pytest.raises(EditConflict):
        content.link_update(actor=chair, link=link, kind="guidance", title="Second", url=GUIDANCE, version=1)
    link.refresh_from_db()
    assert (link.title, link.version) == ("First", 2)


def test_an_invalid_correction_leaves_the_link_as_it_was(chair, report):
    link = report.links.first()
    with pytest.raises(ValidationError):
        content.link_update(
            actor=chair, link=link, kind="guidance", title="X", url="http://a.example/", version=1
        )
    link.refresh_from_db()
    assert (link.url, link.version) == (GUIDANCE, 1)


def test_links_move_up_and_down_within_their_kind(chair, report):
    first, second, third = report.links.all()
    assert content.link_move(actor=chair, link=third, up=True)
    assert list(report.links.all()) == [first, third, second]
    assert not content.link_move(actor=chair, link=first, up=True)
    assert content.link_move(actor=chair, link=first, up=False)
    assert list(report.links.all()) == [third, first, second]
    assert not content.link_move(actor=chair, link=second, up=False)


def test_a_link_is_deleted(chair, report):
    link = report.links.first()
    content.link_delete(actor=chair, link=link)
    assert not AnnualReportLink.objects.filter(pk=link.pk).exists()


@pytest.mark.parametrize(
    "call",
    [
        lambda actor, report, link, term: content.link_create(
            actor=actor, report=report, kind="guidance", title="T", url="https://a.example/"
        ),
        lambda actor, report, link, term: content.link_update(
            actor=actor, link=link, kind="guidance", title="T", url="https://a.example/", version=1
        ),
        lambda actor, report, link, term: content.link_delete(actor=actor, link=link),
        lambda actor, report, link, term: content.link_move(actor=actor, link=link, up=False),
        lambda actor, report, link, term: content.term_create(
            actor=actor, report=report, term="X", meaning="Y"
        ),
        lambda actor, report, link, term: content.term_update(
            actor=actor, entry=term, term="X", meaning="Y", version=1
        ),
        lambda actor, report, link, term: content.term_delete(actor=actor, entry=term),
        lambda actor, report, link, term: content.glossary_fill(actor=actor, report=report),
    ],
)
def test_only_crag_changes_a_reports_content(chair, board, report, call):
    term = content.term_create(actor=chair, report=report, term="CRAG", meaning="Our subgroup")
    before = (
        list(AnnualReportLink.objects.values_list("id", "title", "version", "position")),
        list(GlossaryTerm.objects.values_list("id", "term", "version")),
    )
    with pytest.raises(PermissionDenied):
        call(board, report, report.links.first(), term)
    after = (
        list(AnnualReportLink.objects.values_list("id", "title", "version", "position")),
        list(GlossaryTerm.objects.values_list("id", "term", "version")),
    )
    assert after == before


def test_a_term_is_in_the_glossary_once_whatever_its_capitals(chair, report):
    content.term_create(actor=chair, report=report, term="MASH", meaning="Multi-Agency Safeguarding Hub")
    with pytest.raises(ValidationError) as refused:
        content.term_create(actor=chair, report=report, term=" mash ", meaning="Something else")
    assert "term" in refused.value.message_dict
    assert list(report.glossary.values_list("term", flat=True)) == ["MASH"]


def test_a_term_needs_its_meaning(chair, report):
    with pytest.raises(ValidationError) as refused:
        content.term_create(actor=chair, report=report, term="DSL", meaning="  ")
    assert set(refused.value.message_dict) == {"meaning"}
    assert not report.glossary.exists()


def test_a_term_is_corrected_unless_the_form_is_stale(chair, report):
    entry = content.term_create(actor=chair, report=report, term="ICB", meaning="Integrated Care Board")
    content.term_update(actor=chair, entry=entry, term="ICB", meaning="The NHS board", version=1)
    with pytest.raises(EditConflict):
        content.term_update(actor=chair, entry=entry, term="ICB", meaning="Overwritten", version=1)
    entry.refresh_from_db()
    assert (entry.meaning, entry.version) == ("The NHS board", 2)


def test_a_term_renamed_onto_another_is_refused(chair, report):
    content.term_create(actor=chair, report=report, term="SCR", meaning="Serious Case Review")
    entry = content.term_create(actor=chair, report=report, term="CSPR", meaning="Practice review")
    with pytest.raises(ValidationError):
        content.term_update(actor=chair, entry=entry, term="scr", meaning="Practice review", version=1)
    entry.refresh_from_db()
    assert (entry.term, entry.version) == ("CSPR", 1)


def test_a_term_is_deleted(chair, report):
    entry = content.term_create(
        actor=chair, report=report, term="DSL", meaning="Designated Safeguarding Lead"
    )
    content.term_delete(actor=chair, entry=entry)
    assert not report.glossary.exists()


def test_the_suggested_glossary_has_the_agencies_and_the_standard_terms(report):
    AgencyFactory(name="Wessex University Hospitals NHS Foundation Trust", short_name="WUH NHS FT")
    AgencyFactory(name="Nameless trust", short_name="")
    suggested = dict(content.build_glossary(report))
    assert suggested["WUH NHS FT"] == "Wessex University Hospitals NHS Foundation Trust"
    assert {"CSPR", "LCSPR", "SCR", "Rapid Review", "CRAG", "The Panel", "DSL", "ICB", "MASH"} <= set(
        suggested
    )
    assert "Nameless trust" not in suggested.values()
    terms = [term for term, _ in content.build_glossary(report)]
    assert terms == sorted(terms, key=str.lower)


def test_an_agency_short_name_wins_over_a_standard_term(report):
    AgencyFactory(name="Mid Area Safeguarding Hub", short_name="MASH")
    assert dict(content.build_glossary(report))["MASH"] == "Mid Area Safeguarding Hub"


def test_filling_the_glossary_adds_only_missing_terms(chair, report):
    AgencyFactory(name="Wessex University Hospitals NHS Foundation Trust", short_name="WUH NHS FT")
    mine = content.term_create(actor=chair, report=report, term="crag", meaning="Our own words")
    added = content.glossary_fill(actor=chair, report=report)
    assert "WUH NHS FT" in {entry.term for entry in added}
    assert "CRAG" not in {entry.term for entry in added}
    mine.refresh_from_db()
    assert mine.meaning == "Our own words"
    assert report.glossary.count() == len(content.build_glossary(report))
    assert content.glossary_fill(actor=chair, report=report) == []


def test_the_content_of_a_render_covers_links_glossary_and_the_years_comparators(chair, report):
    before = content.content_of(report)
    NationalComparator.objects.create(year=2026, key="incidents", value=Decimal(500), source="Later year")
    NationalComparator.objects.create(year=2019, key="incidents", value=Decimal(500), source="Too early")
    assert content.content_of(report) == before
    NationalComparator.objects.create(year=2024, key="incidents", value=Decimal(480), source="Panel 2024/25")
    with_comparator = content.content_of(report)
    assert with_comparator["comparators"] == [[2024, "incidents", "480.00", "Panel 2024/25"]]
    content.term_create(actor=chair, report=report, term="CDOP", meaning="Child Death Overview Panel")
    assert content.content_of(report)["glossary"] == [["CDOP", "Child Death Overview Panel"]]


def test_the_demo_report_has_its_content_once_however_often_it_is_seeded(chair):
    from datetime import date

    from demo import reviews as demo_reviews

    AgencyFactory(name="Wessex University Hospitals NHS Foundation Trust", short_name="WUH NHS FT")
    demo_reviews._annual_report(date(2026, 12, 2), chair)
    report = AnnualReport.objects.get(year=2025)
    counts = (report.links.count(), report.glossary.count())
    demo_reviews._annual_report(date(2026, 12, 2), chair)
    assert (report.links.count(), report.glossary.count()) == counts
    assert counts[0] == 5
    assert report.glossary.filter(term="WUH NHS FT").exists()
    report.refresh_from_db()
    assert report.reviews_narrative.startswith("Fictional:")
