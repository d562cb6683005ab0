"""The records importer in the browser, for Partnership admins (the same code as the command),
with the description of the format and the example file from docs/."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from crag import permissions
from reviews.editing.handling import actor
from reviews.importer.file import RecordsFileError, read_records_file
from reviews.importer.run import RecordsImportError, import_records

MAX_BYTES = 20 * 1024 * 1024
DOCS = Path(settings.BASE_DIR) / "docs"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Records file (JSON, crag-records/1)",
        error_messages={"required": "Choose the JSON file to import"},
    )
    dry_run = forms.BooleanField(label="Check the file only, without importing", required=False)

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file must be smaller than 20 MB")
        try:
            return read_records_file(upload.read())
        except RecordsFileError as error:
            raise forms.ValidationError(f"The file is {error}") from None


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    permissions.require(bool(permissions.can_manage_users(request.user)))
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    result, problems = None, []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_records(
                form.cleaned_data["file"], actor=actor(request), dry_run=form.cleaned_data["dry_run"]
            )
        except RecordsImportError as error:
            problems = error.errors
    return render(request, "reviews/import.html", {"form": form, "result": result, "problems": problems})


@login_required
@require_GET
def import_format(request: HttpRequest) -> HttpResponse:
    """docs/import-format.md as it is in the repository, shown as plain text."""
    permissions.require(bool(permissions.can_manage_users(request.user)))
    content = (DOCS / "import-format.md").read_bytes()
    return HttpResponse(content, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def import_example(request: HttpRequest) -> FileResponse:
    """docs/example-records.json, a made-up file that imports as it is, to download."""
    permissions.require(bool(permissions.can_manage_users(request.user)))
    return FileResponse(
        (DOCS / "example-records.json").open("rb"),
        as_attachment=True,
        filename="crag-records-example.json",
        content_type="application/json",
    )
