"""The section `impact` of the annual report's statistics and the learning section's "Impact: what
changed" part (issue 20), as docs/annual-report-statistics.md defines them. Records for 2019/20
(1 April 2019 to 31 March 2020) on and just outside both ends of the year; every expected value
worked out from the definitions."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from crag.tests.factories import AgencyFactory
from reviews.annual_report import document
from reviews.annual_report.statistics import statistics
from reviews.choices import AssuranceKind, PracticeChange, ResourceUseKind
from reviews.models import AnnualReport
from reviews.tests.factories import LearningResourceFactory
from reviews.tests.factories_impact import (
    AssuranceActivityFactory,
    DisseminationFactory,
    ExternalReviewFactory,
    ResourceUseFactory,
)

pytestmark = pytest.mark.django_db

Y = 2019
FIRST, LAST = date(2019, 4, 1), date(2020, 3, 31)
BEFORE, AFTER = date(2019, 3, 31), date(2020, 4, 1)


def _done(title: str, on: date, found: str, kind: str = AssuranceKind.MULTI_AGENCY_AUDIT) -> None:
    AssuranceActivityFactory(
        title=title, kind=kind, completed_on=on, findings="What the audit found.", practice_changed=found
    )


@pytest.fixture
def year() -> None:
    """Two resources sent in the year to three agencies, one sent before and one after; uses,
    assurance and external reviews on the year's first and last days and just outside it."""
    police = AgencyFactory(name="Police", short_name="Police")
    health = AgencyFactory(name="Health trust", short_name="")
    school = AgencyFactory(name="Schools")
    guide = LearningResourceFactory(title="7-minute guide")
    poster = LearningResourceFactory(title="Poster")
    early, late = LearningResourceFactory(title="Early"), LearningResourceFactory(title="Late")
    to_police = DisseminationFactory(resource=guide, agency=police, sent_on=FIRST)
    to_health = DisseminationFactory(resource=guide, agency=health, sent_on=LAST)
    DisseminationFactory(resource=poster, agency=police, sent_on=date(2019, 9, 1))
    before = DisseminationFactory(resource=early, agency=school, sent_on=BEFORE)
    DisseminationFactory(resource=late, agency=school, sent_on=AFTER)
    ResourceUseFactory(dissemination=to_police, how=ResourceUseKind.TEAM_MEETING, used_from=FIRST, reach=20)
    ResourceUseFactory(dissemination=to_police, how=ResourceUseKind.TRAINING, used_from=LAST, reach=None)
    ResourceUseFactory(dissemination=to_health, how=ResourceUseKind.TRAINING, used_from=LAST, reach=7)
    ResourceUseFactory(dissemination=before, used_from=BEFORE, reach=100)  # the year before
    ResourceUseFactory(dissemination=before, used_from=AFTER, reach=100)  # the year after
    _done("Audit of referrals", FIRST, PracticeChange.CHANGED)
    _done("Survey of supervision", LAST, PracticeChange.PARTLY, AssuranceKind.SURVEY)
    _done("Audit before", BEFORE, PracticeChange.NOT_CHANGED)
    _done("Audit after", AFTER, PracticeChange.NOT_CHANGED)
    AssuranceActivityFactory(title="Planned audit", planned_on=date(2019, 10, 1))  # not completed
    ExternalReviewFactory(published_on=FIRST, response_agreed_on=LAST)
    ExternalReviewFactory(published_on=LAST, response_agreed_on=AFTER)  # agreed after the year
    ExternalReviewFactory(published_on=LAST)  # no response yet
    ExternalReviewFactory(published_on=BEFORE, response_agreed_on=FIRST)  # received the year before


