"""Every form of the domain, posted with random values: never a 5xx, nothing invalid saved
(issue 3, item 7).

Each example posts a form whose fields are all plausible except a random few, which get random
values (so that both the checks and the saves are reached). Hypothesis examples share the
database within one test (no rollback between them), so every example makes its own records,
with unique pseudonyms, and compares before with after.
"""

import copy
import json
import string
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crag import roles
from crag.models import Agency
from crag.tests.factories import AgencyFactory
from notifications.models import Reminder
from notifications.views import CLOCK_CHOICES, STATE_CHOICES
from reviews.choices import (
    Gender,
    IncidentKind,
    IncidentLocation,
    PanelResponse,
    PlanStatus,
    RapidReviewOutcome,
    SafetyActionKind,
)
from reviews.incidents import services
from reviews.models import (
    AgencySummary,
    Child,
    DecisionAmendment,
    Incident,
    RapidReview,
    Review,
    SafetyAction,
    Theme,
)
from reviews.tests.test_lost_updates import hidden

SAMPLE = Path(__file__).parent / "fixtures" / "sample_records.json"
INCIDENT_ON = date(2025, 1, 3)
AWARE = date(2025, 1, 6)  # a Monday, well in the past: "not in the future" rules stay out of the way
NOTIFIED = date(2025, 1, 8)

# Text as a browser (or an attacker with curl) might send it: any characters, odd lengths.
field_text = st.text(max_size=300) | st.sampled_from(
    ["", " ", "'; DROP TABLE reviews_child; --", "<script>x</script>", "\x00"]
)
any_int = st.integers().map(str)
plain_text = st.text(string.ascii_letters + " .", min_size=1, max_size=40)
examples = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@dataclass(frozen=True)
class Real:
    """In drawn form data: stands for a real record's id (or a new unique name) of the example."""

    what: str


def fill(data, **real):
    """The form data with every Real replaced by the example's value."""

    def one(value):
        if isinstance(value, Real):
            return str(real[value.what])
        return [one(v) for v in value] if isinstance(value, list) else value

    return {name: one(value) for name, value in data.items()}


def field(valid, junk=None):
    """A field: its plausible values, and the random ones it gets when picked for corruption."""
    return (valid, field_text | any_int if junk is None else junk)


def choice(*values):
    return field(st.sampled_from([str(v) for v in values]))


def text(*, blank_ok=True):
    return field(plain_text | st.just("") if blank_ok else plain_text)


def ids(what, *, many=False):
    """A model choice field: the real record's id, or random integers and text."""
    one = field_text | any_int
    if many:
        return field(
            st.lists(st.just(Real(what)), min_size=1, max_size=1), st.lists(one | st.just(Real(what)))
        )
    return field(st.just(Real(what)), one)


# One part (day, month or year) of a GOV.UK date input: plausible numbers, any integer, any text.
date_part = st.one_of(
    st.integers(min_value=0, max_value=40).map(str),
    st.integers(min_value=1900, max_value=2100).map(str),
    any_int,
    field_text,
)


TODAY = timezone.localdate()
# Dates where the rules turn: before, on and after the incident, awareness, notification, today.
TURNING_DATES = [
    INCIDENT_ON - timedelta(days=1),
    INCIDENT_ON,
    AWARE - timedelta(days=1),
    AWARE,
    NOTIFIED - timedelta(days=1),
    NOTIFIED,
    NOTIFIED + timedelta(days=1),
    TODAY,
    TODAY + timedelta(days=1),
]


def day(*, optional=True):
    """A date field, posted as day, month and year: a real date (a turning date, or any from
    2024 to a year ahead), or blank when optional; when corrupted, three random parts."""
    dates = st.sampled_from(TURNING_DATES) | st.dates(date(2024, 1, 1), TODAY + timedelta(days=365))
    real = dates.map(lambda d: (str(d.day), str(d.month), str(d.year)))
    return field(
        real | st.just(("", "", "")) if optional else real, st.tuples(date_part, date_part, date_part)
    )


def form(**fields):
    """Form data: every field plausible except a random few. A date field's value is split into
    its <name>_0, <name>_1 and <name>_2 inputs."""
    valid = st.fixed_dictionaries({n: v for n, (v, _) in fields.items()})
    junk = st.fixed_dictionaries({n: j for n, (_, j) in fields.items()})
    corrupt = st.sets(st.sampled_from(sorted(fields)))

    def build(drawn):
        valid, junk, corrupt = drawn
        data: dict[str, object] = {}
        for name in fields:
            value = junk[name] if name in corrupt else valid[name]
            if isinstance(value, tuple):
                data |= {f"{name}_{i}": part for i, part in enumerate(value)}
            else:
                data[name] = value
        return data

    return st.tuples(valid, junk, corrupt).map(build)


