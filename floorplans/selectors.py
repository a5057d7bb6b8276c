"""Owner-scoped reads for the API. Every query starts from the caller, so another user's
id is simply not found (404), never forbidden (403): ids do not leak existence."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from floorplans.drawing_set_models import DrawingSetStatus
from floorplans.models import BOM, DrawingSet, DrawingSheet, Floorplan
from jobs.models import AsyncJob

# Columns a BOM list row shows; the line items and catalogue snapshot can be large.
_BOM_LIST_DEFERRED = ("line_items", "catalogue_snapshot", "layout_summary")


def floorplan_list(*, user) -> QuerySet[Floorplan]:
    return Floorplan.objects.filter(owner=user).order_by("-created_at")


def floorplan_lifecycle(*, user) -> QuerySet[Floorplan]:
    """Floor plans with their jobs and BOM ids, three queries whatever their number."""
    return floorplan_list(user=user).prefetch_related(
        Prefetch("jobs", queryset=AsyncJob.objects.order_by("created_at")),
        Prefetch("boms", queryset=BOM.objects.only("id", "floorplan_id", "created_at")),
    )


def job_list(*, user, filters: dict[str, str] | None = None) -> QuerySet[AsyncJob]:
    jobs = AsyncJob.objects.filter(owner=user).order_by("-created_at")
    for field in ("status", "job_type", "floorplan"):
        value = (filters or {}).get(field)
        if value:
            jobs = jobs.filter(**{field: value})
    return jobs


def bom_list(*, user) -> QuerySet[BOM]:
    return BOM.objects.filter(owner=user).defer(*_BOM_LIST_DEFERRED).order_by("-created_at")


def bom_detail_queryset(*, user) -> QuerySet[BOM]:
    return BOM.objects.filter(owner=user)


def drawing_set_list(*, user) -> QuerySet[DrawingSet]:
    return DrawingSet.objects.filter(owner=user).prefetch_related("boms").order_by("-created_at")


def drawing_set_detail(*, user) -> QuerySet[DrawingSet]:
    """Sets with their sheets and the sheets' floor plans, a fixed number of queries."""
    sheets = DrawingSheet.objects.select_related("floorplan").defer("floorplan__graph")
    return drawing_set_list(user=user).prefetch_related(
        Prefetch("sheets", queryset=sheets.order_by("page"))
    )


def drawing_set_counts() -> dict[str, int]:
    """Sets in total and per status, for the admin dashboard (one query)."""
    return DrawingSet.objects.aggregate(
        total=Count("id"),
        **{status: Count("id", filter=Q(status=status)) for status in DrawingSetStatus.values},
    )
