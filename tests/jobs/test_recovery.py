"""The recovery sweep re-enqueues stranded queued jobs and takes back lost running ones."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs import lifecycle
from jobs.broker import enqueue_broker, enqueue_job
from jobs.models import AsyncJob, JobStatus, JobType
from jobs.recovery import recover_jobs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def empty_queue():
    enqueue_broker().purge_queue()
    yield
    enqueue_broker().purge_queue()


def queued_job(owner, *, enqueued_ago: float | None, due_ago: float = 60) -> AsyncJob:
    now = timezone.now()
    return AsyncJob.objects.create(
        job_type=JobType.PROBE,
        owner=owner,
        next_attempt_at=now - timedelta(seconds=due_ago),
        enqueued_at=None if enqueued_ago is None else now - timedelta(seconds=enqueued_ago),
    )


def test_a_job_whose_enqueue_failed_is_enqueued(user, empty_queue):
    job = queued_job(user, enqueued_ago=None)
    assert recover_jobs().reenqueued == [str(job.id)]
    job.refresh_from_db()
    assert job.enqueued_at is not None and job.q_task_id
    assert enqueue_broker().queue_size() == 1


def test_a_job_enqueued_long_ago_is_enqueued_again_when_the_broker_queue_is_empty(
    user, empty_queue
):
    job = queued_job(user, enqueued_ago=45, due_ago=50)
    assert recover_jobs().reenqueued == [str(job.id)]


def test_a_recently_enqueued_job_is_left_alone(user, empty_queue):
    queued_job(user, enqueued_ago=5, due_ago=50)
    assert recover_jobs().reenqueued == []


def test_a_job_still_waiting_in_a_busy_broker_queue_is_left_alone(user, empty_queue):
    waiting = queued_job(user, enqueued_ago=45, due_ago=50)
    assert enqueue_job(queued_job(user, enqueued_ago=None, due_ago=0).id)  # queue not empty
    report = recover_jobs()
    assert str(waiting.id) not in report.reenqueued


def test_a_running_job_without_heartbeat_goes_back_to_the_queue(user, settings, empty_queue):
    stale = timezone.now() - timedelta(seconds=settings.JOB_LEASE_SECONDS + 5)
    job = AsyncJob.objects.create(
        job_type=JobType.PROBE, owner=user, status=JobStatus.RUNNING, attempts=1,
        heartbeat_at=stale,
    )  # fmt: skip
    job.attempt_log.create(number=1, worker="gone:1")
    assert recover_jobs().requeued_lost == [str(job.id)]
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 1)
    assert job.enqueued_at is not None
    assert job.attempt_log.get().outcome == "lost"


def _clock_off_by(monkeypatch, minutes: float):
    skewed = timezone.now() + timedelta(minutes=minutes)
    monkeypatch.setattr(timezone, "now", lambda: skewed)


def test_a_worker_whose_clock_runs_slow_keeps_its_lease(user, empty_queue, monkeypatch):
    job = AsyncJob.objects.create(job_type=JobType.PROBE, owner=user)
    with monkeypatch.context() as worker_machine:
        _clock_off_by(worker_machine, -10)
        claimed = lifecycle.claim(job.id, worker="slow-clock:1")
        assert lifecycle.heartbeat(job.id, claimed.attempts)
    assert recover_jobs().requeued_lost == []
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.RUNNING, 1)


def test_a_recovery_machine_whose_clock_runs_fast_takes_back_no_live_job(
    user, empty_queue, monkeypatch
):
    job = AsyncJob.objects.create(job_type=JobType.PROBE, owner=user)
    lifecycle.claim(job.id, worker="alive:1")
    with monkeypatch.context() as recovery_machine:
        _clock_off_by(recovery_machine, 10)
        assert recover_jobs().requeued_lost == []
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.RUNNING, 1)
