"""Floor-plan use cases: upload (with ingest job), delete, and request a BOM.

Everything a caller could get wrong is checked here, before anything is stored, so a
refused request leaves no file, no row and no job behind. Views only translate HTTP.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.api_errors import Conflict, InvalidRequest, PayloadTooLarge, ServiceUnavailable
from floorplans.models import BOM, DrawingSheet, Floorplan, FloorplanStatus
from floorplans.pipeline import parse_scale
from floorplans.revisions import graph_at
from floorplans.takeoff import (
    Bom,
    OptionError,
    bom_to_dict,
    build_layout,
    parse_options,
    render_layout_svg,
)
from floorplans.upload_check import checked_page_count
from jobs.models import AsyncJob, JobType
from jobs.services import job_cancel, job_create, job_retry

logger = logging.getLogger(__name__)

FALLBACK_FILENAME = "floorplan.pdf"
LAYOUT_SVG_CACHE_SECONDS = 24 * 3600
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


def upload_store(file, name: str, upload: UploadedFile, *, owner) -> None:
    """Save an upload to its file field's storage (not the row): a read-only or full disk
    or a storage service that is down is a 503 to try again, not a 500."""
    try:
        file.save(name, upload, save=False)
    except OSError as exc:
        logger.error("Could not store upload for %s: %s", owner, exc)
        raise ServiceUnavailable(
            "The file could not be stored right now; please try again in a few minutes.",
            code="storage_unavailable",
        ) from exc


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


def review_fields(graph: dict | None) -> dict[str, Any]:
    """The floor plan's review columns, as the graph states them (older graphs: none)."""
    graph = graph or {}
    return {
        "review_required": bool(graph.get("review_required")),
        "review_reasons": list(graph.get("review_reasons") or []),
    }


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
    page_count = checked_page_count(upload, page)

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
        floorplan.review_required, floorplan.review_reasons = (
            twin.review_required,
            twin.review_reasons,
        )
        floorplan.status = FloorplanStatus.PROCESSED
        floorplan.processed_at = timezone.now()
        payload["reuse_graph_from"] = str(twin.id)

    # The file goes to storage first (it may be remote and slow; no transaction held
    # open for that), and is deleted again if the rows cannot be written.
    upload_store(floorplan.file, f"{floorplan.id}.pdf", upload, owner=owner)
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
    built from the graph revision and the options the BOM was generated with.

    Cached: building the layout costs far more than serving it, and every reload of a
    page would redo it. The key is what the drawing is made of (the graph as stored now,
    the options, the framing), so a re-processed graph is drawn anew.
    """
    graph = graph_at(bom.floorplan, bom.revision)
    content = json.dumps([graph, bom.options, crop_to_drawing], sort_keys=True, default=str)
    key = f"bom-layout-svg:{hashlib.sha256(content.encode()).hexdigest()}"

    def draw() -> str:
        layout = build_layout(graph, parse_options(bom.options))
        # Without a page size the renderer frames the drawing itself (small on a big sheet).
        return render_layout_svg({**graph, "page": None} if crop_to_drawing else graph, layout)

    return cache.get_or_set(key, draw, LAYOUT_SVG_CACHE_SECONDS)


@dataclass(frozen=True)
class BomRequest:
    job: AsyncJob
    replayed: bool


def _replayed_generate(job: AsyncJob, floorplan: Floorplan) -> BomRequest:
    if job.job_type != JobType.GENERATE or job.floorplan_id != floorplan.id:
        raise _replay_conflict()
    return BomRequest(job, replayed=True)


_TRUE = (True, "true", "1", "yes", "on")


def needs_review(floorplan: Floorplan, revision: int) -> bool:
    """The extraction as read (revision 0) was flagged; a revision is the estimator's own
    correction of it, so pricing one is pricing a reviewed graph."""
    return floorplan.review_required and revision == 0


def _review_refusal(floorplan: Floorplan) -> Conflict:
    reasons = "; ".join(floorplan.review_reasons) or "the extraction explains too little"
    return Conflict(
        f"This floor plan's extraction needs review before it is priced: {reasons}. "
        "Correct it (a scale override, room corrections) or send accept_review=true to "
        "price it as it is; the BOM is then marked as priced from an unreviewed extraction.",
        code="review_required",
    )


def _requested_revision(floorplan: Floorplan, options: Any) -> tuple[int, Any]:
    """`revision` in the request body names the graph revision to price (default: the
    current one); the rest are generator options."""
    if not isinstance(options, dict) or "revision" not in options:
        return floorplan.revision, options
    options = dict(options)
    number = options.pop("revision")
    if isinstance(number, str) and number.isdigit():
        number = int(number)  # form-encoded bodies carry text
    if isinstance(number, bool) or not isinstance(number, int):
        raise InvalidRequest(
            "revision must be a revision number.", code="invalid_option", field="revision"
        )
    return number, options


def bom_generate_request(
    *, floorplan: Floorplan, owner, options: Any, idempotency_key: str = ""
) -> BomRequest:
    """Check the options and the floor plan now, so the job can only fail for reasons
    nobody could have known at request time; then queue the generate job.

    A floor plan flagged for review is refused (409 `review_required`, naming the
    problems) unless the request says `accept_review`: a BOM from rooms nobody checked
    must be asked for, never handed out as if it were sound.
    """
    earlier = _job_for_key(owner, idempotency_key)
    if earlier is not None:
        return _replayed_generate(earlier, floorplan)
    options = dict(options or {}) if isinstance(options, dict) else options
    accept_review = isinstance(options, dict) and options.pop("accept_review", False) in _TRUE
    revision, options = _requested_revision(floorplan, options)
    try:
        parse_options(options if options is not None else {})
    except OptionError as exc:
        raise InvalidRequest(exc.message, code="invalid_option", field=exc.field) from exc
    if floorplan.status != FloorplanStatus.PROCESSED or floorplan.graph is None:
        raise _not_processed(floorplan, "generate")
    if not graph_at(floorplan, revision).get("scale"):
        raise Conflict(
            "The drawing's scale could not be determined; upload it again with a scale "
            'such as 1/4"=1\'-0" or 1:100.',
            code="no_scale",
        )
    if needs_review(floorplan, revision) and not accept_review:
        raise _review_refusal(floorplan)
    try:
        with transaction.atomic():
            job = job_create(
                job_type=JobType.GENERATE,
                owner=owner,
                payload={
                    "options": dict(options or {}),
                    "revision": revision,
                    **({"accept_review": True} if accept_review else {}),  # who asked, recorded
                },
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


def bom_snapshot_create(
    *, floorplan: Floorplan, priced: Bom, unreviewed: bool = False, revision: int | None = None
) -> BOM:
    """Store a priced BOM as an immutable snapshot: lines, options and the catalogue
    prices it used are copied in, so later catalogue edits never change it. `revision` is
    the graph revision it was priced from (default: the floor plan's current one); a BOM
    priced from an extraction flagged for review (`unreviewed`) carries the reasons."""
    snapshot = bom_to_dict(priced)
    summary: dict[str, Any] = {"warnings": snapshot["warnings"]}
    if unreviewed:
        summary["review_required"] = True
        summary["review_reasons"] = list(floorplan.review_reasons)
    return BOM.objects.create(
        floorplan=floorplan,
        revision=floorplan.revision if revision is None else revision,
        owner=floorplan.owner,
        options=snapshot["options"],
        line_items=snapshot["lines"],
        subtotals=snapshot["subtotals"],
        total=priced.total,
        currency=snapshot["currency"],
        catalogue_snapshot=snapshot["catalogue"],
        layout_summary=summary,
    )
