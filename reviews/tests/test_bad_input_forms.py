"""The child and incident forms, posted with random values: never a 5xx, nothing invalid saved
(issue 3, item 7). The other forms' are beside it in test_bad_input_*.py; how the examples are
drawn is in bad_input.py.
"""

from datetime import timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from reviews.choices import Gender, IncidentKind, IncidentLocation, PlanStatus
from reviews.incidents import services
from reviews.models import Child, Incident
from reviews.tests.bad_input import (
    AWARE,
    NOTIFIED,
    Real,
    a_theme,
    assert_valid_child,
    assert_valid_incident,
    chair_client,
    choice,
    day,
    examples,
    field,
    fill,
    form,
    ids,
    new_child,
    new_incident,
    parts,
    post,
    snapshot,
    text,
    unique,
)

# --- children and incidents ---------------------------------------------------------------------


@examples
@given(
    data=form(
        pseudonym=field(st.just(Real("name"))),
        legal_name=text(),
        date_of_birth=day(),
        gender=choice(*Gender.values),
        ethnicity=text(),
        disability=text(),
        looked_after=choice("on", ""),
        child_protection_plan=choice(*PlanStatus.values),
        child_in_need_plan=choice(*PlanStatus.values),
        deceased=choice("on", ""),
        date_of_death=day(),
        address=text(),
        case_summary=text(),
    )
)
@example(  # a year too large for a date: must be refused as a form error, not a 500
    data={
        "pseudonym": Real("name"),
        "date_of_birth_0": "1",
        "date_of_birth_1": "1",
        "date_of_birth_2": "2147483648",
    }
)
def test_child_form_never_errors_and_saves_only_a_valid_child(make_user, sign_in, data):
    _, client = chair_client(make_user, sign_in)
    before = set(Child.objects.values_list("pk", flat=True))
    response = post(client, "/children/new/", fill(data, name=unique("Child")))
    added = Child.objects.exclude(pk__in=before)
    if response.status_code == 200:
        assert not added.exists()
    else:
        assert added.count() == 1
        assert_valid_child(added.get())


INCIDENT_FORM = form(
    kind=choice(*IncidentKind.values),
    incident_date=day(optional=False),
    aware_date=day(optional=False),
    location=choice(*IncidentLocation.values),
    abuse_or_neglect_suspected=choice("True", "False"),
    children=ids("child", many=True),
    themes=ids("theme", many=True),
    summary=text(),
)


@examples
@given(data=INCIDENT_FORM)
def test_incident_form_never_errors_and_saves_only_a_valid_incident(make_user, sign_in, data):
    chair, client = chair_client(make_user, sign_in)
    data = fill(data, child=new_child(chair).pk, theme=a_theme().pk)
    before = set(Incident.objects.values_list("pk", flat=True))
    response = post(client, "/incidents/new/", data)
    added = Incident.objects.exclude(pk__in=before)
    if response.status_code == 200:
        assert not added.exists()
    else:
        assert added.count() == 1
        assert_valid_incident(added.get())


@examples
@given(
    data=INCIDENT_FORM,
    kind=st.sampled_from([IncidentKind.DEATH, IncidentKind.LOOKED_AFTER_DEATH]),
    notified=st.sets(st.sampled_from(services.NOTIFICATION_FIELDS)),
)
@example(  # the partners were informed on the 8th: the council cannot become aware on the 9th
    data={
        "kind": "death",
        "location": "in_area",
        "abuse_or_neglect_suspected": "True",
        "children": [Real("child")],
        **parts("incident_date", AWARE),
        **parts("aware_date", NOTIFIED + timedelta(days=1)),
    },
    kind=IncidentKind.DEATH,
    notified={"partnership_informed_on"},
)
def test_incident_edit_never_errors_and_keeps_the_incident_valid(make_user, sign_in, data, kind, notified):
    chair, client = chair_client(make_user, sign_in)
    incident = new_incident(chair, kind=kind)
    if notified:  # notifications already recorded: they must stay on or after the aware date
        services.incident_record_notifications(
            actor=chair, incident=incident, dates=dict.fromkeys(notified, NOTIFIED), late_reason="Late."
        )
    before = snapshot(incident, "children", "themes")
    data = fill(data, child=new_child(chair).pk, theme=a_theme().pk)
    response = post(client, f"/incidents/{incident.pk}/edit/", data)
    if response.status_code == 200:
        assert snapshot(incident, "children", "themes") == before
    assert_valid_incident(incident)


@examples
@given(
    data=form(
        panel_notified_on=day(),
        partnership_informed_on=day(),
        ofsted_notified_on=day(),
        secretary_of_state_notified_on=day(),
        national_reference=text(),
        late_reason=text(),
    ),
    kind=st.sampled_from([IncidentKind.DEATH, IncidentKind.LOOKED_AFTER_DEATH]),
)
def test_notification_form_never_errors_and_saves_no_date_before_awareness(make_user, sign_in, data, kind):
    chair, client = chair_client(make_user, sign_in)
    incident = new_incident(chair, kind=kind)
    before = snapshot(incident)
    response = post(client, f"/incidents/{incident.pk}/notifications/", data)
    if response.status_code == 200:
        assert snapshot(incident) == before
    assert_valid_incident(incident)
