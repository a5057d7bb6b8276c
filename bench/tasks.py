"""The tasks the bench enqueues by name, which the clusters' workers import."""

from __future__ import annotations

import time


def noop(*_args) -> float:
    """The bare django-q2 no-op (``bench.tasks.noop``). Returns the time it ran, which
    django-q2 saves with the task anyway, so the baseline's queue wait costs nothing."""
    return time.time()


def floor_task(job_id: str) -> None:
    """The bench's floor task (``bench/bench_jobs.py`` ``run_floor``): the job layer's two
    worker statements on the job row for a job with nothing to save, claim and succeed,
    each in autocommit, with nothing else. Like the claim (``jobs.runner._claim``), the
    first statement stands in for the per-task health check."""
    from django.db import connection
    from django.db.models.functions import Now

    from jobs.models import AsyncJob, JobStatus

    connection.health_check_done = True
    row = AsyncJob.objects.filter(id=job_id)
    row.filter(status=JobStatus.QUEUED).update(status=JobStatus.RUNNING, started_at=Now())
    row.filter(status=JobStatus.RUNNING).update(status=JobStatus.SUCCEEDED, finished_at=Now())
