"""The agencies section of the "crag-records/1" import (DESIGN.md section 4, contract):
`{"ref", "name", "kind"}`. An agency has no ref in CRAG: it is matched by its name, and a later
section may name an agency already in the database by its name."""

from typing import Any

from crag.models import Agency, AgencyKind
from reviews.importer.section import Field, Run, Section, choice_of, consistent, parse_ref, parse_text, upsert


def _save_agency(run: Run, label: str, v: dict[str, Any]) -> Agency | None:
    same_name = [ref for ref, agency in run.found["agencies"].items() if agency.name == v["name"]]
    clash = f"is also the name of agencies[ref={same_name[0]}]" if same_name else ""
    if not consistent(run, label, [(bool(same_name), "name", clash)]):
        return None
    existing = Agency.objects.filter(name=v["name"]).first()
    return upsert(run, label, "agencies", existing, lambda: Agency(name=v["name"]), {"kind": v["kind"]})


AGENCIES = Section(
    (Field("ref", parse_ref), Field("name", parse_text), Field("kind", choice_of(AgencyKind))),
    _save_agency,
)
