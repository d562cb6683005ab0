"""Enumerated values of the domain: the slugs are the contract of DESIGN.md section 4."""

from typing import ClassVar

from django.db import models


class Gender(models.TextChoices):
    """The national statistics' categories."""

    FEMALE = "female", "Female"
    MALE = "male", "Male"
    TRANSGENDER = "transgender", "Transgender"
    NOT_KNOWN = "not_known", "Not known"


class PlanStatus(models.TextChoices):
    CURRENT = "current", "Current"
    PREVIOUS = "previous", "Previous"
    NEVER = "never", "Never"
    UNKNOWN = "unknown", "Not known"


class IncidentKind(models.TextChoices):
    DEATH = "death", "Death"
    SERIOUS_HARM = "serious_harm", "Serious harm"
    LOOKED_AFTER_DEATH = "looked_after_death", "Death of a looked-after child"
    CARE_LEAVER_DEATH = "care_leaver_death", "Death of a care leaver (under 25)"
    OTHER = "other", "Other"


class IncidentLocation(models.TextChoices):
    IN_AREA = "in_area", "In the partnership's area"
    OUTSIDE_ENGLAND = "outside_england", "Resident here but harmed outside England"


class PanelResponse(models.TextChoices):
    AGREE = "agree", "Agrees"
    DISAGREE = "disagree", "Disagrees"
    PENDING = "pending", "Awaiting response"


class RapidReviewOutcome(models.TextChoices):
    CSPR = "cspr", "Child Safeguarding Practice Review"
    LOCAL_REVIEW = "local_review", "Local review"
    NO_FURTHER_REVIEW = "no_further_review", "No further review"
    NATIONAL_REVIEW_CASE_STUDY = "national_review_case_study", "Case study for a national review"


class ReviewKind(models.TextChoices):
    SCR = "scr", "Serious case review"
    CSPR = "cspr", "Child Safeguarding Practice Review"
    LOCAL = "local", "Local review"
    PARTNERSHIP_LEARNING = "partnership_learning", "Partnership learning review"
    NATIONAL_CONTRIBUTION = "national_contribution", "Contribution to a national review"


class ReviewStatus(models.TextChoices):
    SCOPING = "scoping", "Scoping"
    COMMISSIONED = "commissioned", "Commissioned"
    IN_PROGRESS = "in_progress", "In progress"
    PAUSED = "paused", "Paused"
    COMPLETED_AS_FAR_AS_POSSIBLE = "completed_as_far_as_possible", "Completed as far as possible"
    SIGNED_OFF = "signed_off", "Signed off"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"


class NonPublicationReason(models.TextChoices):
    """Why a signed-off review is closed without publishing its report: the kinds Working Together
    allows (the justification is sent to the Panel and the Secretary of State)."""

    NOT_IN_CHILDS_INTEREST = "not_in_childs_interest", "Publication is not in the child's interest"
    PUBLISH_SUMMARY_ONLY = "publish_summary_only", "Only a summary of the report is published"
    OTHER = "other", "Another reason"


class SafetyActionKind(models.TextChoices):
    RISK_ASSESSMENT = "risk_assessment", "Risk assessment"
    GENOGRAM = "genogram", "Genogram"
    SAFETY_UPDATE = "safety_update", "Update on the child's safety"
    OTHER = "other", "Other"


class ActionStatus(models.TextChoices):
    """An action's progress: open (not started, in progress) until it is done (complete, closed)."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    CLOSED = "closed", "Closed"

    # Declared without a value, so not members; set below, once the members exist.
    OPEN: ClassVar[tuple["ActionStatus", ...]]
    DONE: ClassVar[tuple["ActionStatus", ...]]


ActionStatus.OPEN = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
ActionStatus.DONE = (ActionStatus.COMPLETE, ActionStatus.CLOSED)


class Rag(models.TextChoices):
    """The Business Group's rating of an action's progress."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class ParallelProcessKind(models.TextChoices):
    """Processes running alongside a review that may pause it (DESIGN.md section 4)."""

    CRIMINAL_INVESTIGATION_OR_TRIAL = "criminal_investigation_or_trial", "Criminal investigation or trial"
    INQUEST = "inquest", "Inquest"
    DOMESTIC_ABUSE_RELATED_DEATH_REVIEW = (
        "domestic_abuse_related_death_review",
        "Domestic abuse related death review",
    )
    SAFEGUARDING_ADULTS_REVIEW = "safeguarding_adults_review", "Safeguarding adults review"
    CHILD_DEATH_REVIEW = "child_death_review", "Child death review"
    FAMILY_COURT = "family_court", "Family court proceedings"
    DISCIPLINARY = "disciplinary", "Disciplinary process"
    OTHER = "other", "Other"


class Engagement(models.TextChoices):
    """How far the family, or the practitioners, have taken part in the review."""

    NOT_STARTED = "not_started", "Not started"
    INVITED = "invited", "Invited"
    TAKING_PART = "taking_part", "Taking part"
    CONTRIBUTED = "contributed", "Contributed"
    DECLINED = "declined", "Declined"
    NOT_APPROPRIATE = "not_appropriate", "Not appropriate"


class LifeLetterStage(models.TextChoices):
    DRAFTING = "drafting", "Drafting"
    APPROVED = "approved", "Approved"
    GIVEN = "given", "Given to the child"
    SAVED_ON_FILE = "saved_on_file", "Saved on file"


