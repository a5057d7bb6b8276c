"""Read-only questions about the job table and the cluster (health, dashboard)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone
from django_q.status import Stat

from jobs.broker import enqueue_broker
from jobs.models import AsyncJob, JobStatus


@dataclass(frozen=True)
class QueueOverview:
    queued: int
    running: int
    retrying: int  # queued again after a failed attempt (attempts > 0)
    oldest_queued_at: datetime | None

    @property
    def oldest_queued_age_seconds(self) -> float | None:
        if self.oldest_queued_at is None:
            return None
        return max(0.0, (timezone.now() - self.oldest_queued_at).total_seconds())


def queue_overview() -> QueueOverview:
    """What is waiting and running right now, and since when (one query).

    The oldest wait is measured from ``next_attempt_at`` (when the job became due), so a
    retry sitting out its backoff does not count as stuck. That age is what shows a
    wedged cluster: its processes look alive, but nothing queued ever starts.
    """
    queued = Q(status=JobStatus.QUEUED)
    counts = AsyncJob.objects.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING)).aggregate(
        queued=Count("id", filter=queued),
        running=Count("id", filter=Q(status=JobStatus.RUNNING)),
        retrying=Count("id", filter=queued & Q(attempts__gt=0)),
        oldest_queued_at=Min("next_attempt_at", filter=queued),
    )
    return QueueOverview(**counts)


def cluster_stats() -> list[Stat]:
    """The django-q2 clusters that reported in recently (raises if the broker is down)."""
    return Stat.get_all(broker=enqueue_broker())
