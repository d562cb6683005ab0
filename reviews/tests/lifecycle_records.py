"""What the review lifecycle tests share: a user in each role, a review with a child at a given
status, a final report, and the table of allowed transitions.
"""

import hashlib
from datetime import date

import pytest
from django.core.files.base import ContentFile

from crag import roles
from reviews.casework import lifecycle
from reviews.choices import ReviewStatus
from reviews.models import Child, Review, ReviewDocument

S = ReviewStatus
ALLOWED = {(t.source, t.target) for t in lifecycle.TRANSITIONS}


@pytest.fixture
def people(make_user):
    return {
        "chair": make_user(roles.CRAG_CHAIR),
        "member": make_user(roles.CRAG_MEMBER),
        "reviewer": make_user(roles.INDEPENDENT_REVIEWER),
        "other_reviewer": make_user(roles.INDEPENDENT_REVIEWER),
        "business": make_user(roles.BUSINESS_GROUP),
        "board": make_user(roles.BOARD_MEMBER),
        "lead": make_user(roles.AGENCY_ACTION_LEAD),
    }


def make_review(status: str = S.SCOPING, **fields) -> Review:
    child = Child.objects.create(
        pseudonym=f"Child {Review.objects.count() + 1}",
        legal_name="Amy Example",
        date_of_birth=date(2015, 3, 3),
    )
    review = Review.objects.create(
        kind="cspr", title=child.pseudonym, decision_on=date(2026, 1, 5), status=status, **fields
    )
    review.children.add(child)
    return review


def final_report(review: Review, by) -> ReviewDocument:
    content = b"%PDF-1.4 final report"
    return ReviewDocument.objects.create(
        review=review,
        kind="final_report",
        file=ContentFile(content, name="final.pdf"),
        original_name="final.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )
