"""The domain's writes: what they refuse, what they save, and that a refusal saves nothing. Here
incidents and their notifications; the Rapid Review's and the review its outcome creates are in
test_services_rapid_review.py and test_services_review_outcome.py."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from crag import roles
from reviews.choices import IncidentKind
from reviews.incidents import services
from reviews.models import Child, Incident, Theme
from reviews.tests.incident_records import (
    AWARE,
    DUE,
    chair,
    child,
    member,
    new_incident,
    rapid_review,
    signed_off,
)

__all__ = ["chair", "child", "member", "rapid_review", "signed_off"]  # fixtures


# --- incidents -------------------------------------------------------------------------------


def test_incident_create_refuses_an_incident_without_children(member):
    with pytest.raises(ValidationError) as refused:
        new_incident(member, [])

    assert "children" in refused.value.message_dict
    assert not Incident.objects.exists()


def test_incident_reference_counts_up_within_each_year(member, child):
    first = new_incident(member, [child], aware=date(2026, 1, 5))
    second = new_incident(member, [child], aware=date(2026, 3, 2))
    other_year = new_incident(member, [child], aware=date(2025, 12, 30))

    assert (first.reference, second.reference) == ("INC-2026-001", "INC-2026-002")
    assert other_year.reference == "INC-2025-001"


def test_incident_create_saves_children_and_themes(member, child):
    neglect = Theme.objects.get(slug="neglect")
    other = Child.objects.create(pseudonym="Child N")

    incident = new_incident(member, [child, other], themes=[neglect])

    incident.refresh_from_db()
    assert set(incident.children.all()) == {child, other}
    assert list(incident.themes.all()) == [neglect]
    assert incident.created_by == member


def test_business_group_user_cannot_create_an_incident(make_user, child):
    with pytest.raises(PermissionDenied):
        new_incident(make_user(roles.BUSINESS_GROUP), [child])

    assert not Incident.objects.exists()


# --- notifications ---------------------------------------------------------------------------


def test_late_panel_notification_without_a_reason_is_refused_and_nothing_is_saved(member, child):
    incident = new_incident(member, [child])

    with pytest.raises(ValidationError) as refused:
        services.incident_record_notifications(
            actor=member, incident=incident, dates={"panel_notified_on": DUE + timedelta(days=1)}
        )

    assert "late_reason" in refused.value.message_dict
    assert refused.value.message_dict["late_reason"][0].startswith("Why was the Panel notified late?")
    incident.refresh_from_db()
    assert incident.panel_notified_on is None


def test_late_panel_notification_with_a_reason_is_recorded(member, child):
    incident = new_incident(member, [child])

    services.incident_record_notifications(
        actor=member,
        incident=incident,
        dates={"panel_notified_on": DUE + timedelta(days=1)},
        national_reference="NAT-123",
        late_reason="  The duty manager was away.  ",
    )

    incident.refresh_from_db()
    assert incident.panel_notified_on == date(2025, 6, 17)
    assert incident.late_reason == "The duty manager was away."
    assert incident.national_reference == "NAT-123"


def test_panel_notification_on_its_due_date_needs_no_reason(member, child):
    incident = new_incident(member, [child])

    services.incident_record_notifications(
        actor=member, incident=incident, dates={"panel_notified_on": DUE, "partnership_informed_on": AWARE}
    )

    incident.refresh_from_db()
    assert (incident.panel_notified_on, incident.partnership_informed_on) == (DUE, AWARE)


def test_notification_before_the_aware_date_is_refused(member, child):
    incident = new_incident(member, [child])

    with pytest.raises(ValidationError) as refused:
        services.incident_record_notifications(
            actor=member, incident=incident, dates={"panel_notified_on": AWARE - timedelta(days=1)}
        )

    assert "before the council became aware" in refused.value.message_dict["panel_notified_on"][0]
    incident.refresh_from_db()
    assert incident.panel_notified_on is None


def test_notification_in_the_future_is_refused(member, child):
    today = timezone.localdate()
    incident = new_incident(member, [child], aware=today - timedelta(days=1))

    with pytest.raises(ValidationError) as refused:
        services.incident_record_notifications(
            actor=member, incident=incident, dates={"panel_notified_on": today + timedelta(days=1)}
        )

    assert "in the future" in refused.value.message_dict["panel_notified_on"][0]
    incident.refresh_from_db()
    assert incident.panel_notified_on is None


def test_ofsted_dates_are_ignored_for_a_plain_death(member, child):
    incident = new_incident(member, [child], kind=IncidentKind.DEATH)

    services.incident_record_notifications(
        actor=member,
        incident=incident,
        dates={"panel_notified_on": DUE, "ofsted_notified_on": DUE, "secretary_of_state_notified_on": DUE},
    )

    incident.refresh_from_db()
    assert incident.panel_notified_on == DUE
    assert incident.ofsted_notified_on is None
    assert incident.secretary_of_state_notified_on is None


def test_ofsted_dates_are_kept_for_a_looked_after_childs_death(member, child):
    incident = new_incident(member, [child], kind=IncidentKind.LOOKED_AFTER_DEATH)

    services.incident_record_notifications(
        actor=member,
        incident=incident,
        dates={"ofsted_notified_on": DUE, "secretary_of_state_notified_on": AWARE},
    )

    incident.refresh_from_db()
    assert (incident.ofsted_notified_on, incident.secretary_of_state_notified_on) == (DUE, AWARE)


def test_late_ofsted_notification_of_a_looked_after_death_needs_a_reason(member, child):
    incident = new_incident(member, [child], kind=IncidentKind.LOOKED_AFTER_DEATH)

    with pytest.raises(ValidationError) as refused:
        services.incident_record_notifications(
            actor=member, incident=incident, dates={"ofsted_notified_on": DUE + timedelta(days=1)}
        )

    assert refused.value.message_dict["late_reason"][0].startswith("Why was Ofsted notified late?")
    incident.refresh_from_db()
    assert incident.ofsted_notified_on is None
