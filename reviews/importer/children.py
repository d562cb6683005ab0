"""The children section of the "crag-records/1" import (DESIGN.md section 4, contract)."""

from typing import Any

from reviews.choices import Gender
from reviews.importer.section import (
    Field,
    Run,
    Section,
    choice_of,
    consistent,
    parse_boolean,
    parse_date,
    parse_note,
    parse_ref,
    parse_text,
    upsert,
)
from reviews.models import Child


def _save_child(run: Run, label: str, v: dict[str, Any]) -> Child | None:
    born, died = v["date_of_birth"], v["date_of_death"]
    if not consistent(
        run,
        label,
        [
            (died is not None and not v["deceased"], "date_of_death", "is given but deceased is false"),
            (bool(born and died and died < born), "date_of_death", f"{died} is before date_of_birth {born}"),
        ],
    ):
        return None
    values = {
        "pseudonym": v["pseudonym"],
        "date_of_birth": born,
        "gender": v["gender"],
        "deceased": v["deceased"],
        "date_of_death": died,
        "looked_after": v["looked_after"],
        "ethnicity": v["ethnicity"] or "",
        "disability": v["disability"] or "",
    }
    existing = Child.objects.filter(ref=v["ref"]).first()
    return upsert(run, label, "children", existing, lambda: Child(ref=v["ref"]), values)


CHILDREN = Section(
    (
        Field("ref", parse_ref),
        Field("pseudonym", parse_text),
        Field("date_of_birth", parse_date, nullable=True),
        Field("gender", choice_of(Gender)),
        Field("deceased", parse_boolean),
        Field("date_of_death", parse_date, nullable=True),
        Field("looked_after", parse_boolean),
        Field("ethnicity", parse_note, nullable=True),
        Field("disability", parse_note, nullable=True),
    ),
    _save_child,
)
