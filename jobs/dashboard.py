"""Figures for the admin dashboard, aggregated in the database.

Every figure is a fixed number of queries whatever the size of the job table (about ten
in all), each filtered on an indexed column (`status`/`created_at`, `finished_at`), so
the page stays fast with hundreds of thousands of jobs. Percentiles use the nearest-rank
method: count the rows, then keep the rows whose ROW_NUMBER() ordered by the duration is
the wanted rank; window functions work on both SQLite and PostgreSQL, whereas
PERCENTILE_CONT is PostgreSQL-only.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, FloatField, Func, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncMinute
from django.utils import timezone

from jobs.broker import enqueue_broker
from jobs.models import AsyncJob, JobStatus
from jobs.selectors import cluster_stats, queue_overview

TOP_FAILURES = 5
MINUTES = 60


@dataclass(frozen=True)
class Percentiles:
    count: int
    median: timedelta | None
    p95: timedelta | None


@dataclass(frozen=True)
class MinuteBucket:
    start: datetime
    finished: int


@dataclass(frozen=True)
class FailureCount:
    message: str
    count: int


@dataclass(frozen=True)
class JobDashboard:
    now: datetime
    hour_ago: datetime
    day_ago: datetime
    per_status_hour: dict[str, int]
    per_status_day: dict[str, int]
    finished_per_minute: list[MinuteBucket]
    queue_wait: Percentiles
    run_time: Percentiles
    queued_now: int
    running_now: int
    retrying_now: int
    oldest_queued_at: datetime | None
    top_failures: list[FailureCount]

    @property
    def oldest_queued_age(self) -> timedelta | None:
        if self.oldest_queued_at is None:
            return None
        return max(timedelta(0), self.now - self.oldest_queued_at)

    @property
    def finished_last_hour(self) -> int:
        return sum(bucket.finished for bucket in self.finished_per_minute)


def job_dashboard(now: datetime | None = None) -> JobDashboard:
    now = now or timezone.now()
    hour_ago, day_ago = now - timedelta(hours=1), now - timedelta(days=1)
    per_hour, per_day = _status_counts(hour_ago, day_ago)
    finished_day = AsyncJob.objects.filter(finished_at__gte=day_ago, started_at__isnull=False)
    queue_wait, run_time = _duration_percentiles(finished_day, finished_day.count())
    live = queue_overview()
    return JobDashboard(
        now=now,
        hour_ago=hour_ago,
        day_ago=day_ago,
        per_status_hour=per_hour,
        per_status_day=per_day,
        finished_per_minute=_finished_per_minute(now),
        queue_wait=queue_wait,
        run_time=run_time,
        queued_now=live.queued,
        running_now=live.running,
        retrying_now=live.retrying,
        oldest_queued_at=live.oldest_queued_at,
        top_failures=_top_failures(day_ago),
    )


def _status_counts(hour_ago: datetime, day_ago: datetime) -> tuple[dict, dict]:
    """Jobs created in the last hour and day, per status (one query on status+created_at)."""
    rows = (
        AsyncJob.objects.filter(created_at__gte=day_ago)
        .values("status")
        .annotate(day=Count("id"), hour=Count("id", filter=Q(created_at__gte=hour_ago)))
        .order_by()
    )
    per_hour = dict.fromkeys(JobStatus.values, 0)
    per_day = dict.fromkeys(JobStatus.values, 0)
    for row in rows:
        per_hour[row["status"]] = row["hour"]
        per_day[row["status"]] = row["day"]
    return per_hour, per_day


def minute_window(now: datetime) -> datetime:
    """Start of the oldest of the 60 one-minute buckets; the newest is the current minute."""
    return now.replace(second=0, microsecond=0) - timedelta(minutes=MINUTES - 1)


def _finished_per_minute(now: datetime) -> list[MinuteBucket]:
    start = minute_window(now)
    rows = (
        AsyncJob.objects.filter(finished_at__gte=start, finished_at__lte=now)
        .annotate(minute=TruncMinute("finished_at"))
        .values("minute")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {row["minute"]: row["n"] for row in rows}
    return [
        MinuteBucket(minute, counts.get(minute, 0))
        for minute in (start + timedelta(minutes=i) for i in range(MINUTES))
    ]


def _nearest_rank(p: float, count: int) -> int:
    return max(0, math.ceil(p * count) - 1)


class SecondsBetween(Func):
    """``end - start`` for ordering, computed by the database's own date functions.

    Django's portable datetime subtraction runs a Python function per row on SQLite
    (the dashboard took 6 s over 100,000 jobs); julianday() is native, and exact to the
    millisecond, which is plenty to rank durations. Only used to order rows: the
    durations shown are computed exactly from the picked rows.
    """

    output_field = FloatField()

    def _operands(self, compiler, connection) -> tuple[str, str, list]:
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return end, start, [*end_params, *start_params]

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: an interval, which orders like the seconds and sorts faster than
        # EXTRACT(EPOCH ...) (numeric); the value itself is never read.
        end, start, params = self._operands(compiler, connection)
        return f"({end} - {start})", params

    def as_sqlite(self, compiler, connection, **extra_context):
        end, start, params = self._operands(compiler, connection)
        return f"((julianday({end}) - julianday({start})) * 86400.0)", params


def _duration_percentiles(rows: QuerySet, count: int) -> tuple[Percentiles, Percentiles]:
    """Median and p95 of queue wait and run time in one query: each row's rank by either
    duration (ROW_NUMBER windows), keeping only the rows at the wanted ranks."""
    if count == 0:
        return Percentiles(0, None, None), Percentiles(0, None, None)
    ranks = {p: _nearest_rank(p, count) + 1 for p in (0.5, 0.95)}  # ROW_NUMBER counts from 1
    wait = SecondsBetween("started_at", "created_at")
    run = SecondsBetween("finished_at", "started_at")
    picked = (
        rows.annotate(
            wait_rank=Window(RowNumber(), order_by=wait.asc()),
            run_rank=Window(RowNumber(), order_by=run.asc()),
        )
        .filter(Q(wait_rank__in=ranks.values()) | Q(run_rank__in=ranks.values()))
        .values_list("created_at", "started_at", "finished_at", "wait_rank", "run_rank")
    )
    waits, runs = {}, {}
    for created, started, finished, wait_rank, run_rank in picked:
        waits[wait_rank] = started - created
        runs[run_rank] = finished - started
    return (
        Percentiles(count, waits[ranks[0.5]], waits[ranks[0.95]]),
        Percentiles(count, runs[ranks[0.5]], runs[ranks[0.95]]),
    )


def _top_failures(day_ago: datetime) -> list[FailureCount]:
    rows = (
        AsyncJob.objects.filter(status=JobStatus.FAILED, finished_at__gte=day_ago)
        .values("error_message")
        .annotate(n=Count("id"))
        .order_by("-n", "error_message")[:TOP_FAILURES]
    )
    return [FailureCount(row["error_message"], row["n"]) for row in rows]


@dataclass(frozen=True)
class ClusterInfo:
    cluster_id: str
    host: str
    status: str
    workers: int
    uptime_seconds: float
    task_queue: int


@dataclass(frozen=True)
class ClusterHealth:
    clusters: list[ClusterInfo]
    queue_length: int | None
    error: str = ""

    @property
    def workers(self) -> int:
        return sum(cluster.workers for cluster in self.clusters)


def cluster_health() -> ClusterHealth:
    """django-q2 clusters that reported in, and the broker's queue length.

    Never raises: a dashboard must render while the broker is down, and say so.
    """
    try:
        stats = cluster_stats()
        queue_length = enqueue_broker().queue_size()
    except Exception as exc:  # any broker failure is shown on the page, not raised
        return ClusterHealth([], None, error=f"{type(exc).__name__}: {exc}")
    clusters = [
        ClusterInfo(
            cluster_id=str(stat.cluster_id),
            host=stat.host,
            status=str(stat.status),
            workers=len(stat.workers),
            uptime_seconds=stat.uptime() if stat.tob else 0.0,
            task_queue=stat.task_q_size,
        )
        for stat in stats
    ]
    return ClusterHealth(clusters, queue_length)
