"""A review's documents: upload, permission-checked download (audited) and deletion.

Documents hold children's identities, so only CRAG and the review's own Independent reviewer see
them; anyone else is answered 404, as if the document did not exist.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from crag import audit, permissions
from crag.models import User
from reviews.casework import documents, selectors
from reviews.casework.document_forms import DocumentForm
from reviews.editing.handling import actor
from reviews.editing.once import Once
from reviews.models import Review, ReviewDocument
from reviews.storage import private_file_response


def _review_for_documents(user: User, pk: int) -> Review:
    """The review, when the user may see its documents; otherwise 404."""
    review = selectors.review_get(user=user, pk=pk)
    if not permissions.can_see_review_documents(user, review):
        raise Http404
    return review


def _document(user: User, pk: int) -> ReviewDocument:
    document = get_object_or_404(ReviewDocument.objects.defer("text"), pk=pk)
    document.review = _review_for_documents(user, document.review_id)
    return document


def _back(review: Review) -> str:
    return reverse("reviews:review_detail", args=[review.pk]) + "#documents"


def detail_context(*, user: User, review: Review) -> dict[str, Any]:
    """What templates/reviews/partials/documents.html needs on the review's page; nothing to
    show (show_documents false) for users who may not see the review's documents."""
    if not permissions.can_see_review_documents(user, review):
        return {"show_documents": False, "documents": [], "prepublication_warnings": []}
    return {
        "show_documents": True,
        "documents": list(review.documents.defer("text").select_related("uploaded_by")),
        "can_upload": permissions.can_edit_review_record(user, review),
        "can_delete_documents": permissions.can_do_crag_work(user),
        "prepublication_warnings": (
            documents.prepublication_check(review) if documents.publication_in_view(review) else []
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for_documents(actor(request), pk)
    permissions.require(bool(permissions.can_edit_review_record(request.user, review)))
    posted = request.method == "POST"
    form = DocumentForm(request.POST if posted else None, request.FILES if posted else None)
    once = Once(request, form)
    if (earlier := once.earlier()) is not None:
        return earlier
    if posted and form.is_valid():
        done = once.create(
            form,
            lambda: documents.document_upload(
                actor=actor(request),
                review=review,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            ),
            success=lambda done: f"{done.get_kind_display()} uploaded: {done.original_name}",
            then=lambda _: _back(review),
        )
        if done is not None:
            return done
    return render(
        request,
        "reviews/document_upload.html",
        {
            "form": form,
            "review": review,
            "back": _back(review),
            "max_bytes": settings.CRAG_MAX_DOCUMENT_BYTES,
        },
    )


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file as an attachment under its original name, typed as its content was found to be."""
    document = _document(actor(request), pk)
    response = private_file_response(
        document.file, filename=document.original_name, content_type=document.content_type
    )
    audit.record_access(request=request, instance=document)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting cannot be undone: GET asks for confirmation, POST deletes (CRAG only)."""
    document = _document(actor(request), pk)
    permissions.require(bool(permissions.can_do_crag_work(request.user)))
    if request.method == "POST":
        documents.document_delete(actor=actor(request), document=document)
        messages.success(request, f"{document.get_kind_display()} deleted: {document.original_name}")
        return redirect(_back(document.review))
    return render(
        request,
        "reviews/document_delete.html",
        {"document": document, "review": document.review, "back": _back(document.review)},
    )
