"""Every URL pattern, for anonymous visitors and every role, answers the expected status.

A meta-test fails when a URL pattern has no row here, so nothing new ships unchecked.
Statuses: 200 shown; 302 redirected (to sign in, or onwards); 403 refused; 404 not found, also
for objects out of the user's scope; 405 wrong method.
"""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import get_resolver

from crag import roles
from crag.tests import (
    matrix_assurance,
    matrix_changes,
    matrix_chronology,
    matrix_contributions,
    matrix_documents,
    matrix_external,
    matrix_impact,
    matrix_learning,
    matrix_meetings,
    matrix_minutes,
    matrix_partners,
    matrix_referrals,
)
from crag.tests.matrix_objects import make_objects, walk

ANON = "anonymous"
PA = roles.PARTNERSHIP_ADMIN
EVERYONE = (ANON, *roles.ALL_ROLES)


def expect(anon: int, signed_in: int, **by_role: int) -> dict[str, int]:
    """Statuses for anonymous, for every role, with exceptions by role (PA=..., others=...)."""
    others = by_role.pop("others", signed_in)
    table = {ANON: anon} | {role: others for role in roles.ALL_ROLES}
    if "pa" in by_role:
        table[PA] = by_role["pa"]
    return table


Builder = Callable[[dict[str, object]], str]
SIGNED_IN = expect(302, 200)
PUBLIC = expect(200, 200)
PA_ONLY = expect(302, 403, pa=200)
CRAG_ROLES = (PA, roles.CRAG_CHAIR, roles.CRAG_MEMBER)


def crag_work(ok: int = 200, refused: int = 403, anon: int = 302) -> dict[str, int]:
    """Pages for CRAG's own work: the Partnership admin, the chair and members."""
    return {ANON: anon} | {role: ok if role in CRAG_ROLES else refused for role in roles.ALL_ROLES}


# Reviews: CRAG and the Business Group (pseudonymised); others 404.
REVIEW_READERS = crag_work(refused=404) | {roles.BUSINESS_GROUP: 200}
# An action: CRAG, the Business Group, and the owner agency's lead (the matrix's lead is in it).
ACTION_READERS = crag_work(refused=404) | {roles.BUSINESS_GROUP: 200, roles.AGENCY_ACTION_LEAD: 200}


IR = roles.INDEPENDENT_REVIEWER
# Pages that change a review: CRAG; the Business Group sees the review but may not (403); the
# matrix's Independent reviewer is not assigned to it and the Board member sees only published ones.
REVIEW_WRITERS = REVIEW_READERS | {roles.BUSINESS_GROUP: 403}


REPORT_READERS = crag_work(refused=404) | {roles.BOARD_MEMBER: 200}
REPORT_LIST = crag_work() | {roles.BOARD_MEMBER: 200}
REPORT_WRITERS = REPORT_READERS | {roles.BOARD_MEMBER: 403}


def review_url(suffix: str = "") -> Builder:
    return lambda found: f"/reviews/{found['reviews.review']}/{suffix}"


def incident_url(suffix: str = "") -> Builder:
    return lambda found: f"/incidents/{found['reviews.incident']}/{suffix}"


ADMIN_SITE = expect(302, 403, pa=200)  # signed in but not an admin: the 403 page, not a redirect loop

