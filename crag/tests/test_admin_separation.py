"""The Django admin does not write around the domain's rules (issue 12, item 4): lifecycle,
sign-off and notification fields are read-only there, an admin cannot change their own roles, and
records under statutory retention are not deleted from it. Each test posts the admin form the way
the walkthrough did."""

import hashlib
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from crag import roles
from crag.models import User
from crag.tests.admin_forms import form_data, post_admin_form
from crag.tests.factories import AgencyFactory
from reviews.actions import services as action_plans
from reviews.incidents import rapid_reviews, services
from reviews.models import (
    AnnualReport,
    AnnualReportRender,
    Child,
    Review,
    ReviewDocument,
    ReviewStatusChange,
)
from reviews.tests.partner_records import record_partner_agreements


@pytest.fixture
def chair(make_user):
    return make_user(roles.CRAG_CHAIR)


@pytest.fixture
def admin_user(make_user):
    return make_user(roles.PARTNERSHIP_ADMIN)


@pytest.fixture
def admin(client, sign_in, admin_user):
    return sign_in(client, admin_user)


@pytest.fixture
def incident(chair):
    aware = timezone.localdate() - timedelta(days=20)
    return services.incident_create(
        actor=chair,
        kind="death",
        incident_date=aware,
        aware_date=aware,
        location="in_area",
        abuse_or_neglect_suspected=True,
        children=[services.child_create(actor=chair, pseudonym="Child A", legal_name="Amy Example")],
    )


@pytest.fixture
def signed_off_rapid_review(chair, incident):
    rapid_review = rapid_reviews.rapid_review_open(actor=chair, incident=incident)
    rapid_reviews.rapid_review_update(
        actor=chair,
        rapid_review=rapid_review,
        fields={
            "meets_cspr_criteria": True,
            "complex_or_national_importance": False,
            "decision_reasons": "Abuse suspected.",
        },
    )
    record_partner_agreements(rapid_review)
    return rapid_reviews.rapid_review_sign_off(actor=chair, rapid_review=rapid_review)


@pytest.fixture
def review(incident):
    made = Review.objects.create(
        kind="cspr", title="Child A", decision_on=date(2026, 1, 5), status="in_progress"
    )
    made.children.set(incident.children.all())
    return made


