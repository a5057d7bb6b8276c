"""Job state transitions, each one conditional ``UPDATE ... WHERE status = expected``.

The row count of the UPDATE tells whether this caller made the transition; a caller
that gets ``False`` lost a race (another worker, a cancel, recovery) and must back off.
That is what makes "two workers can never both run one job" hold on any broker.
Running-state transitions also match ``attempts`` so a worker that was declared lost
cannot finish (or overwrite) the attempt that replaced it.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jobs.models import AsyncJob, AttemptOutcome, JobAttempt, JobStatus

# Small tolerance so a retry timer that fires a hair early still claims its job.
_CLAIM_EARLY_TOLERANCE = timedelta(seconds=0.5)


def _update(job_id, *, expected: tuple[str, ...], attempt: int | None = None, **changes) -> bool:
    rows = AsyncJob.objects.filter(id=job_id, status__in=expected)
    if attempt is not None:
        rows = rows.filter(attempts=attempt)
    return rows.update(updated_at=timezone.now(), **changes) == 1


def _close_open_attempts(job_id, outcome: str, error: str = "", delay=None) -> None:
    JobAttempt.objects.filter(job_id=job_id, finished_at__isnull=True).update(
        finished_at=timezone.now(), outcome=outcome, error_message=error, retry_delay_seconds=delay
    )


def _end_attempt(job_id, attempt: int, outcome: str, *, error="", delay=None, **changes) -> bool:
    """running -> ``changes["status"]`` for the given attempt, closing its history row in
    the same transaction (joining the caller's, e.g. the one that saves results)."""
    with transaction.atomic(savepoint=False):
        done = _update(job_id, expected=(JobStatus.RUNNING,), attempt=attempt, **changes)
        if done:
            _close_open_attempts(job_id, outcome, error, delay)
    return done


def claim(job_id, *, worker: str) -> AsyncJob | None:
    """queued -> running. Returns the claimed job, or None if it was not ours to run."""
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            AsyncJob.objects.filter(
                id=job_id,
                status=JobStatus.QUEUED,
                next_attempt_at__lte=now + _CLAIM_EARLY_TOLERANCE,
            ).update(
                status=JobStatus.RUNNING,
                attempts=F("attempts") + 1,
                started_at=now,
                heartbeat_at=now,
                progress_stage="starting",
                progress_percent=0,
                updated_at=now,
            )
            == 1
        )
        if not claimed:
            return None
        job = AsyncJob.objects.get(id=job_id)
        JobAttempt.objects.create(job=job, number=job.attempts, worker=worker, started_at=now)
    return job


def report_progress(job_id, attempt: int, stage: str, percent: int) -> bool:
    """Record progress (also a heartbeat). False means the attempt must stop."""
    now = timezone.now()
    return _update(
        job_id,
        expected=(JobStatus.RUNNING,),
        attempt=attempt,
        progress_stage=stage[:40],
        progress_percent=max(0, min(100, percent)),
        heartbeat_at=now,
    )


def heartbeat(job_id, attempt: int) -> bool:
    return _update(
        job_id, expected=(JobStatus.RUNNING,), attempt=attempt, heartbeat_at=timezone.now()
    )


def succeed(job_id, attempt: int, result_ref: str = "") -> bool:
    """running -> succeeded. Call inside the transaction that saves the job's results."""
    return _end_attempt(
        job_id,
        attempt,
        AttemptOutcome.SUCCEEDED,
        status=JobStatus.SUCCEEDED,
        result_ref=result_ref,
        error_code="",
        error_message="",
        progress_stage="done",
        progress_percent=100,
        finished_at=timezone.now(),
    )


def fail(job_id, attempt: int, *, code: str, message: str) -> bool:
    """running -> failed, for good."""
    return _end_attempt(
        job_id,
        attempt,
        AttemptOutcome.FAILED,
        error=message,
        status=JobStatus.FAILED,
        error_code=code,
        error_message=message,
        finished_at=timezone.now(),
    )


def schedule_retry(job_id, attempt: int, *, message: str, delay_seconds: float) -> bool:
    """running -> queued, due again after ``delay_seconds`` (the backoff)."""
    return _end_attempt(
        job_id,
        attempt,
        AttemptOutcome.RETRYING,
        error=message,
        delay=delay_seconds,
        status=JobStatus.QUEUED,
        error_message=message,
        next_attempt_at=timezone.now() + timedelta(seconds=delay_seconds),
        progress_stage="waiting to retry",
        heartbeat_at=None,
    )


def take_back_lost(job_id, attempt: int, *, stale_before) -> JobStatus | None:
    """A running attempt whose heartbeat stopped: back to queued, or failed after the last.

    The lost attempt counts, so a job that keeps killing its worker ends failed instead
    of looping. Returns the new status, or None if the job moved on meanwhile.
    """
    with transaction.atomic():
        job = (
            AsyncJob.objects.select_for_update()
            .filter(id=job_id, status=JobStatus.RUNNING, attempts=attempt)
            .exclude(awaits_children=True)  # a parent waiting for children has no worker
            .first()
        )
        if job is None or (job.heartbeat_at and job.heartbeat_at >= stale_before):
            return None
        message = f"The worker running attempt {attempt} stopped responding (killed or lost)."
        if attempt >= job.max_attempts:
            final = f"{message} Gave up after {attempt} attempts."
            changes = {
                "status": JobStatus.FAILED,
                "error_code": "worker_lost",
                "error_message": final,
                "finished_at": timezone.now(),
            }
            new_status = JobStatus.FAILED
        else:
            changes = {
                "status": JobStatus.QUEUED,
                "error_message": message,
                "next_attempt_at": timezone.now(),
                "enqueued_at": None,
                "heartbeat_at": None,
                "progress_stage": "recovered",
            }
            new_status = JobStatus.QUEUED
        _end_attempt(job_id, attempt, AttemptOutcome.LOST, error=message, **changes)
    return new_status


def cancel(job_id) -> bool:
    """queued|running -> canceled. A running attempt notices at its next checkpoint."""
    with transaction.atomic():
        done = _update(
            job_id,
            expected=(JobStatus.QUEUED, JobStatus.RUNNING),
            status=JobStatus.CANCELED,
            finished_at=timezone.now(),
        )
        if done:  # the running attempt's row, whichever attempt that is by now
            _close_open_attempts(job_id, AttemptOutcome.CANCELED)
    return done


def requeue_finished(job_id) -> bool:
    """failed|canceled -> queued with a fresh set of attempts (a person asked to retry)."""
    return _update(
        job_id,
        expected=(JobStatus.FAILED, JobStatus.CANCELED),
        status=JobStatus.QUEUED,
        attempts=0,
        error_code="",
        error_message="",
        next_attempt_at=timezone.now(),
        enqueued_at=None,
        started_at=None,
        finished_at=None,
        progress_stage="",
        progress_percent=0,
    )


def mark_enqueued(job_id, task_id: str) -> None:
    AsyncJob.objects.filter(id=job_id, status=JobStatus.QUEUED).update(
        q_task_id=task_id or "", enqueued_at=timezone.now()
    )
