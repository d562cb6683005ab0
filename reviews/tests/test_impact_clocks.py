"""The two clocks of learning into practice (issue 20): a resource sent to an agency is due a record
of its use CRAG_RESOURCE_USE_WEEKS after it was sent, done the day a use is recorded, and reminds
that agency's leads only; assurance activity is due on its planned date, done when its findings
are recorded, and reminds CRAG."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from notifications.calendar import NO_OVERRIDES
from reviews import clocks
from reviews.clocks import Recipients
from reviews.models import AssuranceActivity
from reviews.tests.factories_impact import AssuranceActivityFactory, DisseminationFactory, ResourceUseFactory

pytestmark = pytest.mark.django_db
SENT = date(2026, 1, 5)


def clock_on(definition, record, day):
    return definition.clock(record, day=day, overrides=NO_OVERRIDES)


def test_a_resource_sent_is_due_a_record_of_use_after_the_set_weeks(settings):
    settings.CRAG_RESOURCE_USE_WEEKS = 12
    sent = DisseminationFactory(sent_on=SENT)
    clock = clock_on(clocks.RESOURCE_USE_DUE, sent, date(2026, 2, 1))
    assert clock.due == date(2026, 3, 30)
    assert clock.done_on is None
    settings.CRAG_RESOURCE_USE_WEEKS = 4
    assert clock_on(clocks.RESOURCE_USE_DUE, sent, date(2026, 2, 1)).due == date(2026, 2, 2)


def test_the_clock_stops_on_the_day_the_agency_records_a_use(settings):
    sent = DisseminationFactory(sent_on=SENT)
    use = ResourceUseFactory(dissemination=sent, used_from=SENT)
    recorded = timezone.make_aware(datetime.combine(date(2026, 2, 10), time(9)))
    type(use).objects.filter(pk=use.pk).update(recorded_at=recorded)
    sent = clocks.RECORDS[type(sent)]().get(pk=sent.pk)
    assert clocks.RESOURCE_USE_DUE.is_running(sent, date(2026, 2, 9))
    assert not clocks.RESOURCE_USE_DUE.is_running(sent, date(2026, 2, 10))
    day = clocks.Day.counting_on(date(2026, 2, 9), NO_OVERRIDES)
    assert [o.record.pk for o in day.open_clocks([clocks.RESOURCE_USE_DUE], history=True)] == [sent.pk]
    later = clocks.Day.counting_on(date(2026, 2, 11), NO_OVERRIDES)
    assert list(later.open_clocks([clocks.RESOURCE_USE_DUE], history=True)) == []


def test_the_use_clock_reminds_the_agencys_own_leads_and_names_no_child():
    sent = DisseminationFactory(sent_on=SENT)
    listing = clocks.RESOURCE_USE_DUE.listing(sent)
    assert clocks.RESOURCE_USE_DUE.recipients is Recipients.CONTRIBUTING_AGENCY
    assert Recipients.CONTRIBUTING_AGENCY.agency_scoped
    assert listing.agency_id == sent.agency_id
    assert listing.subject == "dissemination"
    assert listing.url == f"/learning/sent/{sent.pk}/"
    assert sent.resource.title in listing.title


def test_assurance_is_due_on_its_planned_date_until_its_findings_are_recorded():
    activity = AssuranceActivityFactory(planned_on=date(2026, 7, 1))
    assert clock_on(clocks.ASSURANCE_DUE, activity, date(2026, 6, 1)).due == date(2026, 7, 1)
    assert clocks.ASSURANCE_DUE.is_running(activity, date(2026, 8, 1))
    AssuranceActivity.objects.filter(pk=activity.pk).update(
        completed_on=date(2026, 7, 20), findings="Seen in 18 of 20 cases", practice_changed="changed"
    )
    activity.refresh_from_db()
    assert clocks.ASSURANCE_DUE.is_running(activity, date(2026, 7, 19))
    assert not clocks.ASSURANCE_DUE.is_running(activity, date(2026, 7, 20))
    assert clocks.ASSURANCE_DUE.recipients is Recipients.SUBGROUP
    assert clocks.ASSURANCE_DUE.listing(activity).url == f"/learning/assurance/{activity.pk}/"


def test_both_clocks_are_in_the_registry_with_their_records():
    assert clocks.BY_KEY["resource_use_due"] is clocks.RESOURCE_USE_DUE
    assert clocks.BY_KEY["assurance_due"] is clocks.ASSURANCE_DUE
    assert {clocks.RESOURCE_USE_DUE.model, clocks.ASSURANCE_DUE.model} <= set(clocks.RECORDS)


def test_sending_recording_use_and_planning_assurance_move_the_deadlines_version_on():
    from notifications import receivers

    seen = [receivers.version()]
    sent = DisseminationFactory(sent_on=SENT)
    seen.append(receivers.version())
    ResourceUseFactory(dissemination=sent, used_from=SENT)
    seen.append(receivers.version())
    AssuranceActivityFactory()
    seen.append(receivers.version())
    assert len(set(seen)) == 4
