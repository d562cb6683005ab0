"""Fictional reviews for `manage.py seed_demo` that show the whole lifecycle: one being written by
its independent reviewer, one paused for an inquest and past its six-month target, one signed
off, published, with its life letter given; and an annual report for the last full year."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from crag.models import Agency, User
from demo import documents as demo_documents
from demo import people as demo_people
from reviews.actions import services as action_plans
from reviews.annual_report import content
from reviews.casework import documents, lifecycle
from reviews.casework import record as review_record
from reviews.choices import DocumentKind, ReviewStatus
from reviews.clocks import calendar_overrides, subtract_working_days
from reviews.incidents import rapid_reviews, services
from reviews.models import AnnualReport, Child, Review, Theme


def _upload(chair: User, review: Review, kind: str, name: str, title: str, text: list[str]) -> None:
    pdf = demo_documents.fictional_pdf(title, [("p", line) for line in text])
    upload = SimpleUploadedFile(name, pdf, content_type="application/pdf")
    documents.document_upload(actor=chair, review=review, kind=kind, upload=upload)


def _review_from_incident(
    chair: User, *, child: Child, aware: date, decision: date, slugs: list[str], kind: str = "death"
) -> Review:
    """An incident notified on time, its Rapid Review decided and signed off, and the review."""
    themes = list(Theme.objects.filter(slug__in=slugs))
    incident = services.incident_create(
        actor=chair,
        kind=kind,
        incident_date=aware - timedelta(days=2),
        aware_date=aware,
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[child],
        themes=themes,
        summary="Fictional summary for the demonstration.",
    )
    notified = aware + timedelta(days=3)
    services.incident_record_notifications(
        actor=chair,
        incident=incident,
        dates={"panel_notified_on": notified, "partnership_informed_on": notified},
        national_reference=f"DEMO-{child.pseudonym[-1]}",
    )
    rapid_review = rapid_reviews.rapid_review_open(actor=chair, incident=incident)
    rapid_reviews.rapid_review_update(
        actor=chair,
        rapid_review=rapid_review,
        fields={
            "meeting_on": notified + timedelta(days=7),
            "meets_cspr_criteria": True,
            "complex_or_national_importance": False,
            "decision_reasons": "Fictional: serious harm, abuse suspected; learning for several agencies.",
        },
    )
    demo_people.agree_as_partners(rapid_review)
    rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=rapid_review)
    rapid_reviews.rapid_review_update(
        actor=chair,
        rapid_review=rapid_review,
        fields={
            "sent_to_panel_on": notified + timedelta(days=14),
            "panel_response": "agree",
            "panel_considers_criteria_met": True,
            "panel_responded_on": decision,
            "outcome": "cspr",
        },
    )
    return rapid_reviews.review_create_from_outcome(
        actor=chair, rapid_review=rapid_review, decision_on=decision
    )


def _commission(chair: User, review: Review, reviewer: User, on: date, cost: str | None = None) -> Review:
    review_record.review_assign_reviewer(actor=chair, review=review, reviewer=reviewer)
    review_record.review_update_record(
        actor=chair,
        review=review,
        title=review.title,
        cost_gbp=Decimal(cost) if cost else None,
        terms_of_reference="Fictional: how agencies shared information in the year before the incident.",
        methodology="Fictional: a systems approach, with a practitioner learning event.",
        family_engagement="invited",
        practitioner_engagement="taking_part",
        practitioner_engagement_notes="Fictional: two practitioner sessions held.",
    )
    lifecycle.review_move(actor=chair, review=review, to=ReviewStatus.COMMISSIONED, on=on)
    return lifecycle.review_move(actor=chair, review=review, to=ReviewStatus.IN_PROGRESS, on=on)


def seed(*, today: date, chair: User, current: Review) -> None:
    """Add the reviews' stories (called once, by demo.records.seed)."""
    reviewer = User.objects.get(email="reviewer@crag.example")
    # The CSPR opened from Child C's Rapid Review: commissioned, being written.
    _commission(chair, current, reviewer, on=subtract_working_days(today, 2, calendar_overrides()))
    review_record.life_letter_record(
        actor=chair, review=current, child=current.children.get(), stage="drafting", notes="Fictional."
    )
    # Child F: decided eight months ago, paused for an inquest: past its six-month target.
    child_f = services.child_create(
        actor=chair, pseudonym="Child F", legal_name="Demo Child Foxtrot", gender="male",
        date_of_birth=today.replace(year=today.year - 2) - timedelta(days=100), deceased=True,
        date_of_death=today - timedelta(days=260),
    )  # fmt: skip
    paused = _review_from_incident(
        chair,
        child=child_f,
        aware=today - timedelta(days=258),
        decision=today - timedelta(days=240),
        slugs=["sudden_unexpected_death_in_infancy", "parental_substance_misuse"],
    )
    paused = _commission(chair, paused, reviewer, on=today - timedelta(days=230), cost="9800.00")
    lifecycle.review_pause(
        actor=chair,
        review=paused,
        kind="inquest",
        started_on=today - timedelta(days=150),
        note="Fictional: the coroner asked that practitioners are not interviewed before the inquest.",
        blocks_practitioner_interviews=True,
        blocks_publication=True,
    )
    # Child G: decided fourteen months ago, signed off, published with its notices, letter given.
    child_g = services.child_create(
        actor=chair, pseudonym="Child G", legal_name="Demo Child Golf", gender="female",
        date_of_birth=today.replace(year=today.year - 7) - timedelta(days=30),
    )  # fmt: skip
    done = _review_from_incident(
        chair,
        child=child_g,
        aware=today - timedelta(days=440),
        decision=today - timedelta(days=420),
        slugs=["neglect", "education"],
        kind="serious_harm",
    )
    done = _commission(chair, done, reviewer, on=today - timedelta(days=410), cost="14500.00")
    _upload(
        chair,
        done,
        DocumentKind.FINAL_REPORT,
        "final-report-child-g.pdf",
        "Child G: final report",
        ["Fictional final report for the demonstration. It describes no real child or family."],
    )
    lifecycle.review_move(
        actor=chair, review=done, to=ReviewStatus.SIGNED_OFF, on=today - timedelta(days=250)
    )
    health = Agency.objects.get(name="Wessex University Hospitals NHS Foundation Trust")
    recommendation = action_plans.recommendation_create(
        actor=chair,
        review=done,
        agencies=[health],
        text="Fictional: school nurses share concerns about missed health appointments with the GP.",
    )
    action_plans.action_create(
        actor=chair,
        recommendation=recommendation,
        owner_agency=health,
        description="Fictional: add missed appointments to the school nurse's checklist.",
        due_on=today + timedelta(days=60),
    )
    notices = today - timedelta(days=80)
    action_plans.review_record_publication(
        actor=chair,
        review=done,
        planned_publication_on=today - timedelta(days=68),
        panel_notice_on=notices,
        secretary_of_state_notice_on=notices,
        ofsted_notice_on=notices,
        published_on=today - timedelta(days=68),
        publication_url="https://example.org/fictional/child-g",
    )
    review_record.life_letter_record(
        actor=chair,
        review=done,
        child=child_g,
        stage="saved_on_file",
        approved_on=today - timedelta(days=90),
        given_on=today - timedelta(days=60),
        saved_on_file_on=today - timedelta(days=59),
    )
    _annual_report(today, chair)


