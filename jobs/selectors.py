"""Read-only questions about the job table and the cluster (health, dashboard)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

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


@dataclass(frozen=True)
class QueueVerdict:
    """Is queued work moving? ``verdict`` is one of:

    ``idle`` nothing queued; ``flowing`` the oldest queued job is younger than the limit;
    ``backlog`` it is older but jobs finished within the limit (more work than workers:
    restarting anything would only lose running jobs); ``busy`` nothing finished but
    running jobs keep beating (long jobs hold every worker); ``wedged`` old work waits,
    nothing finished and nothing runs: the cluster takes no work.
    """

    verdict: str
    overview: QueueOverview
    finished_recently: int  # jobs that ended within the limit
    beating: int  # running jobs with a heartbeat within the limit

    @property
    def wedged(self) -> bool:
        return self.verdict == "wedged"


def queue_verdict(max_wait_seconds: float) -> QueueVerdict:
    """The queue's state as a verdict a platform's probe can act on (two queries)."""
    overview = queue_overview()
    since = timezone.now() - timedelta(seconds=max_wait_seconds)
    finished, beating = (
        Q(finished_at__gte=since),
        Q(status=JobStatus.RUNNING, heartbeat_at__gte=since),
    )
    progress = AsyncJob.objects.filter(finished | beating).aggregate(
        finished_recently=Count("id", filter=finished), beating=Count("id", filter=beating)
    )
    age = overview.oldest_queued_age_seconds
    if age is None:
        verdict = "idle"
    elif age <= max_wait_seconds:
        verdict = "flowing"
    elif progress["finished_recently"]:
        verdict = "backlog"
    elif progress["beating"]:
        verdict = "busy"
    else:
        verdict = "wedged"
    return QueueVerdict(verdict=verdict, overview=overview, **progress)


def cluster_stats() -> list[Stat]:
    """The django-q2 clusters that reported in recently (raises if the broker is down)."""
    return Stat.get_all(broker=enqueue_broker())
