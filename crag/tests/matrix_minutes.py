"""Access-matrix rows for the minutes pages of issue 19 (merged into test_access_matrix.MATRIX).

CRAG minutes a meeting; the chair alone approves its minutes. The meeting here (held) invites the
agency action lead, who reads its minutes and papers and marks done the action they own (CRAG's
other pages on it are 403 to them); anyone else not invited does not know it exists (404).
"""

from collections.abc import Callable
from datetime import date, time
from typing import Any

from django.core.files.base import ContentFile

from crag import roles
from crag.models import User
from reviews.models import (
    AgendaItem,
    Meeting,
    MeetingAction,
    MeetingDecision,
    MeetingMember,
    MeetingPapers,
    MinutesAmendment,
)

Builder = Callable[[dict[str, object]], str]

ANON = "anonymous"
CRAG_ROLES = (roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR, roles.CRAG_MEMBER)
MEMBERS_AND_CRAG = {ANON: 302} | {
    role: 200 if role in (*CRAG_ROLES, roles.AGENCY_ACTION_LEAD) else 404 for role in roles.ALL_ROLES
}
MINUTERS = MEMBERS_AND_CRAG | {roles.AGENCY_ACTION_LEAD: 403}
CHAIR = MINUTERS | {roles.PARTNERSHIP_ADMIN: 403, roles.CRAG_MEMBER: 403}


def _url(suffix: str) -> Builder:
    return lambda found: f"/meetings/{found['minutes_meeting']}/{suffix}"


MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {
    "meetings/<int:pk>/minutes/": (_url("minutes/"), MEMBERS_AND_CRAG),
    "meetings/<int:pk>/agenda/<int:item>/minute/": (
        lambda found: f"/meetings/{found['minutes_meeting']}/agenda/{found['minutes_item']}/minute/",
        MINUTERS,
    ),
    "meetings/<int:pk>/agenda/<int:item>/decide/": (
        lambda found: f"/meetings/{found['minutes_meeting']}/agenda/{found['minutes_item']}/decide/",
        MINUTERS,
    ),
    "meetings/<int:pk>/actions/add/": (_url("actions/add/"), MINUTERS),
    "meetings/<int:pk>/actions/<int:action>/done/": (
        lambda found: f"/meetings/{found['minutes_meeting']}/actions/{found['minutes_action']}/done/",
        MEMBERS_AND_CRAG,  # the lead owns the action
    ),
    "meetings/<int:pk>/minutes/approve/": (_url("minutes/approve/"), CHAIR),
    "meetings/<int:pk>/minutes/amend/": (_url("minutes/amend/"), MINUTERS),
    "meetings/<int:pk>/papers/": (_url("papers/"), MEMBERS_AND_CRAG),
    "meetings/<int:pk>/papers/<int:papers>/download/": (
        lambda found: f"/meetings/{found['minutes_meeting']}/papers/{found['minutes_papers']}/download/",
        MEMBERS_AND_CRAG,
    ),
}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
    lead = User.objects.filter(groups__name=roles.AGENCY_ACTION_LEAD).get()
    assert lead.agency is not None, "the matrix's agency action lead belongs to an agency"
    meeting = Meeting.objects.create(held_on=date(2026, 2, 3), starts_at=time(10, 0), place="Matrix room")
    for user in (chair, lead):
        MeetingMember.objects.create(meeting=meeting, user=user)
    item = AgendaItem.objects.create(meeting=meeting, number=1, kind="other", title="Matrix minutes item")
    action = MeetingAction.objects.create(
        meeting=meeting,
        description="Matrix action",
        owner_agency=lead.agency,
        owner=lead,
        due_on=date(2026, 3, 3),
        created_by=chair,
    )
    MeetingDecision.objects.create(item=item, kind="other", text="Matrix decision", recorded_by=chair)
    MinutesAmendment.objects.create(meeting=meeting, text="Matrix correction", reason="A slip", made_by=chair)
    papers = MeetingPapers(meeting=meeting, inputs_sha256="0" * 64, state=MeetingPapers.State.DONE, size=9)
    papers.file.save("matrix-papers.pdf", ContentFile(b"%PDF-1.7 "), save=False)
    papers.save()
    found |= {
        "minutes_meeting": meeting.pk,
        "minutes_item": item.pk,
        "minutes_action": action.pk,
        "minutes_papers": papers.pk,
    }
