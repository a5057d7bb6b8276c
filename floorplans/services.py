"""Floor-plan use cases: upload (with ingest job), delete, and request a BOM.

Everything a caller could get wrong is checked here, before anything is stored, so a
refused request leaves no file, no row and no job behind. Views only translate HTTP.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.api_errors import Conflict, InvalidRequest, PayloadTooLarge, ServiceUnavailable
from floorplans.models import BOM, DrawingSheet, Floorplan, FloorplanStatus
from floorplans.pipeline import PdfError, inspect_pdf, parse_scale
from floorplans.takeoff import (
    Bom,
    OptionError,
    bom_from_dict,
    bom_to_csv,
    bom_to_dict,
    build_layout,
    parse_options,
    render_layout_svg,
)
from jobs.models import AsyncJob, JobType
from jobs.services import job_cancel, job_create, job_retry

logger = logging.getLogger(__name__)

FALLBACK_FILENAME = "floorplan.pdf"
_UNSAFE_FILENAME_CHARS = re.compile(r"[<>:\"|?*]")


@dataclass(frozen=True)
class FloorplanUpload:
    """What an upload produced. Unpacks as ``floorplan, job, replayed``."""

    floorplan: Floorplan
    job: AsyncJob
    replayed: bool  # an earlier request with the same Idempotency-Key; nothing new made

    def __iter__(self):
        return iter((self.floorplan, self.job, self.replayed))

    @property
    def reused_graph_from(self) -> str | None:
        return self.job.payload.get("reuse_graph_from")


# --- upload checks --------------------------------------------------------------------


def clean_filename(raw: str | None) -> str:
    """The client's filename as something safe to store and show: no path, no control or
    format characters (a right-to-left override can disguise "fdp.exe"), NFC, at most 255
    characters (keeping the extension)."""
    name = unicodedata.normalize("NFC", raw or "")
    name = PurePosixPath(name.replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    name = _UNSAFE_FILENAME_CHARS.sub("", name)
    name = " ".join(name.split()).strip(". ")
    if not name:
        return FALLBACK_FILENAME
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: 254 - len(ext)]}.{ext}" if dot and len(ext) <= 10 else name[:255]
    return name


def _default_name(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0] if filename.lower().endswith(".pdf") else filename
    return stem[:200] or "Floor plan"


def _check_scale(scale: str) -> str:
    scale = scale.strip()
    if scale and parse_scale(scale) is None:
        raise InvalidRequest(
            f"'{scale}' is not a drawing scale; use a form such as 1/4\"=1'-0\", 1:100 or 1:50.",
            code="invalid_scale",
            field="scale",
        )
    return scale


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def _page_count(upload: UploadedFile, page: int) -> int:
    """Parse header, xref and page tree (cheap) so a bad PDF is refused at upload time."""
    upload.seek(0)
    try:
        info = inspect_pdf(upload)
    except PdfError as exc:
        raise InvalidRequest(str(exc), code=exc.code, field="file") from exc
    finally:
        upload.seek(0)
    if not 0 <= page < info.page_count:
        raise InvalidRequest(
            f"Page {page} does not exist; this PDF has {info.page_count} page(s), numbered from 0.",
            code="page_out_of_range",
            field="page",
        )
    return info.page_count


def _check_size(upload: UploadedFile) -> None:
    # The upload handler already stops oversized bodies while streaming; this covers
    # callers that hand the service a file directly (commands, tests, other views).
    if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        raise PayloadTooLarge(
            f"The file is larger than the {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB limit.",
            code="file_too_large",
            field="file",
        )


# --- idempotency ----------------------------------------------------------------------


def _job_for_key(owner, idempotency_key: str) -> AsyncJob | None:
    if not idempotency_key:
        return None
    return (
        AsyncJob.objects.select_related("floorplan")
        .filter(owner=owner, idempotency_key=idempotency_key)
        .first()
    )


def _replay_conflict() -> Conflict:
    return Conflict(
        "This Idempotency-Key was already used for a different request.",
        code="idempotency_key_reused",
        field="Idempotency-Key",
    )


def _replayed_upload(job: AsyncJob, sha256: str) -> FloorplanUpload:
    if job.job_type != JobType.INGEST or job.floorplan is None or job.floorplan.sha256 != sha256:
        raise _replay_conflict()
    return FloorplanUpload(job.floorplan, job, replayed=True)


# --- use cases ------------------------------------------------------------------------


def _processed_twin(*, owner, sha256: str, page: int, scale: str) -> Floorplan | None:
    """An earlier processed upload of the same bytes, page and scale: its graph is ours."""
    return (
        Floorplan.objects.filter(
            owner=owner,
            sha256=sha256,
            page_index=page,
            scale_override=scale,
            status=FloorplanStatus.PROCESSED,
            graph__isnull=False,
        )
        .order_by("-processed_at")
        .first()
    )


def floorplan_create(
    *,
    owner,
    upload: UploadedFile | None,
    name: str = "",
    page: int = 0,
    scale: str = "",
    idempotency_key: str = "",
) -> FloorplanUpload:
    """Validate an uploaded PDF, store it and queue its ingest job, all or nothing.

    A repeated ``idempotency_key`` returns the original floor plan and job unchanged. If
    the same user already has these bytes processed for this page and scale, the new
    floor plan starts out processed with a copy of that graph (the job payload records
    ``reuse_graph_from`` so the ingest handler can skip the extraction).
    """
    if upload is None:
        raise InvalidRequest(
            "Attach the floor-plan PDF as `file`.", code="file_required", field="file"
        )
    _check_size(upload)
    scale = _check_scale(scale)
    sha256 = _sha256(upload)
    earlier = _job_for_key(owner, idempotency_key)
    if earlier is not None:
        return _replayed_upload(earlier, sha256)
    page_count = _page_count(upload, page)

    filename = clean_filename(upload.name)
    floorplan = Floorplan(
        id=uuid.uuid4(),
        owner=owner,
        name=(name.strip() or _default_name(filename))[:200],
        original_filename=filename,
        file_size=upload.size or 0,
        sha256=sha256,
        page_count=page_count,
        page_index=page,
        scale_override=scale,
    )
    payload: dict[str, Any] = {}
    twin = _processed_twin(owner=owner, sha256=sha256, page=page, scale=scale)
    if twin is not None:
        floorplan.graph = twin.graph
        floorplan.status = FloorplanStatus.PROCESSED
        floorplan.processed_at = timezone.now()
        payload["reuse_graph_from"] = str(twin.id)

    # The file goes to storage first (it may be remote and slow; no transaction held
    # open for that), and is deleted again if the rows cannot be written.
    try:
        floorplan.file.save(f"{floorplan.id}.pdf", upload, save=False)
    except OSError as exc:  # read-only or full disk, storage service down
        logger.error("Could not store upload for %s: %s", owner, exc)
        raise ServiceUnavailable(
            "The file could not be stored right now; please try again in a few minutes.",
            code="storage_unavailable",
        ) from exc
    try:
        with transaction.atomic():
            floorplan.save(force_insert=True)
            job = job_create(
                job_type=JobType.INGEST,
                owner=owner,
                payload=payload,
                floorplan=floorplan,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        floorplan.file.delete(save=False)
        # A concurrent request with the same key won the race: answer as its replay.
        winner = _job_for_key(owner, idempotency_key)
        if winner is None:
            raise
        return _replayed_upload(winner, sha256)
    except BaseException:
        floorplan.file.delete(save=False)
        raise
    return FloorplanUpload(floorplan, job, replayed=False)


def floorplan_delete(floorplan: Floorplan) -> None:
    """Delete the floor plan with its jobs and BOMs; the file goes once the rows are gone."""
    storage, name = floorplan.file.storage, floorplan.file.name
    if DrawingSheet.objects.filter(floorplan=floorplan).exists():
        name = ""  # a sheet of a drawing set: the set owns the file
    with transaction.atomic():
        floorplan.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def _not_processed(floorplan: Floorplan, what: str) -> Conflict:
    return Conflict(
        f"The floor plan is {floorplan.status}, not processed; {what} once its ingest job "
        "has succeeded.",
        code="floorplan_not_ready",
    )


def floorplan_preview_svg(floorplan: Floorplan) -> str:
    if floorplan.status != FloorplanStatus.PROCESSED or floorplan.graph is None:
        raise _not_processed(floorplan, "the preview is available")
    return render_layout_svg(floorplan.graph)


def bom_layout_svg(bom: BOM, *, crop_to_drawing: bool = False) -> str:
    """The plan with the BOM's construction layout drawn on it (studs, openings, rooms),
    rebuilt from the stored graph and the options the BOM was generated with."""
    graph = bom.floorplan.graph
    layout = build_layout(graph, parse_options(bom.options))
    # Without a page size the renderer frames the drawing itself (small on a big sheet).
    return render_layout_svg({**graph, "page": None} if crop_to_drawing else graph, layout)


def bom_export_csv(bom: BOM) -> str:
    """The stored snapshot as the generator's CSV (same columns as `manage.py takeoff`)."""
    snapshot = {
        "currency": bom.currency,
        "lines": bom.line_items,
        "subtotals": bom.subtotals,
        "total": str(bom.total),
        "options": bom.options,
    }  # the CSV shows no catalogue: the snapshot's copy need not be read
    return bom_to_csv(bom_from_dict(snapshot))


