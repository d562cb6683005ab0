"""The learning events of a year of load data."""

from demo.load.plan import PREFIX, YearPlan, at
from demo.load.rows import YearRows
from reviews.choices import LearningEventKind
from reviews.models import LearningAttendance, LearningEvent


class LearningRows(YearRows):
    """Learning events with their attendance, themes and the published reviews they draw on."""

    # Learning.
    def learning_events(self, plan: YearPlan) -> None:
        kinds = ((LearningEventKind.LEARNING_EVENT, 4), (LearningEventKind.WORKSHOP, 3),
                 (LearningEventKind.CONFERENCE, 1), (LearningEventKind.BRIEFING, 4))  # fmt: skip
        for n in range(1, plan.counts["learning_events"] + 1):
            held = self.day_between(plan.start, plan.end)
            kind = self.pick(kinds)
            event = LearningEvent(
                ref=f"{PREFIX}event-{plan.year}-{n:04d}",
                kind=kind,
                title=f"Fictional {kind.replace('_', ' ')} {plan.year}-{n:03d}",
                held_on=held,
                feedback="Fictional feedback: practitioners found the case study useful.",
                created_at=at(held),
            )
            total = 0
            for agency in self.rng.sample(self.agencies, self.rng.randint(2, 8)):
                count = self.rng.randint(1, 25)
                total += count
                self.add(LearningAttendance(event=event, agency=agency, count=count))
            event.attendees = total
            self.add(event)
            for theme in self.rng.sample(self.themes, self.rng.randint(1, 3)):
                self.add(LearningEvent.themes.through(learningevent=event, theme=theme))
            published = [r for r in self.published[-30:] if r.published_on and r.published_on <= held]
            for review in self.rng.sample(published, min(len(published), self.rng.randint(0, 2))):
                self.add(LearningEvent.reviews.through(learningevent=event, review=review))
