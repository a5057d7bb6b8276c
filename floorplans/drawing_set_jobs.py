"""The drawing-set jobs, registered with the generic job layer.

``ingest_set`` classifies the set's pages one at a time, then (in its commit) gives each
floor-plan sheet a floor plan and an ordinary ingest job as its child: N workers take
off N sheets at once, and the set's job ends when they all have (``jobs.children``),
after a sheet that prints no scale has borrowed a sibling sheet's (``sibling_scales_queue``).
``generate_set`` prices every chosen sheet and stores their sum as the building BOM.
"""

from django.conf import settings

from floorplans import drawing_set_services
from floorplans.catalogue import catalogue_items
from floorplans.drawing_set_models import DrawingSet
from floorplans.models import Floorplan
from floorplans.pipeline import PdfError
from floorplans.pipeline.bounded import classify_sheets_bounded
from floorplans.pipeline.sheets import takeoff_pages
from floorplans.takeoff import (
    CatalogueError,
    NoScaleError,
    OptionError,
    build_layout,
    parse_options,
    price_bom,
)
from floorplans.takeoff.building_bom import SheetBom, combine_boms
from floorplans.vision import configured_sandbox
from jobs import registry
from jobs.errors import PermanentJobError
from jobs.models import AsyncJob, JobStatus, JobType


def _drawing_set_of(job: AsyncJob) -> DrawingSet:
    drawing_set = DrawingSet.objects.filter(id=job.payload.get("drawing_set")).first()
    if drawing_set is None:
        raise PermanentJobError("The drawing set of this job was deleted.", code="set_gone")
    return drawing_set


def ingest_set(job: AsyncJob, progress: registry.Progress) -> registry.Commit:
    drawing_set = _drawing_set_of(job)
    progress("reading file", 1)
    with drawing_set.file.open("rb") as upload:  # storage API: works for any backend
        data = upload.read()
    try:
        sheets = classify_sheets_bounded(
            data, drawing_set.page_count, sandbox=configured_sandbox(), progress=progress
        )
    except PdfError as exc:
        raise PermanentJobError(str(exc), code=exc.code) from exc
    takeoff = takeoff_pages(sheets)
    if not takeoff:
        kinds = ", ".join(f"page {s.page + 1}: {s.kind}" for s in sheets[:20])
        raise PermanentJobError(
            f"No floor-plan sheet was found in this set ({kinds}).", code="no_floor_plans"
        )

    def commit() -> str:
        drawing_set_services.sheets_store(
            drawing_set=drawing_set, sheets=sheets, takeoff=takeoff, parent=job
        )
        return registry.result_ref("drawing_set", drawing_set.id)

    return commit


def ingest_set_done(job: AsyncJob) -> None:
    """Every sheet's ingest ended. Sheets without a scale that draw the same plan as a
    scaled sibling are taken off again with its scale (the set's job then waits for them
    too); else the set is processed, unless no sheet could be read."""
    drawing_set = DrawingSet.objects.filter(id=job.payload.get("drawing_set")).first()
    if (
        drawing_set is not None
        and job.status == JobStatus.SUCCEEDED
        and drawing_set_services.sibling_scales_queue(drawing_set=drawing_set, parent=job)
    ):
        return
    drawing_set_services.drawing_set_finish(
        job.payload.get("drawing_set"),
        failed=job.status != JobStatus.SUCCEEDED,
        code=job.error_code,
        message=job.error_message,
    )


def ingest_set_failed(job: AsyncJob) -> None:
    drawing_set_services.drawing_set_finish(
        job.payload.get("drawing_set"), failed=True, code=job.error_code, message=job.error_message
    )


def ingest_set_canceled(job: AsyncJob) -> None:
    drawing_set_services.drawing_set_canceled(job.payload.get("drawing_set"))


def generate_set(job: AsyncJob, progress: registry.Progress) -> registry.Commit:
    drawing_set = _drawing_set_of(job)
    floorplans = list(
        Floorplan.objects.filter(id__in=job.payload.get("floorplans", []))
        .select_related("sheet")
        .order_by("page_index")
    )
    if not floorplans:
        raise PermanentJobError("None of the chosen sheets exists any more.", code="floorplan_gone")
    try:
        options = parse_options(job.payload.get("options", {}))
    except OptionError as exc:
        raise PermanentJobError(f"Invalid option {exc}", code="invalid_option") from exc
    catalogue = catalogue_items()
    priced = []
    for i, floorplan in enumerate(floorplans):
        progress(f"pricing {floorplan.name}"[:40], 5 + 90 * i // len(floorplans))
        if floorplan.graph is None:
            raise PermanentJobError(
                f"{floorplan.name} is not processed.", code="floorplan_not_ready"
            )
        try:
            bom = price_bom(
                build_layout(floorplan.graph, options),
                catalogue,
                options,
                settings.TAKEOFF_CURRENCY,
            )
        except NoScaleError as exc:
            raise PermanentJobError(f"{floorplan.name}: {exc}", code="no_scale") from exc
        except CatalogueError as exc:
            raise PermanentJobError(str(exc), code="catalogue_incomplete") from exc
        priced.append((floorplan, bom))
    building = combine_boms(
        [SheetBom(fp.sheet.number or f"page {fp.page_index + 1}", bom) for fp, bom in priced]
    )

    def commit() -> str:
        stored = drawing_set_services.building_bom_store(
            drawing_set=drawing_set,
            options=job.payload.get("options", {}),
            sheets=priced,
            building=building,
        )
        return registry.result_ref("drawing_set_bom", stored.drawing_set_id)

    return commit


def register() -> None:
    registry.register(
        JobType.INGEST_SET,
        ingest_set,
        transient_errors=(OSError,),
        on_failed=ingest_set_failed,
        on_canceled=ingest_set_canceled,
        on_children_done=ingest_set_done,
    )
    registry.register(JobType.GENERATE_SET, generate_set, transient_errors=(OSError,))
