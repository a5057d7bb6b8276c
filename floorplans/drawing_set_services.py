"""Drawing-set use cases: upload (with the set's ingest job), delete, request a building
BOM, and what the set's jobs save. Upload checks, storage and idempotency are the
single-sheet upload's own (``floorplans.services.uploads``, ``.idempotency``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from floorplans.drawing_set_models import (
    BuildingBOM,
    DrawingSet,
    DrawingSetStatus,
    DrawingSheet,
)
from floorplans.errors import Conflict, InvalidInput
from floorplans.models import Floorplan, FloorplanStatus
from floorplans.pipeline.graph import scale_record
from floorplans.pipeline.sheets import Sheet
from floorplans.pipeline.sibling_scales import draws_same_plan, sibling_scales
from floorplans.services.bom_requests import bom_snapshot_create, checked_options
from floorplans.services.idempotency import create_once, job_for_key, key_reused
from floorplans.services.uploads import (
    check_size,
    checked_page_count,
    checked_scale,
    clean_filename,
    default_name,
    sha256_of,
    store_then_create,
)
from floorplans.takeoff import Bom, bom_to_dict
from jobs.models import AsyncJob, JobType
from jobs.services import job_create


@dataclass(frozen=True)
class DrawingSetUpload:
    drawing_set: DrawingSet
    job: AsyncJob
    replayed: bool


def _check_sheet_scales(sheet_scales: Any, page_count: int) -> dict[str, str]:
    """``{"3": "1:50"}``: page index (from 0) -> scale, for sheets that print a wrong one."""
    if not sheet_scales:
        return {}
    if not isinstance(sheet_scales, dict):
        raise InvalidInput(
            'sheet_scales must be an object such as {"3": "1:50"}.',
            code="invalid_scale",
            field="sheet_scales",
        )
    checked = {}
    for page, scale in sheet_scales.items():
        # page_count 0: the file hides it in compressed streams; the worker checks then.
        if not str(page).isdigit() or 0 < page_count <= int(page):
            raise InvalidInput(
                f"sheet_scales names page {page!r}; this set has pages 0 to {page_count - 1}.",
                code="page_out_of_range",
                field="sheet_scales",
            )
        checked[str(int(page))] = checked_scale(str(scale))
    return checked


def _replayed(job: AsyncJob, sha256: str) -> DrawingSetUpload:
    drawing_set = DrawingSet.objects.filter(job=job).first()
    if job.job_type != JobType.INGEST_SET or drawing_set is None or drawing_set.sha256 != sha256:
        raise key_reused()
    return DrawingSetUpload(drawing_set, job, replayed=True)


def drawing_set_create(
    *,
    owner,
    upload: UploadedFile | None,
    name: str = "",
    scale: str = "",
    sheet_scales: Any = None,
    idempotency_key: str = "",
) -> DrawingSetUpload:
    """Validate and store the set's PDF and queue its ingest job, all or nothing."""
    if upload is None:
        raise InvalidInput(
            "Attach the drawing-set PDF as `file`.", code="file_required", field="file"
        )
    check_size(upload)
    scale = checked_scale(scale)
    sha256 = sha256_of(upload)
    earlier = job_for_key(owner, idempotency_key)
    if earlier is not None:
        return _replayed(earlier, sha256)
    page_count = checked_page_count(upload, 0)
    filename = clean_filename(upload.name)
    drawing_set = DrawingSet(
        id=uuid.uuid4(),
        owner=owner,
        name=(name.strip() or default_name(filename))[:200],
        original_filename=filename,
        file_size=upload.size or 0,
        sha256=sha256,
        page_count=page_count,
        scale_override=scale,
        sheet_scales=_check_sheet_scales(sheet_scales, page_count),
    )

    def create() -> DrawingSetUpload:
        drawing_set.save(force_insert=True)
        job = job_create(
            job_type=JobType.INGEST_SET,
            owner=owner,
            payload={"drawing_set": str(drawing_set.id)},
            idempotency_key=idempotency_key,
        )
        DrawingSet.objects.filter(id=drawing_set.id).update(job=job)
        drawing_set.job = job
        return DrawingSetUpload(drawing_set, job, replayed=False)

    return store_then_create(
        drawing_set.file,
        upload,
        create,
        owner=owner,
        idempotency_key=idempotency_key,
        replay=lambda winner: _replayed(winner, sha256),
    )


def drawing_set_delete(drawing_set: DrawingSet) -> None:
    """The set, its sheets' floor plans (with their jobs and BOMs), its own jobs and its
    building BOMs; the file goes once the rows are gone."""
    storage, name = drawing_set.file.storage, drawing_set.file.name
    with transaction.atomic():
        Floorplan.objects.filter(sheet__drawing_set=drawing_set).delete()
        if drawing_set.job_id:
            AsyncJob.objects.filter(id=drawing_set.job_id).delete()
        AsyncJob.objects.filter(payload__drawing_set=str(drawing_set.id)).delete()
        drawing_set.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


