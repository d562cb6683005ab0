"""The domain records (DESIGN.md section 3)."""

from reviews.models.actions import Action, ActionUpdate, Recommendation
from reviews.models.annual_reports import AnnualReport
from reviews.models.children import Child
from reviews.models.incidents import Incident
from reviews.models.rapid_reviews import AgencySummary, DecisionAmendment, RapidReview, SafetyAction
from reviews.models.reviews import Review
from reviews.models.themes import Theme

__all__ = [
    "Action",
    "ActionUpdate",
    "AgencySummary",
    "AnnualReport",
    "Child",
    "DecisionAmendment",
    "Incident",
    "RapidReview",
    "Recommendation",
    "Review",
    "SafetyAction",
    "Theme",
]
