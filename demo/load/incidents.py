"""The incidents, children and Rapid Reviews of a year of load data."""

from demo.load.plan import PREFIX, YearPlan, at, days
from demo.load.rows import YearRows
from notifications.calendar import add_working_days
from reviews.choices import (
    Gender,
    IncidentKind,
    IncidentLocation,
    PanelResponse,
    PlanStatus,
    RapidReviewOutcome,
    SafetyActionKind,
)
from reviews.models import AgencySummary, Child, Incident, RapidReview, SafetyAction

INCIDENT_KINDS = (
    (IncidentKind.SERIOUS_HARM, 52),
    (IncidentKind.DEATH, 28),
    (IncidentKind.LOOKED_AFTER_DEATH, 6),
    (IncidentKind.CARE_LEAVER_DEATH, 6),
    (IncidentKind.OTHER, 8),
)
DEATHS = (IncidentKind.DEATH, IncidentKind.LOOKED_AFTER_DEATH, IncidentKind.CARE_LEAVER_DEATH)
# Working days from awareness to the Panel notification: most within the 5, a few late.
NOTIFICATION_DELAYS = ((0, 8), (1, 30), (2, 25), (3, 15), (4, 9), (5, 5), (7, 4), (11, 4))
ETHNICITIES = (
    ("White British", 70), ("White other", 6), ("Mixed", 8), ("Asian or Asian British", 7),
    ("Black or Black British", 5), ("Other ethnic group", 2), ("Not known", 2),
)  # fmt: skip
GENDERS = ((Gender.MALE, 50), (Gender.FEMALE, 45), (Gender.TRANSGENDER, 1), (Gender.NOT_KNOWN, 4))


