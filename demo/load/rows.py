"""The shared state and helpers of the builders of a year's rows (demo.load.records puts the
builders together)."""

import random
from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

from django.db import models

from crag import roles
from crag.models import Agency, User
from demo.load.plan import days
from demo.load.reference import MAIN_KINDS
from reviews.models import Child, Review, Theme

W = TypeVar("W")


class YearRows:
    """The state the builders of a year's rows share: one seeded random generator, the reference
    data, what earlier years left (children who may come back, published reviews), and the batch."""

    def __init__(
        self,
        *,
        seed: int,
        scale: float,
        as_of: date,
        agencies: list[Agency],
        users: dict[str, list[User]],
        themes: list[Theme],
    ) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (reproducible fictional data, not secrets)
        self.scale, self.as_of, self.themes = scale, as_of, themes
        self.agencies = agencies
        # The big agencies (police, council, health, schools) own most actions.
        self.agency_weights = [5 if a.kind in MAIN_KINDS else 1 for a in agencies]
        self.chair = users[roles.CRAG_CHAIR][0]
        self.reviewers = users[roles.INDEPENDENT_REVIEWER]
        self.leads = {lead.agency_id: lead for lead in users[roles.AGENCY_ACTION_LEAD]}
        self.writers = (
            users[roles.AGENCY_ACTION_LEAD] + users[roles.BUSINESS_GROUP] + users[roles.CRAG_MEMBER]
        )
        self.children_made = 0
        self.reusable: list[Child] = []  # living children who may appear in a later incident
        self.published: list[Review] = []
        self.children_of: dict[str, list[Child]] = {}  # by incident reference (this year)
        self.themes_of: dict[str, list[Theme]] = {}
        self.batch: dict[type[models.Model], list[Any]] = {}

    # Helpers.
    def pick(self, weighted: Sequence[tuple[W, int]]) -> W:
        return self.rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]

    def day_between(self, first: date, last: date) -> date:
        return first + days(self.rng.randint(0, max(0, (last - first).days)))

    def add(self, row: models.Model) -> None:
        self.batch[type(row)].append(row)

    def spread(self, total: int, owners: Sequence[W]) -> list[tuple[W, int]]:
        """`total` shared among `owners`, at least one each while it lasts, the rest at random."""
        if not owners or total <= 0:
            return []
        shares = [1 if i < total else 0 for i in range(len(owners))]
        for _ in range(total - sum(shares)):
            shares[self.rng.randrange(len(owners))] += 1
        return list(zip(owners, shares, strict=True))
