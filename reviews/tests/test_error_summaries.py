"""Every form of the service, sent empty: each error in the summary links to an element on the
page (the first option of a radio or checkbox question, the day of a date), and every message
names its question instead of Django's bare "This field is required."."""

import importlib
from html.parser import HTMLParser

from django import forms
from django.db import transaction

from crag import roles
from crag.tests import test_access_matrix as matrix
from reviews.tests.test_lost_updates import hidden

MATRIX = matrix.MATRIX
# The access matrix's signed-in clients (one a role) and its one object of every kind.
clients = matrix.clients
objects = matrix.objects

# The first of these roles that may open a page is the one that sends its form.
SENDERS = (
    roles.CRAG_CHAIR,
    roles.PARTNERSHIP_ADMIN,
    roles.BUSINESS_GROUP,
    roles.AGENCY_ACTION_LEAD,
    roles.INDEPENDENT_REVIEWER,
    roles.BOARD_MEMBER,
)
# Sending these empty would sign the sender out, not show a form's errors.
NOT_SENT = {"accounts/logout/"}


class _Page(HTMLParser):
    """The ids on a page (and those of its form controls), its POST forms' actions, and the
    error summary's links."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.control_ids: set[str] = set()
        self.post_actions: list[str] = []
        self.summary_links: list[str] = []
        self._in_summary = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
            if tag in ("input", "select", "textarea", "button"):
                self.control_ids.add(found["id"] or "")
        if tag == "form" and (found.get("method") or "").lower() == "post":
            self.post_actions.append(found.get("action") or "")
        classes = (found.get("class") or "").split()
        if "govuk-error-summary" in classes or self._in_summary:
            self._in_summary += tag == "div"
        if self._in_summary and tag == "a":
            self.summary_links.append(found.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if self._in_summary and tag == "div":
            self._in_summary -= 1


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_every_form_sent_empty_links_its_errors_to_the_page_and_names_each_question(clients, objects):
    problems: list[str] = []
    summaries: list[str] = []
    for route in sorted(MATRIX):
        target, expected = MATRIX[route]
        sender = next((r for r in SENDERS if expected.get(r) == 200), None)
        if route.startswith("admin/") or route in NOT_SENT or sender is None:
            continue
        url = target(objects) if callable(target) else target
        with transaction.atomic():
            client = clients[sender]
            shown = client.get(url)
            if (
                shown.status_code != 200
                or shown.streaming
                or not shown["Content-Type"].startswith("text/html")  # a download: no form
                or not any(a in ("", url) for a in _parse(shown.content.decode()).post_actions)
            ):
                transaction.set_rollback(True)
                continue
            # Every question left empty; what the page's form sends on its own (the version) is sent.
            html = client.post(url, hidden(shown.content.decode())).content.decode()
            transaction.set_rollback(True)
        page = _parse(html)
        if page.summary_links:
            summaries.append(route)
        for href in page.summary_links:
            if not href.startswith("#") or href[1:] not in page.control_ids:
                problems.append(f"{url}: the error summary links to {href}, which is no control on the page")
        if "This field is required." in html:
            problems.append(f"{url}: a message does not name its question")
    assert problems == [], "\n".join(problems)
    # The walk reached the forms: incidents, children, Rapid Reviews, reviews, actions, learning.
    for route in (
        "incidents/new/",
        "children/new/",
        "reviews/<int:pk>/life-letter/",
        "actions/<int:pk>/rate/",
    ):
        assert route in summaries
    assert len(summaries) >= 25, summaries


FORM_MODULES = (
    "crag.accounts",
    "crag.forms",
    "reviews.incidents.forms",
    "reviews.actions.forms",
    "reviews.casework.forms",
    "reviews.learning.forms",
    "reviews.annual_report.forms",
    "reviews.casework.document_forms",
)


def _fields(form: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The form's fields as it builds them (some are set up in __init__), else as declared."""
    for kwargs in ({}, {"user": None}):
        try:
            return form(**kwargs).fields
        except (TypeError, KeyError):  # it needs the record it is about
            continue
    return dict(form.base_fields)


def test_every_required_field_of_every_form_has_a_message_naming_it(db):
    """Also the questions an empty form does not reach (asked only in some states)."""
    bare = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for form in vars(module).values():
            if not (isinstance(form, type) and issubclass(form, forms.BaseForm) and form.__module__ == name):
                continue
            for field_name, field in _fields(form).items():
                if field.required and field.error_messages["required"] == "This field is required.":
                    bare.append(f"{name}.{form.__name__}.{field_name}")
    assert bare == [], "\n".join(bare)


def test_crispy_forms_gds_error_summary_tag_links_like_ours(db):
    """{% error_summary form %} of crispy-forms-gds draws the service's own summary."""
    from django.template import Context, Template

    from reviews.incidents.forms import IncidentForm

    html = Template("{% load crispy_forms_gds %}{% error_summary form %}").render(
        Context({"form": IncidentForm({})})
    )

    assert 'href="#id_kind_1"' in html
    assert 'href="#id_incident_date_0"' in html
    assert 'href="#id_kind"' not in html