def document(review, by):
    content = b"%PDF-1.4 report"
    return ReviewDocument.objects.create(
        review=review,
        kind="draft",
        file=ContentFile(content, name="draft.pdf"),
        original_name="draft.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )


# --- Lifecycle and sign-off --------------------------------------------------------------------


def test_admin_cannot_sign_off_a_review_for_the_chair(admin, review, chair):
    url = f"/admin/reviews/review/{review.pk}/change/"
    response = post_admin_form(
        admin, url, {"status": "signed_off", "signed_off_by": chair.pk, "signed_off_on": "2026-11-30"}
    )

    assert response.status_code == 302  # the rest of the form saves
    review.refresh_from_db()
    assert (review.status, review.signed_off_by, review.signed_off_on) == ("in_progress", None, None)
    assert not ReviewStatusChange.objects.filter(review=review).exists()


def test_admin_cannot_add_a_review_already_signed_off_or_published(admin, chair):
    response = post_admin_form(
        admin,
        "/admin/reviews/review/add/",
        {
            "kind": "cspr",
            "title": "Child Z",
            "decision_on": "2026-01-05",
            "status": "published",
            "published_on": "2026-06-01",
            "signed_off_by": chair.pk,
            "signed_off_on": "2026-05-01",
        },
    )

    assert response.status_code == 302
    made = Review.objects.get(title="Child Z")
    assert (made.status, made.signed_off_by, made.published_on) == ("scoping", None, None)


def test_admin_cannot_change_publication_and_delay_dates(admin, review):
    post_admin_form(
        admin,
        f"/admin/reviews/review/{review.pk}/change/",
        {
            "panel_notice_on": "2026-03-01",
            "secretary_of_state_notice_on": "2026-03-01",
            "ofsted_notice_on": "2026-03-01",
            "delay_reason_sent_on": "2026-03-02",
            "commissioned_on": "2026-01-06",
        },
    )
    review.refresh_from_db()
    assert review.panel_notice_on is review.secretary_of_state_notice_on is review.ofsted_notice_on is None
    assert review.delay_reason_sent_on is None
    assert review.commissioned_on is None


def test_signed_off_rapid_review_decision_and_panel_record_are_read_only(admin, signed_off_rapid_review):
    rr = signed_off_rapid_review
    response = post_admin_form(
        admin,
        f"/admin/reviews/rapidreview/{rr.pk}/change/",
        {
            "meets_cspr_criteria": "false",
            "decision_reasons": "Rewritten",
            "signed_off_at_0": "2026-01-01",
            "sent_to_panel_on": "2026-01-01",
            "panel_response": "agree",
            "outcome": "no_further_review",
        },
    )

    assert response.status_code == 302
    rr.refresh_from_db()
    assert (rr.meets_cspr_criteria, rr.decision_reasons) == (True, "Abuse suspected.")
    assert (rr.sent_to_panel_on, rr.panel_response, rr.outcome) == (None, "pending", "")


def test_admin_cannot_record_incident_notifications(admin, incident):
    post_admin_form(
        admin,
        f"/admin/reviews/incident/{incident.pk}/change/",
        {
            "panel_notified_on": incident.aware_date.isoformat(),
            "partnership_informed_on": incident.aware_date.isoformat(),
            "ofsted_notified_on": incident.aware_date.isoformat(),
            "secretary_of_state_notified_on": incident.aware_date.isoformat(),
            "late_reason": "Made up",
        },
    )
    incident.refresh_from_db()
    assert incident.panel_notified_on is incident.partnership_informed_on is None
    assert incident.ofsted_notified_on is incident.secretary_of_state_notified_on is None
    assert incident.late_reason == ""


def test_admin_cannot_close_or_rate_an_action(admin, review, chair):
    agency = AgencyFactory()
    recommendation = action_plans.recommendation_create(
        actor=chair, review=review, text="Share", agencies=[agency]
    )
    action = action_plans.action_create(
        actor=chair,
        recommendation=recommendation,
        description="Train",
        owner_agency=agency,
        due_on=date(2026, 6, 1),
    )
    post_admin_form(
        admin,
        f"/admin/reviews/action/{action.pk}/change/",
        {"status": "closed", "completed_on": "2026-05-01", "rag": "green", "evidence": "None really"},
    )
    post_admin_form(
        admin,
        f"/admin/reviews/recommendation/{recommendation.pk}/change/",
        {"actions-0-status": "complete", "actions-0-rag": "green"},
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on, action.rag, action.evidence) == ("not_started", None, "", "")


# --- Roles -------------------------------------------------------------------------------------


def test_admin_cannot_grant_themselves_the_chair_role(admin, admin_user):
    chair_role = Group.objects.get_or_create(name=roles.CRAG_CHAIR)[0]
    own_roles = [str(g.pk) for g in admin_user.groups.all()]

    post_admin_form(
        admin, f"/admin/crag/user/{admin_user.pk}/change/", {"groups": [*own_roles, chair_role.pk]}
    )

    assert not admin_user.groups.filter(name=roles.CRAG_CHAIR).exists()


def test_admin_cannot_drop_their_own_staff_flag_or_roles_or_make_themselves_superuser(admin, admin_user):
    post_admin_form(admin, f"/admin/crag/user/{admin_user.pk}/change/", {"is_superuser": "on", "groups": []})
    data = form_data(admin.get(f"/admin/crag/user/{admin_user.pk}/change/").content.decode(), "user_form")
    data.pop("is_staff", None)
    admin.post(f"/admin/crag/user/{admin_user.pk}/change/", data | {"_save": "Save"})

    admin_user.refresh_from_db()
    assert admin_user.is_staff
    assert not admin_user.is_superuser
    assert admin_user.groups.filter(name=roles.PARTNERSHIP_ADMIN).exists()


def test_admin_still_gives_other_people_their_roles(admin, make_user):
    member = make_user(roles.CRAG_MEMBER)
    chair_role = Group.objects.get_or_create(name=roles.CRAG_CHAIR)[0]

    response = post_admin_form(admin, f"/admin/crag/user/{member.pk}/change/", {"groups": [chair_role.pk]})

    assert response.status_code == 302
    assert list(member.groups.values_list("name", flat=True)) == [roles.CRAG_CHAIR]


def test_the_role_admin_cannot_put_anyone_in_a_role(admin, admin_user):
    chair_role = Group.objects.get_or_create(name=roles.CRAG_CHAIR)[0]
    assert (
        admin.post(f"/admin/auth/group/{chair_role.pk}/change/", {"name": roles.CRAG_CHAIR}).status_code
        == 403
    )
    assert admin.post("/admin/auth/group/add/", {"name": "CRAG chair 2"}).status_code == 403
    assert not User.objects.filter(pk=admin_user.pk, groups__name=roles.CRAG_CHAIR).exists()


# --- No deletes of retained records ------------------------------------------------------------


@pytest.fixture
def retained(chair, review, signed_off_rapid_review):
    agency = AgencyFactory()
    recommendation = action_plans.recommendation_create(
        actor=chair, review=review, text="Share", agencies=[agency]
    )
    action = action_plans.action_create(
        actor=chair,
        recommendation=recommendation,
        description="Train",
        owner_agency=agency,
        due_on=date(2026, 6, 1),
    )
    report = AnnualReport.objects.create(year=2025)
    render = AnnualReportRender.objects.create(report=report, inputs_sha256="x", state="done")
    return {
        "child": Child.objects.get(pseudonym="Child A"),
        "incident": signed_off_rapid_review.incident,
        "rapidreview": signed_off_rapid_review,
        "review": review,
        "recommendation": recommendation,
        "action": action,
        "reviewdocument": document(review, chair),
        "annualreportrender": render,
    }


RETAINED = (
    "child",
    "incident",
    "rapidreview",
    "review",
    "recommendation",
    "action",
    "reviewdocument",
    "annualreportrender",
)


@pytest.mark.parametrize("model", RETAINED)
def test_retained_records_cannot_be_deleted_from_the_admin(admin, retained, model):
    obj = retained[model]
    page = admin.get(f"/admin/reviews/{model}/")
    assert "delete_selected" not in page.content.decode()

    single = admin.post(f"/admin/reviews/{model}/{obj.pk}/delete/", {"post": "yes"})
    admin.post(
        f"/admin/reviews/{model}/", {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )

    assert single.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_documents_cannot_be_deleted_through_the_review_form(admin, review, chair):
    doc = document(review, chair)
    post_admin_form(admin, f"/admin/reviews/review/{review.pk}/change/", {"documents-0-DELETE": "on"})
    assert ReviewDocument.objects.filter(pk=doc.pk).exists()


def test_audit_entries_cannot_be_deleted_from_the_admin(admin, incident):
    entry = LogEntry.objects.latest("timestamp")
    admin.post(
        "/admin/auditlog/logentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert admin.post(f"/admin/auditlog/logentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_an_admin_save_moves_the_version_on_so_that_forms_open_meanwhile_see_the_change(admin, review):
    """A form read before an admin's correction must not overwrite it (issue 14, item 5): the admin
    writes through the same conditional update as CRAG's own pages, and cannot set the version."""
    review.refresh_from_db()
    read = review.version
    response = post_admin_form(
        admin, f"/admin/reviews/review/{review.pk}/change/", {"title": "Child A (corrected)", "version": 0}
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.title == "Child A (corrected)"
    assert review.version == read + 1