class IncidentRows(YearRows):
    """Incidents with their children and notifications, and the Rapid Reviews held on them."""

    # Incidents and children.
    def incidents(self, plan: YearPlan) -> list[Incident]:
        made = []
        for n in range(1, plan.counts["incidents"] + 1):
            aware_on = self.day_between(plan.start, plan.end)
            kind = self.pick(INCIDENT_KINDS)
            incident = Incident(
                ref=f"{PREFIX}inc-{plan.year}-{n:04d}",
                reference=f"LOAD-{plan.year}-{n:04d}",
                kind=kind,
                incident_date=aware_on - days(self.rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 8, 14, 30))),
                aware_date=aware_on,
                location=IncidentLocation.OUTSIDE_ENGLAND
                if self.rng.random() < 0.04
                else IncidentLocation.IN_AREA,
                abuse_or_neglect_suspected=self.rng.random() < (0.5 if kind in DEATHS[1:] else 0.92),
                summary="Fictional incident made for load testing.",
                created_by=self.chair,
                created_at=at(aware_on),
                updated_at=at(aware_on),
            )
            self.notify(incident)
            self.add(incident)
            self.children_of[incident.reference] = self.incident_children(incident)
            self.themes_of[incident.reference] = self.rng.sample(self.themes, self.rng.randint(1, 3))
            for theme in self.themes_of[incident.reference]:
                self.add(Incident.themes.through(incident=incident, theme=theme))
            made.append(incident)
        return made

    def notify(self, incident: Incident) -> None:
        """The notifications made by `as_of`; the rest stay open clocks."""
        delay = self.pick(NOTIFICATION_DELAYS)
        panel = add_working_days(incident.aware_date, delay)
        informed = add_working_days(incident.aware_date, max(0, delay - self.rng.randint(0, 1)))
        if informed <= self.as_of:
            incident.partnership_informed_on = informed
        if panel <= self.as_of:
            incident.panel_notified_on = panel
            incident.national_reference = f"LOAD-NAT-{incident.reference[5:]}"
            incident.updated_at = at(panel)
            if delay > 5:
                incident.late_reason = "Fictional: the referral reached the council late."
        if incident.kind in DEATHS[1:]:
            ofsted = add_working_days(incident.aware_date, self.rng.randint(1, 6))
            if ofsted <= self.as_of:
                incident.ofsted_notified_on = incident.secretary_of_state_notified_on = ofsted

    def incident_children(self, incident: Incident) -> list[Child]:
        wanted = self.pick(((1, 70), (2, 22), (3, 8)))
        chosen: list[Child] = []
        if incident.kind == IncidentKind.SERIOUS_HARM and self.reusable and self.rng.random() < 0.08:
            chosen.append(self.reusable.pop(self.rng.randrange(len(self.reusable))))
        while len(chosen) < wanted:
            chosen.append(self.child(incident, dies=incident.kind in DEATHS and not chosen))
        for child in chosen:
            self.add(Incident.children.through(incident=incident, child=child))
        return chosen

    def child(self, incident: Incident, *, dies: bool) -> Child:
        self.children_made += 1
        n = self.children_made
        if incident.kind == IncidentKind.CARE_LEAVER_DEATH:
            age = self.rng.randint(18, 24)
        else:
            age = self.pick(((0, 30), (self.rng.randint(1, 4), 15), (self.rng.randint(5, 11), 15),
                             (self.rng.randint(12, 17), 40)))  # fmt: skip
        born = incident.incident_date - days(age * 365 + self.rng.randint(0, 364))
        child = Child(
            ref=f"{PREFIX}child-{n:06d}",
            pseudonym=f"Child {n:05d}",
            legal_name=f"Fictional Name {n:05d}",
            date_of_birth=born,
            case_summary="Fictional case summary for load testing.",
            gender=self.pick(GENDERS),
            ethnicity=self.pick(ETHNICITIES),
            disability="Fictional: learning disability" if self.rng.random() < 0.1 else "",
            looked_after=incident.kind in DEATHS[1:] or self.rng.random() < 0.1,
            child_protection_plan=self.rng.choice(PlanStatus.values),
            child_in_need_plan=self.rng.choice(PlanStatus.values),
            deceased=dies,
            date_of_death=incident.incident_date if dies else None,
        )
        self.add(child)
        if not dies and age < 16:
            self.reusable.append(child)
        return child

    # Rapid Reviews.
    def rapid_reviews(self, plan: YearPlan, incidents: list[Incident]) -> list[RapidReview]:
        candidates = [i for i in incidents if i.kind != IncidentKind.CARE_LEAVER_DEATH]
        chosen = self.rng.sample(candidates, min(plan.counts["rapid_reviews"], len(candidates)))
        made = []
        for incident in sorted(chosen, key=lambda i: (i.aware_date, i.reference)):
            rapid_review = self.rapid_review(incident)
            self.add(rapid_review)
            for theme in self.themes_of[incident.reference]:
                self.add(RapidReview.themes.through(rapidreview=rapid_review, theme=theme))
            if rapid_review.meeting_on is not None:
                self.rapid_review_details(rapid_review)
            made.append(rapid_review)
        return made

    def rapid_review(self, incident: Incident) -> RapidReview:
        """As far as it got by `as_of`: meeting and signed-off decision, sent, the Panel's answer."""
        opened = incident.panel_notified_on or incident.aware_date
        rapid_review = RapidReview(
            ref=f"{PREFIX}rr-{incident.reference[5:]}",
            incident=incident,
            created_at=at(opened),
            updated_at=at(opened),
        )
        meeting = add_working_days(opened, self.rng.randint(7, 13))
        if incident.panel_notified_on is None or meeting > self.as_of:
            return rapid_review
        rapid_review.meeting_on = meeting
        rapid_review.learning_points = "Fictional learning points for load testing."
        rapid_review.meets_cspr_criteria = self.rng.random() < 0.4
        rapid_review.complex_or_national_importance = self.rng.random() < 0.08
        rapid_review.decision_reasons = "Fictional reasons against the criteria."
        rapid_review.signed_off_by, rapid_review.signed_off_at = self.chair, at(meeting, 16)
        rapid_review.outcome = self.pick(
            ((RapidReviewOutcome.NO_FURTHER_REVIEW, 95), (RapidReviewOutcome.NATIONAL_REVIEW_CASE_STUDY, 5))
        )
        rapid_review.updated_at = at(meeting, 16)
        sent = add_working_days(meeting, self.pick(((0, 20), (1, 30), (2, 20), (4, 15), (7, 10), (12, 5))))
        if sent > self.as_of:
            return rapid_review
        rapid_review.sent_to_panel_on, rapid_review.updated_at = sent, at(sent)
        responded = add_working_days(sent, self.rng.randint(6, 16))
        if responded <= self.as_of:
            agrees = self.rng.random() < 0.85
            rapid_review.panel_response = PanelResponse.AGREE if agrees else PanelResponse.DISAGREE
            rapid_review.panel_considers_criteria_met = rapid_review.meets_cspr_criteria == agrees
            rapid_review.panel_responded_on, rapid_review.updated_at = responded, at(responded)
        return rapid_review

    def rapid_review_details(self, rapid_review: RapidReview) -> None:
        meeting = rapid_review.meeting_on
        assert meeting is not None  # noqa: S101 (only called for a held meeting)
        for agency in self.rng.sample(self.agencies, self.rng.randint(3, 6)):
            self.add(
                AgencySummary(rapid_review=rapid_review, agency=agency, summary="Fictional agency summary.")
            )
        for _ in range(self.rng.randint(1, 3)):
            done = meeting + days(self.rng.randint(1, 20))
            self.add(
                SafetyAction(
                    rapid_review=rapid_review,
                    kind=self.rng.choice(SafetyActionKind.values),
                    description="Fictional immediate safety action.",
                    owner_agency=self.rng.choices(self.agencies, self.agency_weights)[0],
                    owner_name="Duty team manager",
                    done_on=done if done <= self.as_of else None,
                )
            )
