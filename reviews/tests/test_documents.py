"""A review's documents: checked by content, kept privately, served only to those who may see
them (and audited), deleted with confirmation; the pre-publication check of the final report."""

import hashlib
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client

from crag import roles
from crag.tests.matrix_documents import pdf_with_text
from reviews.casework import documents
from reviews.casework.document_views import detail_context
from reviews.models import Child, Review, ReviewDocument

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(*paragraphs: list[str], header: str = "", macros: bool = False) -> bytes:
    """A minimal Word document: each paragraph is a list of runs."""
    body = "".join(
        "<w:p>" + "".join(f'<w:r><w:t xml:space="preserve">{run}</w:t></w:r>' for run in runs) + "</w:p>"
        for runs in paragraphs
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(
            "word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
        )
        if header:
            archive.writestr(
                "word/header1.xml", f'<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>{header}</w:t></w:r></w:p></w:hdr>'
            )
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00" * 64)
    return buffer.getvalue()


def odt_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED
        )
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            f"<text:p>{text}</text:p></office:text></office:body></office:document-content>",
        )
    return buffer.getvalue()


def stored_files() -> list[Path]:
    root = Path(django_settings.CRAG_PRIVATE_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


@pytest.fixture
def review(db):
    review = Review.objects.create(kind="cspr", title="Child M", decision_on=date(2026, 1, 5))
    child = Child.objects.create(
        pseudonym="Child M", legal_name="Jane Amelia Smith", date_of_birth=date(2015, 3, 3)
    )
    review.children.add(child)
    return review


def upload(chair, review, name, content, kind="terms_of_reference", content_type="application/octet-stream"):
    return documents.document_upload(
        actor=chair,
        review=review,
        kind=kind,
        upload=SimpleUploadedFile(name, content, content_type=content_type),
    )


def refusal(chair, review, name, content) -> str:
    with pytest.raises(ValidationError) as refused:
        upload(chair, review, name, content)
    return " ".join(refused.value.message_dict["file"])


# --- Upload, checked by content ------------------------------------------------------------------


def test_a_real_pdf_is_kept_privately_under_a_random_name_with_its_size_checksum_and_text(chair, review):
    content = pdf_with_text("Terms of reference for the review of Child M")

    document = upload(chair, review, "Terms for Jane.pdf", content, content_type="text/html")

    assert document.content_type == "application/pdf"  # from the content, not what the browser said
    assert document.original_name == "Terms for Jane.pdf"
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert "Terms of reference for the review of Child M" in document.text
    [path] = stored_files()
    assert path.read_bytes() == content
    assert "Jane" not in str(path)
    assert not path.name.endswith(".pdf")
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_the_stored_file_is_under_neither_static_nor_media_and_has_no_url(chair, review):
    document = upload(chair, review, "terms.pdf", pdf_with_text("Terms"))
    [path] = stored_files()
    for public in (
        django_settings.STATIC_ROOT,
        django_settings.MEDIA_ROOT,
        *django_settings.STATICFILES_DIRS,
    ):
        if public:
            assert not path.resolve().is_relative_to(Path(public).resolve())
    with pytest.raises(ValueError, match="no public URL"):
        document.file.url  # noqa: B018
    with pytest.raises(ValueError, match="no public URL"):
        document.file.storage.url(document.file.name)


def test_a_word_document_is_accepted_and_its_text_joined_across_runs_and_headers(chair, review):
    content = docx_bytes(
        ["Report on Child M. ", "Jane", " Smith"], ["Second paragraph"], header="Header text"
    )

    document = upload(chair, review, "draft.DOCX", content, kind="draft")

    assert document.content_type == documents.DOCX.content_type
    assert "Report on Child M. Jane Smith\nSecond paragraph" in document.text
    assert "Header text" in document.text


def test_an_opendocument_text_and_a_plain_text_file_are_accepted(chair, review):
    odt = upload(chair, review, "minutes.odt", odt_bytes("Minutes of the panel"), kind="minutes")
    txt = upload(chair, review, "notes.txt", "Notes £ café\n".encode(), kind="other")

    assert (odt.content_type, odt.text.strip()) == (documents.ODT.content_type, "Minutes of the panel")
    assert (txt.content_type, txt.text) == ("text/plain; charset=utf-8", "Notes £ café\n")


def test_a_10_mb_executable_renamed_pdf_is_refused_and_nothing_is_stored(client, make_user, sign_in, review):
    sign_in(client, make_user(roles.CRAG_MEMBER))
    executable = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * (10 * 1024 * 1024)
    fake = SimpleUploadedFile("final-report.pdf", executable, content_type="application/pdf")

    response = client.post(f"/reviews/{review.pk}/documents/upload/", {"kind": "final_report", "file": fake})

    assert response.status_code == 200
    assert "The file must be a PDF, Word (.docx), OpenDocument text (.odt)" in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert ReviewDocument.objects.count() == 0
    assert stored_files() == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 2000),  # a Linux executable
        ("report.pdf", b"Plain text under a PDF name"),
        ("archive.docx", None),  # a ZIP that is not a document
        ("report.txt", b"\x00\x01binary\xff\xfe"),  # not UTF-8 text
        ("page.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_anything_but_a_document_is_refused_whatever_its_name(chair, review, name, content):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("setup.exe", b"MZ")
        content = buffer.getvalue()

    message = refusal(chair, review, name, content)

    assert message == documents.NOT_A_DOCUMENT
    assert ReviewDocument.objects.count() == 0
    assert stored_files() == []


def test_a_docx_name_on_pdf_content_is_refused_with_how_to_put_it_right(chair, review):
    message = refusal(chair, review, "report.docx", pdf_with_text("A PDF"))
    assert message == (
        "The file is a PDF but its name does not end in .pdf: rename it to end in .pdf and upload it again"
    )
    assert refusal(chair, review, "report.pdf", docx_bytes(["A Word document"])).startswith(
        "The file is a Word document but its name does not end in .docx"
    )
    assert ReviewDocument.objects.count() == 0
    assert stored_files() == []


def test_a_damaged_pdf_and_a_word_file_with_macros_are_refused(chair, review):
    assert refusal(chair, review, "report.pdf", b"%PDF-1.7\n" + b"\x8f garbage " * 100).startswith(
        "The file is damaged"
    )
    assert refusal(chair, review, "report.docx", docx_bytes(["Hi"], macros=True)).startswith(
        "Word documents with macros cannot be uploaded"
    )
    assert ReviewDocument.objects.count() == 0
    assert stored_files() == []


def test_a_file_over_the_limit_is_refused_before_it_is_stored(settings, chair, review):
    settings.CRAG_MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
    big = pdf_with_text("Big") + b"%" + b" " * (2 * 1024 * 1024)

    assert refusal(chair, review, "big.pdf", big) == "The file must be smaller than 2 MB"
    assert refusal(chair, review, "empty.pdf", b"") == "The selected file is empty"
    assert stored_files() == []


def test_only_crag_and_the_reviews_own_reviewer_may_upload(make_user, review):
    reviewer = make_user(roles.INDEPENDENT_REVIEWER)
    review.reviewer = reviewer
    review.save()

    assert upload(reviewer, review, "draft.pdf", pdf_with_text("Draft"), kind="draft").uploaded_by == reviewer
    for role in (roles.BUSINESS_GROUP, roles.INDEPENDENT_REVIEWER, roles.BOARD_MEMBER):
        with pytest.raises(PermissionDenied):
            upload(make_user(role), review, "draft.pdf", pdf_with_text("Draft"))


def test_the_upload_page_takes_a_file_and_goes_back_to_the_review(client, make_user, sign_in, review):
    sign_in(client, make_user(roles.CRAG_MEMBER))
    url = f"/reviews/{review.pk}/documents/upload/"

    page = client.get(url).content.decode()
    missing = client.post(url, {"kind": "draft"}).content.decode()
    done = client.post(
        url, {"kind": "draft", "file": SimpleUploadedFile("draft.pdf", pdf_with_text("Draft"))}
    )

    assert 'enctype="multipart/form-data"' in page
    assert 'class="govuk-file-upload"' in page
    assert "Select a file to upload" in missing
    assert done.status_code == 302
    assert done["Location"] == f"/reviews/{review.pk}/#documents"
    assert ReviewDocument.objects.get().kind == "draft"


# --- Download ------------------------------------------------------------------------------------


@pytest.fixture
def document(chair, review):
    return upload(chair, review, "Final report (v2).pdf", pdf_with_text("Final"), kind="final_report")


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


# --- Pre-publication check -----------------------------------------------------------------------


def final_report(chair, review, text: str) -> ReviewDocument:
    return upload(chair, review, "final.txt", text.encode(), kind="final_report")


@pytest.mark.parametrize(
    "written",
    [
        "3 March 2015",
        "3rd March 2015",
        "03/03/2015",
        "3/3/2015",
        "3.3.2015",
        "2015-03-03",
        "3 Mar 2015",
        "March 3, 2015",
        "03-Mar-2015",
        "the 3rd of MARCH, 2015",
    ],
)
def test_the_check_finds_the_date_of_birth_in_each_format_and_names_only_the_pseudonym(
    chair, review, written
):
    final_report(chair, review, f"The child was born on {written}.\nOther text.")

    warnings = documents.prepublication_check(review)

    assert warnings == ["The final report contains Child M's date of birth."]


@pytest.mark.parametrize(
    "written",
    ["Jane Amelia Smith", "JANE  AMELIA\nSMITH", "jane smith", "Smith, Jane", "Jane\u00a0Smith"],
)
def test_the_check_finds_the_legal_name_whatever_the_case_and_spacing(chair, review, written):
    final_report(chair, review, f"Agencies knew {written} well.")

    warnings = documents.prepublication_check(review)

    assert warnings == ["The final report names Child M by their legal name."]
    assert not any("Jane" in w or "Smith" in w or "2015" in w for w in warnings)


def test_the_check_finds_both_in_a_real_pdf(chair, review):
    upload(chair, review, "final.pdf", pdf_with_text("Jane Smith, born 03/03/2015"), kind="final_report")

    assert documents.prepublication_check(review) == [
        "The final report names Child M by their legal name.",
        "The final report contains Child M's date of birth.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Child M was known to agencies. A review was decided on 3 March 2016.",
        "Janet Smithson lived nearby; 13/03/2015 and 3/3/2025 and 2015-03-30 are other dates.",
    ],
)
def test_the_check_is_quiet_when_the_report_is_pseudonymised(chair, review, text):
    final_report(chair, review, text)
    assert documents.prepublication_check(review) == []


