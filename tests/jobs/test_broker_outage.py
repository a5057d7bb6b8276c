"""A dead or hung broker never blocks the caller, and loses no job."""

import time

import pytest
from django.db import transaction

from harness.processes import free_port, wait_for
from jobs.broker import reset_enqueue_broker
from jobs.models import JobStatus, JobType
from jobs.recovery import recover_jobs
from jobs.services import job_create
from tests.cluster import Cluster

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def create_job_timed(user):
    started = time.monotonic()
    with transaction.atomic():
        job = job_create(job_type=JobType.PROBE, owner=user)
    return job, time.monotonic() - started  # includes the on-commit enqueue


def assert_recovered_by_cluster(job, redis_url, settings):
    """Broker back: recovery enqueues the stranded job and a cluster runs it."""
    settings.REDIS_URL = redis_url
    settings.JOB_ENQUEUE_GRACE_SECONDS = 0
    reset_enqueue_broker()
    cluster = Cluster(REDIS_URL=redis_url).start()
    try:
        assert str(job.id) in recover_jobs().reenqueued
        wait_for(lambda: job.refresh_from_db() or job.status == JobStatus.SUCCEEDED, 30,
                 "the recovered job to succeed")  # fmt: skip
    finally:
        cluster.kill()
    assert job.attempts == 1


def test_enqueue_to_a_closed_port_returns_fast_and_recovery_runs_the_job(
    user, settings, redis_server
):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    job, elapsed = create_job_timed(user)
    assert elapsed < 2
    job.refresh_from_db()
    assert (job.status, job.enqueued_at) == (JobStatus.QUEUED, None)
    assert_recovered_by_cluster(job, redis_server.url, settings)


def test_enqueue_to_a_frozen_redis_returns_fast_and_recovery_runs_the_job(
    user, settings, redis_server
):
    settings.REDIS_URL = redis_server.url
    redis_server.freeze()  # accepts connections, answers nothing
    try:
        job, elapsed = create_job_timed(user)
    finally:
        redis_server.thaw()
    assert elapsed < 2
    job.refresh_from_db()
    assert (job.status, job.enqueued_at) == (JobStatus.QUEUED, None)
    assert_recovered_by_cluster(job, redis_server.url, settings)
