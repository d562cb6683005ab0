"""A review's documents are served only to those who may see them (and audited), deleted with
confirmation, and listed in a section of the review's page."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import Client

from crag import roles
from crag.tests.matrix_documents import pdf_with_text
from reviews.casework import documents
from reviews.casework.document_views import detail_context
from reviews.models import ReviewDocument
from reviews.tests.document_files import chair, document, final_report, review, stored_files

__all__ = ["chair", "document", "review"]  # fixtures


# --- Download ------------------------------------------------------------------------------------


def test_a_crag_member_downloads_it_as_an_attachment_and_the_download_is_audited(
    make_user, sign_in, document
):
    member = make_user(roles.CRAG_MEMBER)
    client = sign_in(Client(), member)

    response = client.get(f"/documents/{document.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_with_text("Final")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Final report (v2).pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    access = LogEntry.objects.get_for_object(document).filter(action=LogEntry.Action.ACCESS)
    assert [entry.actor for entry in access] == [member]


def test_the_reviews_own_reviewer_downloads_it_and_nobody_else_outside_crag_sees_it(
    make_user, sign_in, review, document
):
    assigned = make_user(roles.INDEPENDENT_REVIEWER)
    review.reviewer = assigned
    review.save()
    url = f"/documents/{document.pk}/"

    def status(user):
        return sign_in(Client(), user).get(url).status_code

    assert status(assigned) == 200
    assert status(make_user(roles.INDEPENDENT_REVIEWER)) == 404
    assert status(make_user(roles.BUSINESS_GROUP)) == 404
    assert status(make_user(roles.AGENCY_ACTION_LEAD)) == 404
    assert status(make_user(roles.BOARD_MEMBER)) == 404
    assert Client().get(url).status_code == 302
    assert sign_in(Client(), assigned).get("/documents/999999/").status_code == 404


# --- Delete --------------------------------------------------------------------------------------


def test_delete_asks_first_and_a_post_removes_the_row_and_the_file(
    make_user, sign_in, document, django_capture_on_commit_callbacks
):
    client = sign_in(Client(), make_user(roles.CRAG_MEMBER))
    url = f"/documents/{document.pk}/delete/"

    asked = client.get(url)
    assert asked.status_code == 200
    assert "Are you sure" in asked.content.decode()
    assert ReviewDocument.objects.filter(pk=document.pk).exists()
    assert len(stored_files()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.post(url)

    assert deleted.status_code == 302
    assert not ReviewDocument.objects.filter(pk=document.pk).exists()
    assert stored_files() == []
    assert LogEntry.objects.get_for_object(document).filter(action=LogEntry.Action.DELETE).exists()


def test_only_crag_deletes_others_who_see_it_are_refused_and_the_rest_get_404(
    make_user, sign_in, review, document
):
    assigned = make_user(roles.INDEPENDENT_REVIEWER)
    review.reviewer = assigned
    review.save()
    url = f"/documents/{document.pk}/delete/"

    assert sign_in(Client(), assigned).post(url).status_code == 403
    assert sign_in(Client(), make_user(roles.BUSINESS_GROUP)).post(url).status_code == 404
    assert ReviewDocument.objects.filter(pk=document.pk).exists()
    with pytest.raises(PermissionDenied):
        documents.document_delete(actor=assigned, document=document)


# --- The section on the review's page --------------------------------------------------------------


def test_the_section_lists_documents_with_links_and_the_warnings(make_user, chair, review, document):
    final_report(chair, review, "Jane Smith")
    member, business = make_user(roles.CRAG_MEMBER), make_user(roles.BUSINESS_GROUP)

    context = detail_context(user=member, review=review)
    html = render_to_string("reviews/partials/documents.html", {"review": review, **context})

    assert context["show_documents"]
    assert context["can_upload"]
    assert context["can_delete_documents"]
    assert f'href="/documents/{document.pk}/"' in html
    assert f'href="/documents/{document.pk}/delete/"' in html
    assert "Final report (v2).pdf" in html
    assert "Upload a document" in html
    assert "The final report names Child M by their legal name." in html
    assert "Jane" not in html
    assert detail_context(user=business, review=review) == {
        "show_documents": False,
        "documents": [],
        "prepublication_warnings": [],
    }
