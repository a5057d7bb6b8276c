"""The figures the admin index shows (rendered by templates/admin/index.html)."""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest

from jobs.admin_display import can_view, format_duration, job_changelist_url, status_badge
from jobs.dashboard import cluster_health, job_dashboard
from jobs.models import AsyncJob, JobStatus


def dashboard_context(request: HttpRequest) -> dict[str, Any]:
    """The index page's figures; empty for users who may not view jobs."""
    if not can_view(request, AsyncJob):
        return {}
    d = job_dashboard()
    busiest = max((b.finished for b in d.finished_per_minute), default=0) or 1
    return {
        "job_dashboard": {
            "now": d.now,
            "statuses": [
                {
                    "status": status,
                    "badge": status_badge(status),
                    "hour": d.per_status_hour[status],
                    "hour_url": job_changelist_url(
                        status__exact=status, created_at__gte=d.hour_ago
                    ),
                    "day": d.per_status_day[status],
                    "day_url": job_changelist_url(status__exact=status, created_at__gte=d.day_ago),
                }
                for status in JobStatus.values
            ],
            "total_hour": sum(d.per_status_hour.values()),
            "total_day": sum(d.per_status_day.values()),
            "hour_url": job_changelist_url(created_at__gte=d.hour_ago),
            "day_url": job_changelist_url(created_at__gte=d.day_ago),
            "minutes": [
                {
                    "start": b.start,
                    "count": b.finished,
                    "height": round(100 * b.finished / busiest),
                    "url": job_changelist_url(
                        finished_at__gte=b.start, finished_at__lt=b.start + timedelta(minutes=1)
                    ),
                }
                for b in d.finished_per_minute
            ],
            "finished_last_hour": d.finished_last_hour,
            "finished_url": job_changelist_url(finished_at__gte=d.finished_per_minute[0].start),
            "durations_url": job_changelist_url(
                finished_at__gte=d.day_ago, started_at__isnull="false"
            ),
            "percentile_count": d.queue_wait.count,
            "wait_median": format_duration(d.queue_wait.median),
            "wait_p95": format_duration(d.queue_wait.p95),
            "run_median": format_duration(d.run_time.median),
            "run_p95": format_duration(d.run_time.p95),
            "queued_now": d.queued_now,
            "queued_url": job_changelist_url(status__exact=JobStatus.QUEUED),
            "running_now": d.running_now,
            "running_url": job_changelist_url(status__exact=JobStatus.RUNNING),
            "retrying_now": d.retrying_now,
            "retrying_url": job_changelist_url(status__exact=JobStatus.QUEUED, attempts__gt=0),
            "oldest_queued_age": format_duration(d.oldest_queued_age)
            if d.oldest_queued_at
            else None,
            "failures": [
                {
                    "message": f.message or "(no message)",
                    "count": f.count,
                    "url": job_changelist_url(
                        status__exact=JobStatus.FAILED,
                        finished_at__gte=d.day_ago,
                        error_message=f.message,
                    ),
                }
                for f in d.top_failures
            ],
            "failed_url": job_changelist_url(
                status__exact=JobStatus.FAILED, finished_at__gte=d.day_ago
            ),
            "cluster": cluster_health(),
        }
    }
