"""The recommendations and action plans of a year of load data."""

from datetime import date

from crag.models import Agency
from demo.load.plan import YearPlan, at, days
from demo.load.rows import YearRows
from reviews.choices import ActionStatus, Rag, ReviewStatus
from reviews.models import Action, ActionUpdate, Recommendation, Review

PRIORITIES = ("Exploitation", "Neglect", "Domestic abuse", "Mental health", "Information sharing")
# How often an action that fell due this long ago is still open (days past due, share open).
OPEN_WHEN_PAST_DUE = ((365, 0.02), (60, 0.12), (0, 0.4))


class ActionRows(YearRows):
    """Recommendations, their actions and the actions' progress updates."""

    # Recommendations, actions and their progress.
    def action_plans(self, plan: YearPlan, reviews: list[Review]) -> None:
        drafting = (ReviewStatus.SCOPING, ReviewStatus.COMMISSIONED)
        eligible = [r for r in reviews if r.status not in drafting] or reviews
        recommendations = []
        for review, count in self.spread(plan.counts["recommendations"], eligible):
            for number in range(1, count + 1):
                recommendations.append(self.recommendation(review, number))
        actions = [
            self.action(recommendation, agencies, number)
            for (recommendation, agencies), count in self.spread(plan.counts["actions"], recommendations)
            for number in range(1, count + 1)
        ]
        for action, count in self.spread(plan.counts["action_updates"], actions):
            self.action_updates(action, count)

    def recommendation(self, review: Review, number: int) -> tuple[Recommendation, list[Agency]]:
        recommendation = Recommendation(
            ref=f"{review.ref}-rec-{number:02d}",
            review=review,
            number=number,
            text=f"Fictional recommendation {number}: agencies share what they know about the child sooner.",
            priority=self.rng.choice(PRIORITIES),
        )
        self.add(recommendation)
        agencies: list[Agency] = []
        wanted = self.rng.randint(1, 3)
        while len(agencies) < wanted:
            agency = self.rng.choices(self.agencies, self.agency_weights)[0]
            if agency not in agencies:
                agencies.append(agency)
                self.add(Recommendation.agencies.through(recommendation=recommendation, agency=agency))
        return recommendation, agencies

    def action(self, recommendation: Recommendation, agencies: list[Agency], number: int) -> Action:
        review = recommendation.review
        if review is None:  # the load data's recommendations are all of local reviews
            raise ValueError(recommendation)
        start = min(review.signed_off_on or review.decision_on + days(90), self.as_of)
        due = start + days(self.rng.randint(30, 540))
        action = Action(
            ref=f"{recommendation.ref}-act-{number:02d}",
            recommendation=recommendation,
            description="Fictional action: update the procedure and brief every practitioner on it.",
            owner_agency=self.rng.choice(agencies),
            owner_name=self.rng.choice(("Designated safeguarding lead", "Head of service", "Named nurse")),
            due_on=due,
            created_at=at(start),
            updated_at=at(start),
        )
        self.action_status(action, start)
        self.add(action)
        return action

    def action_status(self, action: Action, start: date) -> None:
        """Mostly done once due, some still open (overdue ones fewer as they age); RAG on most."""
        past_due = (self.as_of - action.due_on).days
        open_share = (
            0.8 if past_due < 0 else next(share for limit, share in OPEN_WHEN_PAST_DUE if past_due >= limit)
        )
        if self.rng.random() < open_share:
            started = self.rng.random() < (0.75 if past_due >= 0 else 0.6)
            action.status = ActionStatus.IN_PROGRESS if started else ActionStatus.NOT_STARTED
            if self.rng.random() < 0.85:
                overdue = past_due > 0
                action.rag = self.pick(
                    ((Rag.RED, 6), (Rag.AMBER, 4)) if overdue else ((Rag.AMBER, 4), (Rag.GREEN, 6))
                )
            return
        done = self.day_between(start, min(action.due_on + days(60), self.as_of))
        action.completed_on, action.updated_at = done, at(done)
        action.evidence = "Fictional evidence of impact: audit of twenty cases shows the change in practice."
        closed = done + days(90) < self.as_of and self.rng.random() < 0.7
        action.status = ActionStatus.CLOSED if closed else ActionStatus.COMPLETE
        if self.rng.random() < 0.9:
            action.rag, action.rag_comment = Rag.GREEN, "Fictional: evidence seen by the Business Group."

    def action_updates(self, action: Action, count: int) -> None:
        start = action.created_at.date()
        last = action.completed_on or self.as_of
        author = self.leads.get(action.owner_agency.pk)
        for _ in range(count):
            written = self.day_between(start, max(start, last))
            self.add(
                ActionUpdate(
                    action=action,
                    author=author or self.rng.choice(self.writers),
                    written_at=at(written, self.rng.randint(8, 17)),
                    text="Fictional progress: the new procedure is drafted and out for consultation.",
                )
            )
