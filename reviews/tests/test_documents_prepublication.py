"""The pre-publication check of a review's final report: it finds a child's date of birth and
legal name, names only the pseudonym, and reads only the most recent final report."""

import pytest

from crag.tests.matrix_documents import pdf_with_text
from reviews.casework import documents
from reviews.tests.document_files import chair, document, final_report, review, upload

__all__ = ["chair", "document", "review"]  # fixtures


@pytest.mark.parametrize(
    "written",
    [
        "3 March 2015",
        "3rd March 2015",
        "03/03/2015",
        "3/3/2015",
        "3.3.2015",
        "2015-03-03",
        "3 Mar 2015",
        "March 3, 2015",
        "03-Mar-2015",
        "the 3rd of MARCH, 2015",
    ],
)
def test_the_check_finds_the_date_of_birth_in_each_format_and_names_only_the_pseudonym(
    chair, review, written
):
    final_report(chair, review, f"The child was born on {written}.\nOther text.")

    warnings = documents.prepublication_check(review)

    assert warnings == ["The final report contains Child M's date of birth."]


@pytest.mark.parametrize(
    "written",
    ["Jane Amelia Smith", "JANE  AMELIA\nSMITH", "jane smith", "Smith, Jane", "Jane\u00a0Smith"],
)
def test_the_check_finds_the_legal_name_whatever_the_case_and_spacing(chair, review, written):
    final_report(chair, review, f"Agencies knew {written} well.")

    warnings = documents.prepublication_check(review)

    assert warnings == ["The final report names Child M by their legal name."]
    assert not any("Jane" in w or "Smith" in w or "2015" in w for w in warnings)


def test_the_check_finds_both_in_a_real_pdf(chair, review):
    upload(chair, review, "final.pdf", pdf_with_text("Jane Smith, born 03/03/2015"), kind="final_report")

    assert documents.prepublication_check(review) == [
        "The final report names Child M by their legal name.",
        "The final report contains Child M's date of birth.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Child M was known to agencies. A review was decided on 3 March 2016.",
        "Janet Smithson lived nearby; 13/03/2015 and 3/3/2025 and 2015-03-30 are other dates.",
    ],
)
def test_the_check_is_quiet_when_the_report_is_pseudonymised(chair, review, text):
    final_report(chair, review, text)
    assert documents.prepublication_check(review) == []


def test_the_check_reads_only_the_most_recent_final_report_and_says_when_there_is_none(chair, review):
    assert documents.prepublication_check(review) == [
        "There is no final report to check: upload the final report before publication."
    ]
    final_report(chair, review, "Jane Smith")
    final_report(chair, review, "Child M")
    upload(chair, review, "draft.txt", b"Jane Smith", kind="draft")

    assert documents.prepublication_check(review) == []
