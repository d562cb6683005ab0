"""Random form data for the bad-input tests (issue 3, item 7): strategies, records and checks.

Each example posts a form whose fields are all plausible except a random few, which get random
values (so that both the checks and the saves are reached). Hypothesis examples share the
database within one test (no rollback between them), so every example makes its own records,
with unique pseudonyms, and compares before with after.
"""

import string
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from crag import roles
from reviews.choices import IncidentKind, IncidentLocation
from reviews.incidents import rapid_reviews, services
from reviews.models import Child, Incident, Theme
from reviews.tests.partner_records import record_partner_agreements
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
    rapid_review = rapid_reviews.rapid_review_open(actor=actor, incident=new_incident(actor))
    fields = {
        "meets_cspr_criteria": True,
        "complex_or_national_importance": False,
        "decision_reasons": "Serious harm; abuse suspected.",
        "outcome": outcome,
    }
    rapid_review = rapid_reviews.rapid_review_update(actor=actor, rapid_review=rapid_review, fields=fields)
    if signed_off:
        record_partner_agreements(rapid_review)
        rapid_review = rapid_reviews.rapid_review_sign_off(actor=actor, rapid_review=rapid_review)
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


def param(*values):
    """A query parameter's value: a valid one, or anything."""
    return st.sampled_from([str(v) for v in values]) | field_text | any_int


def params(**values):
    """Query parameters, each left out or given a random (or a valid) value."""
    return st.fixed_dictionaries({}, optional=values)
