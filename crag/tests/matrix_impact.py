"""Access-matrix rows for the learning-into-practice pages of issue 20: resources sent, their use,
assurance (merged into test_access_matrix.MATRIX)."""

from collections.abc import Callable
from datetime import date
from typing import Any

from crag import roles
from crag.models import User

Builder = Callable[[dict[str, object]], str]

MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
    # One of each record the admin shows (the pages' own rows may add more through the services).
    from reviews.models import AssuranceActivity, Dissemination, LearningResource, ResourceUse

    lead = User.objects.filter(groups__name=roles.AGENCY_ACTION_LEAD).get()
    assert lead.agency is not None
    resource = LearningResource.objects.create(kind="briefing", title="Matrix briefing")
    sent = Dissemination.objects.create(
        resource=resource, agency=lead.agency, sent_on=date(2026, 3, 2), sent_by=chair
    )
    ResourceUse.objects.create(
        dissemination=sent,
        how="team_meeting",
        used_from=date(2026, 3, 9),
        evidence="Team minutes",
        recorded_by=lead,
    )
    AssuranceActivity.objects.create(
        kind="multi_agency_audit", title="Matrix audit", planned_on=date(2026, 9, 1), created_by=chair
    )
    found["dissemination"] = sent.pk
