"""``manage.py jobs_probe``: one probe job through whatever cluster serves this queue,
and a one-line verdict an operator (or a deploy script) can act on."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.storage import default_storage

from jobs.models import AsyncJob, JobStatus, JobType
from jobs.probe import store_probe_object
from jobs.services import job_cancel, job_create

# Probe jobs belong to a user of their own, so an operator needs no account to run one
# and they never show among a real user's jobs. It cannot log in: inactive, no password.
PROBE_USERNAME = "jobs-probe"


@dataclass(frozen=True)
class ClusterCheck:
    ok: bool
    line: str


def probe_owner():
    return get_user_model().objects.get_or_create(
        username=PROBE_USERNAME, defaults={"is_active": False, "password": make_password(None)}
    )[0]


def check_cluster(*, seconds: float, storage: bool, timeout: float) -> ClusterCheck:
    """Create a probe job (``storage``: one that reads back a small object stored here
    first), wait up to ``timeout`` s for a cluster to finish it, and say how it went. A
    probe still unfinished then is canceled, so it never runs long after the answer."""
    payload = {"seconds": seconds}
    if storage:
        try:
            payload |= store_probe_object()
        except Exception as exc:  # any backend's failure: the answer, not a traceback
            return ClusterCheck(
                False,
                f"could not store the probe's object in this machine's default storage: "
                f"{type(exc).__name__}: {exc}",
            )
    try:
        job = job_create(job_type=JobType.PROBE, owner=probe_owner(), payload=payload)
        deadline = time.monotonic() + timeout
        while not job.is_finished and time.monotonic() < deadline:
            time.sleep(0.1)
            job.refresh_from_db()
        timed_out = not job.is_finished
        if timed_out and not job_cancel(job):
            job.refresh_from_db()  # it finished between the last look and the cancel
            timed_out = False
        return _verdict(job, timeout if timed_out else None)
    finally:
        if storage:
            default_storage.delete(payload["read"])


def _verdict(job: AsyncJob, timed_out_after: float | None) -> ClusterCheck:
    what = f"probe job {job.id}"
    attempt = job.attempt_log.order_by("-number").first()
    if job.status == JobStatus.SUCCEEDED:
        took = (job.finished_at - job.created_at).total_seconds()
        read = f", read back {job.payload['read']!r} from storage" if "read" in job.payload else ""
        return ClusterCheck(True, f"{what} succeeded in {took:.2f} s on {attempt.worker}{read}")
    if job.status == JobStatus.FAILED:
        return ClusterCheck(False, f"{what} failed: {job.error_message}")
    if timed_out_after is None:
        return ClusterCheck(False, f"{what} was canceled before it finished")
    if attempt is None:
        return ClusterCheck(
            False,
            f"{what} not picked up within {timed_out_after:g} s: is `qcluster` (manage.py "
            f"jobs_cluster) running on this database and broker, queue "
            f"{settings.Q_CLUSTER['name']!r}, and not busy with a backlog?",
        )
    return ClusterCheck(
        False,
        f"{what} started on {attempt.worker} but did not finish within {timed_out_after:g} s "
        f"(last error: {attempt.error_message or 'none'})",
    )
