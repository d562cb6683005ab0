"""Access-matrix rows for the meetings pages of issue 19 (merged into test_access_matrix.MATRIX).

CRAG runs meetings. The meeting here invites the agency action lead, who reads its page (and is
refused CRAG's pages on it, 403); anyone else not invited does not know it exists (404). Everyone
signed in has the list (of the meetings they are invited to). Drafting the agenda is POST only.
"""

from collections.abc import Callable
from datetime import date, time
from typing import Any

from crag import roles
from crag.models import User
from reviews.meetings import services as meetings

Builder = Callable[[dict[str, object]], str]

ANON = "anonymous"
CRAG_ROLES = (roles.PARTNERSHIP_ADMIN, roles.CRAG_CHAIR, roles.CRAG_MEMBER)
EVERY_ROLE = {ANON: 302} | dict.fromkeys(roles.ALL_ROLES, 200)
CRAG_ONLY = {ANON: 302} | {role: 200 if role in CRAG_ROLES else 403 for role in roles.ALL_ROLES}
INVITED_AND_CRAG = {ANON: 302} | {
    role: 200 if role in (*CRAG_ROLES, roles.AGENCY_ACTION_LEAD) else 404 for role in roles.ALL_ROLES
}
MANAGERS = INVITED_AND_CRAG | {roles.AGENCY_ACTION_LEAD: 403}
POST_ONLY = {ANON: 302} | dict.fromkeys(roles.ALL_ROLES, 405)


def _url(suffix: str = "") -> Builder:
    return lambda found: f"/meetings/{found['meeting']}/{suffix}"


MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {
    "meetings/": ("/meetings/", EVERY_ROLE),
    "meetings/new/": ("/meetings/new/", CRAG_ONLY),
    "meetings/<int:pk>/": (_url(), INVITED_AND_CRAG),
    "meetings/<int:pk>/edit/": (_url("edit/"), MANAGERS),
    "meetings/<int:pk>/cancel/": (_url("cancel/"), MANAGERS),
    "meetings/<int:pk>/attendance/": (_url("attendance/"), MANAGERS),
    "meetings/<int:pk>/members/": (_url("members/"), MANAGERS),
    "meetings/<int:pk>/agenda/draft/": (_url("agenda/draft/"), POST_ONLY),
    "meetings/<int:pk>/agenda/add/": (_url("agenda/add/"), MANAGERS),
    "meetings/<int:pk>/agenda/<int:item>/remove/": (
        lambda found: f"/meetings/{found['meeting']}/agenda/{found['agenda_item']}/remove/",
        MANAGERS,
    ),
}


def add_objects(found: dict[str, object], chair: Any, review: Any, rapid_review: Any) -> None:
    """Create what the rows above need and put their primary keys in `found`."""
    lead = User.objects.filter(groups__name=roles.AGENCY_ACTION_LEAD).get()
    meeting = meetings.meeting_create(
        actor=chair,
        held_on=date(2031, 3, 4),
        starts_at=time(10, 0),
        place="Matrix room",
        invitees=[chair, lead],
    )
    item = meetings.agenda_item_add(actor=chair, meeting=meeting, title="Matrix item", review=review)
    found["meeting"] = meeting.pk
    found["agenda_item"] = item.pk
