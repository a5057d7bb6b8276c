"""Runs one attempt of a job: claim, heartbeat, handler, and the outcome transition."""

import contextlib
import logging
import math
import os
import socket
import threading
import time
import uuid

from django import db
from django.conf import settings
from django.db import transaction

from jobs import broker, children, lifecycle
from jobs.errors import JobInterrupted, PermanentJobError, TransientJobError
from jobs.models import AsyncJob
from jobs.registry import notify_canceled, notify_failed, registration_for

logger = logging.getLogger(__name__)

# Database hiccups (connection dropped, server restarting) are worth another attempt.
ALWAYS_TRANSIENT = (TransientJobError, db.OperationalError, db.InterfaceError)


def worker_name(pid: int | None = None) -> str:
    """How a worker process is named in ``JobAttempt.worker`` (this process by default)."""
    return f"{socket.gethostname()}:{pid or os.getpid()}"


def _close_connection() -> None:
    with contextlib.suppress(db.Error):  # a broken connection may fail to close, too
        db.connection.close()


class _Heartbeats:
    """Keeps the leases of this process's running attempts fresh while their handlers work.

    A thread, so a long stage without progress reports (one big pdfminer parse) is not
    mistaken for a dead worker; it stops beating an attempt that is no longer ours. One
    thread for the process, started on its first job, rather than one per attempt:
    starting and joining a thread was a tenth of a no-op job's CPU, and a job shorter
    than a quarter lease makes no beat at all.
    """

    def __init__(self) -> None:
        self._forget()
        # A forked worker inherits neither the thread nor its attempts: it starts afresh.
        os.register_at_fork(after_in_child=self._forget)

    def _forget(self) -> None:
        self._lock = threading.Lock()
        self._due: dict[tuple[uuid.UUID, int], tuple[float, float]] = {}  # -> (at, every)
        self._wake = threading.Event()
        self._sleeps_until = math.inf  # the thread's next wake-up
        self._started = False

    @contextlib.contextmanager
    def beating(self, job_id: uuid.UUID, attempt: int):
        interval = settings.JOB_LEASE_SECONDS / 4
        with self._lock:
            if not self._started:
                self._started = True
                threading.Thread(target=self._run, daemon=True, name="job-heartbeat").start()
            at = time.monotonic() + interval
            self._due[job_id, attempt] = (at, interval)
            if at < self._sleeps_until:  # rare: the thread sleeps until the earliest beat
                self._wake.set()
        try:
            yield
        finally:
            with self._lock:
                self._due.pop((job_id, attempt), None)

    def _run(self) -> None:
        while True:
            with self._lock:
                self._sleeps_until = min((at for at, _ in self._due.values()), default=math.inf)
                self._wake.clear()
            timeout = self._sleeps_until - time.monotonic()
            self._wake.wait(None if timeout == math.inf else max(0.0, timeout))
            now = time.monotonic()
            with self._lock:
                due = [(key, every) for key, (at, every) in self._due.items() if at <= now]
            for key, every in due:
                self._beat(key, every)
            if due:
                _close_connection()  # reopened at the next beat: none held between jobs

    def _beat(self, key: tuple[uuid.UUID, int], every: float) -> None:
        try:
            ours = lifecycle.heartbeat(*key)
        except db.Error:
            # A dropped connection, a database restart or failover, SQLite's "database
            # is locked": drop the broken connection (the next beat opens a new one) and
            # keep beating, or recovery would take back a job that is still running and
            # a second worker would run it too.
            logger.warning("Heartbeat for job %s failed", key[0], exc_info=True)
            _close_connection()
            ours = True
        except Exception:  # a bug: the thread must live on for the other attempts
            logger.exception("Heartbeat for job %s crashed", key[0])
            ours = True
        with self._lock:
            if key in self._due:
                if ours:
                    self._due[key] = (time.monotonic() + every, every)
                else:
                    del self._due[key]


_heartbeats = _Heartbeats()


def _progress_reporter(job: AsyncJob):
    def progress(stage: str, percent: int) -> None:
        if not lifecycle.report_progress(job.id, job.attempts, stage, percent):
            raise JobInterrupted(f"job {job.id} was canceled or taken over")

    return progress


def _retry_delay(attempt: int) -> float:
    backoff = settings.JOB_RETRY_BACKOFF_SECONDS
    return float(backoff[min(attempt, len(backoff)) - 1]) if backoff else 0.0


