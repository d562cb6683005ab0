"""Which rows of the domain a user may see, written once per model from the predicates of
crag/permissions.py: `Incident.objects.restrict(user, "view")`. Every selector starts from it.

Each model's queryset answers `_scope(user, action)` with a filter: `Q()` for every row, a `Q`
for some, `None` for none (then `restrict` is `.none()`, and no query is made).
"""

import operator
from functools import reduce
from typing import Self

from django.apps import apps
from django.db import models
from django.db.models import Q

from crag import permissions
from crag.models import User


class RestrictedQuerySet[M: models.Model](models.QuerySet[M]):
    """A queryset that narrows itself to what a user may do with its rows (after NetBox's
    RestrictedQuerySet.restrict)."""

    ACTIONS: tuple[str, ...] = ("view",)

    def restrict(self, user: User, action: str = "view") -> Self:
        """The rows `user` may `action`: "view" for every model; a review also "name" and
        "manage". An action the model does not know is a programming error, not an empty list."""
        if action not in self.ACTIONS:
            raise ValueError(f"{self.model.__name__} rows are not restricted for {action!r}")
        scope = self._scope(user, action)
        return self.none() if scope is None else self.filter(scope)

    def _scope(self, user: User, action: str) -> Q | None:
        raise NotImplementedError


class CragWorkQuerySet[M: models.Model](RestrictedQuerySet[M]):
    """Incidents, children and Rapid Reviews: CRAG's work (Partnership admin, chair, members);
    nobody else sees them."""

    def _scope(self, user: User, action: str) -> Q | None:
        return Q() if permissions.can_do_crag_work(user) else None


class ReviewQuerySet[M: models.Model](RestrictedQuerySet[M]):
    """Reviews. To "view": CRAG and the Business Group every review (pseudonymised), an
    Independent reviewer the ones assigned to them, a Board member published ones; each role adds
    its own (the predicate can_view_review is such a union too). To "name" (read the title): also,
    for an agency action lead, the reviews their agency's actions come from (DESIGN.md section 1).
    To "manage": CRAG every review, their caseload; nobody else any."""

    ACTIONS = ("view", "name", "manage")

    def _scope(self, user: User, action: str) -> Q | None:
        if action == "manage":
            return Q() if permissions.can_do_crag_work(user) else None
        if permissions.can_view_reviews(user):
            return Q()  # returned alone: an empty Q drops out of an OR
        parts: list[Q] = []
        if permissions.is_independent_reviewer(user):
            parts.append(Q(reviewer=user))
        if permissions.is_board_member(user):
            parts.append(Q(published_on__isnull=False))
        if action == "name" and permissions.is_agency_action_lead(user) and user.agency_id is not None:
            action_model = apps.get_model("reviews", "Action")  # its module imports this one
            own = action_model.objects.filter(owner_agency_id=user.agency_id).values(
                "recommendation__review_id"
            )
            parts.append(Q(pk__in=own))
        return reduce(operator.or_, parts) if parts else None


class ActionQuerySet[M: models.Model](RestrictedQuerySet[M]):
    """The action plan: all of it for CRAG and the Business Group, their own agency's actions for
    an agency action lead, nothing for anyone else."""

    def _scope(self, user: User, action: str) -> Q | None:
        if permissions.can_see_all_actions(user):
            return Q()
        if permissions.is_agency_action_lead(user) and user.agency_id is not None:
            return Q(owner_agency_id=user.agency_id)
        return None


class ContributionQuerySet[M: models.Model](RestrictedQuerySet[M]):
    """Requests for agencies' returns: all of them for CRAG; an agency action lead their own
    agency's (another agency's is 404); nobody else any."""

    def _scope(self, user: User, action: str) -> Q | None:
        if permissions.can_do_crag_work(user):
            return Q()
        if permissions.is_agency_action_lead(user) and user.agency_id is not None:
            return Q(agency_id=user.agency_id)
        return None


class ChronologyQuerySet[M: models.Model](RestrictedQuerySet[M]):
    """Chronology entries: all of them for CRAG; the Independent reviewer of a review that
    review's (pseudonymised); an agency action lead their own agency's rows; nobody else any.
    Which of them a page shows (drafts or submitted) is the selector's choice."""

    def _scope(self, user: User, action: str) -> Q | None:
        if permissions.can_do_crag_work(user):
            return Q()
        parts: list[Q] = []
        if permissions.is_independent_reviewer(user):
            parts.append(Q(request__review__reviewer=user))
        if permissions.is_agency_action_lead(user) and user.agency_id is not None:
            parts.append(Q(request__agency_id=user.agency_id))
        return reduce(operator.or_, parts) if parts else None


class ReferralQuerySet[M: models.Model](RestrictedQuerySet[M]):
    """Referrals: all of them for CRAG; anyone else signed in with an agency their own agency's
    referrals (to follow their outcome); nobody else any."""

    def _scope(self, user: User, action: str) -> Q | None:
        if permissions.can_do_crag_work(user):
            return Q()
        if permissions.has_any_role(user) and user.agency_id is not None:
            return Q(referring_agency_id=user.agency_id)
        return None


class MeetingQuerySet[M: models.Model](RestrictedQuerySet[M]):
    """CRAG's meetings: all of them for CRAG; for anyone else, the meetings they were invited to."""

    def _scope(self, user: User, action: str) -> Q | None:
        if permissions.can_do_crag_work(user):
            return Q()
        if permissions.has_any_role(user):
            return Q(members__user=user)
        return None


class DisseminationQuerySet[M: models.Model](RestrictedQuerySet[M]):
    """Learning resources sent to agencies, and what the agencies did with them (issue 20): every
    row for CRAG, the Business Group and the Board; an agency action lead their own agency's rows;
    nobody else any. `agency_path` names the agency on the model (the use of a resource reaches it
    through the dissemination)."""

    agency_path = "agency_id"

    def _scope(self, user: User, action: str) -> Q | None:
        if permissions.can_see_all_actions(user) or permissions.is_board_member(user):
            return Q()
        if permissions.is_agency_action_lead(user) and user.agency_id is not None:
            return Q(**{self.agency_path: user.agency_id})
        return None


class ResourceUseQuerySet[M: models.Model](DisseminationQuerySet[M]):
    agency_path = "dissemination__agency_id"
