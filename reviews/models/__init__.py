"""The domain records (DESIGN.md section 3)."""

from reviews.models.actions import Action, ActionUpdate, Recommendation
from reviews.models.annual_reports import (
    AnnualReport,
    AnnualReportLink,
    AnnualReportRender,
    GlossaryTerm,
    NationalComparator,
)
from reviews.models.children import Child
from reviews.models.contributions import (
    ChronologyEntry,
    ContributionDocument,
    ContributionEvent,
    ContributionRequest,
)
from reviews.models.external import ExternalReview
from reviews.models.holds import LegalHold
from reviews.models.impact import AssuranceActivity, Dissemination, ResourceUse
from reviews.models.incidents import Incident
from reviews.models.learning import Commendation, LearningAttendance, LearningEvent, LearningResource
from reviews.models.meetings import (
    AgendaItem,
    Meeting,
    MeetingAction,
    MeetingDecision,
    MeetingMember,
    MeetingPapers,
    MinutesAmendment,
)
from reviews.models.rapid_reviews import (
    AgencySummary,
    DecisionAmendment,
    KeyPracticeEpisode,
    PartnerAgreement,
    RapidReview,
    SafetyAction,
)
from reviews.models.referrals import Referral
from reviews.models.review_records import LifeLetter, ParallelProcess, ReviewDocument, ReviewStatusChange
from reviews.models.reviews import Review
from reviews.models.submissions import FormSubmission
from reviews.models.themes import Theme

__all__ = [
    "Action",
    "ActionUpdate",
    "AgencySummary",
    "AgendaItem",
    "AnnualReport",
    "AnnualReportLink",
    "AnnualReportRender",
    "AssuranceActivity",
    "Child",
    "ChronologyEntry",
    "Commendation",
    "ContributionDocument",
    "ContributionEvent",
    "ContributionRequest",
    "DecisionAmendment",
    "Dissemination",
    "ExternalReview",
    "FormSubmission",
    "GlossaryTerm",
    "Incident",
    "KeyPracticeEpisode",
    "LearningAttendance",
    "LearningEvent",
    "LearningResource",
    "LegalHold",
    "LifeLetter",
    "Meeting",
    "MeetingAction",
    "MeetingDecision",
    "MeetingMember",
    "MeetingPapers",
    "MinutesAmendment",
    "NationalComparator",
    "ParallelProcess",
    "PartnerAgreement",
    "RapidReview",
    "Recommendation",
    "Referral",
    "ResourceUse",
    "Review",
    "ReviewDocument",
    "ReviewStatusChange",
    "SafetyAction",
    "Theme",
]