def _fail(job: AsyncJob, *, code: str, message: str) -> None:
    if lifecycle.fail(job.id, job.attempts, code=code, message=message):
        notify_failed(job.id)


def _handle_transient(job: AsyncJob, exc: BaseException) -> None:
    message = f"{type(exc).__name__}: {exc}"
    if job.attempts >= job.max_attempts:
        _fail(
            job,
            code="retries_exhausted",
            message=f"Gave up after {job.attempts} attempts. Last error: {message}",
        )
        return
    delay = _retry_delay(job.attempts)
    if lifecycle.schedule_retry(job.id, job.attempts, message=message, delay_seconds=delay):
        broker.enqueue_job_later(job.id, delay)


def _claim(job_id: uuid.UUID | str, task_id: str) -> AsyncJob | None:
    """The claim, which is also the health check of the connection kept from the last job.

    django-q2 calls ``close_old_connections`` before each task, so with health checks on
    (``CONN_HEALTH_CHECKS``) a worker would open every job with a ``SELECT 1`` round trip.
    The claim is the job's first statement and safe to repeat (a conditional UPDATE), so
    it stands in for that check: if the claim fails and the connection turns out dead (a
    database restart), it is closed and the claim runs once more on a fresh one; the
    check's ``SELECT 1`` is paid only then. Any other failure (SQLite's "database is
    locked") goes to the caller as before. Other connections (the web tier's,
    django-q2's own) keep their health checks.
    """
    db.connection.health_check_done = True  # the claim below checks the connection
    try:
        return lifecycle.claim(job_id, worker=worker_name(), task_id=task_id)
    except (db.OperationalError, db.InterfaceError):
        # Inside a caller's transaction (tests) the connection is not ours to replace.
        if db.connection.in_atomic_block or db.connection.is_usable():
            raise
        _close_connection()
        return lifecycle.claim(job_id, worker=worker_name(), task_id=task_id)


def run_job(job_id: uuid.UUID | str, task_id: str = "") -> None:
    """Run the job if it is queued and due; a duplicate or stale delivery does nothing.
    ``task_id``: the django-q2 task delivering it (recorded with the claim)."""
    try:
        job = _claim(job_id, task_id)
    except db.Error:
        # The database is unreachable (restarting?): the job is still queued, so ask for
        # it again after the first backoff instead of waiting for the recovery sweep.
        logger.warning("Could not claim job %s; delivering it again later", job_id)
        broker.enqueue_job_later(job_id, _retry_delay(1))
        return
    if job is None:
        # Normal, not a fault: e.g. `make run` starts on the sample's jobs, already run
        # in-process, and any broker may deliver twice.
        logger.info("Job %s already ran or is running (or is not due yet): nothing to do", job_id)
        return
    registration = registration_for(job.job_type)
    transient = ALWAYS_TRANSIENT + (registration.transient_errors if registration else ())
    try:
        if registration is None:
            raise PermanentJobError(f"No handler is registered for job type {job.job_type!r}.")
        with _heartbeats.beating(job.id, job.attempts):
            commit = registration.handler(job, _progress_reporter(job))
            # The results and the end of the attempt commit together or not at all; with
            # nothing to save, the succeed statement alone is atomic (no BEGIN, COMMIT).
            saves = commit is not None
            with transaction.atomic() if saves else contextlib.nullcontext():
                if not children.succeed_or_wait(job, commit() if saves else ""):
                    raise JobInterrupted(f"job {job.id} was canceled or taken over")
    except JobInterrupted:
        logger.info("Job %s attempt %s stopped: no longer owned", job.id, job.attempts)
        # The handler may have written domain state after the cancel hook ran (between
        # the claim and its first checkpoint): run the hook again now that it has stopped.
        notify_canceled(job.id)
    except PermanentJobError as exc:
        _fail(job, code=exc.code, message=str(exc))
    except transient as exc:
        logger.warning("Job %s attempt %s hit a transient error", job.id, job.attempts)
        _handle_transient(job, exc)
    except Exception as exc:
        # A bug, not bad input: retrying would fail the same way, so fail now and loudly.
        logger.exception("Job %s crashed", job.id)
        _fail(job, code="internal_error", message=f"Internal error: {exc!r}")
    if job.parent_id is not None:
        children.settle(job.parent_id)
