"""The review pages the journey does not step through, axe-clean: the list with its filters, the
life letter, a parallel process, the reason for delay, a document's delete confirmation."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from crag import roles
from crag.tests.matrix_documents import pdf_with_text
from reviews.casework import documents
from reviews.models import Child, Review
from tests.e2e.conftest import axe_violations, screenshot, sign_in_through_the_pages

pytestmark = pytest.mark.e2e


def test_the_other_review_pages_are_axe_clean(live_server, browser, make_user):
    chair = make_user(roles.CRAG_CHAIR, email="chair@crag.test")
    child = Child.objects.create(pseudonym="Child P")
    review = Review.objects.create(
        kind="cspr", title="Child P", decision_on=date(2025, 1, 6), status="in_progress"
    )
    review.children.add(child)
    document = documents.document_upload(
        actor=chair,
        review=review,
        kind="draft",
        upload=SimpleUploadedFile("draft.pdf", pdf_with_text("Draft"), content_type="application/pdf"),
    )
    base = live_server.url
    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in_through_the_pages(page, base, chair)
    for name, path in (
        ("list", "/reviews/?status=in_progress"),
        ("detail-past-target", f"/reviews/{review.pk}/"),
        ("life-letter", f"/reviews/{review.pk}/life-letter/"),
        ("process", f"/reviews/{review.pk}/processes/new/"),
        ("delay", f"/reviews/{review.pk}/delay/"),
        ("record", f"/reviews/{review.pk}/edit/"),
        ("document-delete", f"/documents/{document.pk}/delete/"),
    ):
        page.goto(base + path)
        assert axe_violations(page) == [], name
        screenshot(page, f"review-page-{name}")
    page.goto(f"{base}/reviews/{review.pk}/delay/")
    page.get_by_role("button", name="Save").click()  # nothing entered: a clear message, nothing saved
    page.get_by_text("There is a problem").wait_for()
    assert axe_violations(page) == [], "delay-errors"
    assert Review.objects.get(pk=review.pk).delay_reason == ""
