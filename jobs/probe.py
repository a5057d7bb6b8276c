"""The ``probe`` job: sleeps briefly (or not at all) and succeeds; given a stored object
to read first, it also shows that its worker sees the storage the web tier writes to.

Used to check a cluster end to end (``manage.py jobs_probe``), as the no-op that the
job-layer benchmark pushes through create -> enqueue -> run -> succeeded, and as the
scale-out's waiting job. Payload: ``seconds`` (0 to 60); optionally ``read`` (a name in
the default storage) with ``sha256`` (the digest of its bytes), from ``store_probe_object``.
"""

import hashlib
import math
import secrets
import time
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage

from jobs import registry
from jobs.errors import PermanentJobError
from jobs.models import AsyncJob, JobType

MAX_PROBE_SECONDS = 60.0
# The probe checks that storage is shared, not how fast it is: it refuses (before
# downloading) an object larger than this rather than hold a worker on it.
MAX_PROBE_READ_BYTES = 1024 * 1024
PROBE_OBJECT_BYTES = 1024
STORAGE_ADVICE = (
    "configure the same object storage (S3_BUCKET ...) on the web and every worker machine "
    '(README, "Web and workers on separate machines")'
)


def run_probe(job: AsyncJob, progress: registry.Progress) -> None:
    seconds = job.payload.get("seconds", 0)
    if not isinstance(seconds, int | float) or not 0 <= seconds <= MAX_PROBE_SECONDS:
        raise PermanentJobError(
            f"seconds must be a number from 0 to {MAX_PROBE_SECONDS:g}", code="invalid_payload"
        )
    read_stored_object(job.payload)
    steps = math.ceil(seconds * 4)  # a zero-second probe reports nothing: a pure no-op
    for step in range(steps):
        time.sleep(seconds / steps)
        progress("sleeping", int(100 * (step + 1) / steps))
    # Nothing to save: no commit, so the attempt ends without a transaction of its own.


def read_stored_object(payload: dict) -> None:
    """Read the object the payload names (if any) from the default storage and check it
    holds the bytes that were stored; fail for good, saying what to do, if it does not."""
    if "read" not in payload:
        return
    name, expected = payload["read"], payload.get("sha256")
    if not isinstance(name, str) or not name or not isinstance(expected, str):
        raise PermanentJobError(
            "read must be a storage name, given with the sha256 of its bytes",
            code="invalid_payload",
        )
    try:
        with default_storage.open(name, "rb") as stored:
            size = stored.size  # S3: from the HEAD that open() makes; nothing downloaded yet
            data = stored.read(MAX_PROBE_READ_BYTES + 1) if size <= MAX_PROBE_READ_BYTES else b""
    except Exception as exc:
        # Whatever stops the read (no such object or bucket, no credentials, endpoint
        # unreachable) is the answer the probe exists to give: report it now, not after
        # retries and backoff.
        raise PermanentJobError(
            f"this worker cannot read what the web tier stored: {name!r}: "
            f"{type(exc).__name__}: {exc}; {STORAGE_ADVICE}",
            code="storage_unreadable",
        ) from exc
    if max(size, len(data)) > MAX_PROBE_READ_BYTES:
        raise PermanentJobError(
            f"refused to read {name!r}: {size} bytes, over the probe's cap of "
            f"{MAX_PROBE_READ_BYTES} bytes",
            code="invalid_payload",
        )
    if (actual := hashlib.sha256(data).hexdigest()) != expected:
        raise PermanentJobError(
            f"this worker read {name!r} but not the bytes the web tier stored (sha256 "
            f"{actual[:12]}..., expected {expected[:12]}...): its storage is another one; "
            f"{STORAGE_ADVICE}",
            code="storage_mismatch",
        )


def store_probe_object(storage: Storage = default_storage) -> dict[str, str]:
    """Store a small random object for a probe to read back; returns the payload keys that
    name it (``read``, ``sha256``). The caller deletes it (``storage.delete(keys["read"])``)."""
    data = secrets.token_bytes(PROBE_OBJECT_BYTES)
    name = storage.save(f"probes/{uuid.uuid4().hex}.bin", ContentFile(data))
    return {"read": name, "sha256": hashlib.sha256(data).hexdigest()}


def register() -> None:
    registry.register(JobType.PROBE, run_probe)
