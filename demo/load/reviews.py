"""The reviews of a year of load data."""

from datetime import date
from decimal import Decimal

from demo.load.plan import PREFIX, YearPlan, at, days
from demo.load.rows import YearRows
from reviews.choices import (
    Engagement,
    LifeLetterStage,
    ParallelProcessKind,
    RapidReviewOutcome,
    ReviewKind,
    ReviewStatus,
)
from reviews.clocks import add_calendar_months
from reviews.models import (
    Child,
    Commendation,
    Incident,
    LifeLetter,
    ParallelProcess,
    RapidReview,
    Review,
    Theme,
)


class ReviewRows(YearRows):
    """Case and learning reviews, with their progress, parallel processes, life letters and commendations."""

    # Reviews.
    def reviews(
        self, plan: YearPlan, rapid_reviews: list[RapidReview], incidents: list[Incident]
    ) -> list[Review]:
        signed = [r for r in rapid_reviews if r.signed_off_at is not None]
        wanted = plan.counts["reviews"]
        from_rapid = self.rng.sample(
            signed, min(plan.counts["reviews_from_rapid_reviews"], len(signed), wanted)
        )
        made = []
        for n, rapid_review in enumerate(sorted(from_rapid, key=lambda r: r.incident.aware_date), start=1):
            cspr = self.rng.random() < 0.7
            rapid_review.outcome = RapidReviewOutcome.CSPR if cspr else RapidReviewOutcome.LOCAL_REVIEW
            rapid_review.meets_cspr_criteria = cspr
            done = rapid_review.panel_responded_on or rapid_review.sent_to_panel_on or rapid_review.meeting_on
            assert done is not None  # noqa: S101 (a signed-off Rapid Review has met)
            decided = min(done + days(self.rng.randint(0, 10)), self.as_of)
            kind = ReviewKind.LOCAL
            if cspr:
                kind = ReviewKind.SCR if decided < date(2018, 6, 29) else ReviewKind.CSPR
            incident = rapid_review.incident
            children = self.children_of[incident.reference]
            made.append(
                self.review(
                    plan, n, kind, decided, rapid_review, children, self.themes_of[incident.reference]
                )
            )
        for n in range(len(made) + 1, wanted + 1):
            kind = self.pick(((ReviewKind.PARTNERSHIP_LEARNING, 7), (ReviewKind.NATIONAL_CONTRIBUTION, 3)))
            source = self.rng.choice(incidents) if incidents else None
            children = self.children_of[source.reference][:1] if source else []
            themes = self.rng.sample(self.themes, 2)
            made.append(
                self.review(plan, n, kind, self.day_between(plan.start, plan.end), None, children, themes)
            )
        return made

    def review(self, plan: YearPlan, n: int, kind: str, decided: date, rapid_review: RapidReview | None,
               children: list[Child], themes: list[Theme]) -> Review:  # fmt: skip
        review = Review(
            ref=f"{PREFIX}rev-{plan.year}-{n:03d}",
            kind=kind,
            title=children[0].pseudonym if children else f"Learning review {plan.year}-{n:03d}",
            rapid_review=rapid_review,
            decision_on=decided,
            terms_of_reference="Fictional terms of reference.",
            created_at=at(decided),
        )
        self.review_progress(review)
        self.add(review)
        for child in children:
            self.add(Review.children.through(review=review, child=child))
        for theme in themes:
            self.add(Review.themes.through(review=review, theme=theme))
        self.review_records(review, children)
        return review

    def review_progress(self, review: Review) -> None:
        """Status and dates by age: decision <= commissioning <= sign-off <= publication <= as_of."""
        decided, age = review.decision_on, (self.as_of - review.decision_on).days
        review.status, review.updated_at = ReviewStatus.SCOPING, at(decided)
        if age < 25:
            return
        review.status, review.reviewer = ReviewStatus.COMMISSIONED, self.rng.choice(self.reviewers)
        review.commissioned_on = decided + days(self.rng.randint(5, 24))
        review.cost_gbp = Decimal(self.rng.randrange(3_000, 30_000, 250))
        review.family_engagement = review.practitioner_engagement = Engagement.INVITED
        if age < 50:
            return
        review.family_engagement = self.rng.choice(
            (Engagement.CONTRIBUTED, Engagement.DECLINED, Engagement.TAKING_PART)
        )
        review.practitioner_engagement = Engagement.CONTRIBUTED
        signed = decided + days(self.rng.randint(120, 300))
        if signed > self.as_of:
            review.status = self.pick(
                (
                    (ReviewStatus.IN_PROGRESS, 83),
                    (ReviewStatus.PAUSED, 12),
                    (ReviewStatus.COMPLETED_AS_FAR_AS_POSSIBLE, 5),
                )
            )
            self.delay(review, None)
            return
        review.status, review.signed_off_on, review.signed_off_by = (
            ReviewStatus.SIGNED_OFF,
            signed,
            self.chair,
        )
        review.updated_at = at(signed)
        published = signed + days(self.rng.randint(20, 100))
        if review.kind == ReviewKind.NATIONAL_CONTRIBUTION or self.rng.random() < 0.1:
            if signed + days(365) < self.as_of:
                review.status = ReviewStatus.CLOSED
            return
        review.planned_publication_on = published
        notice = max(signed, published - days(self.rng.randint(11, 20)))
        if notice <= self.as_of:
            review.panel_notice_on = review.secretary_of_state_notice_on = review.ofsted_notice_on = notice
        self.delay(review, published)
        if published > self.as_of:
            return
        review.status, review.published_on = ReviewStatus.PUBLISHED, published
        review.publication_url = f"https://example.org/load-reviews/{review.ref}"
        review.updated_at = at(published)
        self.published.append(review)
        if published + days(365 + self.rng.randint(0, 120)) < self.as_of:
            review.status = ReviewStatus.CLOSED

    def delay(self, review: Review, published: date | None) -> None:
        """A CSPR past its 6 months records why, and tells the Panel (Working Together)."""
        target = add_calendar_months(review.decision_on, 6)
        if review.kind == ReviewKind.CSPR and (published or self.as_of) > target:
            review.delay_reason = "Fictional: the criminal trial held up practitioner interviews."
            sent = target + days(self.rng.randint(0, 10))
            review.delay_reason_sent_on = sent if sent <= self.as_of else None

    def review_records(self, review: Review, children: list[Child]) -> None:
        """Parallel processes (an active one for a paused review), life letters, commendations."""
        held_up = review.status in (ReviewStatus.PAUSED, ReviewStatus.COMPLETED_AS_FAR_AS_POSSIBLE)
        for index in range(self.rng.choice((0, 0, 1, 1, 2)) + held_up):
            started = min(review.decision_on + days(self.rng.randint(-30, 60)), self.as_of)
            ended = started + days(self.rng.randint(60, 500))
            self.add(
                ParallelProcess(
                    review=review,
                    kind=self.rng.choice(ParallelProcessKind.values),
                    started_on=started,
                    ended_on=None if (held_up and index == 0) or ended > self.as_of else ended,
                    blocks_family_contact=self.rng.random() < 0.5,
                    blocks_practitioner_interviews=self.rng.random() < 0.3,
                    blocks_publication=held_up or self.rng.random() < 0.3,
                    notes="Fictional parallel process.",
                )
            )
        if review.signed_off_on is not None and self.rng.random() < 0.5:
            for child in children:
                self.add(self.life_letter(review, child, review.signed_off_on))
        if review.published_on is not None and self.rng.random() < 0.3:
            agency = self.rng.choices(self.agencies, self.agency_weights)[0]
            self.add(
                Commendation(
                    who="Fictional health visiting team",
                    agency=agency,
                    what="Fictional good practice.",
                    commended_on=review.published_on,
                    review=review,
                    created_at=at(review.published_on),
                )
            )

    def life_letter(self, review: Review, child: Child, signed: date) -> LifeLetter:
        letter = LifeLetter(review=review, child=child, stage=LifeLetterStage.DRAFTING)
        steps = (("approved_on", LifeLetterStage.APPROVED), ("given_on", LifeLetterStage.GIVEN),
                 ("saved_on_file_on", LifeLetterStage.SAVED_ON_FILE))  # fmt: skip
        day = signed
        for attribute, stage in steps:
            day += days(self.rng.randint(10, 60))
            if day > self.as_of:
                break
            setattr(letter, attribute, day)
            letter.stage = stage
        return letter
