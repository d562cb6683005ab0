"""Fictional learning for `manage.py seed_demo`: events with attendance by agency and themes (one
held, one planned), a 7-minute guide, a poster and a briefing, and commendations. Safe to run
twice: a record whose title (or, for commendations, who and when) exists is left as it is."""

from datetime import date, timedelta

from crag.models import Agency, User
from reviews.learning import services as learning
from reviews.models import Commendation, LearningEvent, LearningResource, Review, Theme

POLICE = "Wessex Police"
COUNCIL = "Wessex County Council Children's Services"
HOSPITALS = "Wessex University Hospitals NHS Foundation Trust"
SCHOOLS = "Wessex Schools and Education"
HEALTH = "Wessex Health NHS Foundation Trust"

EVENTS = (
    # kind, title, days from today, themes, attendance by agency (None: only a total), total
    (
        "workshop",
        "Fictional: missing episodes and exploitation workshop",
        -40,
        ["child_criminal_exploitation", "missing_from_home_or_school"],
        {POLICE: 14, COUNCIL: 18, SCHOOLS: 9},
        None,
    ),
    (
        "conference",
        "Fictional: annual learning conference",
        -120,
        ["neglect", "domestic_abuse", "parental_mental_health"],
        {POLICE: 22, COUNCIL: 41, HOSPITALS: 17, HEALTH: 12, SCHOOLS: 25},
        None,
    ),
    (
        "briefing",
        "Fictional: safer sleep briefing for health visitors",
        -15,
        ["sudden_unexpected_death_in_infancy"],
        None,
        35,
    ),
    (
        "learning_event",
        "Fictional: lunchtime learning on the CSPR findings",
        21,
        ["child_criminal_exploitation"],
        None,
        None,
    ),
)

RESOURCES = (
    (
        "seven_minute_guide",
        "Fictional: 7-minute guide to missing episodes",
        -30,
        "https://example.org/7-minute-guide-missing",
    ),
    ("poster", "Fictional: safer sleep poster", -60, "https://example.org/safer-sleep-poster"),
    ("briefing", "Fictional: practice briefing on professional curiosity", -10, ""),
)

COMMENDATIONS = (
    (
        "Fictional: school designated safeguarding lead",
        SCHOOLS,
        "Noticed the pattern of absences and referred the same day.",
        -35,
    ),
    (
        "Fictional: emergency department triage team",
        HOSPITALS,
        "Checked for a child protection plan on arrival and called children's services.",
        -50,
    ),
)


def seed(*, today: date, chair: User, review: Review | None = None) -> None:
    """Create the demo learning that is missing."""
    agencies = {a.name: a for a in Agency.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    reviews = [review] if review is not None else []
    for kind, title, days, slugs, by_agency, total in EVENTS:
        if LearningEvent.objects.filter(title=title).exists():
            continue
        learning.learning_event_create(
            actor=chair,
            kind=kind,
            title=title,
            held_on=today + timedelta(days=days),
            themes=[themes[s] for s in slugs if s in themes],
            reviews=reviews,
            attendance={agencies[n]: c for n, c in (by_agency or {}).items() if n in agencies},
            attendees=total,
            feedback="Fictional: practitioners found the case discussion the most useful part."
            if days < 0
            else "",
        )
    for kind, title, days, url in RESOURCES:
        if LearningResource.objects.filter(title=title).exists():
            continue
        learning.learning_resource_create(
            actor=chair,
            kind=kind,
            title=title,
            published_on=today + timedelta(days=days),
            url=url,
            description="Fictional: what the review found, and what to do differently.",
            reviews=reviews,
        )
    for who, agency_name, what, days in COMMENDATIONS:
        if agency_name not in agencies or Commendation.objects.filter(who=who).exists():
            continue
        learning.commendation_create(
            actor=chair,
            who=who,
            agency=agencies[agency_name],
            what=what,
            commended_on=today + timedelta(days=days),
            review=review,
        )
