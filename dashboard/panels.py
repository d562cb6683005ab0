"""What the dashboard shows each role. Later parts of CRAG fill the panels' items."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count
from django.urls import reverse

from crag import permissions
from crag.models import Heartbeat, User
from reviews import clocks
from reviews.actions import selectors as action_selectors
from reviews.casework import selectors as casework_selectors
from reviews.choices import Rag
from reviews.clocks import ClockReading, Day
from reviews.contributions import selectors as contribution_selectors
from reviews.impact import selectors as impact_selectors
from reviews.incidents import selectors as incident_selectors
from reviews.meetings import selectors as meeting_selectors
from reviews.meetings.quorum import quorum
from reviews.referrals import selectors as referral_selectors

PANEL_LIMIT = 10  # rows per panel; the full lists are a click away


@dataclass(frozen=True)
class Item:
    """One row of a panel: what, where to go, and its countdown if it has one."""

    label: str
    url: str
    reading: ClockReading | None = None


@dataclass(frozen=True)
class Panel:
    """One dashboard panel: a heading, its rows, and what to say when it has none."""

    key: str
    title: str
    empty_text: str
    items: list[Item] = field(default_factory=list)
    more_url: str = ""


def _notification_items(user: User, day: Day) -> list[Item]:
    items = []
    for incident in incident_selectors.incidents_awaiting_notification(user=user, today=day.on)[:PANEL_LIMIT]:
        children = ", ".join(c.pseudonym for c in incident.children.all())
        items.append(
            Item(
                f"{incident.reference} ({children})",
                reverse("reviews:incident_detail", args=[incident.pk]),
                day.reading(clocks.PANEL_NOTIFICATION, incident),
            )
        )
    return items


def _rapid_review_items(user: User, day: Day) -> list[Item]:
    items = []
    for rapid_review in incident_selectors.rapid_reviews_open(user=user, today=day.on)[:PANEL_LIMIT]:
        reading = day.reading(clocks.RAPID_REVIEW, rapid_review.incident)
        url = reverse("reviews:rapid_review", args=[rapid_review.incident_id])
        items.append(Item(f"Rapid Review of {rapid_review.incident.reference}", url, reading))
    return items


def _sign_off_items(user: User) -> list[Item]:
    return [
        Item(f"Decision on {rr.incident.reference}", reverse("reviews:rapid_review", args=[rr.incident_id]))
        for rr in incident_selectors.decisions_awaiting_sign_off(user=user)[:PANEL_LIMIT]
    ]


def _review_items(user: User, day: Day) -> list[Item]:
    """Reviews in progress, each with its six-month publication clock where it has one (CSPRs)."""
    items = []
    for review in casework_selectors.reviews_in_progress(user=user)[:PANEL_LIMIT]:
        label = f"{review.get_kind_display()}: {review.title} ({review.get_status_display().lower()})"
        reading = day.reading(clocks.CSPR_PUBLICATION, review)
        items.append(Item(label, reverse("reviews:review_detail", args=[review.pk]), reading))
    return items


def _past_target_items(user: User, day: Day) -> list[Item]:
    """CSPRs past their target and still open: the reason for delay is owed (or was sent)."""
    items = []
    for review in casework_selectors.review_list(
        user=user, filters={"past_target": True, "sort": "decision"}, today=day.on
    )[:PANEL_LIMIT]:
        reading = day.reading(clocks.CSPR_PUBLICATION, review)
        why = "reason for delay recorded" if review.delay_reason else "reason for delay not yet recorded"
        items.append(
            Item(f"{review.title} ({why})", reverse("reviews:review_detail", args=[review.pk]), reading)
        )
    return items


def _paused_items(user: User) -> list[Item]:
    """Paused reviews, and the processes holding each up."""
    items = []
    for review in casework_selectors.reviews_paused(user=user)[:PANEL_LIMIT]:
        processes = getattr(review, "active_processes", [])
        why = "; ".join(
            p.get_kind_display() + (f" (holds up {', '.join(p.blocks)})" if p.blocks else "")
            for p in processes
        )
        label = (
            f"{review.title}, {review.get_status_display().lower()}: {why or 'no active process recorded'}"
        )
        items.append(Item(label, reverse("reviews:review_detail", args=[review.pk])))
    return items


def _simple_review_items(user: User, filters: dict[str, object]) -> list[Item]:
    return [
        Item(
            f"{review.get_kind_display()}: {review.title} ({review.get_status_display().lower()})",
            reverse("reviews:review_detail", args=[review.pk]),
        )
        for review in casework_selectors.review_list(user=user, filters=filters)[:PANEL_LIMIT]
    ]


def _rag_items(user: User, today: date) -> list[Item]:
    """Open actions by the Business Group's rating, each a link to the filtered action plan."""
    actions = action_selectors.action_list(user=user, filters={}, today=today).filter(
        status__in=clocks.OPEN_ACTION_STATUSES
    )
    counts = {row["rag"]: row["n"] for row in actions.order_by().values("rag").annotate(n=Count("id"))}
    base = reverse("reviews:action_list")
    items = [
        Item(f"{label}: {counts[value]} open", f"{base}?rag={value}")
        for value, label in Rag.choices
        if counts.get(value)
    ]
    if counts.get(""):
        items.append(Item(f"Not yet rated: {counts['']} open", base))
    return items


