"""Entry points that django-q2 calls by dotted path. They only carry ids."""

from jobs.recovery import recover_jobs
from jobs.runner import run_job


def execute_job(job_id: str) -> None:
    run_job(job_id)


def recover() -> str:
    report = recover_jobs()
    return (
        f"requeued {len(report.requeued_lost)} lost, failed {len(report.failed_lost)}, "
        f"re-enqueued {len(report.reenqueued)} stranded"
    )
