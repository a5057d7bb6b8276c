"""Cancel and retry a job, refused in the domain's terms (``jobs`` stays free of them)."""

from __future__ import annotations

from django.db import transaction

from floorplans.errors import Conflict
from jobs.models import AsyncJob
from jobs.services import job_cancel, job_retry


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
