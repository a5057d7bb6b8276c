"""Owner-scoped reads for the API. Every query starts from the caller, so another user's
id is simply not found (404), never forbidden (403): ids do not leak existence."""

from __future__ import annotations

from django.db.models import Count, Func, IntegerField, Prefetch, Q, QuerySet
from django.db.models.fields.json import KeyTransform

from floorplans.drawing_set_models import DrawingSetStatus
from floorplans.models import BOM, DrawingSet, DrawingSheet, Floorplan, FloorplanRevision
from jobs.models import AsyncJob

# Columns a BOM list row shows; the line items and catalogue snapshot can be large.
_BOM_LIST_DEFERRED = ("line_items", "catalogue_snapshot", "layout_summary")


def floorplan_list(*, user) -> QuerySet[Floorplan]:
    return Floorplan.objects.filter(owner=user).order_by("-created_at")


class JSONArrayLength(Func):
    """Length of a JSON array, computed by the database (SQLite and PostgreSQL)."""

    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra)


def floorplan_summaries(*, user) -> QuerySet[Floorplan]:
    """The list's rows: counts, scale and review flag read inside the database, so a page
    of plans never loads their graphs (a big sheet's graph is megabytes)."""
    return (
        floorplan_list(user=user)
        .defer("graph")
        .annotate(
            wall_count=JSONArrayLength(KeyTransform("walls", "graph")),
            opening_count=JSONArrayLength(KeyTransform("openings", "graph")),
            room_count=JSONArrayLength(KeyTransform("rooms", "graph")),
            graph_scale=KeyTransform("scale", "graph"),
        )
    )


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


def revision_list(*, floorplan: Floorplan) -> QuerySet[FloorplanRevision]:
    """Newest first, with who made each (one query per page)."""
    return (
        FloorplanRevision.objects.filter(floorplan=floorplan)
        .select_related("created_by")
        .defer("graph")
        .order_by("-number")
    )


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