def parts(name, when):
    """A date posted as the three inputs of a date field."""
    return {f"{name}_0": str(when.day), f"{name}_1": str(when.month), f"{name}_2": str(when.year)}


def unique(prefix):
    return f"{prefix} {uuid.uuid4().hex[:12]}"


def new_child(actor):
    return services.child_create(actor=actor, pseudonym=unique("Child"))


def new_incident(actor, *, kind=IncidentKind.DEATH):
    return services.incident_create(
        actor=actor,
        kind=kind,
        incident_date=INCIDENT_ON,
        aware_date=AWARE,
        location=IncidentLocation.IN_AREA,
        abuse_or_neglect_suspected=True,
        children=[new_child(actor)],
    )


def new_rapid_review(actor, *, signed_off=False, outcome=""):
    rapid_review = services.rapid_review_open(actor=actor, incident=new_incident(actor))
    fields = {
        "meets_cspr_criteria": True,
        "complex_or_national_importance": False,
        "decision_reasons": "Serious harm; abuse suspected.",
        "outcome": outcome,
    }
    rapid_review = services.rapid_review_update(actor=actor, rapid_review=rapid_review, fields=fields)
    if signed_off:
        rapid_review = services.rapid_review_sign_off(actor=actor, rapid_review=rapid_review)
    return rapid_review


def snapshot(instance, *m2m):
    """The saved state of a record (fields and the named many-to-many ids), read afresh."""
    fresh = type(instance).objects.get(pk=instance.pk)
    values = {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields}
    values.pop("updated_at", None)
    values.pop("version", None)  # bookkeeping of edit forms (reviews/editing/versions.py), like updated_at
    for name in m2m:
        values[name] = sorted(getattr(fresh, name).values_list("pk", flat=True))
    return values


def assert_valid_incident(incident):
    incident = Incident.objects.get(pk=incident.pk)
    incident.full_clean()
    today = timezone.localdate()
    assert incident.incident_date <= incident.aware_date <= today
    assert incident.children.exists()
    for name in services.NOTIFICATION_FIELDS:
        when = getattr(incident, name)
        assert when is None or incident.aware_date <= when <= today, (name, when, incident.aware_date)


def assert_valid_child(child):
    child = Child.objects.get(pk=child.pk)
    child.full_clean()
    assert child.pseudonym.strip()
    assert child.date_of_birth is None or child.date_of_birth <= timezone.localdate()


def post(client, url, data):
    """Send the form as a browser does: with what its page carries on its own (an edited record's
    version), under the example's data."""
    shown = client.get(url)
    response = client.post(url, {**hidden(shown.content.decode()), **data})
    assert response.status_code in (200, 302), (response.status_code, url)
    return response


def chair_client(make_user, sign_in):
    chair = make_user(roles.CRAG_CHAIR)
    return chair, sign_in(Client(), chair)


def a_theme():
    return Theme.objects.filter(active=True).first()


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


# --- the Rapid Review ---------------------------------------------------------------------------

YES_NO_UNKNOWN = choice("", "true", "false")
DECISION = (*RapidReview.DECISION_FIELDS, "signed_off_at", "signed_off_by_id")


def rapid_review_url(rapid_review, rest):
    return f"/incidents/{rapid_review.incident_id}/rapid-review/{rest}"


@examples
@given(
    data=form(
        meeting_on=day(),
        learning_points=text(),
        themes=ids("theme", many=True),
        meets_cspr_criteria=YES_NO_UNKNOWN,
        complex_or_national_importance=YES_NO_UNKNOWN,
        decision_reasons=text(),
    ),
    signed_off=st.booleans(),
)
def test_rapid_review_form_never_errors_and_never_changes_a_signed_off_decision(
    make_user, sign_in, data, signed_off
):
    chair, client = chair_client(make_user, sign_in)
    rapid_review = new_rapid_review(chair, signed_off=signed_off)
    before = snapshot(rapid_review, "themes")
    response = post(client, rapid_review_url(rapid_review, "edit/"), fill(data, theme=a_theme().pk))
    after = snapshot(rapid_review, "themes")
    if response.status_code == 200:
        assert after == before
    if signed_off:
        assert {n: after[n] for n in DECISION} == {n: before[n] for n in DECISION}
    RapidReview.objects.get(pk=rapid_review.pk).full_clean()