def test_the_check_reads_only_the_most_recent_final_report_and_says_when_there_is_none(chair, review):
    assert documents.prepublication_check(review) == [
        "There is no final report to check: upload the final report before publication."
    ]
    final_report(chair, review, "Jane Smith")
    final_report(chair, review, "Child M")
    upload(chair, review, "draft.txt", b"Jane Smith", kind="draft")

    assert documents.prepublication_check(review) == []


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


# --- Demo data -----------------------------------------------------------------------------------


def test_the_demo_terms_of_reference_are_a_real_pdf_made_once(db, settings, themes):
    from django.utils import timezone

    from demo import documents as demo_documents
    from demo import people as demo
    from demo import records as reviews_demo

    settings.DEMO_PASSWORD = "a-demo-password-for-tests"
    assert demo_documents.seed() == 0  # no demo review yet
    demo.seed(password=settings.DEMO_PASSWORD, reset_passwords=False)
    reviews_demo.seed(today=timezone.localdate())  # which attaches the terms of reference

    assert demo_documents.seed() == 0
    document = ReviewDocument.objects.get(kind="terms_of_reference")
    assert document.kind == "terms_of_reference"
    assert document.content_type == "application/pdf"
    assert "Terms of reference" in document.text
    assert "fictional" in document.text.lower()