# --- what the set's jobs save -------------------------------------------------------------


def _sheet_floorplan(drawing_set: DrawingSet, sheet: Sheet) -> Floorplan:
    label = sheet.title or f"page {sheet.page + 1}"
    return Floorplan.objects.create(
        owner=drawing_set.owner,
        name=f"{drawing_set.name} - {sheet.number + ' ' if sheet.number else ''}{label}"[:200],
        file=drawing_set.file.name,  # the set's file, read at this page: no copy
        original_filename=drawing_set.original_filename,
        file_size=drawing_set.file_size,
        sha256=drawing_set.sha256,
        page_count=drawing_set.page_count,
        page_index=sheet.page,
        scale_override=drawing_set.sheet_scales.get(str(sheet.page), drawing_set.scale_override),
    )


def sheets_store(
    *, drawing_set: DrawingSet, sheets: list[Sheet], takeoff: list[int], parent: AsyncJob
) -> int:
    """Save the classified sheets and give each page to take off a floor plan and an
    ingest job, a child of ``parent``. Returns how many were queued."""
    if drawing_set.page_count != len(sheets):  # 0 when the upload check could not tell
        drawing_set.page_count = len(sheets)
        drawing_set.save(update_fields=["page_count"])
    by_page = {}
    for sheet in sheets:
        by_page[sheet.page] = DrawingSheet(
            drawing_set=drawing_set,
            page=sheet.page,
            kind=sheet.kind,
            number=(sheet.number or "")[:40],
            title=(sheet.title or "")[:200],
            scale=(sheet.scale or "")[:60],
            evidence=sheet.evidence,
            error=sheet.error or "",
        )
    for page in takeoff:
        sheet = next(s for s in sheets if s.page == page)
        floorplan = _sheet_floorplan(drawing_set, sheet)
        by_page[page].floorplan = floorplan
        job_create(
            job_type=JobType.INGEST,
            owner=drawing_set.owner,
            floorplan=floorplan,
            parent=parent,
            payload={"label": f"page {page + 1}" + (f" ({sheet.number})" if sheet.number else "")},
        )
    DrawingSheet.objects.bulk_create(by_page.values())
    DrawingSet.objects.filter(id=drawing_set.id).update(status=DrawingSetStatus.PROCESSING)
    return len(takeoff)


def sibling_scales_queue(*, drawing_set: DrawingSet, parent: AsyncJob) -> int:
    """Once every sheet is taken off, before the set counts a sheet as unscaled: each
    plan sheet that found no scale but draws the same plan at the same size as a sibling
    sheet that has one (``pipeline.sibling_scales``) is taken off again with that scale,
    by another ingest child of ``parent``, so all its sizes follow from it. A sheet the
    user gave a scale (``scale``, ``sheet_scales``) has one, so keeps it; a sheet
    borrows once. Returns how many were queued."""
    floorplans = list(
        Floorplan.objects.filter(
            sheet__drawing_set=drawing_set, status=FloorplanStatus.PROCESSED, graph__isnull=False
        )
    )
    borrowed_before = set(
        AsyncJob.objects.filter(parent=parent, payload__has_key="sibling_scale").values_list(
            "floorplan_id", flat=True
        )
    )
    borrowed = sibling_scales({fp.page_index: fp.graph for fp in floorplans})
    queued = 0
    for floorplan in floorplans:
        scale = borrowed.get(floorplan.page_index)
        if scale is None or floorplan.id in borrowed_before:
            continue
        job_create(
            job_type=JobType.INGEST,
            owner=drawing_set.owner,
            floorplan=floorplan,
            parent=parent,
            payload={
                "label": f"page {floorplan.page_index + 1} (scale of a sibling sheet)",
                "sibling_scale": scale_record(scale),
            },
        )
        queued += 1
    return queued


def drawing_set_finish(drawing_set_id, *, failed: bool, code: str = "", message: str = "") -> None:
    DrawingSet.objects.filter(id=drawing_set_id).update(
        status=DrawingSetStatus.ERROR if failed else DrawingSetStatus.PROCESSED,
        error_code=code,
        error_message=message,
        finished_at=timezone.now(),
    )


def drawing_set_canceled(drawing_set_id) -> None:
    """Say so on a set whose ingest was canceled, never `processing` forever; a set that
    already ended keeps its outcome."""
    DrawingSet.objects.filter(
        id=drawing_set_id, status__in=(DrawingSetStatus.UPLOADED, DrawingSetStatus.PROCESSING)
    ).update(
        status=DrawingSetStatus.ERROR,
        error_code="ingest_canceled",
        error_message="The drawing set's ingest job was canceled; retry it to process the set.",
        finished_at=timezone.now(),
    )


# --- the building BOM ---------------------------------------------------------------------


@dataclass(frozen=True)
class BuildingBomRequest:
    job: AsyncJob
    replayed: bool


