"""Documents of an agency's return: the same content check as a review's documents (one rule),
private storage, only while the return is owed, and the case pages' panel for CRAG only."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from crag import roles
from crag.tests.matrix_documents import pdf_with_text
from reviews.contributions import requests as contributions
from reviews.models import ContributionDocument
from reviews.tests.contribution_world import world
from reviews.tests.factories import ReviewFactory

__all__ = ["world"]  # fixtures
pytestmark = pytest.mark.django_db


def ask(world, **case):
    (request,) = contributions.contributions_request(
        actor=world.chair,
        agencies=[world.health],
        kind="agency_report",
        due_on=date(2026, 3, 9),
        requested_on=date(2026, 3, 2),
        **(case or {"rapid_review": world.rapid_review}),
    )
    return request


def upload(world, request, name, content):
    return contributions.contribution_document_upload(
        actor=world.health_lead, request=request, upload=SimpleUploadedFile(name, content)
    )


def test_a_pdf_is_kept_under_a_random_name_with_its_type_found_by_content(world):
    request = ask(world)
    document = upload(world, request, "Report on Child M.pdf", pdf_with_text("Agency report"))
    assert document.content_type == "application/pdf"
    assert document.original_name == "Report on Child M.pdf"
    assert "Child M" not in document.file.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 an executable", "must be a PDF"),
        ("report.txt", pdf_with_text("A PDF under a text name"), "rename it to end in .pdf"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_the_shared_content_check_refuses_what_a_review_document_would_refuse(world, name, content, message):
    request = ask(world)
    with pytest.raises(ValidationError, match=message):
        upload(world, request, name, content)
    assert not ContributionDocument.objects.exists()


def test_no_document_is_added_once_the_return_is_submitted(world):
    request = ask(world)
    upload(world, request, "report.txt", b"Our report.")
    contributions.contribution_submit(actor=world.health_lead, request=request)
    with pytest.raises(ValidationError, match="no longer be changed"):
        upload(world, request, "more.txt", b"More.")
    assert request.documents.count() == 1


def test_another_agencys_lead_may_not_upload(world):
    request = ask(world)
    with pytest.raises(PermissionDenied):
        contributions.contribution_document_upload(
            actor=world.police_lead, request=request, upload=SimpleUploadedFile("x.txt", b"x")
        )


def test_the_review_page_lists_its_requests_for_crag_and_not_for_the_business_group(
    world, make_user, sign_in
):
    review = ReviewFactory()
    request = ask(world, review=review)
    crag_page = sign_in(Client(), world.member).get(f"/reviews/{review.pk}/").content.decode()
    assert f"/contributions/{request.pk}/" in crag_page
    assert f"/reviews/{review.pk}/contributions/request/" in crag_page
    business = sign_in(Client(), make_user(roles.BUSINESS_GROUP)).get(f"/reviews/{review.pk}/")
    assert business.status_code == 200
    assert "/contributions/" not in business.content.decode()