MATRIX: dict[str, tuple[Builder | str, dict[str, int]]] = {
    "": ("/", SIGNED_IN),
    "healthz": ("/healthz", PUBLIC),
    # For the operator's Prometheus: the test client's loopback address is in the default
    # CRAG_METRICS_ALLOWED_NETWORKS; from anywhere else it is 404 (crag/tests/test_metrics.py).
    "metrics": ("/metrics", PUBLIC),
    "account/": ("/account/", SIGNED_IN),
    "audit/": ("/audit/", PA_ONLY),
    "audit/events/": ("/audit/events/", PA_ONLY),
    # allauth: sign-in, password and second-factor pages.
    "accounts/login/": ("/accounts/login/", expect(200, 302)),
    "accounts/logout/": ("/accounts/logout/", expect(302, 200)),
    "accounts/inactive/": ("/accounts/inactive/", PUBLIC),
    "accounts/signup/": ("/accounts/signup/", expect(200, 302)),  # "sign-up is closed"
    "accounts/reauthenticate/": ("/accounts/reauthenticate/", SIGNED_IN),
    "accounts/reauthenticate/code/": ("/accounts/reauthenticate/code/", expect(302, 302)),
    "accounts/reauthenticate/code/confirm/": ("/accounts/reauthenticate/code/confirm/", expect(302, 302)),
    "accounts/password/change/": ("/accounts/password/change/", SIGNED_IN),
    "accounts/password/set/": ("/accounts/password/set/", expect(302, 302)),
    "accounts/password/reset/": ("/accounts/password/reset/", PUBLIC),
    "accounts/login/code/confirm/": ("/accounts/login/code/confirm/", expect(302, 302)),
    "accounts/password/reset/key/done/": ("/accounts/password/reset/key/done/", PUBLIC),
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        "/accounts/password/reset/key/1-not-a-real-key/",
        PUBLIC,  # "the link was invalid"
    ),
    "accounts/password/reset/done/": ("/accounts/password/reset/done/", PUBLIC),
    "accounts/2fa/": ("/accounts/2fa/", SIGNED_IN),
    "accounts/2fa/authenticate/": ("/accounts/2fa/authenticate/", expect(302, 302)),
    "accounts/2fa/reauthenticate/": ("/accounts/2fa/reauthenticate/", SIGNED_IN),
    "accounts/2fa/totp/activate/": ("/accounts/2fa/totp/activate/", expect(302, 302)),  # already active
    "accounts/2fa/totp/deactivate/": ("/accounts/2fa/totp/deactivate/", expect(302, 302)),  # asks again
    "accounts/2fa/recovery-codes/": ("/accounts/2fa/recovery-codes/", expect(302, 404)),  # none made
    "accounts/2fa/recovery-codes/generate/": ("/accounts/2fa/recovery-codes/generate/", expect(302, 302)),
    "accounts/2fa/recovery-codes/download/": ("/accounts/2fa/recovery-codes/download/", expect(302, 404)),
    "accounts/sessions/": ("/accounts/sessions/", SIGNED_IN),
    # Incidents and Rapid Reviews: CRAG's work; an incident out of scope is 404.
    "import/": ("/import/", PA_ONLY),
    "import/format/": ("/import/format/", PA_ONLY),
    "import/example-records.json": ("/import/example-records.json", PA_ONLY),
    # Reviews and action plans.
    "reviews/<int:pk>/": (lambda f: f"/reviews/{f['reviews.review']}/", REVIEW_READERS),
    "reviews/": ("/reviews/", crag_work() | {roles.BUSINESS_GROUP: 200, IR: 200, roles.BOARD_MEMBER: 200}),
    "reviews/<int:pk>/edit/": (review_url("edit/"), REVIEW_WRITERS),
    "reviews/<int:pk>/reviewer/": (review_url("reviewer/"), REVIEW_WRITERS),
    # The matrix's review is in progress: only the chair signs off.
    "reviews/<int:pk>/status/<slug:to>/": (
        review_url("status/signed_off/"),
        REVIEW_WRITERS | {PA: 403, roles.CRAG_MEMBER: 403},
    ),
    "reviews/<int:pk>/pause/": (review_url("pause/"), REVIEW_WRITERS),
    "reviews/<int:pk>/processes/new/": (review_url("processes/new/"), REVIEW_WRITERS),
    "reviews/<int:pk>/processes/<int:process_pk>/end/": (
        lambda f: f"/reviews/{f['reviews.review']}/processes/{f['process']}/end/",
        REVIEW_WRITERS,
    ),
    "reviews/<int:pk>/life-letter/": (review_url("life-letter/"), REVIEW_WRITERS),
    "reviews/<int:pk>/delay/": (review_url("delay/"), REVIEW_WRITERS),
    "reviews/<int:pk>/publication/": (
        lambda f: f"/reviews/{f['reviews.review']}/publication/",
        REVIEW_READERS | {roles.BUSINESS_GROUP: 403},
    ),
    "reviews/<int:pk>/recommendations/new/": (
        lambda f: f"/reviews/{f['reviews.review']}/recommendations/new/",
        REVIEW_READERS | {roles.BUSINESS_GROUP: 403},
    ),
    "recommendations/<int:pk>/actions/new/": (
        lambda f: f"/recommendations/{f['recommendation']}/actions/new/",
        REVIEW_READERS | {roles.BUSINESS_GROUP: 403},
    ),
    "actions/": ("/actions/", crag_work() | {roles.BUSINESS_GROUP: 200, roles.AGENCY_ACTION_LEAD: 200}),
    "actions/<int:pk>/": (lambda f: f"/actions/{f['action_plan']}/", ACTION_READERS),
    "actions/<int:pk>/progress/": (lambda f: f"/actions/{f['action_plan']}/progress/", ACTION_READERS),
    "actions/<int:pk>/rate/": (
        lambda f: f"/actions/{f['action_plan']}/rate/",
        ACTION_READERS
        | {PA: 403, roles.CRAG_CHAIR: 403, roles.CRAG_MEMBER: 403, roles.AGENCY_ACTION_LEAD: 403},
    ),
    "actions/<int:pk>/close/": (
        lambda f: f"/actions/{f['action_plan']}/close/",
        ACTION_READERS
        | {PA: 403, roles.CRAG_CHAIR: 403, roles.CRAG_MEMBER: 403, roles.AGENCY_ACTION_LEAD: 403},
    ),
    # Annual reports: CRAG makes them; the Board reads them; nobody else sees them (404).
    "annual-reports/": ("/annual-reports/", REPORT_LIST),
    "annual-reports/<int:year>/": ("/annual-reports/2025/", REPORT_READERS),
    "annual-reports/<int:year>/edit/": (
        "/annual-reports/2025/edit/",
        REPORT_READERS | {roles.BOARD_MEMBER: 403},
    ),
    "annual-reports/<int:year>/generate/": ("/annual-reports/2025/generate/", expect(302, 405)),  # POST only
    "annual-reports/<int:year>/report/": ("/annual-reports/2025/report/", REPORT_READERS),
    "annual-reports/<int:year>/tables/<slug:table>.csv": (
        "/annual-reports/2025/tables/incidents.csv",
        REPORT_READERS,
    ),
    # Appendix B and the glossary: read like the report, changed by CRAG only.
    "annual-reports/<int:year>/links/": ("/annual-reports/2025/links/", REPORT_READERS),
    "annual-reports/<int:year>/links/add/": ("/annual-reports/2025/links/add/", REPORT_WRITERS),
    "annual-reports/<int:year>/links/<int:pk>/edit/": (
        lambda f: f"/annual-reports/2025/links/{f['link']}/edit/",
        REPORT_WRITERS,
    ),
    "annual-reports/<int:year>/links/<int:pk>/delete/": (
        lambda f: f"/annual-reports/2025/links/{f['link']}/delete/",
        REPORT_WRITERS,
    ),
    "annual-reports/<int:year>/links/<int:pk>/move/": (
        lambda f: f"/annual-reports/2025/links/{f['link']}/move/",
        expect(302, 405),  # POST only
    ),
    "annual-reports/<int:year>/appendix-b.csv": ("/annual-reports/2025/appendix-b.csv", REPORT_READERS),
    "annual-reports/<int:year>/glossary/": ("/annual-reports/2025/glossary/", REPORT_READERS),
    "annual-reports/<int:year>/glossary/add/": ("/annual-reports/2025/glossary/add/", REPORT_WRITERS),
    "annual-reports/<int:year>/glossary/fill/": ("/annual-reports/2025/glossary/fill/", expect(302, 405)),
    "annual-reports/<int:year>/glossary/<int:pk>/edit/": (
        lambda f: f"/annual-reports/2025/glossary/{f['term']}/edit/",
        REPORT_WRITERS,
    ),
    "annual-reports/<int:year>/glossary/<int:pk>/delete/": (
        lambda f: f"/annual-reports/2025/glossary/{f['term']}/delete/",
        REPORT_WRITERS,
    ),
    "annual-reports/<int:year>/glossary.csv": ("/annual-reports/2025/glossary.csv", REPORT_READERS),
    "annual-reports/renders/<int:pk>/": (lambda f: f"/annual-reports/renders/{f['render']}/", REPORT_READERS),
    "annual-reports/renders/<int:pk>/retry/": (
        lambda f: f"/annual-reports/renders/{f['render']}/retry/",
        expect(302, 405),  # POST only
    ),
    "annual-reports/renders/<int:pk>/download/": (
        lambda f: f"/annual-reports/renders/{f['render']}/download/",
        REPORT_READERS,
    ),
    "notifications/": ("/notifications/", SIGNED_IN),
    "deadlines/": ("/deadlines/", SIGNED_IN),
    "deadlines/calendar/regenerate/": ("/deadlines/calendar/regenerate/", expect(302, 405)),  # POST only
    "calendar/<str:token>.ics": ("/calendar/not-a-real-token.ics", expect(404, 404)),  # the token is the key
    "notifications/<int:pk>/read/": ("/notifications/1/read/", expect(302, 405)),  # POST only
    "notifications/read-all/": ("/notifications/read-all/", expect(302, 405)),  # POST only
    "children/new/": ("/children/new/", crag_work()),
    "incidents/": ("/incidents/", crag_work()),
    "incidents/new/": ("/incidents/new/", crag_work()),
    "incidents/<int:pk>/": (incident_url(), crag_work(refused=404)),
    "incidents/<int:pk>/edit/": (incident_url("edit/"), crag_work(refused=404)),
    "incidents/<int:pk>/notifications/": (incident_url("notifications/"), crag_work(refused=404)),
    "incidents/<int:pk>/national-notification/": (
        incident_url("national-notification/"),
        crag_work(refused=404),
    ),
    "incidents/<int:pk>/rapid-review/": (incident_url("rapid-review/"), crag_work(refused=404)),
    "incidents/<int:pk>/rapid-review/open/": (
        incident_url("rapid-review/open/"),
        crag_work(405, 405),
    ),  # POST
    "incidents/<int:pk>/rapid-review/edit/": (incident_url("rapid-review/edit/"), crag_work(refused=404)),
    "incidents/<int:pk>/rapid-review/panel/": (incident_url("rapid-review/panel/"), crag_work(refused=404)),
    "incidents/<int:pk>/rapid-review/summaries/add/": (
        incident_url("rapid-review/summaries/add/"),
        crag_work(refused=404),
    ),
    "incidents/<int:pk>/rapid-review/safety-actions/add/": (
        incident_url("rapid-review/safety-actions/add/"),
        crag_work(refused=404),
    ),
    "incidents/<int:pk>/rapid-review/safety-actions/<int:action_pk>/done/": (
        lambda found: (
            f"/incidents/{found['reviews.incident']}/rapid-review/safety-actions/{found['action']}/done/"
        ),
        crag_work(refused=404),
    ),
    # Only the chair signs off.
    "incidents/<int:pk>/rapid-review/sign-off/": (
        incident_url("rapid-review/sign-off/"),
        crag_work(refused=404) | {PA: 403, roles.CRAG_MEMBER: 403},
    ),
    "incidents/<int:pk>/rapid-review/amend/": (incident_url("rapid-review/amend/"), crag_work(refused=404)),
    "incidents/<int:pk>/rapid-review/review/": (incident_url("rapid-review/review/"), crag_work(refused=404)),
    # The Django admin site: Partnership admins only.
    "admin/": ("/admin/", ADMIN_SITE),
    "admin/login/": ("/admin/login/", expect(302, 403, pa=302)),  # to the service's own sign-in
    "admin/logout/": ("/admin/logout/", expect(302, 403, pa=405)),  # POST only
    "admin/password_change/": ("/admin/password_change/", ADMIN_SITE),
    "admin/password_change/done/": ("/admin/password_change/done/", ADMIN_SITE),
    "admin/autocomplete/": ("/admin/autocomplete/", expect(302, 403, pa=403)),  # no field named
    "admin/jsi18n/": ("/admin/jsi18n/", ADMIN_SITE),
    "admin/r/<path:content_type_id>/<path:object_id>/": (
        lambda o: f"/admin/r/{o['agency_ct']}/{o['crag.agency']}/",
        expect(302, 403, pa=404),  # an agency has no page on the site
    ),
    "admin/crag/user/<id>/password/": (lambda o: f"/admin/crag/user/{o['crag.user']}/password/", ADMIN_SITE),
    "admin/^(?P<app_label>crag|auth|auditlog|mfa|axes|usersessions|reviews|notifications)/$": (
        "/admin/crag/",
        ADMIN_SITE,
    ),
    "admin/(?P<url>.*)$": ("/admin/no-such-page/", expect(302, 403, pa=404)),
}

