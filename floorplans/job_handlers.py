"""The ingest and generate jobs, registered with the generic job layer.

Each handler does its slow work first and returns a commit step; the job layer runs the
commit in the transaction that marks the job succeeded, so results are saved once.
"""

from django.conf import settings
from django.utils import timezone

from floorplans.catalogue import catalogue_items
from floorplans.models import Floorplan, FloorplanStatus
from floorplans.pipeline import PdfError
from floorplans.pipeline.scale import ScaleResult
from floorplans.revisions import graph_at
from floorplans.services import bom_snapshot_create, needs_review, review_fields
from floorplans.takeoff import (
    CatalogueError,
    NoScaleError,
    OptionError,
    build_layout,
    parse_options,
    price_bom,
)
from floorplans.vision import extract_configured
from jobs import registry
from jobs.errors import PermanentJobError
from jobs.models import AsyncJob, JobType


def _floorplan_of(job: AsyncJob) -> Floorplan:
    floorplan = Floorplan.objects.filter(id=job.floorplan_id).first()
    if floorplan is None:
        raise PermanentJobError("The floor plan of this job was deleted.", code="floorplan_gone")
    return floorplan


def ingest(job: AsyncJob, progress: registry.Progress) -> registry.Commit:
    floorplan = _floorplan_of(job)
    if job.payload.get("reuse_graph_from") and floorplan.graph is not None:
        # The same bytes, page and scale were processed before: the upload copied the graph.
        graph = floorplan.graph
    else:
        Floorplan.objects.filter(id=floorplan.id).update(
            status=FloorplanStatus.PROCESSING, error_code="", error_message=""
        )
        graph = _extract(floorplan, job.payload.get("sibling_scale"), progress)

    def commit() -> str:
        Floorplan.objects.filter(id=floorplan.id).update(
            graph=graph,
            **review_fields(graph),
            status=FloorplanStatus.PROCESSED,
            processed_at=timezone.now(),
            error_code="",
            error_message="",
        )
        return registry.result_ref("floorplan", floorplan.id)

    return commit


def _extract(floorplan: Floorplan, sibling_scale: dict | None, progress: registry.Progress) -> dict:
    """``sibling_scale``: the scale record a drawing set lends this sheet from a sibling
    sheet drawing the same plan (``drawing_set_services.sibling_scales_queue``)."""
    progress("reading file", 2)
    with floorplan.file.open("rb") as upload:  # storage API: works for any backend
        data = upload.read()
    try:
        return extract_configured(
            data,
            page=floorplan.page_index,
            scale_text=floorplan.scale_override or None,
            progress=progress,
            sibling_scale=ScaleResult.from_record(sibling_scale) if sibling_scale else None,
        )
    except PdfError as exc:
        raise PermanentJobError(str(exc), code=exc.code) from exc


def ingest_failed(job: AsyncJob) -> None:
    Floorplan.objects.filter(id=job.floorplan_id).update(
        status=FloorplanStatus.ERROR, error_code=job.error_code, error_message=job.error_message
    )


def ingest_canceled(job: AsyncJob) -> None:
    """Say so on a plan whose only ingest was canceled; a plan already processed (its
    graph reused from an identical upload) keeps its graph."""
    Floorplan.objects.filter(
        id=job.floorplan_id, status__in=(FloorplanStatus.UPLOADED, FloorplanStatus.PROCESSING)
    ).update(
        status=FloorplanStatus.ERROR,
        error_code="ingest_canceled",
        error_message="The ingest job was canceled; retry it to process this plan.",
    )


def generate(job: AsyncJob, progress: registry.Progress) -> registry.Commit:
    floorplan = _floorplan_of(job)
    if floorplan.graph is None:
        raise PermanentJobError(
            "The floor plan has not been processed yet.", code="floorplan_not_ready"
        )
    # Jobs queued before revisions existed name none: they price the current graph.
    revision = job.payload.get("revision", floorplan.revision)
    try:
        options = parse_options(job.payload.get("options", {}))
        progress("layout", 20)
        layout = build_layout(graph_at(floorplan, revision), options)
    except OptionError as exc:
        raise PermanentJobError(f"Invalid option {exc}", code="invalid_option") from exc
    except NoScaleError as exc:
        raise PermanentJobError(str(exc), code="no_scale") from exc
    progress("pricing", 70)
    try:
        priced = price_bom(layout, catalogue_items(), options, settings.TAKEOFF_CURRENCY)
    except CatalogueError as exc:
        raise PermanentJobError(str(exc), code="catalogue_incomplete") from exc

    def commit() -> str:
        # Whoever asked (accept_review, a drawing set), the BOM says what was not reviewed.
        bom = bom_snapshot_create(
            floorplan=floorplan,
            priced=priced,
            unreviewed=needs_review(floorplan, revision),
            revision=revision,
        )
        return registry.result_ref("bom", bom.id)

    return commit


def register() -> None:
    registry.register(
        JobType.INGEST,
        ingest,
        transient_errors=(OSError,),
        on_failed=ingest_failed,
        on_canceled=ingest_canceled,
    )
    registry.register(JobType.GENERATE, generate, transient_errors=(OSError,))
