"""End to end through a real `manage.py qcluster` on the configured broker."""

import os
import signal

import pytest
from django.db import transaction
from django.urls import reverse

from harness.processes import wait_for
from jobs.models import JobStatus, JobType
from jobs.recovery import recover_jobs
from jobs.services import job_create
from tests.cluster import Cluster

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
LEASE = "1.5"


@pytest.fixture
def cluster():
    running = Cluster(JOB_LEASE_SECONDS=LEASE).start()
    yield running
    running.kill()


def status_of(job) -> str:
    job.refresh_from_db()
    return job.status


def test_probe_job_goes_queued_running_succeeded_and_admin_shows_it(cluster, admin_client, user):
    with transaction.atomic():
        job = job_create(job_type=JobType.PROBE, owner=user, payload={"seconds": 1})
        assert job.status == JobStatus.QUEUED
    wait_for(lambda: status_of(job) == JobStatus.RUNNING, 20, "job to start", interval=0.02)
    assert 0 <= job.progress_percent <= 100
    wait_for(lambda: status_of(job) == JobStatus.SUCCEEDED, 20, "job to succeed")
    assert job.started_at <= job.finished_at
    assert job.q_task_id and job.enqueued_at
    page = admin_client.get(reverse("admin:jobs_asyncjob_change", args=[job.id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "succeeded" in html and "Started at" in html and "Finished at" in html


def test_worker_killed_mid_job_is_recovered_and_succeeds_once(cluster, user, settings):
    settings.JOB_LEASE_SECONDS = float(LEASE)
    job = job_create(job_type=JobType.PROBE, owner=user, payload={"seconds": 4})
    wait_for(lambda: status_of(job) == JobStatus.RUNNING, 20, "job to start")
    worker_pid = int(job.attempt_log.get().worker.rsplit(":", 1)[1])
    assert worker_pid in cluster.tree()
    os.kill(worker_pid, signal.SIGKILL)

    # The heartbeat stops with the worker; once the lease runs out recovery takes it back.
    def recovered():
        return recover_jobs().requeued_lost

    wait_for(recovered, 15, "recovery to take the lost job back")
    wait_for(lambda: status_of(job) == JobStatus.SUCCEEDED, 30, "the second attempt to succeed")
    outcomes = list(job.attempt_log.order_by("started_at").values_list("outcome", flat=True))
    assert outcomes == ["lost", "succeeded"]
    assert job.attempts == 2
    assert "stopped responding" in job.attempt_log.order_by("started_at")[0].error_message


def test_migrate_removes_the_legacy_recovery_schedule_that_waited_in_the_job_queue(db):
    from django.core.management import call_command
    from django_q.models import Schedule

    Schedule.objects.create(name="jobs.recover", func="jobs.tasks.recover", minutes=1)
    call_command("migrate", verbosity=0)
    assert not Schedule.objects.filter(name="jobs.recover").exists()
