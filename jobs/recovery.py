"""Finds jobs that no broker will deliver any more and puts them back in line.

No broker promises delivery here: Redis acknowledges a task when a worker pops it
(a killed worker loses it), and any enqueue can fail while the broker is down. So
the job table is the source of truth and this sweep, run on a django-q2 schedule,
repairs the two ways a job can be stranded.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from jobs import broker, children, lifecycle
from jobs.models import AsyncJob, JobStatus
from jobs.registry import notify_failed

logger = logging.getLogger(__name__)
BATCH_SIZE = 500


@dataclass
class RecoveryReport:
    requeued_lost: list[str] = field(default_factory=list)
    failed_lost: list[str] = field(default_factory=list)
    reenqueued: list[str] = field(default_factory=list)


def _lost_running_jobs(now: datetime):
    stale_before = now - timedelta(seconds=settings.JOB_LEASE_SECONDS)
    rows = AsyncJob.objects.filter(
        status=JobStatus.RUNNING, heartbeat_at__lt=stale_before, awaits_children=False
    )
    return rows.values_list("id", "attempts")[:BATCH_SIZE], stale_before


def _broker_queue_is_empty() -> bool:
    try:
        return broker.enqueue_broker().queue_size() == 0
    except Exception:  # broker unreachable: nothing can be re-enqueued now anyway
        return False


def _stranded_queued_jobs(now: datetime):
    """Queued and due for a while, but its last enqueue is missing, older than its due
    time (a lost retry timer), or evidently dropped by the broker: the broker's queue is
    empty although the job was enqueued a grace period ago (a Redis task popped by a
    worker that died, a Redis restart), or simply very old (the last-resort bound)."""
    grace = timedelta(seconds=settings.JOB_ENQUEUE_GRACE_SECONDS)
    dropped_before = now - timedelta(seconds=settings.JOB_REDELIVER_AFTER_SECONDS)
    if _broker_queue_is_empty():
        dropped_before = now - grace
    return AsyncJob.objects.filter(
        Q(enqueued_at__isnull=True)
        | Q(enqueued_at__lt=F("next_attempt_at"))
        | Q(enqueued_at__lt=dropped_before),
        status=JobStatus.QUEUED,
        next_attempt_at__lt=now - grace,
    ).values_list("id", flat=True)[:BATCH_SIZE]


def recover_jobs(now: datetime | None = None) -> RecoveryReport:
    now = now or timezone.now()
    report = RecoveryReport()
    lost, stale_before = _lost_running_jobs(now)
    for job_id, attempt in list(lost):
        new_status = lifecycle.take_back_lost(job_id, attempt, stale_before=stale_before)
        if new_status == JobStatus.QUEUED:
            report.requeued_lost.append(str(job_id))
            broker.enqueue_job(job_id)
        elif new_status == JobStatus.FAILED:
            report.failed_lost.append(str(job_id))
            notify_failed(job_id)
    for job_id in list(_stranded_queued_jobs(now)):
        if broker.enqueue_job(job_id):
            report.reenqueued.append(str(job_id))
    children.settle_waiting_parents()  # a child's end may have gone unannounced
    if report.requeued_lost or report.failed_lost or report.reenqueued:
        logger.warning("Job recovery: %s", report)
    return report
