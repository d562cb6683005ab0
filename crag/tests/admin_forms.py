"""Post a Django admin form as a browser would: every field the page shows, with its value, and
the changes a person (or an attacker) makes on top."""

from html.parser import HTMLParser
from typing import Any

from django.test import Client

_NOT_SENT = {"submit", "button", "image", "reset", "file"}


class _FormFields(HTMLParser):
    """The name/value pairs a browser would send for the form with this id."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.pairs: list[tuple[str, str]] = []
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name") and a.get("type", "text") not in _NOT_SENT:
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.pairs.append((a["name"], a.get("value", "on")))
            else:
                self.pairs.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"name": a["name"], "text": ""}

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "option":
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            self.pairs.append((self._textarea["name"], self._textarea["text"].removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"].strip()
                self.pairs.append((self._select["name"], value))
            self._select = None


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    parser = _FormFields(form_id)
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.pairs:
        data.setdefault(name, []).append(value)
    return data


def post_admin_form(client: Client, url: str, changes: dict[str, Any]) -> Any:
    """GET the admin page at `url`, fill its form as shown, apply `changes` (also fields the page
    does not show: an attacker can post anything) and post it with "Save"."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    model_name = page.context["opts"].model_name
    data: dict[str, Any] = form_data(page.content.decode(), f"{model_name}_form")
    data.update(changes)
    data["_save"] = "Save"
    return client.post(url, data)