MATRIX |= matrix_documents.MATRIX | matrix_learning.MATRIX
MATRIX |= matrix_contributions.MATRIX | matrix_chronology.MATRIX | matrix_partners.MATRIX
MATRIX |= matrix_referrals.MATRIX | matrix_meetings.MATRIX | matrix_minutes.MATRIX
MATRIX |= matrix_impact.MATRIX | matrix_changes.MATRIX | matrix_external.MATRIX
MATRIX |= matrix_assurance.MATRIX

# What a Partnership admin may do with each model in the admin: view, add, change, delete.
ADMIN_MODELS = {
    "crag/agency": "vacd",
    "crag/user": "vac",  # never deleted: audit entries point at users; deactivate instead
    "crag/heartbeat": "v",
    "auth/group": "v",  # roles are contract names
    "auditlog/logentry": "v",  # the audit trail is never changed
    "mfa/authenticator": "vd",  # delete = reset a lost second factor
    "axes/accessattempt": "vd",  # delete = unlock an account
    "axes/accesslog": "v",
    "axes/accessfailurelog": "v",
    "usersessions/usersession": "v",
    "notifications/calendaroverride": "vacd",
    "reviews/theme": "vacd",
    "reviews/child": "vac",  # kept for the retention period: never deleted here
    "reviews/incident": "vac",
    "reviews/rapidreview": "vac",
    "reviews/review": "vac",
    "reviews/recommendation": "vac",
    "reviews/action": "vac",
    "reviews/annualreport": "vacd",
    "reviews/annualreportrender": "v",  # made by the worker only
    "reviews/nationalcomparator": "vacd",  # the Panel's figures: entered here only
    "reviews/reviewdocument": "v",  # uploaded through the checked page only
    "reviews/learningevent": "vacd",
    "reviews/learningresource": "vacd",
    "reviews/commendation": "vacd",
    "reviews/legalhold": "vac",  # lifted, never deleted (issue 17)
    "reviews/contributionrequest": "v",  # changed only through CRAG's pages (issue 18)
    "reviews/chronologyentry": "v",
    "reviews/meeting": "v",  # changed only through CRAG's meeting pages (issue 19)
    "reviews/meetingdecision": "v",  # minuted only through the minutes pages (issue 19)
    "reviews/meetingaction": "v",
    "reviews/minutesamendment": "v",
    "reviews/meetingpapers": "v",  # made by the worker only
    "reviews/referral": "v",  # made and screened only through the referral pages (issue 19)
    "reviews/dissemination": "v",  # sent, used and assured only through CRAG's pages (issue 20)
    "reviews/resourceuse": "v",
    "reviews/assuranceactivity": "v",
    "reviews/externalreview": "v",  # kept only through the register's pages (issue 20)
}
for model, can in ADMIN_MODELS.items():
    key = model.replace("/", ".")

    def ok(flag: str, can: str = can) -> dict[str, int]:
        return expect(302, 403, pa=200 if flag in can else 403)

    base = f"admin/{model}/"
    MATRIX[base] = (f"/{base}", ok("v"))
    MATRIX[f"{base}add/"] = (f"/{base}add/", ok("a"))

    def object_url(action: str, base: str = base, key: str = key) -> Builder:
        return lambda found: f"/{base}{found[key]}/{action}"

    for action, flag in (("history", "v"), ("delete", "d"), ("change", "v")):
        MATRIX[f"{base}<path:object_id>/{action}/"] = (object_url(f"{action}/"), ok(flag))
    # The old-style address is sent on to .../change/.
    MATRIX[f"{base}<path:object_id>/"] = (object_url(""), expect(302, 403, pa=302))


