"""Fictional terms of reference, as a PDF, for the demo CSPR (`manage.py seed_demo`)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from crag.models import User
from reviews.casework import documents
from reviews.choices import DocumentKind
from reviews.models import Review

TERMS = (
    "Purpose",
    "This fictional review was commissioned for the demonstration of the CRAG service. It asks how "
    "well agencies shared information about a young person who went missing from their placement.",
    "Scope",
    "The review considers agency involvement in the twelve months before the incident.",
    "Questions for the review",
    "How did agencies recognise and respond to the risk of criminal exploitation? "
    "How were missing episodes recorded, shared and followed up?",
    "Methodology",
    "A systems approach with practitioner learning events and engagement with the family.",
)


def fictional_pdf(title: str, blocks: list[tuple[str, str]]) -> bytes:
    """A small demo PDF made with WeasyPrint: a title, then (tag, text) blocks, then the line that
    says it is fictional. It fetches nothing from anywhere."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    body = "".join(f"<{tag}>{escape(text)}</{tag}>" for tag, text in blocks)
    html = (
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title>"
        "<style>body { font-family: sans-serif; font-size: 11pt } h1 { font-size: 18pt }</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}"
        "<p>Fictional document for the demonstration. It describes no real child or family.</p></body></html>"
    )
    return bytes(HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf())


def terms_of_reference_pdf(review: Review) -> bytes:
    """The demo review's terms of reference: headings and paragraphs in turn."""
    blocks = [("h2" if index % 2 == 0 else "p", line) for index, line in enumerate(TERMS)]
    return fictional_pdf(f"Terms of reference: {review.title}", blocks)


def seed() -> int:
    """Attach the terms of reference to the demo CSPR once (skipped when it has them, or when the
    demo review does not exist yet); returns how many documents were made."""
    review = Review.objects.filter(children__pseudonym="Child C").order_by("pk").first()
    if review is None or review.documents.filter(kind=DocumentKind.TERMS_OF_REFERENCE).exists():
        return 0
    chair = User.objects.get(email="chair@crag.example")
    upload = SimpleUploadedFile(
        "terms-of-reference.pdf", terms_of_reference_pdf(review), content_type="application/pdf"
    )
    documents.document_upload(actor=chair, review=review, kind=DocumentKind.TERMS_OF_REFERENCE, upload=upload)
    return 1
