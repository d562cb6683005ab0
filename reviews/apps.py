from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.core import checks

        from crag import health
        from reviews import models
        from reviews.casework import integrity
        from reviews.retention.schedule import check_retention_schedule

        # The retention schedule names a period and its source for every kind of record (issue 17).
        checks.register(check_retention_schedule)

        # A database restored without its store would otherwise look healthy (issue 17).
        health.register("documents", integrity.documents_health)

        # Every create, change and delete of a case record leaves one audit entry. The version
        # edit forms check (reviews/editing/versions.py) is bookkeeping, not a change anyone made.
        VERSION = ["version"]
        auditlog.register(models.Child)
        auditlog.register(models.Incident, m2m_fields={"children", "themes"}, exclude_fields=VERSION)
        auditlog.register(models.RapidReview, m2m_fields={"themes"}, exclude_fields=VERSION)
        auditlog.register(models.AgencySummary)
        auditlog.register(models.SafetyAction)
        auditlog.register(models.DecisionAmendment)
        auditlog.register(models.Review, m2m_fields={"children", "themes"}, exclude_fields=VERSION)
        auditlog.register(models.Theme)
        auditlog.register(models.Recommendation, m2m_fields={"agencies"})
        auditlog.register(models.Action, exclude_fields=VERSION)
        auditlog.register(models.ActionUpdate)
        auditlog.register(models.AnnualReport, exclude_fields=VERSION)
        auditlog.register(models.AnnualReportRender, exclude_fields=["statistics"])
        auditlog.register(models.AnnualReportLink, exclude_fields=VERSION)
        auditlog.register(models.GlossaryTerm, exclude_fields=VERSION)
        auditlog.register(models.NationalComparator, exclude_fields=VERSION)
        auditlog.register(models.ParallelProcess)
        auditlog.register(models.LifeLetter)
        auditlog.register(models.ReviewDocument, exclude_fields=["text"])
        auditlog.register(models.ReviewStatusChange)
        auditlog.register(models.LearningEvent, m2m_fields={"themes", "reviews"}, exclude_fields=VERSION)
        auditlog.register(models.LearningAttendance)
        auditlog.register(
            models.LearningResource, m2m_fields={"reviews", "recommendations"}, exclude_fields=VERSION
        )
        auditlog.register(models.Commendation)
        auditlog.register(models.LegalHold)
        auditlog.register(models.ContributionRequest, exclude_fields=VERSION)
        auditlog.register(models.ContributionEvent)
        auditlog.register(models.ContributionDocument)
        auditlog.register(models.ChronologyEntry, exclude_fields=VERSION)
        auditlog.register(models.KeyPracticeEpisode, m2m_fields={"agencies"})
        auditlog.register(models.PartnerAgreement)
        auditlog.register(models.Referral, m2m_fields={"children"}, exclude_fields=VERSION)
        auditlog.register(models.Meeting, exclude_fields=VERSION)
        auditlog.register(models.MeetingMember)
        auditlog.register(models.AgendaItem, exclude_fields=VERSION)
        auditlog.register(models.MeetingDecision)
        auditlog.register(models.MeetingAction, exclude_fields=VERSION)
        auditlog.register(models.MinutesAmendment)
        auditlog.register(models.MeetingPapers)
        auditlog.register(models.Dissemination)
        auditlog.register(models.ResourceUse, exclude_fields=VERSION)
        auditlog.register(
            models.AssuranceActivity,
            m2m_fields={"agencies", "recommendations", "themes"},
            exclude_fields=VERSION,
        )
        auditlog.register(models.ExternalReview, m2m_fields={"themes"}, exclude_fields=VERSION)
