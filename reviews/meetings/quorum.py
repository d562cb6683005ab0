"""Whether a meeting is quorate: a representative of each partner role in
settings.CRAG_MEETING_QUORUM_PARTNERS (the three statutory safeguarding partners, Working Together
2023) present. Once attendance is recorded, from who attended; before it, from who is invited
(so CRAG sees in time that a partner is missing)."""

from dataclasses import dataclass

from django.conf import settings

from crag.models import PartnerRole
from reviews.choices import Attendance
from reviews.models import Meeting


@dataclass(frozen=True)
class Quorum:
    """The partner roles the quorum needs, those present and those missing (by their labels)."""

    needed: tuple[str, ...]
    present: tuple[str, ...]
    missing: tuple[str, ...]
    from_attendance: bool  # False: read from the invitations, before attendance is recorded

    @property
    def quorate(self) -> bool:
        return not self.missing

    @property
    def missing_labels(self) -> list[str]:
        return [_label(role) for role in self.missing]

    @property
    def present_labels(self) -> list[str]:
        return [_label(role) for role in self.present]


def _label(role: str) -> str:
    return str(dict(PartnerRole.choices).get(role, role))


def quorum(meeting: Meeting) -> Quorum:
    """The meeting's quorum (reads its members: prefetch `members__user__agency` for a list)."""
    needed = tuple(settings.CRAG_MEETING_QUORUM_PARTNERS)
    members = list(meeting.members.all())
    recorded = any(m.attendance != Attendance.INVITED for m in members)
    counted = (
        [m for m in members if m.attendance == Attendance.ATTENDED]
        if recorded
        else [m for m in members if m.attendance == Attendance.INVITED]
    )
    roles = {getattr(m.user.agency, "partner_role", "") for m in counted if m.user.agency_id}
    present = tuple(role for role in needed if role in roles)
    missing = tuple(role for role in needed if role not in roles)
    return Quorum(needed, present, missing, recorded)
