"""Upload a floor plan (stored, with its ingest job queued) and delete one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from floorplans.errors import InvalidInput
from floorplans.models import DrawingSheet, Floorplan, FloorplanStatus
from floorplans.services.idempotency import job_for_key, key_reused
from floorplans.services.uploads import (
    check_size,
    checked_page_count,
    checked_scale,
    clean_filename,
    default_name,
    sha256_of,
    store_then_create,
)
from jobs.models import AsyncJob, JobType
from jobs.services import job_create


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


def _replayed_upload(job: AsyncJob, sha256: str) -> FloorplanUpload:
    if job.job_type != JobType.INGEST or job.floorplan is None or job.floorplan.sha256 != sha256:
        raise key_reused()
    return FloorplanUpload(job.floorplan, job, replayed=True)


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
        raise InvalidInput(
            "Attach the floor-plan PDF as `file`.", code="file_required", field="file"
        )
    check_size(upload)
    scale = checked_scale(scale)
    sha256 = sha256_of(upload)
    earlier = job_for_key(owner, idempotency_key)
    if earlier is not None:
        return _replayed_upload(earlier, sha256)
    page_count = checked_page_count(upload, page)

    filename = clean_filename(upload.name)
    floorplan = Floorplan(
        id=uuid.uuid4(),
        owner=owner,
        name=(name.strip() or default_name(filename))[:200],
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

    def create() -> FloorplanUpload:
        floorplan.save(force_insert=True)
        job = job_create(
            job_type=JobType.INGEST,
            owner=owner,
            payload=payload,
            floorplan=floorplan,
            idempotency_key=idempotency_key,
        )
        return FloorplanUpload(floorplan, job, replayed=False)

    return store_then_create(
        floorplan.file,
        upload,
        create,
        owner=owner,
        idempotency_key=idempotency_key,
        replay=lambda winner: _replayed_upload(winner, sha256),
    )


def floorplan_delete(floorplan: Floorplan) -> None:
    """Delete the floor plan with its jobs and BOMs; the file goes once the rows are gone."""
    storage, name = floorplan.file.storage, floorplan.file.name
    if DrawingSheet.objects.filter(floorplan=floorplan).exists():
        name = ""  # a sheet of a drawing set: the set owns the file
    with transaction.atomic():
        floorplan.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
