"""Fictional agencies' contributions for `manage.py seed_demo` (issue 18): Child D's Rapid Review
asks three agencies for their summaries and chronologies. Health and children's services have
answered (one accepted, one waiting for CRAG); the police summary is overdue, so the worker's
sweep chases the police leads and tells the chair. The three chronologies make one merged
chronology, with key practice episodes marked."""

from datetime import date, time

from crag.models import Agency, User
from reviews.choices import ContributionKind, DatePrecision
from reviews.clocks import calendar_overrides, subtract_working_days
from reviews.contributions import chronology, requests
from reviews.models import ContributionRequest, RapidReview

POLICE = "Wessex Police"
COUNCIL = "Wessex County Council Children's Services"
HEALTH = "Wessex Health NHS Foundation Trust"
# Who answers for each agency (demo.people.USERS).
LEADS = {
    POLICE: "lead@crag.example",
    COUNCIL: "lead.council@crag.example",
    HEALTH: "lead.health@crag.example",
}

SUMMARIES = {
    HEALTH: {
        "involvement": "Fictional: health visiting since Child D's birth; five contacts, the last "
        "four months ago; two GP appointments for bruising explained as falls.",
        "key_practice_episodes": "Fictional: the second bruising appointment was not shared with "
        "the health visitor.",
        "went_well": "Fictional: the health visitor saw Child D at home at every planned contact.",
        "could_be_better": "Fictional: no check of the family's history with other agencies.",
        "safety_actions_taken": "Fictional: Child D's sibling seen by the paediatrician the next day.",
    },
    COUNCIL: {
        "involvement": "Fictional: a contact from the school eight months ago closed at the front "
        "door with advice; a child and family assessment opened after the incident.",
        "key_practice_episodes": "Fictional: the school's contact was assessed on its own, without "
        "the police call-outs.",
        "went_well": "Fictional: the strategy discussion was held the same day.",
        "could_be_better": "Fictional: history from other agencies was not gathered at the front door.",
        "safety_actions_taken": "Fictional: the sibling is on a child protection plan.",
    },
}

# (agency, days before today, precision, time, source, what happened, significance, key episode)
ENTRIES = (
    (HEALTH, 400, DatePrecision.EXACT, None, "Health visiting record (SystmOne)",
     "Fictional: new birth visit; mother mentions low mood.", "Mother's mental health noted early.", False),
    (COUNCIL, 240, DatePrecision.EXACT, time(10, 15), "Front door contact record (Liquidlogic)",
     "Fictional: school reports Child D's sibling saying there is shouting at home; closed with "
     "advice.", "Assessed without other agencies' history.", True),
    (POLICE, 230, DatePrecision.MONTH, None, "Command and control log",
     "Fictional: a call-out to a verbal argument at the address; no child seen.",
     "Children in the house not recorded.", False),
    (HEALTH, 120, DatePrecision.EXACT, time(14, 30), "GP record",
     "Fictional: Child D seen with bruising to the arm; explained as a fall.",
     "Not shared with the health visitor.", True),
    (POLICE, 60, DatePrecision.APPROXIMATE, None, "Police national database entry",
     "Fictional: a second call-out; the father had left before officers arrived.", "", False),
    (COUNCIL, 10, DatePrecision.EXACT, time(16, 0), "Strategy discussion minutes",
     "Fictional: strategy discussion after Child D's admission to hospital.", "", False),
)  # fmt: skip


def _ask(chair: User, rapid_review: RapidReview, kind: str, on: date) -> dict[str, ContributionRequest]:
    agencies = [Agency.objects.get(name=name) for name in (POLICE, COUNCIL, HEALTH)]
    due = requests.default_due_on(requested_on=on, rapid_review=True)
    made = requests.contributions_request(
        actor=chair, agencies=agencies, kind=kind, due_on=due, requested_on=on, rapid_review=rapid_review
    )
    return {request.agency.name: request for request in made}


def seed(*, today: date, chair: User, rapid_review: RapidReview) -> None:
    """Ask, answer and chase (called once, by demo.records.seed)."""
    leads = {name: User.objects.get(email=email) for name, email in LEADS.items()}
    asked_on = subtract_working_days(today, 6, calendar_overrides())  # due yesterday: overdue now
    summaries = _ask(chair, rapid_review, ContributionKind.AGENCY_SUMMARY, asked_on)
    chronologies = _ask(chair, rapid_review, ContributionKind.CHRONOLOGY, asked_on)
    for name, values in SUMMARIES.items():
        request = summaries[name]
        requests.contribution_write(actor=leads[name], request=request, values=values, version=None)
        requests.contribution_submit(actor=leads[name], request=request)
    requests.contribution_accept(actor=chair, request=summaries[HEALTH])
    for name, days, precision, at, source, what, significance, key in ENTRIES:
        chronology.chronology_entry_add(
            actor=leads[name],
            request=chronologies[name],
            occurred_on=date.fromordinal(today.toordinal() - days),
            precision=precision,
            occurred_at=at,
            source=source,
            what_happened=what,
            significance=significance,
            key_practice_episode=key,
        )
    for name, request in chronologies.items():
        requests.contribution_submit(actor=leads[name], request=request)
    # The police summary stays owed: past its due date, the sweep chases it.
