"""The retention schedule's system check: every kind with a period, what it runs from, an action
and its source."""

from django.conf import settings

from reviews.retention.schedule import KINDS, check_retention_schedule, problems, schedule


def test_the_default_schedule_passes_the_check_and_covers_every_kind():
    assert check_retention_schedule() == []
    assert set(KINDS) <= set(schedule())
    assert all(period.source and period.after for period in schedule().values())


def test_a_schedule_without_a_period_or_a_source_is_refused(settings):
    broken = dict(settings.CRAG_RETENTION)
    broken["case_review"] = {"years": None, "after": "closure", "action": "anonymise", "source": ""}
    broken["rapid_review"] = {"years": 5, "after": "sign-off", "action": "shred", "source": "policy"}
    del broken["notification"]
    settings.CRAG_RETENTION = broken
    found = [error.msg for error in check_retention_schedule()]
    assert "case_review: no period (years must be a whole number of years, at least 1)" in found
    assert any(message.startswith("case_review: no 'source'") for message in found)
    assert "rapid_review: action must be 'anonymise' or 'destroy'" in found
    assert "notification: missing from the schedule" in found
    assert {error.id for error in check_retention_schedule()} == {"reviews.E017"}


def test_a_schedule_that_is_not_a_dict_is_refused():
    assert problems(None) == ["CRAG_RETENTION is not a dict of kinds"]
    assert settings.CRAG_RETENTION  # the real one is untouched
