"""The form of a review's documents: it checks the shape of the input; what the file is, and
whether it is small enough, is the service's job (reviews.casework.documents)."""

from typing import Any

from django import forms
from django.conf import settings

from reviews.choices import DocumentKind


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is this document?",
        choices=DocumentKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what kind of document it is",
            "invalid_choice": "Select what kind of document it is",
        },
    )
    file = forms.FileField(
        label="Upload a file",
        allow_empty_file=True,  # the service says "The selected file is empty" in GOV.UK's words
        error_messages={
            "required": "Select a file to upload",
            "invalid": "Select a file to upload",
            "missing": "Select a file to upload",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        megabytes = settings.CRAG_MAX_DOCUMENT_BYTES / (1024 * 1024)
        self.fields["file"].help_text = (
            "A PDF, Word (.docx), OpenDocument text (.odt) or plain text (.txt) document, "
            f"smaller than {megabytes:g} MB"
        )