def test_every_url_pattern_has_a_row_in_the_access_matrix():
    routes = set(walk(get_resolver().url_patterns))
    assert routes - set(MATRIX) == set(), "add these URL patterns to the access matrix"
    assert set(MATRIX) - routes == set(), "these rows name URL patterns that no longer exist"


@pytest.fixture
def clients(make_user, sign_in) -> dict[str, Client]:
    made = {ANON: Client()}
    for role in roles.ALL_ROLES:
        made[role] = sign_in(Client(), make_user(role))
        made[role].get("/")  # records the user session
    return made


@pytest.fixture
def objects(clients, make_user) -> dict[str, object]:
    """One object of every model the admin shows, so that object pages exist."""
    return make_objects(make_user, ADMIN_MODELS)


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_access_matrix(route, clients, objects):
    target, expected = MATRIX[route]
    url = target(objects) if callable(target) else target
    actual = {who: clients[who].get(url).status_code for who in EVERYONE}
    assert actual == expected, url


def test_anonymous_visitors_are_sent_to_sign_in(clients):
    for route, (target, expected) in MATRIX.items():
        if isinstance(target, str) and expected == SIGNED_IN and route != "accounts/logout/":
            response = clients[ANON].get(target)
            assert response["Location"].startswith("/accounts/login/?next="), route
