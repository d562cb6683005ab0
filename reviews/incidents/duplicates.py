"""Records that are likely the same as one about to be recorded (issue 12, item 6)."""

from collections.abc import Iterable
from datetime import date

from crag.models import User
from reviews.models import Child, Incident


def incidents_like(*, user: User, children: Iterable[Child], incident_date: date) -> list[Incident]:
    """Incidents of any of these children on the same incident date: most likely the same one,
    recorded twice (a resubmitted form, or two people recording it). Only those `user` may see."""
    return list(
        Incident.objects.restrict(user, "view")
        .filter(incident_date=incident_date, children__in=list(children))
        .distinct()
        .order_by("reference")
    )
