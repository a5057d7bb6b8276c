"""Health endpoints: cheap liveness, readiness, and /health/ that tells a backlog from a
wedged cluster and shows its details (error texts) only to staff or a health token."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from harness.processes import free_port, wait_for
from jobs.broker import reset_enqueue_broker
from jobs.models import AsyncJob, JobStatus, JobType
from tests.cluster import Cluster

LIMIT = 300


@pytest.fixture
def dead_broker(settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    reset_enqueue_broker()


def job(owner, status, **fields) -> AsyncJob:
    return AsyncJob.objects.create(job_type=JobType.PROBE, owner=owner, status=status, **fields)


def ago(seconds: float):
    return timezone.now() - timedelta(seconds=seconds)


def queue_check(client: Client) -> dict:
    return client.get("/health/").json()["checks"]["queue"]


def test_liveness_answers_without_touching_the_database(client):
    # No django_db mark: any query would raise here.
    response = client.get("/health/live/")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


@pytest.mark.django_db
def test_readiness_fails_on_a_dead_broker_without_telling_the_public_why(client, dead_broker):
    response = client.get("/health/ready/")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": {"ok": True}, "broker": {"ok": False}},
    }


@pytest.mark.django_db
def test_staff_and_the_health_token_see_the_error_text(client, dead_broker, settings):
    settings.HEALTH_TOKEN = "probe-secret"  # noqa: S105 - a test value
    staff = get_user_model().objects.create_user("ops", password="pw-ops-12", is_staff=True)
    token = Token.objects.create(user=staff)
    estimator = Token.objects.create(user=get_user_model().objects.create_user("est"))

    by_token = client.get("/health/ready/", HTTP_X_HEALTH_TOKEN="probe-secret")
    by_api_token = client.get("/health/ready/", HTTP_AUTHORIZATION=f"Token {token.key}")
    wrong_token = client.get("/health/ready/", HTTP_X_HEALTH_TOKEN="guess")
    not_staff = client.get("/health/ready/", HTTP_AUTHORIZATION=f"Token {estimator.key}")

    for trusted in (by_token, by_api_token):
        error = trusted.json()["checks"]["broker"]["details"]["error"]
        assert error.startswith("ConnectionError") and "127.0.0.1" in error
    for public in (wrong_token, not_staff):
        assert public.status_code == 503
        assert public.json()["checks"]["broker"] == {"ok": False}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("finished_ago", "heartbeat_ago", "verdict"),
    [
        (60, None, "backlog"),  # old work waits, but jobs are finishing
        (None, 10, "busy"),  # nothing finished, but a long job keeps beating
        (LIMIT + 60, LIMIT + 60, "wedged"),  # nothing finished, nothing runs
    ],
)
def test_an_old_queue_is_wedged_only_when_nothing_moves(
    client, user, settings, finished_ago, heartbeat_ago, verdict
):
    settings.HEALTH_MAX_QUEUE_AGE_SECONDS = LIMIT
    job(user, JobStatus.QUEUED, next_attempt_at=ago(LIMIT + 30))
    if finished_ago is not None:
        job(user, JobStatus.SUCCEEDED, finished_at=ago(finished_ago))
    if heartbeat_ago is not None:
        job(user, JobStatus.RUNNING, heartbeat_at=ago(heartbeat_ago))

    assert queue_check(client) == {"ok": verdict != "wedged", "verdict": verdict}


@pytest.mark.django_db
def test_a_young_queue_is_flowing_and_an_empty_one_idle(client, user):
    assert queue_check(client)["verdict"] == "idle"
    job(user, JobStatus.QUEUED, next_attempt_at=ago(5))
    assert queue_check(client) == {"ok": True, "verdict": "flowing"}


def keys_calls(redis_url: str) -> int:
    import redis

    stats = redis.Redis.from_url(redis_url).info("commandstats")
    return stats.get("cmdstat_keys", {}).get("calls", 0)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_health_sees_a_running_cluster_on_redis_without_keys(client, settings, redis_server):
    settings.REDIS_URL = redis_server.url
    reset_enqueue_broker()
    cluster = Cluster(REDIS_URL=redis_server.url).start()
    try:
        before = keys_calls(redis_server.url)
        response = wait_for(
            lambda: (r := client.get("/health/")).status_code == 200 and r, 30, "health 200"
        )
        after = keys_calls(redis_server.url)
    finally:
        cluster.kill()

    assert response.json()["checks"]["cluster"] == {"ok": True}
    assert after == before  # django-q2's own listing would have run KEYS every call
    # Stopped: once its stat expires (django-q2 writes it with a 3 s lifetime) it is gone.
    wait_for(lambda: client.get("/health/").status_code == 503, 15, "health 503")
