"""Finds jobs that no broker will deliver any more and puts them back in line.

No broker promises delivery here: Redis acknowledges a task when a worker pops it
(a killed worker loses it), and any enqueue can fail while the broker is down. So
the job table is the source of truth and this sweep, run on a django-q2 schedule,
repairs the two ways a job can be stranded.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Q

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


def _lost_running_jobs():
    rows = AsyncJob.objects.filter(
        status=JobStatus.RUNNING,
        heartbeat_at__lt=lifecycle.lease_expired(),
        awaits_children=False,  # a parent waiting for its children has no worker to lose
    )
    return rows.values_list("id", "attempts")[:BATCH_SIZE]


def _broker_queue_is_empty() -> bool:
    try:
        return broker.enqueue_broker().queue_size() == 0
    except Exception:  # broker unreachable: nothing can be re-enqueued now anyway
        return False


def _stranded_queued_jobs():
    """Queued and due for a while, but its last enqueue is missing, older than its due
    time (a lost retry timer), or evidently dropped by the broker: the broker's queue is
    empty although the job was enqueued a grace period ago (a Redis task popped by a
    worker that died, a Redis restart), or simply very old (the last-resort bound)."""
    grace = settings.JOB_ENQUEUE_GRACE_SECONDS
    dropped_after = grace if _broker_queue_is_empty() else settings.JOB_REDELIVER_AFTER_SECONDS
    return AsyncJob.objects.filter(
        Q(enqueued_at__isnull=True)
        | Q(enqueued_at__lt=F("next_attempt_at"))
        | Q(enqueued_at__lt=lifecycle.db_now_plus(-dropped_after)),
        status=JobStatus.QUEUED,
        next_attempt_at__lt=lifecycle.db_now_plus(-grace),
    ).values_list("id", flat=True)[:BATCH_SIZE]


def recover_jobs() -> RecoveryReport:
    """One sweep; safe to run in several processes at once (every step is conditional).
    Ages are judged by the database's clock, so machines with skewed clocks agree."""
    report = RecoveryReport()
    for job_id, attempt in list(_lost_running_jobs()):
        new_status = lifecycle.take_back_lost(job_id, attempt)
        if new_status == JobStatus.QUEUED:
            report.requeued_lost.append(str(job_id))
            broker.enqueue_job(job_id)
        elif new_status == JobStatus.FAILED:
            report.failed_lost.append(str(job_id))
            notify_failed(job_id)
    for job_id in list(_stranded_queued_jobs()):
        if broker.enqueue_job(job_id):
            report.reenqueued.append(str(job_id))
    children.settle_waiting_parents()  # a child's end may have gone unannounced
    if report.requeued_lost or report.failed_lost or report.reenqueued:
        logger.warning("Job recovery: %s", report)
    return report
