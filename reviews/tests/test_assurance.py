"""Assurance activity (issue 20): CRAG plans activity that tests whether practice changed and records
what it found; every role that reads the learning reads it."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from crag.models import AuditEvent
from reviews.actions import services as action_plans
from reviews.editing.versions import EditConflict
from reviews.impact import assurance
from reviews.models import AssuranceActivity
from reviews.tests.factories_impact import ExternalRecommendationFactory
from reviews.tests.learning_world import board_client, chair_client, csv_rows, date_parts, error_texts, world

__all__ = ["board_client", "chair_client", "world"]  # fixtures

DONE = date(2025, 9, 1)


def plan(world, **fields):
    values = {"kind": "multi_agency_audit", "title": "Safe sleep audit", "planned_on": date(2025, 8, 1)}
    return assurance.assurance_plan(actor=world["chair"], **(values | fields))


def record(world, activity, **fields):
    values = {
        "completed_on": DONE,
        "findings": "Advice given in 9 of 10 cases",
        "practice_changed": "changed",
    }
    return assurance.assurance_findings_record(actor=world["chair"], activity=activity, **(values | fields))


# --- services -----------------------------------------------------------------------------------


def test_plan_links_recommendations_local_and_external_and_themes_and_may_be_in_the_future(world):
    local = action_plans.recommendation_create(
        actor=world["chair"], review=world["review"], text="Safe sleep advice", agencies=[world["health"]]
    )
    external = ExternalRecommendationFactory()
    future = timezone.localdate() + timedelta(days=180)

    activity = plan(
        world,
        planned_on=future,
        recommendations=[local, external],
        themes=[world["neglect"]],
        agencies=[world["health"], world["police"]],
    )

    assert activity.planned_on == future
    assert set(activity.recommendations.all()) == {local, external}
    assert list(activity.themes.all()) == [world["neglect"]]
    assert activity.agencies.count() == 2
    assert LogEntry.objects.get_for_object(activity).filter(action=LogEntry.Action.CREATE).count() == 1


def test_only_crag_plans_and_records(world):
    with pytest.raises(PermissionDenied):
        assurance.assurance_plan(actor=world["board"], kind="survey", title="Survey", planned_on=DONE)
    activity = plan(world)
    with pytest.raises(PermissionDenied):
        assurance.assurance_findings_record(
            actor=world["board"],
            activity=activity,
            completed_on=DONE,
            findings="x",
            practice_changed="changed",
        )


def test_findings_need_date_findings_and_practice_changed_in_plain_english(world):
    activity = plan(world)
    with pytest.raises(ValidationError) as refused:
        record(world, activity, completed_on=None, findings=" ", practice_changed="")
    assert refused.value.message_dict == {
        "completed_on": ["Enter the date the activity was completed"],
        "findings": ["Describe what the activity found"],
        "practice_changed": ["Say whether practice changed"],
    }
    activity.refresh_from_db()
    assert not activity.is_complete
    assert activity.version == 1


def test_findings_date_cannot_be_in_the_future_or_before_the_review_it_tests(world):
    rec = action_plans.recommendation_create(
        actor=world["chair"], review=world["review"], text="Advice", agencies=[world["health"]]
    )
    activity = plan(world, recommendations=[rec])
    with pytest.raises(ValidationError) as future:
        record(world, activity, completed_on=timezone.localdate() + timedelta(days=1))
    assert future.value.message_dict["completed_on"] == ["The date cannot be in the future."]
    with pytest.raises(ValidationError) as early:
        record(world, activity, completed_on=date(2024, 12, 1))
    assert "before the decision to initiate the review it tests (Child R" in early.value.messages[0]


def test_findings_are_recorded_once_and_corrected_only_from_a_form_that_read_them(world):
    activity = record(world, plan(world), sample=10)
    assert activity.is_complete
    assert activity.sample == 10

    with pytest.raises(ValidationError, match="already recorded"):
        record(world, activity, findings="Again")
    with pytest.raises(EditConflict):
        record(world, activity, findings="Stale form", version=activity.version - 1)
    corrected = record(world, activity, practice_changed="partly", version=activity.version)
    assert corrected.practice_changed == "partly"


def test_the_constraint_keeps_a_planned_activity_without_findings(world):
    activity = plan(world)
    with transaction.atomic(), pytest.raises(IntegrityError):
        AssuranceActivity.objects.filter(pk=activity.pk).update(findings="Found something")
    activity.findings = "Found something"
    with pytest.raises(ValidationError) as refused:
        activity.full_clean()
    assert (
        "Completed activity needs its date, its findings and whether practice changed."
        in refused.value.messages
    )


def test_update_corrects_the_plan_with_the_version(world):
    activity = plan(world)
    updated = assurance.assurance_update(
        actor=world["chair"],
        activity=activity,
        kind="survey",
        title="Survey",
        planned_on=DONE,
        themes=[world["domestic_abuse"]],
        version=1,
    )
    assert (updated.kind, updated.version) == ("survey", 2)
    with pytest.raises(EditConflict):
        assurance.assurance_update(
            actor=world["chair"], activity=activity, kind="survey", title="Again", planned_on=DONE, version=1
        )


# --- pages --------------------------------------------------------------------------------------


def test_chair_plans_then_records_that_practice_changed(world, chair_client):
    external = ExternalRecommendationFactory(external_review__title="National safe sleep review", number=2)
    form = chair_client.get("/learning/assurance/new/")
    assert "National safe sleep review, recommendation 2" in form.content.decode()

    response = chair_client.post(
        "/learning/assurance/new/",
        {
            "kind": "multi_agency_audit",
            "title": "Audit six months on",
            **date_parts("planned_on", DONE),
            "recommendations": [external.pk],
            "themes": [world["neglect"].pk],
        },
    )
    activity = AssuranceActivity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/learning/assurance/{activity.pk}/"

    url = f"/learning/assurance/{activity.pk}/findings/"
    response = chair_client.post(
        url,
        {
            **date_parts("completed_on", DONE),
            "findings": "Safe sleep advice recorded in 18 of 20 cases",
            "practice_changed": "changed",
            "sample": "20",
            "version": "1",
        },
    )
    assert response.status_code == 302
    page = chair_client.get(f"/learning/assurance/{activity.pk}/").content.decode()
    assert "Practice changed" in page
    assert "Correct the findings" in page


def test_findings_form_shows_plain_errors(world, chair_client):
    activity = plan(world)
    response = chair_client.post(f"/learning/assurance/{activity.pk}/findings/", {"version": "1"})
    assert response.status_code == 200
    assert set(error_texts(response)) >= {
        "Enter the date the activity was completed",
        "Describe what the activity found",
        "Say whether practice changed",
    }


def test_board_reads_but_cannot_plan(world, board_client):
    activity = plan(world)
    assert board_client.get(f"/learning/assurance/{activity.pk}/").status_code == 200
    assert b"Record the findings" not in board_client.get(f"/learning/assurance/{activity.pk}/").content
    assert board_client.get("/learning/assurance/new/").status_code == 403
    assert board_client.get(f"/learning/assurance/{activity.pk}/findings/").status_code == 403


# --- list and CSV -------------------------------------------------------------------------------


def titles(response):
    return [a.title for a in response.context["page"].object_list]


def test_list_filters_by_status_kind_and_practice_changed_and_sorts(world, board_client):
    record(world, plan(world, title="B audit", planned_on=date(2025, 3, 1)), practice_changed="not_changed")
    record(world, plan(world, title="A survey", kind="survey", planned_on=date(2025, 4, 1)))
    plan(world, title="C planned", planned_on=date(2025, 5, 1))

    assert titles(board_client.get("/learning/assurance/")) == ["C planned", "A survey", "B audit"]
    assert titles(board_client.get("/learning/assurance/", {"status": "planned"})) == ["C planned"]
    assert titles(board_client.get("/learning/assurance/", {"status": "completed", "sort": "title"})) == [
        "A survey",
        "B audit",
    ]
    assert titles(board_client.get("/learning/assurance/", {"kind": "survey"})) == ["A survey"]
    assert titles(board_client.get("/learning/assurance/", {"practice_changed": "not_changed"})) == [
        "B audit"
    ]
    assert b"crag-empty-state" in board_client.get("/learning/assurance/", {"kind": "focus_group"}).content


def test_csv_names_recommendations_by_source_and_is_audited(world, board_client):
    rec = ExternalRecommendationFactory(external_review__title="=National review", number=3)
    record(world, plan(world, recommendations=[rec], agencies=[world["police"]]), sample=12)

    rows = csv_rows(board_client.get("/learning/assurance.csv", {"status": "completed"}))

    assert rows[0][0] == "title"
    assert len(rows) == 2
    assert rows[1][:5] == [
        "Safe sleep audit",
        "Multi-agency audit",
        "2025-08-01",
        "Wessex Police",
        "'=National review, recommendation 3",
    ]
    assert rows[1][6:9] == ["2025-09-01", "12", "Practice changed"]
    assert AuditEvent.objects.filter(
        kind="export", detail__what="assurance activity", detail__rows=1
    ).exists()


@pytest.mark.parametrize("url", ["/learning/assurance/", "/learning/assurance.csv"])
def test_list_queries_stay_flat_as_rows_grow(world, board_client, django_assert_max_num_queries, url):
    def add(n):
        for i in range(n):
            rec = ExternalRecommendationFactory()
            record(
                world,
                plan(
                    world,
                    title=f"Audit {i}",
                    recommendations=[rec],
                    themes=[world["neglect"]],
                    agencies=[world["police"]],
                ),
            )

    add(2)
    with django_assert_max_num_queries(30) as few:
        board_client.get(url)
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = board_client.get(url)
    assert response.status_code == 200
