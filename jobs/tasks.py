"""Entry points that django-q2 calls by dotted path. They only carry ids."""

from jobs.runner import run_job

# The django-q2 task a worker process is executing (it runs one at a time), so the claim
# can record it without a write of its own at enqueue time.
_delivery = {"task_id": ""}


def remember_task(sender, task: dict, **_kwargs) -> None:
    """django-q2 ``pre_execute`` receiver (connected in ``JobsConfig.ready``)."""
    _delivery["task_id"] = task.get("id", "")


def execute_job(job_id: str) -> None:
    run_job(job_id, task_id=_delivery["task_id"])
