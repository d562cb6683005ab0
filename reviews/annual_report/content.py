"""The annual report's own content, edited per year in the browser: starting a report (Appendix B
begins from the current national guidance), Appendix B's links, the glossary (filled from the
partnership's agencies and standard terms), and the content a PDF is made from besides the
narrative and the statistics (`content_of`, part of a render's inputs).

Every write is CRAG's (permissions.can_generate_reports), checked first in its service."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Lower

from crag import permissions
from crag.models import Agency, User
from reviews.editing import versions
from reviews.models import AnnualReport, AnnualReportLink, GlossaryTerm, NationalComparator

Kind = AnnualReportLink.Kind
# How many years before the report's own the trends reach back (the comparators shown beside them).
TREND_YEARS = 5
HTTPS_ONLY = "Enter a web address that starts with https://"

# Appendix B of a new report: the national guidance current in 2026 (DESIGN.md section 2).
DEFAULT_LINKS = (
    (
        "Working Together to Safeguard Children 2023",
        "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
    ),
    (
        "The Child Safeguarding Practice Review Panel: its national reviews, annual reports and guidance",
        "https://www.gov.uk/government/organisations/child-safeguarding-practice-review-panel",
    ),
    (
        "Child Safeguarding Practice Review Panel: guidance for safeguarding partners on Rapid Reviews "
        "and local child safeguarding practice reviews",
        "https://www.gov.uk/government/publications/child-safeguarding-practice-review-panel-guidance-for-"
        "safeguarding-partners",
    ),
)

# The partnership's standard terms, in plain words; the agencies' short names are added to them.
STANDARD_TERMS = (
    ("CDOP", "Child Death Overview Panel: reviews the deaths of all children in the area"),
    (
        "CRAG",
        "Case Review and Governance subgroup: the partnership's group that decides on and oversees reviews",
    ),
    (
        "CSPR",
        "Child Safeguarding Practice Review: a review of a serious incident, to learn how to keep "
        "children safer",
    ),
    (
        "DSL",
        "Designated Safeguarding Lead: the member of staff who leads on safeguarding in a school or college",
    ),
    ("ICB", "Integrated Care Board: the NHS body that plans and pays for health services in the area"),
    (
        "LCSPR",
        "Local Child Safeguarding Practice Review: a Child Safeguarding Practice Review carried out locally",
    ),
    ("LSCP", "Local Safeguarding Children Partnership: the police, the council and health working together"),
    ("MASH", "Multi-Agency Safeguarding Hub: where agencies share information about concerns for a child"),
    (
        "Ofsted",
        "Office for Standards in Education, Children's Services and Skills: inspects children's services",
    ),
    ("RAG", "Red, amber, green: the Business Group's rating of an action's progress"),
    ("Rapid Review", "A quick review, within 15 working days, of what happened and whether to hold a CSPR"),
    ("SCR", "Serious Case Review: the kind of review held before Child Safeguarding Practice Reviews"),
    (
        "The Panel",
        "The Child Safeguarding Practice Review Panel: the national panel that is told of serious incidents "
        "and carries out national reviews",
    ),
)


def default_links() -> list[AnnualReportLink]:
    """Appendix B as a new report starts it (unsaved): the current national guidance."""
    return [
        AnnualReportLink(kind=Kind.GUIDANCE, title=title, url=url, position=n)
        for n, (title, url) in enumerate(DEFAULT_LINKS, start=1)
    ]


@transaction.atomic
def report_start(*, actor: User, year: int) -> tuple[AnnualReport, bool]:
    """Start the report of a year (or find it, if already started); a new one's Appendix B starts
    from the current national guidance. True when it was started now."""
    permissions.require(permissions.can_generate_reports(actor))
    report, created = AnnualReport.objects.get_or_create(year=year)
    if created:
        for link in default_links():
            link.report = report
            link.full_clean()
            link.save()
    return report, created


# --- Appendix B -------------------------------------------------------------------------------


def _check_link(link: AnnualReportLink) -> None:
    link.title = link.title.strip()
    link.url = link.url.strip()
    errors: dict[str, str] = {}
    if not link.title:
        errors["title"] = "Enter the title"
    if not link.url.lower().startswith("https://"):
        errors["url"] = HTTPS_ONLY
    if errors:
        raise ValidationError(errors)
    link.full_clean()


def _next_position(link: AnnualReportLink) -> int:
    taken = AnnualReportLink.objects.filter(report=link.report, kind=link.kind).exclude(pk=link.pk)
    return int(taken.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def link_create(
    *, actor: User, report: AnnualReport, kind: str, title: str, url: str, published_on: date | None = None
) -> AnnualReportLink:
    """Add a link to the report's Appendix B, last of its kind."""
    permissions.require(permissions.can_generate_reports(actor))
    link = AnnualReportLink(report=report, kind=kind, title=title, url=url, published_on=published_on)
    link.position = _next_position(link)
    _check_link(link)
    link.save()
    return link


@transaction.atomic
def link_update(
    *,
    actor: User,
    link: AnnualReportLink,
    kind: str,
    title: str,
    url: str,
    published_on: date | None = None,
    version: int | None = None,
) -> AnnualReportLink:
    """Correct a link; moved to another kind, it goes last there."""
    permissions.require(permissions.can_generate_reports(actor))
    versions.claim(link, version)
    link = AnnualReportLink.objects.select_for_update().get(pk=link.pk)
    if kind != link.kind:
        link.kind = kind
        link.position = _next_position(link)
    link.title, link.url, link.published_on = title, url, published_on
    _check_link(link)
    link.save()
    return link