def _action_items(user: User, today: date, *, overdue: bool) -> list[Item]:
    """Open actions the user may see, soonest due first (overdue ones only, if asked)."""
    filters = {"overdue": True} if overdue else {"status": ""}
    actions = action_selectors.action_list(user=user, filters=filters, today=today).filter(
        status__in=clocks.OPEN_ACTION_STATUSES
    )
    return [
        Item(
            f"{a.owner_agency.name}: {a.description[:70]} (due {a.due_on:%-d %b %Y})",
            reverse("reviews:action_detail", args=[a.pk]),
        )
        for a in actions[:PANEL_LIMIT]
    ]


RETURNS_DUE_SOON_DAYS = 7  # calendar days ahead that CRAG's panel of agencies' returns looks


def _contribution_items(user: User, day: Day, *, until: date) -> list[Item]:
    """Returns still owed (requested or returned for more) due by `until`, overdue first, each
    with its clock."""
    owed = contribution_selectors.contributions_owed(user=user, until=until)[:PANEL_LIMIT]
    return [
        Item(
            clocks.CONTRIBUTION_DUE.listing(request).title,
            reverse("reviews:contribution_detail", args=[request.pk]),
            day.reading(clocks.CONTRIBUTION_DUE, request),
        )
        for request in owed
    ]


def _referral_items(user: User, day: Day) -> list[Item]:
    """Referrals awaiting CRAG's screening, oldest first, each with its clock."""
    return [
        Item(
            clocks.REFERRAL_SCREENING.listing(referral).title,
            reverse("reviews:referral_detail", args=[referral.pk]),
            day.reading(clocks.REFERRAL_SCREENING, referral),
        )
        for referral in referral_selectors.referrals_awaiting(user=user)[:PANEL_LIMIT]
    ]


def _agency_referral_items(user: User) -> list[Item]:
    """The agency's latest referrals with their outcome only (the selector keeps to the agency)."""
    return [
        Item(
            f"{r.reference}: {r.get_decision_display() if r.decision else 'awaiting screening'}",
            reverse("reviews:referral_detail", args=[r.pk]),
        )
        for r in referral_selectors.referral_list(user=user, filters={})[:PANEL_LIMIT]
    ]


def _resource_use_items(user: User, day: Day) -> list[Item]:
    """Resources sent to the lead's agency with no use recorded yet, oldest first, with the clock."""
    return [
        Item(
            f"{sent.resource.title} (sent {sent.sent_on:%-d %B %Y})",
            reverse("reviews:dissemination_detail", args=[sent.pk]),
            day.reading(clocks.RESOURCE_USE_DUE, sent),
        )
        for sent in impact_selectors.awaiting_use(user=user)[:PANEL_LIMIT]
    ]


def _crag_panels(user: User, today: date) -> list[Panel]:
    incidents = reverse("reviews:incident_list")
    day = Day(today)
    return [
        Panel(
            "panel-notifications",
            "Panel notifications due",
            "No incidents are waiting for a Panel notification. When a notifiable incident is "
            f"recorded, its clock of {clocks.PANEL_NOTIFICATION.period.text()} will appear here.",
            _notification_items(user, day),
            f"{incidents}?awaiting=on",
        ),
        Panel(
            "rapid-reviews",
            "Rapid Reviews in progress",
            "No Rapid Reviews are in progress. Each Rapid Review and its deadline of "
            f"{clocks.RAPID_REVIEW.period.text()} will appear here.",
            _rapid_review_items(user, day),
        ),
        Panel(
            "sign-off",
            "Decisions awaiting sign-off",
            "No decisions are waiting for the chair's sign-off.",
            _sign_off_items(user),
        ),
        Panel(
            "reviews",
            "Reviews in progress",
            "No reviews are in progress. Commissioned reviews and their six-month publication "
            "target will appear here.",
            _review_items(user, day),
            f"{reverse('reviews:review_list')}",
        ),
        Panel(
            "past-target",
            "Reviews past their six-month target",
            "No CSPR is past six months from its decision without being published.",
            _past_target_items(user, day),
            f"{reverse('reviews:review_list')}?past_target=on",
        ),
        Panel(
            "paused",
            "Paused reviews and why",
            "No review is paused. A review paused for an inquest or a trial will appear here "
            "with the reason.",
            _paused_items(user),
            f"{reverse('reviews:review_list')}?status=paused",
        ),
    ]


