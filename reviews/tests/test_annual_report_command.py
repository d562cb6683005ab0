"""The annual_report management command prints a year's statistics as JSON."""

import io
import json

import pytest
from django.core.management import call_command

from reviews.annual_report.statistics import statistics
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