@dataclass(frozen=True)
class BomRequest:
    job: AsyncJob
    replayed: bool


def _replayed_generate(job: AsyncJob, floorplan: Floorplan) -> BomRequest:
    if job.job_type != JobType.GENERATE or job.floorplan_id != floorplan.id:
        raise _replay_conflict()
    return BomRequest(job, replayed=True)


def bom_generate_request(
    *, floorplan: Floorplan, owner, options: Any, idempotency_key: str = ""
) -> BomRequest:
    """Check the options and the floor plan now, so the job can only fail for reasons
    nobody could have known at request time; then queue the generate job."""
    earlier = _job_for_key(owner, idempotency_key)
    if earlier is not None:
        return _replayed_generate(earlier, floorplan)
    try:
        parse_options(options if options is not None else {})
    except OptionError as exc:
        raise InvalidRequest(exc.message, code="invalid_option", field=exc.field) from exc
    if floorplan.status != FloorplanStatus.PROCESSED or floorplan.graph is None:
        raise _not_processed(floorplan, "generate")
    if not floorplan.graph.get("scale"):
        raise Conflict(
            "The drawing's scale could not be determined; upload it again with a scale "
            'such as 1/4"=1\'-0" or 1:100.',
            code="no_scale",
        )
    try:
        with transaction.atomic():
            job = job_create(
                job_type=JobType.GENERATE,
                owner=owner,
                payload={"options": dict(options or {})},
                floorplan=floorplan,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        winner = _job_for_key(owner, idempotency_key)
        if winner is None:
            raise
        return _replayed_generate(winner, floorplan)
    return BomRequest(job, replayed=False)


# Job actions live here rather than in jobs/: jobs/ stays free of API error types.


def job_cancel_request(job: AsyncJob) -> AsyncJob:
    if not job_cancel(job):
        raise Conflict(
            f"The job is {job.status} and can no longer be canceled.", code="job_not_cancelable"
        )
    job.refresh_from_db()
    return job


def job_retry_request(job: AsyncJob) -> AsyncJob:
    with transaction.atomic():
        retried = job_retry(job)
    if not retried:
        raise Conflict(
            f"The job is {job.status}; only failed or canceled jobs can be retried.",
            code="job_not_retryable",
        )
    job.refresh_from_db()
    return job


def bom_snapshot_create(*, floorplan: Floorplan, priced: Bom) -> BOM:
    """Store a priced BOM as an immutable snapshot: lines, options and the catalogue
    prices it used are copied in, so later catalogue edits never change it."""
    snapshot = bom_to_dict(priced)
    return BOM.objects.create(
        floorplan=floorplan,
        owner=floorplan.owner,
        options=snapshot["options"],
        line_items=snapshot["lines"],
        subtotals=snapshot["subtotals"],
        total=priced.total,
        currency=snapshot["currency"],
        catalogue_snapshot=snapshot["catalogue"],
        layout_summary={"warnings": snapshot["warnings"]},
    )