def _next_meeting_panel(user: User, today: date) -> Panel | None:
    """The next CRAG meeting with its quorum so far: for CRAG always, for others when invited."""
    meeting = meeting_selectors.next_meeting(user=user, today=today)
    if meeting is None and not permissions.can_do_crag_work(user):
        return None
    items = []
    if meeting is not None:
        found = quorum(meeting)
        so_far = (
            "quorate so far" if found.quorate else f"not quorate so far: no {', '.join(found.missing_labels)}"
        )
        when = f"{meeting.held_on:%-d %B %Y}, {meeting.starts_at:%H:%M}"
        items.append(
            Item(f"{meeting.title}, {when} ({so_far})", reverse("reviews:meeting_detail", args=[meeting.pk]))
        )
    empty = "No CRAG meeting is planned. The next meeting and its quorum so far will appear here."
    return Panel("next-meeting", "Next CRAG meeting", empty, items, reverse("reviews:meeting_list"))


def panels_for(user: User, today: date) -> list[Panel]:
    """The panels for every role the user holds, without repeats, in a stable order."""
    panels: list[Panel] = []
    if permissions.can_do_crag_work(user):
        panels += _crag_panels(user, today)
        panels.append(
            Panel(
                "agency-returns",
                "Agency returns overdue or due soon",
                "No agency's return is overdue or due in the next week.",
                _contribution_items(user, Day(today), until=today + timedelta(days=RETURNS_DUE_SOON_DAYS)),
                reverse("reviews:contribution_list"),
            )
        )
        panels.append(
            Panel(
                "referrals-awaiting",
                "Referrals awaiting screening",
                "No referral is waiting to be screened. When an agency refers a case, it appears "
                f"here with its clock of {clocks.REFERRAL_SCREENING.period.text()}.",
                _referral_items(user, Day(today)),
                f"{reverse('reviews:referral_list')}?status=awaiting",
            )
        )
    elif permissions.can_refer(user):
        panels.append(
            Panel(
                "agency-referrals",
                "Your agency's referrals",
                "Your agency has not referred a case. A case you refer to CRAG appears here with "
                "its outcome.",
                _agency_referral_items(user),
                reverse("reviews:referral_list"),
            )
        )
    if (meeting_panel := _next_meeting_panel(user, today)) is not None:
        panels.append(meeting_panel)
    if permissions.is_independent_reviewer(user):
        panels.append(
            Panel(
                "my-reviews",
                "Reviews assigned to you",
                "No reviews are assigned to you yet. When the partnership commissions you, "
                "the review will appear here.",
                _simple_review_items(user, {"sort": "-decision"}),
            )
        )
    if permissions.is_business_group(user):
        panels.append(
            Panel(
                "action-plans",
                "Overdue actions",
                "No action is overdue. Actions past their due date will appear here for RAG rating.",
                _action_items(user, today, overdue=True),
                f"{reverse('reviews:action_list')}?overdue=on",
            )
        )
        panels.append(
            Panel(
                "rag-summary",
                "Open actions by RAG rating",
                "There are no open actions to rate.",
                _rag_items(user, today),
                reverse("reviews:action_list"),
            )
        )
    if permissions.is_agency_action_lead(user):
        panels.append(
            Panel(
                "agency-actions",
                "Your agency's actions",
                "Your agency has no open actions. Actions your agency owns will appear here "
                "with their due dates.",
                _action_items(user, today, overdue=False),
                reverse("reviews:action_list"),
            )
        )
    if permissions.is_agency_action_lead(user):
        panels.append(
            Panel(
                "agency-returns-owed",
                "Returns your agency owes",
                "Your agency owes no returns. When CRAG asks your agency for a summary, a "
                "chronology or a report, it will appear here with its due date.",
                _contribution_items(user, Day(today), until=date.max),
                reverse("reviews:contribution_list"),
            )
        )
        panels.append(
            Panel(
                "agency-resources-sent",
                "Learning resources sent to your agency",
                "Your agency has recorded how it used every resource it was sent.",
                _resource_use_items(user, Day(today)),
                f"{reverse('reviews:dissemination_list')}?awaiting=on",
            )
        )
    if permissions.is_board_member(user):
        panels.append(
            Panel(
                "published",
                "Published reviews",
                "Nothing has been published yet. Published reviews will appear here.",
                _simple_review_items(user, {"sort": "-decision"}),
                reverse("reviews:review_list"),
            )
        )
    return panels


def worker_last_seen() -> Heartbeat | None:
    """When the Celery beat and worker last ran the heartbeat task, if ever."""
    return Heartbeat.objects.filter(name="beat").first()
