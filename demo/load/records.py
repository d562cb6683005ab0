"""A year of load data: every builder's rows, in the order they are inserted (parents first)."""

from typing import Any

from django.db import models

from demo.load.actions import ActionRows
from demo.load.incidents import IncidentRows
from demo.load.learning import LearningRows
from demo.load.plan import YearPlan
from demo.load.reviews import ReviewRows
from reviews.models import (
    Action,
    ActionUpdate,
    AgencySummary,
    Child,
    Commendation,
    Incident,
    LearningAttendance,
    LearningEvent,
    LifeLetter,
    ParallelProcess,
    RapidReview,
    Recommendation,
    Review,
    SafetyAction,
)

ORDER: tuple[type[models.Model], ...] = (
    Child, Incident, Incident.children.through, Incident.themes.through,
    RapidReview, RapidReview.themes.through, AgencySummary, SafetyAction,
    Review, Review.children.through, Review.themes.through, ParallelProcess, LifeLetter, Commendation,
    Recommendation, Recommendation.agencies.through, Action, ActionUpdate,
    LearningEvent, LearningAttendance, LearningEvent.themes.through, LearningEvent.reviews.through,
)  # fmt: skip


class Records(IncidentRows, ReviewRows, ActionRows, LearningRows):
    """Builds each year's rows in memory, linked as objects, from one seeded random generator."""

    def year(self, plan: YearPlan) -> dict[type[models.Model], list[Any]]:
        self.batch = {model: [] for model in ORDER}
        self.children_of, self.themes_of = {}, {}
        incidents = self.incidents(plan)
        rapid_reviews = self.rapid_reviews(plan, incidents)
        reviews = self.reviews(plan, rapid_reviews, incidents)
        self.action_plans(plan, reviews)
        self.learning_events(plan)
        return self.batch
