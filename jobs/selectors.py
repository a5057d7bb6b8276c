"""Read-only questions about the job table and the cluster (health, dashboard)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min
from django.utils import timezone
from django_q.status import Stat

from jobs.broker import enqueue_broker
from jobs.models import AsyncJob, JobStatus


@dataclass(frozen=True)
class QueueOverview:
    queued: int
    running: int
    oldest_queued_at: datetime | None

    @property
    def oldest_queued_age_seconds(self) -> float | None:
        if self.oldest_queued_at is None:
            return None
        return max(0.0, (timezone.now() - self.oldest_queued_at).total_seconds())


def queue_overview() -> QueueOverview:
    """Counts and the age of the oldest job waiting to run (one query).

    The age is what shows a wedged cluster: its processes look alive, but nothing
    queued ever starts, so the oldest queued job keeps getting older.
    """
    rows = (
        AsyncJob.objects.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
        .values("status")
        .annotate(n=Count("id"), oldest=Min("next_attempt_at"))
    )
    by_status = {row["status"]: row for row in rows}
    queued = by_status.get(JobStatus.QUEUED, {})
    return QueueOverview(
        queued=queued.get("n", 0),
        running=by_status.get(JobStatus.RUNNING, {}).get("n", 0),
        oldest_queued_at=queued.get("oldest"),
    )


def cluster_stats() -> list[Stat]:
    """The django-q2 clusters that reported in recently (raises if the broker is down)."""
    return Stat.get_all(broker=enqueue_broker())
