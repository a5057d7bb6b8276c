"""Job state transitions, each one conditional ``UPDATE ... WHERE status = expected``.

The row count of the UPDATE tells whether this caller made the transition; a caller
that gets ``False`` lost a race (another worker, a cancel, recovery) and must back off.
That is what makes "two workers can never both run one job" hold on any broker.

Fencing: every claim gives the job the next attempt number, which only ever grows (a
manual retry adds to the budget instead of resetting the count), and every running-state
transition matches that number. So an attempt that was canceled, retried or declared
lost can neither report progress, succeed, fail nor close another attempt's history row.

On PostgreSQL the claim and the end of an attempt are one statement each, writing the job
and its history row together (``jobs.pg_statements``); elsewhere a short transaction.

Times that decide ownership (heartbeats, due times, lease ages) come from the database's
clock (``Now()``), never from the clock of whichever machine runs the code.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import DateTimeField, Exists, ExpressionWrapper, F, OuterRef, Q, Value
from django.db.models.functions import Now

from jobs import pg_statements
from jobs.models import AsyncJob, AttemptOutcome, JobAttempt, JobStatus

# Small tolerance so a retry timer that fires a hair early still claims its job.
_CLAIM_EARLY_TOLERANCE = timedelta(seconds=0.5)


def db_now_plus(seconds: float):
    """The database's current time shifted by ``seconds`` (negative: in the past)."""
    return ExpressionWrapper(Now() + Value(timedelta(seconds=seconds)), DateTimeField())


def _rows(job_id, expected: tuple[str, ...], attempt: int | None = None):
    rows = AsyncJob.objects.filter(id=job_id, status__in=expected)
    return rows if attempt is None else rows.filter(attempts=attempt)


def _update(job_id, *, expected: tuple[str, ...], attempt: int | None = None, **changes) -> bool:
    return _rows(job_id, expected, attempt).update(updated_at=Now(), **changes) == 1


def _close_attempt(job_id, number: int | None, **closing) -> None:
    """Close the history row of attempt ``number`` (None: whichever one is open)."""
    rows = JobAttempt.objects.filter(job_id=job_id, finished_at__isnull=True)
    if number is not None:
        rows = rows.filter(number=number)
    rows.update(finished_at=Now(), **closing)


def _running(job_id, attempt: int):
    return _rows(job_id, (JobStatus.RUNNING,), attempt)


def _end_attempt(transition, outcome: str, *, error="", delay=None, **values) -> bool:
    """running -> the state ``transition(**values)`` (the running attempt's rows and their
    changes) says, closing the history row of attempt ``values["attempt"]`` in the same
    transaction (joining the caller's, e.g. the one that saves results)."""
    values["job_id"] = AsyncJob._meta.pk.to_python(values["job_id"])
    attempt = values["attempt"]
    closing = {"outcome": outcome, "error_message": error, "retry_delay_seconds": delay}
    if connection.vendor == "postgresql":
        update = pg_statements.compile_update(transition, **values)
        return pg_statements.end_attempt(update, attempt, closing)
    running, changes = transition(**values)
    with transaction.atomic(savepoint=False):
        done = running.update(**changes) == 1
        if done:
            _close_attempt(values["job_id"], attempt, **closing)
    return done


@pg_statements.compiled_once
def _claiming(job_id, task_id: str):
    due = AsyncJob.objects.filter(
        id=job_id,
        status=JobStatus.QUEUED,
        next_attempt_at__lte=db_now_plus(_CLAIM_EARLY_TOLERANCE.total_seconds()),
    )
    changes = {
        "status": JobStatus.RUNNING,
        "attempts": F("attempts") + 1,
        "started_at": Now(),
        "heartbeat_at": Now(),
        "progress_stage": "starting",
        "progress_percent": 0,
        "updated_at": Now(),
        **({"q_task_id": task_id} if task_id else {}),
    }
    return due, changes


def claim(job_id, *, worker: str, task_id: str = "") -> AsyncJob | None:
    """queued -> running as the next attempt, opening its history row. Returns the
    claimed job, or None if it was not ours to run (not queued, not due yet, or another
    worker was first). ``task_id``: the django-q2 task that delivered it, if known."""
    job_id = AsyncJob._meta.pk.to_python(job_id)
    if connection.vendor == "postgresql":
        update = pg_statements.compile_update(_claiming, job_id=job_id, task_id=task_id)
        return pg_statements.claim(update, worker)
    due, changes = _claiming(job_id, task_id)
    with transaction.atomic():
        if not due.update(**changes):
            return None
        job = AsyncJob.objects.get(id=job_id)
        JobAttempt.objects.create(
            job=job, number=job.attempts, worker=worker, started_at=job.started_at
        )
    return job


def report_progress(job_id, attempt: int, stage: str, percent: int) -> bool:
    """Record progress (also a heartbeat). False means the attempt must stop."""
    return _update(
        job_id,
        expected=(JobStatus.RUNNING,),
        attempt=attempt,
        progress_stage=stage[:40],
        progress_percent=max(0, min(100, percent)),
        heartbeat_at=Now(),
    )


def heartbeat(job_id, attempt: int) -> bool:
    return _update(job_id, expected=(JobStatus.RUNNING,), attempt=attempt, heartbeat_at=Now())


def _ending(job_id, attempt: int, **changes) -> tuple:
    """The running attempt's rows and ``changes``: what every end of an attempt updates."""
    return _running(job_id, attempt), {"updated_at": Now(), **changes}