def _replayed_building_bom(job: AsyncJob, drawing_set: DrawingSet) -> BuildingBomRequest:
    if job.job_type != JobType.GENERATE_SET or job.payload.get("drawing_set") != str(
        drawing_set.id
    ):
        raise key_reused()
    return BuildingBomRequest(job, replayed=True)


def _priceable_floorplans(drawing_set: DrawingSet, subset: Any) -> list[Floorplan]:
    floorplans = Floorplan.objects.filter(sheet__drawing_set=drawing_set).order_by("page_index")
    if subset:
        if not isinstance(subset, list) or not all(isinstance(x, str) for x in subset):
            raise InvalidInput(
                "floorplans must be a list of floor-plan ids of this set.",
                code="invalid",
                field="floorplans",
            )
        chosen = [fp for fp in floorplans if str(fp.id) in set(subset)]
        if len(chosen) != len(set(subset)):
            raise InvalidInput(
                "floorplans names a floor plan that is not a sheet of this set.",
                code="invalid",
                field="floorplans",
            )
        return chosen
    return [fp for fp in floorplans if fp.status == FloorplanStatus.PROCESSED]


def _same_plan_twice(floorplans: list[Floorplan]) -> tuple[Floorplan, Floorplan] | None:
    """A sheet that took its scale from a sibling drawing the same plan, priced with that
    sibling: one floor drawn twice (a plan and its dimension plan) or two identical
    floors, which only a person can tell."""
    for lent in floorplans:
        if ((lent.graph or {}).get("scale") or {}).get("source") != "sibling_sheet":
            continue
        for other in floorplans:
            if other is not lent and other.graph and draws_same_plan(lent.graph, other.graph):
                return lent, other
    return None


def building_bom_request(
    *, drawing_set: DrawingSet, owner, options: Any, idempotency_key: str = ""
) -> BuildingBomRequest:
    """Check the options and the sheets now, then queue the job pricing the building."""
    earlier = job_for_key(owner, idempotency_key)
    if earlier is not None:
        return _replayed_building_bom(earlier, drawing_set)
    options = dict(options or {})
    subset = options.pop("floorplans", None)
    checked_options(options)
    floorplans = _priceable_floorplans(drawing_set, subset)
    not_ready = [fp.name for fp in floorplans if fp.status != FloorplanStatus.PROCESSED]
    unscaled = [fp.name for fp in floorplans if fp.graph and not fp.graph.get("scale")]
    if not floorplans or not_ready:
        raise Conflict(
            "No floor-plan sheet of this set is processed yet."
            if not floorplans
            else f"These sheets are not processed: {', '.join(not_ready)}.",
            code="drawing_set_not_ready",
        )
    if unscaled:
        raise Conflict(
            f"The scale of these sheets could not be determined: {', '.join(unscaled)}; "
            "upload the set again with `scale` or `sheet_scales`, or leave them out with "
            "`floorplans`.",
            code="no_scale",
        )
    twice = None if subset else _same_plan_twice(floorplans)
    if twice:
        raise Conflict(
            f"{twice[0].name} and {twice[1].name} draw the same plan at the same size (the "
            "first takes its scale from the other): if they show one floor, leave one out "
            "with `floorplans`; if two identical floors, list both in `floorplans`.",
            code="same_plan_twice",
        )
    payload = {
        "drawing_set": str(drawing_set.id),
        "options": options,
        "floorplans": [str(fp.id) for fp in floorplans],
    }

    def create() -> BuildingBomRequest:
        job = job_create(
            job_type=JobType.GENERATE_SET,
            owner=owner,
            payload=payload,
            idempotency_key=idempotency_key,
        )
        return BuildingBomRequest(job, replayed=False)

    return create_once(
        create,
        owner=owner,
        idempotency_key=idempotency_key,
        replay=lambda winner: _replayed_building_bom(winner, drawing_set),
    )


def building_bom_store(
    *, drawing_set: DrawingSet, options: dict, sheets: list[tuple[Floorplan, Bom]], building: Bom
) -> BuildingBOM:
    """Each sheet's BOM as an ordinary snapshot, and the building's as their sum."""
    rows = []
    for floorplan, priced in sheets:
        snapshot = bom_snapshot_create(floorplan=floorplan, priced=priced)
        sheet = floorplan.sheet
        rows.append(
            {
                "page": sheet.page,
                "number": sheet.number,
                "title": sheet.title,
                "floorplan": str(floorplan.id),
                "bom": str(snapshot.id),
                "subtotals": {k: str(v) for k, v in priced.subtotals.items()},
                "total": str(priced.total),
            }
        )
    data = bom_to_dict(building)
    return BuildingBOM.objects.create(
        drawing_set=drawing_set,
        owner=drawing_set.owner,
        options=options,
        sheets=rows,
        line_items=data["lines"],
        subtotals=data["subtotals"],
        total=building.total,
        currency=building.currency,
    )
