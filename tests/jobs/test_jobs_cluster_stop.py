"""`manage.py jobs_cluster` (the Procfile's worker) stops when a Procfile runner signals its
whole process group, as honcho does: gracefully if it can, killed after its grace period."""

import os
import signal
import subprocess
import sys

import psutil
import pytest

from harness.processes import ROOT, wait_for
from jobs.models import AsyncJob, JobStatus, JobType
from jobs.services import job_create
from tests.cluster import Cluster

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def start_runner():
    """jobs_cluster started the way honcho starts a Procfile line: a process group leader."""
    started = []

    def start(*args: str):
        like_tests = Cluster()  # the test database and broker, as the tests' own cluster uses
        process = subprocess.Popen(
            [sys.executable, "manage.py", "jobs_cluster", *args],
            cwd=ROOT,
            env=like_tests.env,
            stdout=like_tests.log_path.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        tree = psutil.Process(process.pid)
        wait_for(lambda: len(tree.children(recursive=True)) >= 4, 30, "the cluster to start")
        return process, [tree, *tree.children(recursive=True)], like_tests.log_path

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def _running_job(user, seconds: float) -> AsyncJob:
    job = job_create(job_type=JobType.PROBE, owner=user, payload={"seconds": seconds})
    wait_for(lambda: AsyncJob.objects.get(id=job.id).status == JobStatus.RUNNING, 20, "the job")
    return job


def _alive(processes) -> list:
    return [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def test_a_group_wide_sigterm_stops_the_cluster_after_the_running_job(start_runner, user):
    process, tree, log = start_runner("--grace", "60")
    job = _running_job(user, 1.5)

    os.killpg(process.pid, signal.SIGTERM)  # what honcho does on Ctrl-C
    process.wait(timeout=90)

    output = log.read_text(errors="replace")
    assert process.returncode == 0, output[-2000:]
    assert "has stopped" in output and "killing it" not in output
    assert _alive(tree) == []
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_a_cluster_that_outlives_its_grace_period_is_killed_whole(start_runner, user):
    process, tree, log = start_runner("--grace", "0.5")
    job = _running_job(user, 20)

    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=60)

    assert process.returncode != 0
    assert "did not stop within 0.5 s; killing it" in log.read_text(errors="replace")
    assert _alive(tree) == []
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # recovery takes it back once its lease runs out