EXPECTED = {
    "sent": 3,
    "resources_sent": 2,
    "agencies_reached": 2,
    "uses": 3,
    "agencies_using": 2,
    "practitioners_reached": 27,
    "uses_by_kind": {"team_meeting": 1, "training": 2},
    "resource_uses": [
        {
            "resource": "7-minute guide",
            "agency": "Police",
            "how": "team_meeting",
            "used_from": "2019-04-01",
            "reach": 20,
        },
        {
            "resource": "7-minute guide",
            "agency": "Police",
            "how": "training",
            "used_from": "2020-03-31",
            "reach": None,
        },
        {
            "resource": "7-minute guide",
            "agency": "Health trust",
            "how": "training",
            "used_from": "2020-03-31",
            "reach": 7,
        },
    ],
    "assurance_completed": 2,
    "practice_changed": {"changed": 1, "partly": 1},
    "assurance_findings": [
        {
            "title": "Audit of referrals",
            "kind": "multi_agency_audit",
            "completed_on": "2019-04-01",
            "practice_changed": "changed",
        },
        {
            "title": "Survey of supervision",
            "kind": "survey",
            "completed_on": "2020-03-31",
            "practice_changed": "partly",
        },
    ],
    "external_reviews": 3,
    "external_responses_agreed": 1,
}


def test_the_impact_statistics_count_exactly_as_documented_on_the_years_boundaries(year):
    assert statistics(Y)["impact"] == EXPECTED


def test_the_neighbouring_years_count_what_fell_outside(year):
    before, after = statistics(Y - 1)["impact"], statistics(Y + 1)["impact"]
    assert (before["sent"], before["uses"], before["practitioners_reached"]) == (1, 1, 100)
    assert (before["assurance_completed"], before["practice_changed"]) == (1, {"not_changed": 1})
    # Its response was agreed on 1 April 2019: after the year it was received in.
    assert (before["external_reviews"], before["external_responses_agreed"]) == (1, 0)
    assert (after["sent"], after["uses"], after["assurance_completed"]) == (1, 1, 1)


def test_an_empty_year_gives_zeros_and_empty_lists():
    impact = statistics(Y)["impact"]
    assert impact["practitioners_reached"] == 0
    assert impact["resource_uses"] == []
    assert impact["practice_changed"] == {}
    assert sum(v for v in impact.values() if isinstance(v, int)) == 0


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_learning_section_shows_what_changed_with_its_tables(year):
    report = AnnualReport.objects.create(year=Y)
    stats = statistics(Y)
    text = _text(document.render_html(report, stats))
    assert "Impact: what changed" in text
    assert (
        "In 2019/20 the partnership sent two learning resources to agencies (three times in all), "
        "reaching two agencies."
    ) in text
    assert (
        "Two agencies recorded how they used learning resources: one discussion in a team meeting "
        "and two uses in training, reaching 27 practitioners."
    ) in text
    assert (
        "Two assurance activities were completed: one found that practice had changed, one that it "
        "had partly changed and none that it had not."
    ) in text
    assert (
        "Three reviews from outside the partnership were published in the year, and one local response"
        in text
    )
    tables = document.csv_tables(report, stats)
    assert tables["impact_assurance"] == [
        ["Assurance activity", "Kind", "Completed on", "Did practice change?"],
        ["Audit of referrals", "Multi-agency audit", "1 April 2019", "Practice changed"],
        ["Survey of supervision", "Practitioner survey", "31 March 2020", "Practice partly changed"],
    ]
    assert tables["impact_resource_uses"][1] == [
        "7-minute guide",
        "Police",
        "Discussed in team meetings",
        "1 April 2019",
        20,
    ]
    assert ["Practitioners reached", 27] in tables["impact"]
    assert ["of which: practice partly changed", 1] in tables["impact"]
    assert ["of which: local response agreed", 1] in tables["impact"]


def test_statistics_taken_before_the_impact_section_show_no_impact_part(year):
    report = AnnualReport.objects.create(year=Y)
    stats = statistics(Y)
    del stats["impact"]
    assert "Impact: what changed" not in document.render_html(report, stats)
    assert "impact" not in document.csv_tables(report, stats)


def test_the_pdf_has_the_impact_part(year):
    report = AnnualReport.objects.create(year=Y)
    reader = PdfReader(io.BytesIO(document.render_pdf(report, statistics(Y))))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Impact: what changed" in text
    assert "Survey of supervision" in text
