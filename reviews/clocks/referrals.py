"""The screening of a referral (issue 19): CRAG decides whether a referred case is notifiable
within CRAG_REFERRAL_SCREENING_WORKING_DAYS of the referral (day 0), so that the Panel's five
working days, which run from the council's awareness, are not spent waiting."""

from datetime import date

from django.db.models import Q

from notifications.calendar import Overrides
from reviews.clocks.definition import ClockDefinition, Listing, Period, Unit, after, on_or_before
from reviews.clocks.links import url_for
from reviews.models import Referral


def referral_listing(referral: Referral) -> Listing:
    return Listing(
        "referral",
        referral.pk,
        referral.ref,
        f"{referral.reference} from {referral.referring_agency.short_name or referral.referring_agency.name}",
        url_for("reviews:referral_detail", referral.pk),
    )


def _referred(referral: Referral, day: date, overrides: Overrides) -> tuple[date, bool]:
    return referral.referred_on, False


REFERRAL_SCREENING = ClockDefinition(
    key="referral_screening",
    label="Screen the referral",
    subject="referral",
    model=Referral,
    period=Period("CRAG_REFERRAL_SCREENING_WORKING_DAYS", Unit.WORKING_DAYS),
    source="Local practice: the partners decide quickly whether a referred case is notifiable, "
    "because the Panel's 5 working days run from the council's awareness (Working Together 2023)",
    applies=lambda referral: True,
    applies_q=Q(),
    starts=_referred,
    completed_on=lambda referral: referral.screened_on if referral.decision else None,
    pending_q=after("screened_on"),
    exists_from=lambda referral: referral.referred_on,
    exists_q=on_or_before("referred_on"),
    listing=referral_listing,
    start_field="referred_on",
)