@examples
@given(
    data=form(
        sent_to_panel_on=day(),
        panel_response=choice(*PanelResponse.values),
        panel_considers_criteria_met=YES_NO_UNKNOWN,
        panel_responded_on=day(),
        outcome=choice("", *RapidReviewOutcome.values),
    ),
    signed_off=st.booleans(),
)
def test_panel_form_never_errors_and_saves_only_valid_choices(make_user, sign_in, data, signed_off):
    chair, client = chair_client(make_user, sign_in)
    rapid_review = new_rapid_review(chair, signed_off=signed_off)
    before = snapshot(rapid_review)
    response = post(client, rapid_review_url(rapid_review, "panel/"), data)
    after = snapshot(rapid_review)
    if response.status_code == 200:
        assert after == before
    assert {n: after[n] for n in DECISION} == {n: before[n] for n in DECISION}
    saved = RapidReview.objects.get(pk=rapid_review.pk)
    saved.full_clean()
    assert saved.panel_response in PanelResponse.values
    assert saved.outcome in ("", *RapidReviewOutcome.values)
    if saved.panel_response != PanelResponse.PENDING:
        assert saved.panel_responded_on is not None


@examples
@given(data=form(agency=ids("agency"), summary=text()))
def test_agency_summary_form_never_errors_and_saves_only_a_summary_with_text(make_user, sign_in, data):
    chair, client = chair_client(make_user, sign_in)
    rapid_review = new_rapid_review(chair)
    agency = AgencyFactory()
    response = post(client, rapid_review_url(rapid_review, "summaries/add/"), fill(data, agency=agency.pk))
    saved = AgencySummary.objects.filter(rapid_review=rapid_review)
    if response.status_code == 200:
        assert not saved.exists()
    else:
        item = saved.get()
        item.full_clean()
        assert item.agency_id == agency.pk
        assert item.summary.strip()


@examples
@given(
    data=form(
        kind=choice(*SafetyActionKind.values),
        description=text(),
        owner_agency=ids("agency"),
        owner_name=text(),
        done_on=day(),
    )
)
@example(  # done tomorrow
    data={
        "kind": "genogram",
        "description": "Draw it.",
        "owner_agency": Real("agency"),
        **parts("done_on", TODAY + timedelta(days=1)),
    }
)
def test_safety_action_form_never_errors_and_saves_only_a_valid_action(make_user, sign_in, data):
    chair, client = chair_client(make_user, sign_in)
    rapid_review = new_rapid_review(chair)
    data = fill(data, agency=AgencyFactory().pk)
    response = post(client, rapid_review_url(rapid_review, "safety-actions/add/"), data)
    saved = SafetyAction.objects.filter(rapid_review=rapid_review)
    if response.status_code == 200:
        assert not saved.exists()
    else:
        action = saved.get()
        action.full_clean()
        assert action.description.strip()
        # The rule of marking an action done: it cannot have been done in the future.
        assert action.done_on is None or action.done_on <= timezone.localdate(), action.done_on


@examples
@given(data=form(done_on=day(optional=False), action=field(st.just(Real("action")), st.integers(0).map(str))))
def test_safety_action_done_form_never_errors_and_never_saves_a_future_date(make_user, sign_in, data):
    chair, client = chair_client(make_user, sign_in)
    rapid_review = new_rapid_review(chair)
    action = services.safety_action_add(
        actor=chair,
        rapid_review=rapid_review,
        kind=SafetyActionKind.GENOGRAM,
        description="Draw the genogram.",
        owner_agency=AgencyFactory(),
    )
    before = snapshot(action)
    data = fill(data, action=action.pk)
    target = data.pop("action")
    url = rapid_review_url(rapid_review, f"safety-actions/{target}/done/")
    response = client.post(url, {**hidden(client.get(url).content.decode()), **data})
    # 404 only for a random action id.
    assert response.status_code in ((200, 302) if target == str(action.pk) else (200, 302, 404))
    if response.status_code != 302:
        assert snapshot(action) == before
    saved = SafetyAction.objects.get(pk=action.pk)
    assert saved.done_on is None or saved.done_on <= timezone.localdate()


@examples
@given(data=form(text=text(), reason=text()), signed_off=st.booleans())
def test_amendment_form_never_errors_and_saves_only_a_reasoned_amendment(
    make_user, sign_in, data, signed_off
):
    chair, client = chair_client(make_user, sign_in)
    rapid_review = new_rapid_review(chair, signed_off=signed_off)
    before = snapshot(rapid_review)
    response = post(client, rapid_review_url(rapid_review, "amend/"), data)
    saved = DecisionAmendment.objects.filter(rapid_review=rapid_review)
    if response.status_code == 200:
        assert not saved.exists()
    else:
        assert signed_off
        amendment = saved.get()
        assert amendment.text.strip()
        assert amendment.reason.strip()
        assert amendment.made_by_id == chair.pk
    assert snapshot(rapid_review) == before  # the decision itself never changes