@transaction.atomic
def link_delete(*, actor: User, link: AnnualReportLink) -> None:
    """Remove a link from Appendix B."""
    permissions.require(permissions.can_generate_reports(actor))
    AnnualReportLink.objects.filter(pk=link.pk).delete()  # each row's delete is audited


@transaction.atomic
def link_move(*, actor: User, link: AnnualReportLink, up: bool) -> bool:
    """Swap a link with its neighbour above (or below) among the links of its kind. False when
    it is already first (or last)."""
    permissions.require(permissions.can_generate_reports(actor))
    rows = list(AnnualReportLink.objects.select_for_update().filter(report_id=link.report_id, kind=link.kind))
    index = next((n for n, row in enumerate(rows) if row.pk == link.pk), None)
    other = None if index is None else index - 1 if up else index + 1
    if index is None or other is None or not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            versions.claim(row, None)  # an edit form open on it sees the move
            row.position = position
            row.save(update_fields=["position", "version"])
    return True


# --- Glossary ---------------------------------------------------------------------------------


def _check_term(entry: GlossaryTerm) -> None:
    entry.term, entry.meaning = entry.term.strip(), entry.meaning.strip()
    errors: dict[str, str] = {}
    if not entry.term:
        errors["term"] = "Enter the term"
    elif (
        GlossaryTerm.objects.filter(report_id=entry.report_id, term__iexact=entry.term)
        .exclude(pk=entry.pk)
        .exists()
    ):
        errors["term"] = f"The glossary already has {entry.term}: change that entry instead"
    if not entry.meaning:
        errors["meaning"] = "Enter what the term means"
    if errors:
        raise ValidationError(errors)
    entry.full_clean()


@transaction.atomic
def term_create(*, actor: User, report: AnnualReport, term: str, meaning: str) -> GlossaryTerm:
    """Add a term to the report's glossary."""
    permissions.require(permissions.can_generate_reports(actor))
    last = report.glossary.aggregate(last=Max("position"))["last"] or 0
    entry = GlossaryTerm(report=report, term=term, meaning=meaning, position=int(last) + 1)
    _check_term(entry)
    entry.save()
    return entry


@transaction.atomic
def term_update(
    *, actor: User, entry: GlossaryTerm, term: str, meaning: str, version: int | None = None
) -> GlossaryTerm:
    """Correct a glossary entry."""
    permissions.require(permissions.can_generate_reports(actor))
    versions.claim(entry, version)
    entry = GlossaryTerm.objects.select_for_update().get(pk=entry.pk)
    entry.term, entry.meaning = term, meaning
    _check_term(entry)
    entry.save()
    return entry


@transaction.atomic
def term_delete(*, actor: User, entry: GlossaryTerm) -> None:
    """Remove a term from the glossary."""
    permissions.require(permissions.can_generate_reports(actor))
    GlossaryTerm.objects.filter(pk=entry.pk).delete()


def build_glossary(report: AnnualReport) -> list[tuple[str, str]]:
    """The glossary the partnership's records suggest for a report: each agency's short name with
    its full name, then the standard terms, one entry per term (an agency's wins), by term."""
    found: dict[str, tuple[str, str]] = {}
    agencies = Agency.objects.exclude(short_name="").order_by("name").values_list("short_name", "name")
    for term, meaning in [*agencies, *STANDARD_TERMS]:
        term = term.strip()
        if term and term.lower() not in found and term.lower() != meaning.strip().lower():
            found[term.lower()] = (term, meaning.strip())
    return sorted(found.values(), key=lambda pair: pair[0].lower())


@transaction.atomic
def glossary_fill(*, actor: User, report: AnnualReport) -> list[GlossaryTerm]:
    """ "Fill the glossary from our agencies and standard terms": add the suggested terms the
    glossary does not have yet (whatever their capitals); entries already written are kept as
    they are. The entries added."""
    permissions.require(permissions.can_generate_reports(actor))
    AnnualReport.objects.select_for_update().get(pk=report.pk)  # two fills at once add once
    have = {term.lower() for term in report.glossary.values_list("term", flat=True)}
    last = int(report.glossary.aggregate(last=Max("position"))["last"] or 0)
    added = []
    for term, meaning in build_glossary(report):
        if term.lower() in have:
            continue
        last += 1
        entry = GlossaryTerm(report=report, term=term, meaning=meaning, position=last)
        entry.full_clean()
        entry.save()
        added.append(entry)
    return added


# --- What a render is made from ----------------------------------------------------------------


def content_of(report: AnnualReport) -> dict[str, Any]:
    """The report's content besides its narrative and the statistics, for a render's checksum:
    Appendix B, the glossary and the Panel's figures for the years its trends show. A report
    not yet saved (the command line's PDF of a year with no report) has no links or glossary."""
    if report.pk is None:
        return {"links": [], "glossary": [], "comparators": _comparators(report.year)}
    links = report.links.order_by("kind", "position", "id").values_list(
        "kind", "title", "url", "published_on"
    )
    glossary = report.glossary.order_by(Lower("term"), "id").values_list("term", "meaning")
    return {
        "links": [list(row) for row in links],
        "glossary": [list(row) for row in glossary],
        "comparators": _comparators(report.year),
    }


def _comparators(year: int) -> list[list[Any]]:
    found = NationalComparator.objects.filter(year__gte=year - TREND_YEARS, year__lte=year)
    return [[c.year, c.key, str(c.value), c.source] for c in found.order_by("year", "key")]