# Appendix B's national reviews of the demo year (fictional, on example.org).
NATIONAL_REVIEWS = (
    (
        "Fictional: national review of harm to babies under one, and what helps families in the first year",
        "https://example.org/fictional/national-review-babies",
    ),
    (
        "Fictional: the Panel's annual report on the Rapid Reviews of the year",
        "https://example.org/fictional/panel-annual-report",
    ),
)


def _annual_report(today: date, chair: User) -> None:
    """The report of the last reporting year that has ended, with its narrative begun, Appendix B
    (the current guidance and the year's national reviews) and its glossary filled."""
    year = today.year - 1 if today.month >= 4 else today.year - 2
    report, _ = content.report_start(actor=chair, year=year)
    for title, url in NATIONAL_REVIEWS:
        if not report.links.filter(url=url).exists():
            content.link_create(actor=chair, report=report, kind="national_review", title=title, url=url)
    content.glossary_fill(actor=chair, report=report)
    AnnualReport.objects.update_or_create(
        year=year,
        defaults={
            "title": f"Case Review and Governance subgroup: annual report {year}/{str(year + 1)[-2:]}",
            "report_date": date(year + 1, 6, 30),
            "lead_officer": "Fictional Lead Officer, Wessex Safeguarding Children Partnership",
            "contact": "crag@example.org",
            "introduction": "Fictional: this report sets out the work of the subgroup over the year: the "
            "incidents it considered, the reviews it commissioned and published, and what partners "
            "learned and changed as a result.",
            "local_context": "Fictional: Wessex is a county of about 180,000 children.",
            "reviews_narrative": "Fictional: as in the national picture, the children most at risk were "
            "babies and teenagers. Our reviews of babies found the same pattern the Panel describes: "
            "injuries where fathers and male carers were not known to services. Our reviews of "
            "teenagers found young people who had harmed themselves, and who had told a trusted adult "
            "before. Fewer reviews met the criteria for a full review than last year.",
            "conclusion": "Fictional: the board is asked to note the report and to support the subgroup's "
            "priorities for the coming year.",
        },
    )
