"""The incidents section of the "crag-records/1" import (DESIGN.md section 4, contract): each names
its children (from this file or the database) and its themes. An imported incident gets CRAG's
reference from its ref."""

from typing import Any

from reviews.choices import IncidentKind
from reviews.importer.section import (
    Field,
    Run,
    Section,
    choice_of,
    consistent,
    parse_boolean,
    parse_date,
    parse_ref,
    parse_themes,
    references_to,
    upsert,
)
from reviews.models import Incident


def _new_incident_reference(ref: str) -> str:
    """CRAG's reference for an imported incident: its ref if free, else the ref numbered."""
    candidate, number = ref[:32], 2
    while Incident.objects.filter(reference=candidate).exists():
        suffix = f"-{number}"
        candidate, number = ref[: 32 - len(suffix)] + suffix, number + 1
    return candidate


# The notification dates of an incident: the first release's, then the optional ones.
NOTIFICATION_KEYS = (
    "panel_notified_on",
    "partnership_informed_on",
    "ofsted_notified_on",
    "secretary_of_state_notified_on",
)


def _save_incident(run: Run, label: str, v: dict[str, Any]) -> Incident | None:
    happened, aware = v["incident_date"], v["aware_date"]
    notified = {key: v[key] for key in NOTIFICATION_KEYS if key in v}
    if not consistent(
        run,
        label,
        [
            (aware < happened, "aware_date", f"{aware} is before incident_date {happened}"),
            *(
                (bool(day and day < aware), key, f"{day} is before aware_date {aware}")
                for key, day in notified.items()
            ),
        ],
    ):
        return None
    values = {
        "kind": v["kind"],
        "incident_date": happened,
        "aware_date": aware,
        "abuse_or_neglect_suspected": v["abuse_or_neglect_suspected"],
        **notified,
    }

    def new() -> Incident:
        reference = _new_incident_reference(v["ref"])
        return Incident(ref=v["ref"], reference=reference, created_by=run.actor)

    existing = Incident.objects.filter(ref=v["ref"]).first()
    m2m = {"children": v["children"], "themes": v["themes"]}
    return upsert(run, label, "incidents", existing, new, values, m2m)


INCIDENTS = Section(
    (
        Field("ref", parse_ref),
        Field("kind", choice_of(IncidentKind)),
        Field("incident_date", parse_date),
        Field("aware_date", parse_date),
        Field("children", references_to("children", "child", minimum=1)),
        Field("abuse_or_neglect_suspected", parse_boolean),
        Field("panel_notified_on", parse_date, nullable=True),
        Field("themes", parse_themes),
        Field("partnership_informed_on", parse_date, nullable=True, optional=True),
        Field("ofsted_notified_on", parse_date, nullable=True, optional=True),
        Field("secretary_of_state_notified_on", parse_date, nullable=True, optional=True),
    ),
    _save_incident,
)
