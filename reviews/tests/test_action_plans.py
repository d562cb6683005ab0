"""Recommendations and action plans: who may do what, and the action clocks in the sweep."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import queries_for
from crag import roles
from crag.tests.factories import AgencyFactory
from notifications import services as sweeping
from notifications.models import Reminder
from reviews.actions import services as action_plans
from reviews.models import Action, Review
from reviews.tests.test_lost_updates import hidden


@pytest.fixture
def world(make_user):
    police, health = AgencyFactory(name="Police"), AgencyFactory(name="Health")
    chair = make_user(roles.CRAG_CHAIR)
    review = Review.objects.create(kind="cspr", title="Child R", decision_on=date(2026, 1, 5))
    recommendation = action_plans.recommendation_create(
        actor=chair, review=review, text="Share information at the front door", agencies=[police, health]
    )
    action = action_plans.action_create(
        actor=chair,
        recommendation=recommendation,
        description="Train call handlers",
        owner_agency=police,
        due_on=date(2026, 3, 31),
    )
    other = action_plans.action_create(
        actor=chair,
        recommendation=recommendation,
        description="Audit referrals",
        owner_agency=health,
        due_on=date(2026, 6, 30),
    )
    return {
        "chair": chair,
        "review": review,
        "recommendation": recommendation,
        "action": action,
        "other": other,
        "police_lead": make_user(roles.AGENCY_ACTION_LEAD, agency=police),
        "business": make_user(roles.BUSINESS_GROUP),
        "board": make_user(roles.BOARD_MEMBER),
    }


def test_recommendations_are_numbered_in_order(world):
    second = action_plans.recommendation_create(
        actor=world["chair"], review=world["review"], text="Second", agencies=[]
    )
    assert (world["recommendation"].number, second.number) == (1, 2)


def test_only_crag_roles_write_recommendations_and_actions(world):
    with pytest.raises(PermissionDenied):
        action_plans.recommendation_create(
            actor=world["business"], review=world["review"], text="x", agencies=[]
        )


def test_an_agency_lead_updates_their_own_agencys_action_only(world):
    lead = world["police_lead"]
    today = timezone.localdate()
    done = action_plans.action_record_progress(
        actor=lead,
        action=world["action"],
        text="Trained 40 staff",
        status="complete",
        completed_on=today,
        evidence="Audit shows referrals doubled",
    )
    assert (done.status, done.completed_on) == ("complete", today)
    assert done.updates.get().author == lead
    with pytest.raises(PermissionDenied):
        action_plans.action_record_progress(actor=lead, action=world["other"], text="x", status="in_progress")


def test_complete_needs_its_date_and_only_the_business_group_closes(world):
    lead = world["police_lead"]
    with pytest.raises(ValidationError, match="completed"):
        action_plans.action_record_progress(actor=lead, action=world["action"], text="", status="complete")
    with pytest.raises(ValidationError, match="Only the Business Group"):
        action_plans.action_record_progress(actor=lead, action=world["action"], text="", status="closed")
    with pytest.raises(PermissionDenied):
        action_plans.action_close(actor=lead, action=world["action"], evidence="x")
    world["action"].refresh_from_db()
    assert world["action"].status == "not_started"


def test_closing_needs_evidence_and_rating_needs_a_comment(world):
    business = world["business"]
    with pytest.raises(ValidationError, match="evidence"):
        action_plans.action_close(actor=business, action=world["action"], evidence="  ")
    with pytest.raises(ValidationError, match="Explain"):
        action_plans.action_rate(actor=business, action=world["action"], rag="red", comment="")
    rated = action_plans.action_rate(actor=business, action=world["action"], rag="amber", comment="Slipping")
    closed = action_plans.action_close(actor=business, action=rated, evidence="Referrals audited")
    assert (closed.rag, closed.status, closed.completed_on is not None) == ("amber", "closed", True)


def test_an_agency_lead_cannot_reach_another_agencys_action_by_url(client, world, sign_in):
    sign_in(client, world["police_lead"])
    assert client.get(f"/actions/{world['action'].pk}/").status_code == 200
    assert client.get(f"/actions/{world['other'].pk}/").status_code == 404
    assert (
        client.post(f"/actions/{world['other'].pk}/progress/", {"status": "in_progress"}).status_code == 404
    )
    listed = client.get("/actions/")
    assert [a.pk for a in listed.context["page"].object_list] == [world["action"].pk]
    assert "Your agency&#x27;s actions" in listed.content.decode()


def test_the_business_group_filters_rates_and_exports_the_action_plan(client, world, sign_in):
    sign_in(client, world["business"])
    response = client.get("/actions/", {"agency": world["other"].owner_agency_id})
    assert [a.pk for a in response.context["page"].object_list] == [world["other"].pk]
    summary = {row["owner_agency__name"]: row for row in client.get("/actions/").context["summary"]}
    assert summary["Police"]["not_started"] == 1
    rate = f"/actions/{world['action'].pk}/rate/"
    rated = client.post(
        rate, {**hidden(client.get(rate).content.decode()), "rag": "green", "comment": "On track"}
    )
    assert rated.status_code == 302
    csv_body = b"".join(client.get("/actions/", {"format": "csv"}).streaming_content).decode("utf-8-sig")
    assert "Train call handlers" in csv_body
    assert "Green" in csv_body


def test_overdue_filter_shows_open_actions_past_their_date(client, world, sign_in):
    sign_in(client, world["business"])
    response = client.get("/actions/", {"overdue": "on"})
    overdue = {a.pk for a in response.context["page"].object_list}
    assert overdue == {a.pk for a in Action.objects.all() if a.due_on < timezone.localdate()}


def test_the_board_sees_no_action_plan(client, world, sign_in):
    sign_in(client, world["board"])
    assert client.get("/actions/").status_code == 403
    assert client.get(f"/actions/{world['action'].pk}/").status_code == 404
    assert client.get(f"/reviews/{world['review'].pk}/").status_code == 404


def test_action_list_query_count_stays_flat(client, world, sign_in):
    sign_in(client, world["business"])
    client.get("/actions/")
    few = queries_for(client, "/actions/")
    for i in range(30):
        action_plans.action_create(
            actor=world["chair"],
            recommendation=world["recommendation"],
            description=f"Action {i}",
            owner_agency=AgencyFactory(name=f"Agency {i}"),
            due_on=date(2026, 5, 1),
        )
    assert queries_for(client, "/actions/") == few


def test_an_overdue_action_reminds_its_agency_lead_and_escalates_to_the_business_group(world):
    sweeping.sweep(today=date(2026, 4, 1))  # a Wednesday after the police action's due date
    reminders = Reminder.objects.filter(subject_type="action", subject_id=world["action"].pk)
    assert {r.recipient for r in reminders} == {world["police_lead"], world["business"]}
    assert {r.stage for r in reminders} == {"overdue:2026-04-01"}
    assert not Reminder.objects.filter(subject_type="action", subject_id=world["other"].pk).exists()


def test_the_day_before_an_action_is_due_only_its_agency_lead_hears(world):
    sweeping.sweep(today=world["action"].due_on - timedelta(days=1))
    reminders = Reminder.objects.filter(subject_type="action", subject_id=world["action"].pk)
    assert {(r.recipient, r.stage) for r in reminders} == {(world["police_lead"], "day_before")}


def test_the_action_plan_xlsx_opens_and_holds_the_rows_shown_on_screen(client, world, sign_in):
    import io

    from openpyxl import load_workbook

    from crag.models import AuditEvent

    sign_in(client, world["business"])
    shown = [
        a.description
        for a in client.get("/actions/", {"agency": world["action"].owner_agency_id})
        .context["page"]
        .object_list
    ]
    response = client.get("/actions/", {"agency": world["action"].owner_agency_id, "format": "xlsx"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("review", "recommendation", "action")
    assert [row[2] for row in rows[1:]] == shown
    assert AuditEvent.objects.filter(kind="export", detail__what="action plan (xlsx)").exists()


def test_the_action_plan_filters_by_the_reviews_title(client, world, sign_in):
    other = Review.objects.create(kind="local", title="Child Z", decision_on=date(2026, 1, 5))
    recommendation = action_plans.recommendation_create(
        actor=world["chair"], review=other, text="x", agencies=[]
    )
    action_plans.action_create(
        actor=world["chair"],
        recommendation=recommendation,
        description="Only for Z",
        owner_agency=world["action"].owner_agency,
        due_on=date(2026, 3, 31),
    )
    sign_in(client, world["business"])
    page = client.get("/actions/?review=child+r").content.decode()
    assert "Train call handlers" in page
    assert "Only for Z" not in page


def test_the_row_tags_draw_status_overdue_and_rag():
    from reviews.templatetags.crag_tags import action_status, rag_tag

    late = Action(status="in_progress", due_on=date(2026, 1, 5), rag="amber")
    assert action_status(late, date(2026, 1, 6)) == (
        'In progress <strong class="govuk-tag govuk-tag--red">Overdue</strong>'
    )
    assert action_status(late, date(2026, 1, 5)) == "In progress"
    assert rag_tag(late) == '<strong class="govuk-tag govuk-tag--orange">Amber</strong>'
    assert "Not rated" in rag_tag(Action(status="closed", due_on=date(2026, 1, 5)))


@pytest.mark.django_db
def test_an_action_row_escapes_what_users_wrote(world):
    from reviews.templatetags.crag_tags import action_row

    action = world["action"]
    action.description = "<script>alert(1)</script> and a very long description " + "x" * 100
    row = action_row(action, date(2026, 4, 1))
    assert "<script>" not in row
    assert "&lt;script&gt;" in row
    assert "…" in row
    assert f'href="/actions/{action.pk}/"' in row
    assert "31 Mar 2026" in row
    assert "Overdue" in row
    assert "Child R (rec. 1)" in row
    assert "Child R" not in action_row(action, date(2026, 4, 1), plan=False)


def test_the_summary_rows_show_each_agencys_counts(client, world, sign_in):
    sign_in(client, world["business"])
    page = client.get("/actions/").content.decode()
    assert '<th scope="row" class="govuk-table__header">Police</th>' in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' in page
