"""The import_records management command: imports a file and prints counts, refuses a bad one."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reviews.models import Incident
from reviews.tests.importer_sample import SAMPLE, record, row_counts, sample

__all__ = ["sample"]  # fixtures


@pytest.mark.django_db
def test_command_imports_the_file_and_prints_counts():
    out = StringIO()

    call_command("import_records", str(SAMPLE), stdout=out)

    output = out.getvalue()
    assert "agencies: 3 created, 0 updated, 0 unchanged" in output
    assert "rapid_reviews: 2 created, 0 updated, 0 unchanged" in output
    assert "actions: 3 created, 0 updated, 0 unchanged" in output
    assert "Total: 19 created, 0 updated." in output
    assert Incident.objects.count() == 3


@pytest.mark.django_db
def test_command_second_run_reports_nothing_created():
    call_command("import_records", str(SAMPLE), stdout=StringIO())
    out = StringIO()

    call_command("import_records", str(SAMPLE), stdout=out)

    assert "Total: 0 created, 0 updated." in out.getvalue()


@pytest.mark.django_db
def test_command_refuses_invalid_json(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "crag-records/1",', encoding="utf-8")

    with pytest.raises(CommandError, match=r"bad\.json: not valid JSON: .* line 1 column"):
        call_command("import_records", str(bad))


@pytest.mark.django_db
def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_records", str(tmp_path / "missing.json"))


@pytest.mark.django_db
def test_command_lists_every_problem_and_writes_nothing(tmp_path, sample):
    broken = copy.deepcopy(sample)
    record(broken, "incidents", "INC-2020-02")["aware_date"] = "2019-13-01"
    record(broken, "incidents", "INC-2021-03")["themes"] = ["sadness"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    before = row_counts()

    with pytest.raises(CommandError) as caught:
        call_command("import_records", str(path))

    message = str(caught.value)
    assert "nothing was imported; 2 problems" in message
    assert 'incidents[ref=INC-2020-02].aware_date: "2019-13-01" is not a date (YYYY-MM-DD)' in message
    assert 'incidents[ref=INC-2021-03].themes: unknown theme "sadness"' in message
    assert row_counts() == before
