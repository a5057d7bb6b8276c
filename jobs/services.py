"""What the rest of the project calls to start, cancel and retry jobs."""

from django.db import transaction

from jobs import broker, children, lifecycle
from jobs.models import AsyncJob
from jobs.registry import notify_canceled


def _enqueue_on_commit(enqueue, job: AsyncJob) -> None:
    # robust: whatever goes wrong after COMMIT is logged, never raised into the caller,
    # which would otherwise answer an error for (or even undo) work already saved. The
    # job is queued either way, and recovery enqueues what was never enqueued.
    transaction.on_commit(lambda: enqueue(job.id), robust=True)


def job_create(
    *,
    job_type: str,
    owner,
    payload: dict | None = None,
    floorplan=None,
    idempotency_key: str = "",
    parent: AsyncJob | None = None,
) -> AsyncJob:
    """Create a queued job; it is enqueued only once the surrounding transaction commits,
    so a worker can never receive the id of a row it cannot see yet. A ``parent`` waits
    for its children (``jobs.children``)."""
    job = AsyncJob.objects.create(
        job_type=job_type,
        owner=owner,
        payload=payload or {},
        floorplan=floorplan,
        idempotency_key=idempotency_key,
        parent=parent,
    )
    _enqueue_on_commit(broker.enqueue_new_job, job)
    return job


def job_cancel(job: AsyncJob) -> bool:
    """Cancel a queued or running job, let its job type update the domain object and, for
    a parent, cancel its children still to finish."""
    if not lifecycle.cancel(job.id):
        return False
    notify_canceled(job.id)
    children.cancel_children(job)
    if job.parent_id is not None:
        children.settle(job.parent_id)
    return True


def job_retry(job: AsyncJob) -> bool:
    """Run a failed or canceled job again, with a fresh set of attempts. A parent
    retries its failed children only: its own work (creating them) is done."""
    if job.children.exists():
        return children.retry_failed_children(job) > 0
    if not lifecycle.requeue_finished(job.id):
        return False
    _enqueue_on_commit(broker.enqueue_job, job)
    if job.parent_id is not None:
        children.reopen(job.parent_id)
    return True


def job_create_per_floorplan(*, job_type: str, floorplans) -> int:
    """One new job of ``job_type`` for each floor plan, owned by the plan's owner; all are
    enqueued once every row is committed. Returns how many were created."""
    floorplans = list(floorplans)
    with transaction.atomic():
        for floorplan in floorplans:
            job_create(job_type=job_type, owner=floorplan.owner, floorplan=floorplan)
    return len(floorplans)