@pg_statements.compiled_once
def _succeeding(job_id, attempt: int, result_ref: str):
    rows, changes = _ending(
        job_id,
        attempt,
        status=JobStatus.SUCCEEDED,
        result_ref=result_ref,
        error_code="",
        error_message="",
        progress_stage="done",
        progress_percent=100,
        finished_at=Now(),
    )
    # In the same statement: the common, childless job pays no extra round trip.
    return rows.filter(~Exists(AsyncJob.objects.filter(parent_id=OuterRef("pk")))), changes


def succeed(job_id, attempt: int, result_ref: str = "") -> bool:
    """running -> succeeded, unless the job has children (a parent waits for them instead:
    ``jobs.children``). Call inside the transaction that saves the job's results."""
    return _end_attempt(
        _succeeding,
        AttemptOutcome.SUCCEEDED,
        job_id=job_id,
        attempt=attempt,
        result_ref=result_ref,
    )


@pg_statements.compiled_once
def _failing(job_id, attempt: int, code: str, message: str):
    return _ending(
        job_id,
        attempt,
        status=JobStatus.FAILED,
        error_code=code,
        error_message=message,
        finished_at=Now(),
    )


def fail(job_id, attempt: int, *, code: str, message: str) -> bool:
    """running -> failed, for good."""
    return _end_attempt(
        _failing,
        AttemptOutcome.FAILED,
        error=message,
        job_id=job_id,
        attempt=attempt,
        code=code,
        message=message,
    )


def schedule_retry(job_id, attempt: int, *, message: str, delay_seconds: float) -> bool:
    """running -> queued, due again after ``delay_seconds`` (the backoff)."""

    def retrying(job_id, attempt):
        return _ending(
            job_id,
            attempt,
            status=JobStatus.QUEUED,
            error_message=message,
            next_attempt_at=db_now_plus(delay_seconds),
            progress_stage="waiting to retry",
            heartbeat_at=None,
        )

    return _end_attempt(
        retrying,
        AttemptOutcome.RETRYING,
        error=message,
        delay=delay_seconds,
        job_id=job_id,
        attempt=attempt,
    )


def lease_expired():
    """The heartbeat time before which a running attempt counts as lost (database clock)."""
    return db_now_plus(-settings.JOB_LEASE_SECONDS)


def take_back_lost(job_id, attempt: int) -> JobStatus | None:
    """A running attempt whose heartbeat is older than the lease: back to queued, or
    failed after the last attempt.

    The lost attempt counts, so a job that keeps killing its worker ends failed instead
    of looping. Returns the new status, or None if the job moved on meanwhile.
    """
    stale = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=lease_expired())
    with transaction.atomic():
        job = (
            AsyncJob.objects.select_for_update()
            .filter(stale, id=job_id, status=JobStatus.RUNNING, attempts=attempt)
            .exclude(awaits_children=True)  # a parent waiting for children has no worker
            .first()
        )
        if job is None:
            return None
        message = f"The worker running attempt {attempt} stopped responding (killed or lost)."
        if attempt >= job.max_attempts:
            new_status = JobStatus.FAILED
            changes = {
                "error_code": "worker_lost",
                "error_message": f"{message} Gave up after {attempt} attempts.",
                "finished_at": Now(),
            }
        else:
            new_status = JobStatus.QUEUED
            changes = {
                "error_message": message,
                "next_attempt_at": Now(),
                "enqueued_at": None,
                "heartbeat_at": None,
                "progress_stage": "recovered",
            }
        _end_attempt(
            lambda job_id, attempt: _ending(job_id, attempt, status=new_status, **changes),
            AttemptOutcome.LOST,
            error=message,
            job_id=job_id,
            attempt=attempt,
        )
    return new_status


def cancel(job_id) -> bool:
    """queued|running -> canceled. A running attempt notices at its next checkpoint."""
    with transaction.atomic():
        done = _update(
            job_id,
            expected=(JobStatus.QUEUED, JobStatus.RUNNING),
            status=JobStatus.CANCELED,
            finished_at=Now(),
        )
        if done:  # the running attempt's row, whichever attempt that is by now
            _close_attempt(job_id, None, outcome=AttemptOutcome.CANCELED)
    return done


def requeue_finished(job_id) -> bool:
    """failed|canceled -> queued with a fresh budget of attempts (a person asked to retry).

    The attempt count is kept and the limit raised instead: numbers never repeat, so an
    attempt still running from before the cancel can never pass for the new one.
    """
    return _update(
        job_id,
        expected=(JobStatus.FAILED, JobStatus.CANCELED),
        status=JobStatus.QUEUED,
        max_attempts=F("attempts") + settings.JOB_MAX_ATTEMPTS,
        error_code="",
        error_message="",
        next_attempt_at=Now(),
        enqueued_at=None,
        started_at=None,
        finished_at=None,
        progress_stage="",
        progress_percent=0,
    )


def mark_enqueued(job_id, task_id: str) -> None:
    AsyncJob.objects.filter(id=job_id, status=JobStatus.QUEUED).update(
        q_task_id=task_id or "", enqueued_at=Now()
    )


def mark_not_enqueued(job_id) -> None:
    """The enqueue right after the job's INSERT failed: recovery enqueues it later."""
    AsyncJob.objects.filter(id=job_id, status=JobStatus.QUEUED).update(enqueued_at=None)
