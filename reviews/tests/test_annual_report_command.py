"""The annual_report management command prints a year's statistics as JSON."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from reviews.annual_report.statistics import statistics
from reviews.annual_report.trends import trends
from reviews.tests.annual_records import Y
from reviews.tests.annual_year_2019 import year_2019

__all__ = ["year_2019"]  # fixtures

pytestmark = pytest.mark.django_db


def test_annual_report_command_prints_the_statistics_as_json(year_2019):
    out = io.StringIO()
    call_command("annual_report", str(Y), "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == statistics(Y)


def test_annual_report_command_for_an_empty_year(themes):
    out = io.StringIO()
    call_command("annual_report", str(Y), "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed == statistics(Y)
    assert printed["incidents"]["count"] == 0


def test_annual_report_command_prints_the_trends_with_trends(year_2019):
    out = io.StringIO()
    call_command("annual_report", str(Y), "--trends", stdout=out)
    assert json.loads(out.getvalue()) == trends(Y)
    assert [row["year"] for row in json.loads(out.getvalue())][-1] == Y


def test_annual_report_command_prints_recorded_beside_the_contract(year_2019):
    out = io.StringIO()
    call_command("annual_report", str(Y), "--format", "json", stdout=out)
    assert set(json.loads(out.getvalue())["recorded"]) == {
        "safety_actions",
        "panel_differed",
        "engagement",
        "life_letters",
        "learning_resources",
        "commendations",
        "learning_event_titles",
        "recommendations_by_priority",
        "action_plans",
    }


def test_trends_do_not_go_with_an_output_file(themes, tmp_path):
    with pytest.raises(CommandError, match="--trends"):
        call_command("annual_report", str(Y), "--trends", "--output", str(tmp_path / "report.pdf"))