@examples
@given(data=form(decision_on=day(optional=False)), outcome=st.sampled_from(["", *RapidReviewOutcome.values]))
def test_review_from_outcome_form_never_errors_and_saves_only_a_valid_review(
    make_user, sign_in, data, outcome
):
    chair, client = chair_client(make_user, sign_in)
    rapid_review = new_rapid_review(chair, signed_off=True, outcome=outcome)
    response = post(client, rapid_review_url(rapid_review, "review/"), data)
    saved = Review.objects.filter(rapid_review=rapid_review)
    if response.status_code == 200:
        assert not saved.exists()
    else:
        assert outcome in services.OUTCOME_REVIEW_KIND
        review = saved.get()
        review.full_clean()
        assert review.decision_on >= AWARE


# --- the importer -------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | field_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(field_text, inner, max_size=3),
    max_leaves=6,
)


def leaf_paths(value, path=()):
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in leaf_paths(v, (*path, k))] or [path]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in leaf_paths(v, (*path, i))] or [path]
    return [path]


SAMPLE_DOCUMENT = json.loads(SAMPLE.read_text())
SAMPLE_PATHS = [p for p in leaf_paths(SAMPLE_DOCUMENT) if p]


def mutated(changes):
    """The sample document with some of its values replaced by random JSON."""
    document = copy.deepcopy(SAMPLE_DOCUMENT)
    for path, value in changes:
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return json.dumps(document).encode()


import_files = st.binary(max_size=2000) | st.lists(
    st.tuples(st.sampled_from(SAMPLE_PATHS), json_values), min_size=1, max_size=4
).map(mutated)


@examples
@given(content=import_files, dry_run=st.sampled_from(["", "on"]) | field_text)
def test_import_form_never_errors_and_imports_only_valid_records(make_user, sign_in, content, dry_run):
    client = sign_in(Client(), make_user(roles.PARTNERSHIP_ADMIN))
    counts = (Child.objects.count(), Incident.objects.count(), RapidReview.objects.count())
    response = client.post(
        "/import/", {"file": SimpleUploadedFile("records.json", content), "dry_run": dry_run}
    )
    assert response.status_code == 200
    if response.context["result"] is None or response.context["result"].dry_run:
        assert counts == (Child.objects.count(), Incident.objects.count(), RapidReview.objects.count())
    for child in Child.objects.all():
        child.full_clean()
    for incident in Incident.objects.all():
        incident.full_clean()
        assert incident.incident_date <= incident.aware_date
        for name in services.NOTIFICATION_FIELDS:
            when = getattr(incident, name)
            assert when is None or when >= incident.aware_date, (incident.ref, name)
    for rapid_review in RapidReview.objects.all():
        rapid_review.full_clean()
    assert Agency.objects.exists()


# --- the lists' filters -------------------------------------------------------------------------


def param(*values):
    """A query parameter's value: a valid one, or anything."""
    return st.sampled_from([str(v) for v in values]) | field_text | any_int


def params(**values):
    """Query parameters, each left out or given a random (or a valid) value."""
    return st.fixed_dictionaries({}, optional=values)


@examples
@given(
    query=params(
        kind=param("", *IncidentKind.values),
        year=param("2025", "2000", "2100"),
        sort=param("-aware", "aware", "-incident", "incident", "reference", "-reference", "kind"),
        awaiting=param("on", "true"),
        overdue=param("on", "true"),
        page=param("1", "2", "last", "0", "-1"),
        format=param("csv", "html"),
    )
)
def test_incident_list_filters_never_error(make_user, sign_in, query):
    chair = make_user(roles.CRAG_CHAIR)
    client = sign_in(Client(), chair)
    new_incident(chair)
    assert client.get("/incidents/", query).status_code == 200


@examples
@given(
    query=params(
        clock=param(*(c for c, _ in CLOCK_CHOICES)),
        state=param(*(s for s, _ in STATE_CHOICES)),
        page=param("1", "2", "last", "0", "-1"),
        format=param("csv", "html"),
    )
)
def test_deadline_filters_never_error(make_user, sign_in, query):
    chair = make_user(roles.CRAG_CHAIR)
    client = sign_in(Client(), chair)
    new_incident(chair)
    assert client.get("/deadlines/", query).status_code == 200


@examples
@given(
    query=params(show=param("unread", "all"), page=param("1", "2", "last", "0", "-1")),
    reminders=st.integers(min_value=0, max_value=3),
)
def test_notification_list_filters_never_error(make_user, sign_in, query, reminders):
    chair = make_user(roles.CRAG_CHAIR)
    client = sign_in(Client(), chair)
    for n in range(reminders):
        Reminder.objects.create(
            subject_type="incident",
            subject_id=n + 1,
            clock="panel_notification",
            stage="recorded",
            recipient=chair,
            due_on=AWARE,
            title=f"Reminder {n}",
            url="/incidents/",
        )
    assert client.get("/notifications/", query).status_code == 200
