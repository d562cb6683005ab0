"""The repository describes its own formats and statistics in docs/ (issue 12, item 12): the import
format names every key and value the importer reads, the example file imports, the statistics
page names every key the annual report computes, and nothing a user reads points at a design
document they do not have."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from crag.models import AgencyKind
from reviews.annual_report.statistics import statistics
from reviews.choices import (
    ActionStatus,
    DatePrecision,
    ExternalReviewSource,
    Gender,
    IncidentKind,
    LearningEventKind,
    PanelResponse,
    ParallelProcessKind,
    RapidReviewOutcome,
    ReviewKind,
    ReviewStatus,
)
from reviews.importer import reviews as importer_reviews
from reviews.importer import run as importer
from reviews.importer.run import import_records
from reviews.models import (
    Child,
    ChronologyEntry,
    ExternalReview,
    Incident,
    LearningEvent,
    Recommendation,
    Review,
    Theme,
)

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLE = DOCS / "example-records.json"
ENUMERATIONS = (
    AgencyKind,
    DatePrecision,
    Gender,
    IncidentKind,
    PanelResponse,
    RapidReviewOutcome,
    ReviewKind,
    ReviewStatus,
    ParallelProcessKind,
    ActionStatus,
    LearningEventKind,
    ExternalReviewSource,
)


def named(document: str, key: str) -> bool:
    """Whether the document writes the key as code: `key`."""
    return f"`{key}`" in document


def test_the_import_format_names_every_section_key_and_value_the_importer_reads(db):
    document = (DOCS / "import-format.md").read_text(encoding="utf-8")
    sections: dict[str, importer.Section] = {
        **importer.SECTIONS,
        "parallel_processes": importer_reviews.PARALLEL_PROCESS,
        "actions": importer_reviews.ACTION,
    }
    keys = {f.name for section in sections.values() for f in section.fields} | set(sections) | {"format"}
    values = {value for choices in ENUMERATIONS for value in choices.values}
    slugs = set(Theme.objects.values_list("slug", flat=True))

    assert slugs  # seeded by a migration
    assert [k for k in sorted(keys) if not named(document, k)] == []
    assert [v for v in sorted(values | slugs) if not named(document, v)] == []
    assert named(document, importer.FORMAT)


def test_the_example_file_imports_and_a_second_import_changes_nothing(db):
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))

    first = import_records(example)
    second = import_records(example)

    assert set(first.sections) == set(importer.SECTIONS) | {"actions", "external_recommendations"}
    assert all(counts.created > 0 for counts in first.sections.values()), first.sections
    assert (second.created, second.updated) == (0, 0)
    assert Incident.objects.count() == len(example["incidents"])
    assert Review.objects.count() == len(example["reviews"])
    assert Recommendation.objects.filter(review__isnull=False).count() == len(example["recommendations"])
    assert ExternalReview.objects.count() == len(example["external_reviews"])
    assert LearningEvent.objects.count() == len(example["learning_events"])
    assert ChronologyEntry.objects.count() == len(example["chronology"])
    # The keys added after the first release are shown, and read.
    assert Incident.objects.filter(ofsted_notified_on__isnull=False).count() == 1
    assert Review.objects.filter(delay_reason_sent_on__isnull=False).count() == 1


def test_the_example_names_children_by_pseudonym_only(db):
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))

    import_records(example)

    assert {c["pseudonym"] for c in example["children"]} == set(
        Child.objects.values_list("pseudonym", flat=True)
    )
    assert all(re.fullmatch(r"Child [A-Z]", c["pseudonym"]) for c in example["children"])
    assert set(Child.objects.values_list("legal_name", flat=True)) == {""}
    assert all(
        re.fullmatch(r"Child [A-Z]", r["title"])
        for r in example["reviews"]
        if r["kind"] != "partnership_learning"
    )


def fixed_keys(value: Any, path: str = "") -> set[str]:
    """The keys of a statistics result for a year without records: every key the code always gives."""
    if not isinstance(value, dict):
        return set()
    found = set()
    for key, inner in value.items():
        found.add(key)
        found |= fixed_keys(inner, f"{path}.{key}")
    return found


def test_the_statistics_page_names_every_key_the_annual_report_computes(db):
    document = (DOCS / "annual-report-statistics.md").read_text(encoding="utf-8")

    keys = fixed_keys(statistics(2019))

    assert {"incidents", "reviews", "actions"} <= keys
    assert [k for k in sorted(keys) if not named(document, k)] == []


def test_the_clocks_page_names_every_clock_and_only_settings_that_exist():
    document = (DOCS / "clocks.md").read_text(encoding="utf-8")
    clock_keys = (  # the contract's keys (the clocks of the 2026/27 records come with them)
        "panel_notification",
        "partnership_informed",
        "ofsted_notification",
        "secretary_of_state_notification",
        "rapid_review",
        "panel_response",
        "cspr_publication",
        "pre_publication_notice",
        "earliest_removal",
        "action_due",
        "annual_report",
    )
    named_settings = set(re.findall(r"`((?:CRAG|RAPID_REVIEW)_[A-Z_]+)`", document))

    assert [k for k in clock_keys if not named(document, k)] == []
    assert "CRAG_PANEL_NOTIFICATION_WORKING_DAYS" in named_settings
    assert [name for name in sorted(named_settings) if not hasattr(django_settings, name)] == []


def user_facing_files() -> list[Path]:
    """What a user of CRAG reads: the README and its neighbours, the docs, and the pages."""
    top = [ROOT / name for name in ("README.md", "SECURITY.md", ".env.example")]
    return [path for path in top if path.is_file()] + [
        path
        for folder in ("docs", "templates")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.is_file()
    ]


def test_nothing_a_user_reads_points_at_the_design_document_or_the_shared_folder():
    files = user_facing_files()
    pointing = [
        str(path.relative_to(ROOT))
        for path in files
        if path.suffix != ".json"
        and re.search(r"DESIGN\.md|\.\./shared|/work/shared", path.read_text("utf-8"))
    ]

    assert any(path.name == "README.md" for path in files)
    assert pointing == []


@pytest.mark.parametrize(
    "page", ["import-format.md", "annual-report-statistics.md", "clocks.md", "database-roles.md", "faults.md"]
)
def test_the_readme_links_each_page_of_the_docs_and_every_link_resolves(page):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(((?:docs/)[^)#\s]+)", readme)

    assert f"docs/{page}" in links
    assert [link for link in links if not (ROOT / link).is_file()] == []
