"""Jobs with children: a parent job fans out into child jobs and ends when they all have.

The parent's handler creates its children (``job_create(parent=...)``) in its commit
step. Instead of succeeding, the parent then *waits*: it stays ``running`` with
``awaits_children`` set, its attempt closed, out of reach of the lost-worker sweep (it
has no worker to lose). Its progress is its children's. When the last child ends, the
parent ends: ``succeeded`` if any child succeeded (the failed ones named, with why, in
its ``error_message``), ``failed`` if none did, and the job type's ``on_children_done``
hook lets the domain record the outcome, or create more children (in that hook) for the
parent to wait for in turn.

Children are ordinary jobs (claimed, retried, recovered after a killed worker like any
other), so every guarantee of the job layer holds for them. Settling is idempotent and
runs from three places: after each child's attempt, after a cancel, and on every
recovery sweep (the net under a worker killed between a child's end and its parent's
update). A conditional UPDATE decides which caller settles.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from jobs import broker, lifecycle
from jobs.models import FINISHED_STATUSES, AsyncJob, AttemptOutcome, JobAttempt, JobStatus
from jobs.registry import registration_for

logger = logging.getLogger(__name__)
MAX_NAMED_FAILURES = 20  # the parent's message names this many failed children, then counts


def succeed_or_wait(job: AsyncJob, result_ref: str = "") -> bool:
    """The end of a job's own work, inside the transaction that saved its results (if it
    had any): ``succeeded``, or waiting if that work created children. False: no longer
    ours."""
    if lifecycle.succeed(job.id, job.attempts, result_ref):
        return True  # no children: done, in one statement
    # Rare: the job and its attempt row change together, in the caller's transaction or,
    # for a job with nothing to save, in one of their own.
    with transaction.atomic(savepoint=False):
        return _wait_for_children(job, result_ref)


def _wait_for_children(job: AsyncJob, result_ref: str) -> bool:
    if not AsyncJob.objects.filter(parent_id=job.id).exists():
        return False
    now = timezone.now()
    waiting = (
        AsyncJob.objects.filter(id=job.id, status=JobStatus.RUNNING, attempts=job.attempts).update(
            awaits_children=True,
            result_ref=result_ref,
            heartbeat_at=None,
            progress_stage="waiting for children",
            updated_at=now,
        )
        == 1
    )
    if waiting:
        JobAttempt.objects.filter(job_id=job.id, finished_at__isnull=True).update(
            finished_at=now, outcome=AttemptOutcome.SUCCEEDED
        )
    return waiting


def _children_counts(parent_id) -> dict:
    finished = Q(status__in=FINISHED_STATUSES)
    return AsyncJob.objects.filter(parent_id=parent_id).aggregate(
        total=Count("id"),
        finished=Count("id", filter=finished),
        succeeded=Count("id", filter=Q(status=JobStatus.SUCCEEDED)),
        running_percent=Sum("progress_percent", filter=~finished, default=0),
    )


def _failure_summary(parent_id, counts: dict) -> str:
    failed = AsyncJob.objects.filter(parent_id=parent_id).exclude(status=JobStatus.SUCCEEDED)
    lines = [
        f"{child.payload.get('label') or child.id}: {child.status}"
        + (f" ({child.error_message})" if child.error_message else "")
        for child in failed.order_by("created_at")[:MAX_NAMED_FAILURES]
    ]
    unsucceeded = counts["total"] - counts["succeeded"]
    more = unsucceeded - len(lines)
    return (
        f"{unsucceeded} of {counts['total']} failed: "
        + "; ".join(lines)
        + (f"; and {more} more" if more > 0 else "")
    )


def settle(parent_id) -> bool:
    """Bring a waiting parent's progress up to date; end it once every child has ended.
    True if this call ended it."""
    counts = _children_counts(parent_id)
    total = counts["total"]
    if total == 0:
        return False
    percent = (100 * counts["finished"] + counts["running_percent"]) // total
    waiting = AsyncJob.objects.filter(id=parent_id, status=JobStatus.RUNNING, awaits_children=True)
    if counts["finished"] < total:
        waiting.update(
            progress_percent=percent,
            progress_stage=f"{counts['finished']} of {total} done",
            updated_at=timezone.now(),
        )
        return False
    changes = {"progress_percent": 100, "finished_at": timezone.now(), "updated_at": timezone.now()}
    if counts["succeeded"] == total:
        changes |= {"status": JobStatus.SUCCEEDED, "progress_stage": "done"}
    else:
        summary = _failure_summary(parent_id, counts)
        succeeded = counts["succeeded"] > 0
        changes |= {
            "status": JobStatus.SUCCEEDED if succeeded else JobStatus.FAILED,
            "progress_stage": "done" if succeeded else "failed",
            "error_code": "children_failed" if succeeded else "all_children_failed",
            "error_message": summary,
        }
    with transaction.atomic():
        if waiting.update(awaits_children=False, **changes) != 1:
            return False  # another caller settled it, or it was canceled
        parent = AsyncJob.objects.get(id=parent_id)
        registration = registration_for(parent.job_type)
        if registration and registration.on_children_done:
            registration.on_children_done(parent)
        if _has_open_children(parent_id):
            reopen(parent_id)  # the hook fanned out again: the parent waits for those too
            return False
    return True


def _has_open_children(parent_id) -> bool:
    children = AsyncJob.objects.filter(parent_id=parent_id)
    return children.exclude(status__in=FINISHED_STATUSES).exists()


def after_attempt(job_id) -> None:
    """Called once a job's attempt is over: if it is a child, its parent may move on."""
    parent_id = AsyncJob.objects.filter(id=job_id).values_list("parent_id", flat=True).first()
    if parent_id is not None:
        settle(parent_id)


def settle_waiting_parents(limit: int = 500) -> int:
    """The recovery sweep's part: settle every waiting parent (some child's end may have
    been missed). Returns how many ended."""
    waiting = AsyncJob.objects.filter(status=JobStatus.RUNNING, awaits_children=True)
    return sum(settle(pid) for pid in list(waiting.values_list("id", flat=True)[:limit]))


def cancel_children(parent: AsyncJob) -> int:
    """Cancel the children still queued or running (the parent was canceled)."""
    open_children = AsyncJob.objects.filter(
        parent_id=parent.id, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)
    ).values_list("id", flat=True)
    return sum(lifecycle.cancel(child_id) for child_id in list(open_children))


def retry_failed_children(parent: AsyncJob) -> int:
    """Run the parent's failed and canceled children again and make it wait for them."""
    retried = 0
    failed = AsyncJob.objects.filter(
        parent_id=parent.id, status__in=(JobStatus.FAILED, JobStatus.CANCELED)
    ).values_list("id", flat=True)
    for child_id in list(failed):
        if lifecycle.requeue_finished(child_id):
            retried += 1
            transaction.on_commit(lambda child_id=child_id: broker.enqueue_job(child_id))
    if retried:
        reopen(parent.id)
    return retried


def reopen(parent_id) -> bool:
    """A finished parent waits again (one of its children is running again)."""
    return (
        AsyncJob.objects.filter(id=parent_id, status__in=FINISHED_STATUSES).update(
            status=JobStatus.RUNNING,
            awaits_children=True,
            error_code="",
            error_message="",
            finished_at=None,
            heartbeat_at=None,
            progress_stage="waiting for children",
            updated_at=timezone.now(),
        )
        == 1
    )
