"""Entry points that django-q2 calls by dotted path. They only carry ids."""

from jobs.runner import run_job


def execute_job(job_id: str) -> None:
    run_job(job_id)