class DocumentKind(models.TextChoices):
    TERMS_OF_REFERENCE = "terms_of_reference", "Terms of reference"
    DRAFT = "draft", "Draft report"
    FINAL_REPORT = "final_report", "Final report"
    MINUTES = "minutes", "Minutes"
    OTHER = "other", "Other"


class LearningEventKind(models.TextChoices):
    LEARNING_EVENT = "learning_event", "Learning event"
    WORKSHOP = "workshop", "Workshop"
    CONFERENCE = "conference", "Conference"
    BRIEFING = "briefing", "Briefing"


class LearningResourceKind(models.TextChoices):
    POSTER = "poster", "Poster"
    BRIEFING = "briefing", "Briefing"
    SEVEN_MINUTE_GUIDE = "seven_minute_guide", "7-minute guide"
    OTHER = "other", "Other"


class ContributionKind(models.TextChoices):
    """What an agency is asked for (DESIGN.md section 7)."""

    AGENCY_SUMMARY = "agency_summary", "Agency summary"
    CHRONOLOGY = "chronology", "Chronology"
    AGENCY_REPORT = "agency_report", "Agency report"
    OTHER = "other", "Other"


class ContributionStatus(models.TextChoices):
    """Where an agency's return stands. The agency owes it while requested or returned (the
    `contribution_due` clock runs); submitted waits for CRAG; accepted is done."""

    REQUESTED = "requested", "Requested"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for more"
    ACCEPTED = "accepted", "Accepted"

    # The statuses in which the agency may still write its return (and its chronology rows).
    OPEN: ClassVar[tuple["ContributionStatus", ...]]


ContributionStatus.OPEN = (ContributionStatus.REQUESTED, ContributionStatus.RETURNED)


class ContributionEventKind(models.TextChoices):
    REQUESTED = "requested", "Requested"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for more"
    ACCEPTED = "accepted", "Accepted"
    DUE_CHANGED = "due_changed", "Due date changed"


class DatePrecision(models.TextChoices):
    """How exactly a chronology entry's date is known."""

    EXACT = "exact", "Exact"
    MONTH = "month", "Month only"
    APPROXIMATE = "approximate", "Approximate"


class AbuseSuspected(models.TextChoices):
    """The referrer's view: is abuse or neglect known or suspected?"""

    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SURE = "not_sure", "Not sure"


class ScreeningDecision(models.TextChoices):
    """CRAG's screening of a referral (DESIGN.md section 7)."""

    NOTIFY = "notify", "Notifiable: notify the Panel"
    LOCAL_LEARNING = "local_learning", "Not notifiable: local learning review"
    SINGLE_AGENCY = "single_agency", "Not notifiable: single-agency learning"
    NO_FURTHER_ACTION = "no_further_action", "Not notifiable: no further action"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Attendance(models.TextChoices):
    INVITED = "invited", "Invited"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent"


class AgendaItemKind(models.TextChoices):
    """What an agenda item is about: drafted from what is due, or added by hand."""

    REFERRAL = "referral", "Referral awaiting screening"
    RAPID_REVIEW_DECISION = "rapid_review_decision", "Rapid Review decision due"
    PROGRESS_CHECK = "progress_check", "Review due a progress check"
    PAST_TARGET = "past_target", "Review past its target date"
    PUBLICATION = "publication", "Publication decision"
    OVERDUE_ACTIONS = "overdue_actions", "Overdue actions"
    MINUTES = "minutes", "Minutes of the last meeting"
    OTHER = "other", "Other business"


class MeetingDecisionKind(models.TextChoices):
    """A decision minuted at a meeting, and the record it is written on."""

    SCREENING = "screening", "Referral screened"
    RAPID_REVIEW_DECISION = "rapid_review_decision", "Rapid Review decision"
    REVIEW_TRANSITION = "review_transition", "Review moved on"
    PROGRESS_CHECKED = "progress_checked", "Review's progress checked"
    OTHER = "other", "Other decision"


class ResourceUseKind(models.TextChoices):
    """How an agency used a learning resource it was sent (issue 20)."""

    TEAM_MEETING = "team_meeting", "Discussed in team meetings"
    TRAINING = "training", "Used in training"
    SUPERVISION = "supervision", "Used in supervision"
    POLICY_CHANGED = "policy_changed", "Policy or procedure changed"
    AUDIT = "audit", "Single-agency audit"
    OTHER = "other", "Other"


class AssuranceKind(models.TextChoices):
    """Activity that tests whether practice changed after a review (issue 20)."""

    MULTI_AGENCY_AUDIT = "multi_agency_audit", "Multi-agency audit"
    SINGLE_AGENCY_AUDIT = "single_agency_audit", "Single-agency audit"
    SURVEY = "survey", "Practitioner survey"
    FOCUS_GROUP = "focus_group", "Practitioner focus group"
    OTHER = "other", "Other"


class PracticeChange(models.TextChoices):
    """What an assurance activity found: did practice change?"""

    CHANGED = "changed", "Practice changed"
    PARTLY = "partly", "Practice partly changed"
    NOT_CHANGED = "not_changed", "Practice has not changed"


class ExternalReviewSource(models.TextChoices):
    """Where a review from outside the partnership came from (issue 20)."""

    NATIONAL_REVIEW = "national_review", "National review (Child Safeguarding Practice Review Panel)"
    THEMATIC = "thematic", "Thematic report (Child Safeguarding Practice Review Panel)"
    DHR = "dhr", "Domestic abuse related death review"
    SAR = "sar", "Safeguarding adults review"
    OTHER_PARTNERSHIP = "other_partnership", "Another partnership's review"
