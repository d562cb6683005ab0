"""The Panel's national figures are entered by a partnership admin in the admin, through the
domain's rules: one figure of a kind per year, with its source, and a change moves its version on."""

from decimal import Decimal

import pytest
from django.test import Client

from crag import roles
from reviews.annual_report import content
from reviews.models import AnnualReport, NationalComparator

pytestmark = pytest.mark.django_db
ADD = "/admin/reviews/nationalcomparator/add/"


@pytest.fixture
def admin(make_user, sign_in):
    return sign_in(Client(), make_user(roles.PARTNERSHIP_ADMIN))


def _figure(**changes: str) -> dict[str, str]:
    return {
        "year": "2024",
        "key": "incidents",
        "value": "480",
        "source": "Panel annual report 2024 to 2025",
    } | changes


def test_a_partnership_admin_enters_a_national_figure(admin):
    assert admin.post(ADD, _figure()).status_code == 302
    figure = NationalComparator.objects.get()
    assert (figure.year, figure.key, figure.value) == (2024, "incidents", Decimal(480))


def test_a_figure_needs_its_source_and_is_entered_once_a_year(admin):
    admin.post(ADD, _figure())
    twice = admin.post(ADD, _figure(value="500"))
    assert twice.status_code == 200
    assert "This year already has this figure" in twice.content.decode()
    unsourced = admin.post(ADD, _figure(key="rapid_reviews", source=""))
    assert unsourced.status_code == 200
    assert NationalComparator.objects.count() == 1


def test_changing_a_figure_in_the_admin_moves_its_version_on(admin):
    admin.post(ADD, _figure())
    figure = NationalComparator.objects.get()
    response = admin.post(f"/admin/reviews/nationalcomparator/{figure.pk}/change/", _figure(value="481"))
    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.value, figure.version) == (Decimal(481), 2)


def test_a_crag_member_may_not_enter_national_figures(make_user, sign_in):
    chair = sign_in(Client(), make_user(roles.CRAG_CHAIR))
    assert chair.post(ADD, _figure()).status_code == 403
    assert not NationalComparator.objects.exists()


def test_the_command_lines_unsaved_report_has_no_content_but_the_years_figures():
    NationalComparator.objects.create(year=2024, key="published", value=Decimal(120), source="Panel")
    found = content.content_of(AnnualReport(year=2024))
    assert found == {"links": [], "glossary": [], "comparators": [[2024, "published", "120.00", "Panel"]]}
