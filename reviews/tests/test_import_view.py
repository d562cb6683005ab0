"""The importer in the browser: same rules as the command, for Partnership admins only."""

import json
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from crag import roles
from reviews.models import Child, Incident

SAMPLE = Path(__file__).parent / "fixtures" / "sample_records.json"
DOCS = Path(__file__).resolve().parent.parent.parent / "docs"


def upload(client, content: bytes, **extra):
    return client.post("/import/", {"file": SimpleUploadedFile("records.json", content), **extra})


def test_admin_imports_the_sample_twice_and_the_rows_stay_the_same(client, make_user, sign_in):
    sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))
    first = upload(client, SAMPLE.read_bytes())
    counts = (Child.objects.count(), Incident.objects.count())
    second = upload(client, SAMPLE.read_bytes())
    assert "Records imported" in first.content.decode()
    assert counts == (Child.objects.count(), Incident.objects.count())
    assert counts[0] > 0
    assert second.context["result"].created == 0


def test_a_bad_date_is_named_and_nothing_is_written(client, make_user, sign_in):
    sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))
    document = json.loads(SAMPLE.read_text())
    document["incidents"][0]["aware_date"] = "2019-13-01"
    response = upload(client, json.dumps(document).encode())
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "aware_date" in html
    assert Child.objects.count() == 0


def test_not_json_is_refused_in_plain_english(client, make_user, sign_in):
    sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))
    response = upload(client, b"name,date\nChild A,2020-01-01")
    assert "The file is not valid JSON" in response.content.decode()


def test_a_dry_run_writes_nothing(client, make_user, sign_in):
    sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))
    response = upload(client, SAMPLE.read_bytes(), dry_run="on")
    assert "File checked" in response.content.decode()
    assert Child.objects.count() == 0


def test_a_deeply_nested_file_is_refused_on_the_form_and_nothing_is_written(client, make_user, sign_in):
    sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))
    depth = 100_000  # far past Python's recursion limit: it used to answer 500
    nested = '{"format": "crag-records/1", "agencies": ' + "[" * depth + "]" * depth + "}"

    response = upload(client, nested.encode())

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html
    assert "The file is nested too deeply to be a crag-records/1 document" in html
    assert (Child.objects.count(), Incident.objects.count()) == (0, 0)


def test_the_import_page_links_the_format_and_offers_the_example(client, make_user, sign_in):
    sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))

    html = client.get("/import/").content.decode()

    assert 'href="/import/format/"' in html
    assert 'href="/import/example-records.json" download' in html


def test_the_format_description_is_the_one_in_docs(client, make_user, sign_in):
    sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))

    response = client.get("/import/format/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == (DOCS / "import-format.md").read_bytes()


def test_the_example_downloaded_from_the_import_page_imports(client, make_user, sign_in):
    sign_in(client, make_user(roles.PARTNERSHIP_ADMIN))

    download = client.get("/import/example-records.json")
    content = b"".join(download.streaming_content) if download.streaming else download.content
    imported = upload(client, content)

    assert download.status_code == 200
    assert download["Content-Type"] == "application/json"
    assert 'attachment; filename="crag-records-example.json"' in download["Content-Disposition"]
    assert content == (DOCS / "example-records.json").read_bytes()
    assert "Records imported" in imported.content.decode()
    assert Child.objects.count() == len(json.loads(content)["children"])
