"""Reads of resources sent to agencies and their use, starting from what the user may see: CRAG,
the Business Group and the Board every agency's, an agency action lead their own agency's; a
dissemination or use out of scope is 404."""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from crag.models import Agency, User
from reviews.models import Dissemination, LearningResource, ResourceUse

SENT_SORTS = {
    "-sent": ("-sent_on", "agency__name", "-id"),
    "sent": ("sent_on", "agency__name", "id"),
    "resource": ("resource__title", "agency__name", "id"),
    "agency": ("agency__name", "-sent_on", "-id"),
}


def _uses() -> "Prefetch[Any]":
    return Prefetch(
        "uses", queryset=ResourceUse.objects.select_related("recorded_by").order_by("used_from", "id")
    )


def dissemination_list(*, user: User, filters: dict[str, Any]) -> QuerySet[Dissemination]:
    """The resources sent that the user may see, filtered by agency, resource (or words of its
    `title`) and "no use recorded yet" (`awaiting`), newest first unless another order is chosen.
    Each row carries `use_count` and its uses."""
    sent = (
        Dissemination.objects.restrict(user)
        .select_related("resource", "agency", "sent_by")
        .prefetch_related(_uses())  # what each agency did, and the clock's completion
        .annotate(use_count=Count("uses"))
    )
    if filters.get("agency"):
        sent = sent.filter(agency=filters["agency"])
    if filters.get("resource"):
        sent = sent.filter(resource=filters["resource"])
    if filters.get("title"):
        sent = sent.filter(resource__title__icontains=filters["title"].strip())
    if filters.get("awaiting"):
        sent = sent.filter(~Exists(ResourceUse.objects.filter(dissemination=OuterRef("pk"))))
    return sent.order_by(*SENT_SORTS.get(filters.get("sort") or "-sent", SENT_SORTS["-sent"]))


def dissemination_get(*, user: User, pk: int) -> Dissemination:
    """One resource sent, with its uses; 404 when it does not exist or was sent to another agency."""
    found = dissemination_list(user=user, filters={}).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def resource_disseminations(*, user: User, resource: LearningResource) -> QuerySet[Dissemination]:
    """Where the resource was sent and what each agency did with it, as far as the user may see:
    a lead only their own agency's row. By agency."""
    return dissemination_list(user=user, filters={"resource": resource, "sort": "agency"})


def resource_uses(*, user: User, resource: LearningResource) -> QuerySet[ResourceUse]:
    """The uses of the resource that the user may see, earliest first."""
    return (
        ResourceUse.objects.restrict(user)
        .filter(dissemination__resource=resource)
        .select_related("dissemination__agency", "recorded_by")
        .order_by("used_from", "id")
    )


def resource_use_get(*, user: User, pk: int) -> ResourceUse:
    """One recorded use; 404 when it does not exist or is another agency's."""
    found = (
        ResourceUse.objects.restrict(user)
        .select_related("dissemination__resource", "dissemination__agency", "recorded_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def agencies_not_sent(*, resource: LearningResource) -> QuerySet[Agency]:
    """The agencies the resource has not been sent to yet (whom CRAG may still send it to)."""
    return Agency.objects.exclude(disseminations__resource=resource).order_by("name")


def awaiting_use(*, user: User) -> QuerySet[Dissemination]:
    """For the dashboard: resources sent with no use recorded yet, oldest first (as they fall due)."""
    return dissemination_list(user=user, filters={"awaiting": True, "sort": "sent"})
