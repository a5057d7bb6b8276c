"""`manage.py jobs_cluster`: a wedged or dead cluster is restarted without an operator, a
busy one is left alone, and the recovery sweep runs without waiting in the job queue."""

import os
import signal

import psutil
import pytest
from django.utils import timezone

from harness.processes import wait_for
from jobs.models import AsyncJob, JobStatus, JobType
from jobs.services import job_create
from tests.cluster import Cluster

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SUPERVISED = {
    "JOB_WATCHDOG_STALL_SECONDS": "2",
    "JOB_WATCHDOG_STOP_GRACE_SECONDS": "2",
    "JOB_RECOVERY_INTERVAL_MINUTES": "0.02",  # a sweep every 1.2 s
    "JOB_ENQUEUE_GRACE_SECONDS": "1",
    "JOB_LEASE_SECONDS": "2",
}


@pytest.fixture
def supervised():
    cluster = Cluster("jobs_cluster", **SUPERVISED).start()
    yield cluster
    cluster.kill()


def probes(owner, count: int, seconds: float = 0) -> list[AsyncJob]:
    return [
        job_create(job_type=JobType.PROBE, owner=owner, payload={"seconds": seconds})
        for _ in range(count)
    ]


def wait_succeeded(jobs, timeout: float) -> None:
    ids = [job.id for job in jobs]
    done = AsyncJob.objects.filter(id__in=ids, status=JobStatus.SUCCEEDED)
    wait_for(lambda: done.count() == len(ids), timeout, f"{len(ids)} jobs to succeed")


def attempts_of(jobs) -> list[list[str]]:
    return [list(job.attempt_log.values_list("outcome", flat=True)) for job in jobs]


def test_a_cluster_whose_workers_take_no_more_tasks_is_restarted_and_runs_every_job(
    supervised, user
):
    # Stopped workers look like a wedged django-q2: alive, holding the queue, taking nothing.
    stopped = wait_for(supervised.task_worker_pids, 30, "the cluster to report its workers")
    for pid in stopped:
        os.kill(pid, signal.SIGSTOP)
    jobs = probes(user, 3)
    wait_succeeded(jobs, 60)
    assert attempts_of(jobs) == [["succeeded"]] * 3
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"
                   for pid in stopped)  # fmt: skip
    assert "is wedged" in supervised.output()


def test_a_busy_cluster_with_tasks_waiting_is_not_restarted(supervised, user):
    jobs = probes(user, 3, seconds=3)  # two run at once, the third waits > the stall time
    wait_succeeded(jobs, 60)
    assert attempts_of(jobs) == [["succeeded"]] * 3
    assert "is wedged" not in supervised.output()


def test_a_cluster_that_dies_is_started_again(supervised, user):
    child = psutil.Process(supervised.process.pid).children()[0]
    for process in [child, *child.children(recursive=True)]:
        process.kill()
    wait_for(lambda: supervised.task_worker_pids(), 30, "a new cluster")
    jobs = probes(user, 2)
    wait_succeeded(jobs, 60)
    assert "Cluster exited" in supervised.output()


def test_the_recovery_sweep_runs_on_its_own_schedule(supervised, user):
    never_enqueued = AsyncJob.objects.create(
        job_type=JobType.PROBE,
        owner=user,
        next_attempt_at=timezone.now() - timezone.timedelta(minutes=5),
    )
    wait_succeeded([never_enqueued], 30)


def test_a_sigterm_to_the_process_group_stops_jobs_cluster_and_its_whole_tree(supervised):
    """What a terminal's Ctrl-C or a process manager does: signal the whole group. The
    cluster must get it exactly once (django-q2 deadlocks on a second one)."""
    tree = [supervised.process.pid, *supervised.tree()]
    os.killpg(supervised.process.pid, signal.SIGTERM)
    supervised.process.wait(60)
    wait_for(lambda: not any(psutil.pid_exists(pid) for pid in tree), 30, "the tree to exit")
