"""GET /health/: is the database, the broker and a task cluster reachable?

Answers 503 when any of them is not, or when the oldest queued job has waited longer
than HEALTH_MAX_QUEUE_AGE_SECONDS (a cluster that looks alive but runs nothing).
"""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from jobs.broker import enqueue_broker
from jobs.selectors import cluster_stats, queue_overview


def _check(probe) -> dict:
    try:
        return {"ok": True, **(probe() or {})}
    except Exception as exc:  # a health check reports failures, it never raises them
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"vendor": connection.vendor}


def _broker() -> dict:
    broker = enqueue_broker()
    if not broker.ping():
        raise ConnectionError("broker did not answer ping")
    return {"info": broker.info()}


def _cluster() -> dict:
    stats = cluster_stats()
    if not stats:
        raise RuntimeError("no task cluster has reported in; is `manage.py qcluster` running?")
    return {
        "clusters": len(stats),
        "workers": sum(len(stat.workers) for stat in stats),
        "states": sorted({stat.status for stat in stats}),
    }


def _queue() -> dict:
    overview = queue_overview()
    age = overview.oldest_queued_age_seconds
    limit = settings.HEALTH_MAX_QUEUE_AGE_SECONDS
    result = {"queued": overview.queued, "running": overview.running, "oldest_queued_age_s": age}
    if age is not None and age > limit:
        raise RuntimeError(f"oldest queued job has waited {age:.0f} s (limit {limit:.0f} s)")
    return result


@require_GET
def health(request):
    checks = {
        "database": _check(_database),
        "broker": _check(_broker),
        "cluster": _check(_cluster),
        "queue": _check(_queue),
    }
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
