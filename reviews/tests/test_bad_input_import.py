"""The import form, sent random files and mutated sample documents: never a 5xx, only valid
records imported (issue 3, item 7)."""

import copy
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from crag import roles
from crag.models import Agency
from reviews.incidents import services
from reviews.models import Child, Incident, RapidReview
from reviews.tests.bad_input import SAMPLE, examples, field_text

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
