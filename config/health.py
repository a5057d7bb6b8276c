"""Health endpoints for a platform's probes (README "Operations").

- ``GET /health/live/``: the process answers; no I/O. The liveness probe: restart the
  process only when this fails.
- ``GET /health/ready/``: the database and the broker answer, so uploads can be taken.
  The readiness probe: take the web process out of the load balancer while it fails.
- ``GET /health/`` (contract): database, broker and cluster reachability, plus the
  queue's verdict; 503 when one is unreachable or the queue is wedged (old work waits,
  nothing finishes, nothing runs). A backlog whose jobs keep finishing is still 200.

Anyone sees ``ok`` flags and the queue verdict. Staff (session or API token) and callers
sending ``X-Health-Token: $HEALTH_TOKEN`` also see the figures and error messages, which
name hosts and users; those are logged either way.
"""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from rest_framework.exceptions import AuthenticationFailed

from config.logins import ExpiringTokenAuthentication
from jobs.broker import enqueue_broker
from jobs.selectors import cluster_stats, queue_verdict

logger = logging.getLogger(__name__)


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
    limit = settings.HEALTH_MAX_QUEUE_AGE_SECONDS
    state = queue_verdict(limit)
    overview = state.overview
    details = {
        "queued": overview.queued,
        "running": overview.running,
        "oldest_queued_age_s": overview.oldest_queued_age_seconds,
        "finished_within_limit": state.finished_recently,
        "running_with_heartbeat": state.beating,
        "limit_s": limit,
    }
    return {"ok": not state.wedged, "verdict": state.verdict, "details": details}


def _run(name: str, probe) -> dict:
    try:
        result = probe()
    except Exception as exc:  # a health check reports failures, it never raises them
        logger.warning("health check %s failed: %s: %s", name, type(exc).__name__, exc)
        return {"ok": False, "details": {"error": f"{type(exc).__name__}: {exc}"}}
    return result if "ok" in result else {"ok": True, "details": result}


def _trusted(request: HttpRequest) -> bool:
    expected = settings.HEALTH_TOKEN
    if expected and hmac.compare_digest(
        request.headers.get("X-Health-Token", "").encode(), expected.encode()
    ):
        return True
    user = request.user
    if not user.is_authenticated:
        try:
            found = ExpiringTokenAuthentication().authenticate(request)
        except AuthenticationFailed:
            return False
        user = found[0] if found else user
    return bool(user.is_authenticated and user.is_staff)


def _report(request: HttpRequest, probes: dict) -> JsonResponse:
    checks = {name: _run(name, probe) for name, probe in probes.items()}
    healthy = all(check["ok"] for check in checks.values())
    if not _trusted(request):
        for check in checks.values():
            del check["details"]
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


@never_cache
@require_GET
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    return _report(request, {"database": _database, "broker": _broker})


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    return _report(
        request, {"database": _database, "broker": _broker, "cluster": _cluster, "queue": _queue}
    )
