"""Permission predicates (django-rules). Templates receive their answers; they never re-derive them."""

from typing import cast

import rules
from django.core.exceptions import PermissionDenied

from crag import roles


def _role(name: str) -> rules.Predicate:
    """Holds the role (group) of that name; rules caches the group names on the user object."""
    return cast(rules.Predicate, rules.is_group_member(name))


is_partnership_admin = _role(roles.PARTNERSHIP_ADMIN)
is_crag_chair = _role(roles.CRAG_CHAIR)
is_crag_member = _role(roles.CRAG_MEMBER)
is_independent_reviewer = _role(roles.INDEPENDENT_REVIEWER)
is_business_group = _role(roles.BUSINESS_GROUP)
is_agency_action_lead = _role(roles.AGENCY_ACTION_LEAD)
is_board_member = _role(roles.BOARD_MEMBER)

has_any_role = (
    is_partnership_admin
    | is_crag_chair
    | is_crag_member
    | is_independent_reviewer
    | is_business_group
    | is_agency_action_lead
    | is_board_member
)

# A child's identity (legal name, date of birth, address, case summary): DESIGN.md section 1.
can_view_child_identity = is_partnership_admin | is_crag_chair | is_crag_member
# CRAG work on incidents, rapid reviews and reviews.
can_do_crag_work = is_partnership_admin | is_crag_chair | is_crag_member
can_sign_off = is_crag_chair
# Action plans (DESIGN.md section 1): CRAG and the Business Group see them all; an agency action
# lead sees their own agency's actions (selectors narrow it); only the Business Group rates and closes.
can_view_action_plan = can_do_crag_work | is_business_group | is_agency_action_lead
can_see_all_actions = can_do_crag_work | is_business_group
can_rate_actions = is_business_group
can_view_reviews = can_do_crag_work | is_business_group


@rules.predicate
def is_reviewer_of(user: object, review: object) -> bool:
    """The Independent reviewer assigned to this review."""
    return review is not None and getattr(review, "reviewer_id", None) == getattr(user, "pk", -1)


@rules.predicate
def is_published_review(user: object, review: object) -> bool:
    return review is not None and getattr(review, "published_on", None) is not None


# A review's record: CRAG sees every review; the Business Group every review, pseudonymised; an
# Independent reviewer only the review assigned to them; a Board member only published reviews.
can_view_review = (
    can_view_reviews | (is_independent_reviewer & is_reviewer_of) | (is_board_member & is_published_review)
)
# Who has a list of reviews at all (what is in it is the selector's business).
can_list_reviews = can_view_reviews | is_independent_reviewer | is_board_member
# The narrative, recommendations and drafts: CRAG, and the review's own Independent reviewer.
can_edit_review_record = can_do_crag_work | (is_independent_reviewer & is_reviewer_of)
# The review's documents hold children's identities: CRAG and the review's own reviewer only.
can_see_review_documents = can_edit_review_record
can_use_admin_site = (is_partnership_admin & rules.is_staff) | (rules.is_superuser & rules.is_active)
can_manage_users = is_partnership_admin
can_hold_records = is_partnership_admin  # legal holds: place and lift (retention stops)
can_view_audit = is_partnership_admin
can_view_all_agencies_users = is_partnership_admin | is_crag_chair

rules.add_perm("crag.view_dashboard", rules.is_authenticated & rules.is_active)
rules.add_perm("crag.view_child_identity", can_view_child_identity)
rules.add_perm("crag.sign_off", can_sign_off)
rules.add_perm("crag.manage_users", can_manage_users)


def require(allowed: bool) -> None:
    """The guard every service and view starts with: refuse (403) what the predicate did not allow."""
    if not allowed:
        raise PermissionDenied


# The learning from reviews (events, resources, commendations): every role reads it; CRAG records it.
can_view_learning = has_any_role
can_edit_learning = can_do_crag_work

# Annual reports: CRAG makes them; the Board reads them.
can_view_annual_reports = can_do_crag_work | is_board_member
can_generate_reports = can_do_crag_work


# Agencies' contributions (issue 18): CRAG asks agencies for returns, accepts them or returns them
# for more; an agency's action leads answer their own agency's requests (selectors narrow what
# they see: another agency's request is 404). CRAG may also write a return on an agency's behalf.
@rules.predicate
def is_own_agency(user: object, record: object) -> bool:
    """The record (a contribution request) is addressed to the user's agency."""
    agency_id = getattr(user, "agency_id", None)
    return record is not None and agency_id is not None and getattr(record, "agency_id", None) == agency_id


@rules.predicate
def represents_a_partner(user: object) -> bool:
    """The user's agency is one of the three statutory safeguarding partners."""
    agency = getattr(user, "agency", None)
    return bool(getattr(agency, "partner_role", ""))


can_request_contributions = can_do_crag_work
can_decide_contributions = can_do_crag_work  # accept a return, or return it for more
can_write_contribution = can_do_crag_work | (is_agency_action_lead & is_own_agency)
can_view_contributions = can_do_crag_work | is_agency_action_lead
# The merged chronology of a case: CRAG, and a review's own Independent reviewer (pseudonymised).
can_view_merged_chronology = can_do_crag_work | (is_independent_reviewer & is_reviewer_of)
# A Rapid Review decision is agreed for a statutory partner by a CRAG member from that partner.
can_agree_for_partner = can_do_crag_work & represents_a_partner


# Referrals and meetings (issue 19). Any signed-in user of a partner agency may refer a case and
# follows its own agency's referrals (selectors narrow them); CRAG screens. CRAG runs meetings;
# an invited member reads the meeting, its agenda and papers; the chair approves minutes.
@rules.predicate
def has_an_agency(user: object) -> bool:
    return getattr(user, "agency_id", None) is not None


can_refer = has_any_role & has_an_agency
can_screen_referrals = can_do_crag_work
can_manage_meetings = can_do_crag_work
can_minute_meetings = can_do_crag_work
can_approve_minutes = is_crag_chair


# Learning into practice (issue 20). CRAG sends resources to agencies and plans the assurance
# that tests whether practice changed; an agency's action lead records how their own agency used
# what it was sent (CRAG may record it on an agency's behalf); every role reads the learning and
# its impact. The register of external reviews is CRAG's to keep and everyone's to read; their
# recommendations' actions are on the one action plan under its own rules. The S-CRT export and
# the health fields it needs are CRAG's (the ICB's designated professional sits on CRAG).
can_disseminate = can_do_crag_work
can_record_resource_use = can_do_crag_work | (is_agency_action_lead & is_own_agency)
can_plan_assurance = can_do_crag_work
can_view_external_reviews = has_any_role
can_edit_external_reviews = can_do_crag_work
can_export_scrt = can_do_crag_work
