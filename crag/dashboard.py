"""What the dashboard shows each role. Later parts of CRAG fill the panels' items."""

from dataclasses import dataclass, field

from crag import permissions
from crag.models import Heartbeat, User


@dataclass(frozen=True)
class Panel:
    """One dashboard panel: a heading, its rows, and what to say when it has none."""

    key: str
    title: str
    empty_text: str
    items: list[str] = field(default_factory=list)


def _crag_panels() -> list[Panel]:
    return [
        Panel(
            "panel-notifications",
            "Panel notifications due",
            "No incidents are waiting for a Panel notification. When an incident is recorded, "
            "its five-working-day clock will appear here.",
        ),
        Panel(
            "rapid-reviews",
            "Rapid Reviews in progress",
            "No Rapid Reviews are in progress. Each Rapid Review and its fifteen-working-day "
            "deadline will appear here.",
        ),
        Panel(
            "reviews",
            "Reviews in progress",
            "No reviews are in progress. Commissioned reviews and their six-month publication "
            "target will appear here.",
        ),
    ]


def panels_for(user: User) -> list[Panel]:
    """The panels for every role the user holds, without repeats, in a stable order."""
    panels: list[Panel] = []
    if permissions.can_do_crag_work(user):
        panels += _crag_panels()
    if permissions.is_independent_reviewer(user):
        panels.append(
            Panel(
                "my-reviews",
                "Reviews assigned to you",
                "No reviews are assigned to you yet. When the partnership commissions you, "
                "the review will appear here.",
            )
        )
    if permissions.is_business_group(user):
        panels.append(
            Panel(
                "action-plans",
                "Action plans to monitor",
                "There are no action plans yet. Actions from review recommendations will "
                "appear here for RAG rating.",
            )
        )
    if permissions.is_agency_action_lead(user):
        panels.append(
            Panel(
                "agency-actions",
                "Your agency's actions",
                "Your agency has no actions yet. Actions your agency owns will appear here "
                "with their due dates.",
            )
        )
    if permissions.is_board_member(user):
        panels.append(
            Panel(
                "published",
                "Published reviews and annual reports",
                "Nothing has been published yet. Published reviews and annual reports will appear here.",
            )
        )
    return panels


def worker_last_seen() -> Heartbeat | None:
    """When the Celery beat and worker last ran the heartbeat task, if ever."""
    return Heartbeat.objects.filter(name="beat").first()
