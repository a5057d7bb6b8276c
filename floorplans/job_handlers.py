"""Registers the floor-plan job handlers with the generic job layer."""

from jobs import registry
from jobs.errors import PermanentJobError
from jobs.models import AsyncJob, JobType


def _not_built_yet(job: AsyncJob, progress: registry.Progress) -> registry.Commit:
    raise PermanentJobError(f"{job.job_type} is not available yet", code="not_implemented")


def register() -> None:
    registry.register(JobType.INGEST, _not_built_yet)
    registry.register(JobType.GENERATE, _not_built_yet)
