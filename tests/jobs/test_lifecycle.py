"""Every legal transition of a job, and every illegal one refused."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from jobs import lifecycle
from jobs.models import AsyncJob, AttemptOutcome, JobStatus, JobType

pytestmark = pytest.mark.django_db


def make_job(owner, status=JobStatus.QUEUED, attempts=0, **fields) -> AsyncJob:
    return AsyncJob.objects.create(
        job_type=JobType.PROBE, owner=owner, status=status, attempts=attempts, **fields
    )


def status_of(job) -> str:
    return AsyncJob.objects.values_list("status", flat=True).get(id=job.id)


def test_claim_moves_a_due_queued_job_to_running_and_opens_an_attempt(user):
    job = make_job(user)
    claimed = lifecycle.claim(job.id, worker="host:1")
    assert claimed.status == JobStatus.RUNNING
    assert claimed.attempts == 1
    assert claimed.started_at is not None and claimed.heartbeat_at is not None
    attempt = claimed.attempt_log.get()
    assert (attempt.number, attempt.worker, attempt.outcome) == (1, "host:1", "running")


def test_the_claimed_job_is_the_row_as_the_orm_loads_it(user):
    """On PostgreSQL the claim builds the job from its statement's own row."""
    job = make_job(user, payload={"seconds": 0.5, "label": "é"}, idempotency_key="k")
    claimed = lifecycle.claim(str(job.id), worker="w", task_id="task-1")
    loaded = AsyncJob.objects.get(id=job.id)
    fields = [field.attname for field in AsyncJob._meta.concrete_fields]
    assert {f: getattr(claimed, f) for f in fields} == {f: getattr(loaded, f) for f in fields}
    assert (claimed.payload, claimed.q_task_id) == ({"seconds": 0.5, "label": "é"}, "task-1")
    assert not claimed._state.adding


def test_statements_compiled_once_bind_each_calls_values(user):
    """The claim and succeed statements are compiled once per process: a second job,
    attempt, task id and result must still land on their own row."""
    first, second = make_job(user), make_job(user, attempts=2)
    assert lifecycle.claim(first.id, worker="w", task_id="t1").attempts == 1
    assert lifecycle.claim(second.id, worker="w", task_id="t2").attempts == 3
    assert lifecycle.claim(make_job(user).id, worker="w").q_task_id == ""  # none given
    assert not lifecycle.succeed(second.id, 1, "wrong-attempt")
    assert lifecycle.succeed(second.id, 3, "bom:2") and lifecycle.succeed(first.id, 1, "")
    rows = AsyncJob.objects.filter(id__in=[first.id, second.id])
    assert sorted(rows.values_list("q_task_id", "attempts", "status", "result_ref")) == [
        ("t1", 1, "succeeded", ""),
        ("t2", 3, "succeeded", "bom:2"),
    ]


@pytest.mark.parametrize("status", [s for s in JobStatus if s != JobStatus.QUEUED])
def test_claim_refuses_a_job_that_is_not_queued(user, status):
    job = make_job(user, status=status)
    assert lifecycle.claim(job.id, worker="w") is None
    assert status_of(job) == status


def test_claim_refuses_a_queued_job_whose_retry_is_not_due(user):
    job = make_job(user, next_attempt_at=timezone.now() + timedelta(seconds=30))
    assert lifecycle.claim(job.id, worker="w") is None


def test_succeed_only_from_running_by_the_current_attempt(user):
    job = make_job(user)
    assert not lifecycle.succeed(job.id, 0)  # queued: refused
    lifecycle.claim(job.id, worker="w")
    assert not lifecycle.succeed(job.id, 2)  # someone else's attempt: refused
    assert lifecycle.succeed(job.id, 1, "bom:123")
    job.refresh_from_db()
    assert (job.status, job.result_ref, job.progress_percent) == ("succeeded", "bom:123", 100)
    assert job.finished_at is not None
    assert job.attempt_log.get().outcome == AttemptOutcome.SUCCEEDED
    assert not lifecycle.succeed(job.id, 1)  # already finished
    assert not lifecycle.fail(job.id, 1, code="x", message="late failure")
    assert status_of(job) == JobStatus.SUCCEEDED


def test_fail_records_code_and_message(user):
    job = make_job(user)
    lifecycle.claim(job.id, worker="w")
    assert lifecycle.fail(job.id, 1, code="not_a_pdf", message="The file is not a PDF.")
    job.refresh_from_db()
    assert (job.status, job.error_code, job.error_message) == (
        "failed",
        "not_a_pdf",
        "The file is not a PDF.",
    )
    assert job.attempt_log.get().error_message == "The file is not a PDF."


def test_schedule_retry_requeues_with_backoff(user):
    job = make_job(user)
    lifecycle.claim(job.id, worker="w")
    # The backoff runs on the database's clock, which SQLite keeps to the millisecond: the
    # retry may land in the same millisecond as `before`, so compare at that precision.
    now = timezone.now()
    before = now - timedelta(microseconds=now.microsecond % 1000)
    assert lifecycle.schedule_retry(job.id, 1, message="storage timeout", delay_seconds=5)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.next_attempt_at >= before + timedelta(seconds=5)
    attempt = job.attempt_log.get()
    assert (attempt.outcome, attempt.retry_delay_seconds) == ("retrying", 5)
    assert not lifecycle.schedule_retry(job.id, 1, message="again", delay_seconds=5)


@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING])
def test_cancel_stops_unfinished_jobs(user, status):
    job = make_job(user, status=status, attempts=1 if status == JobStatus.RUNNING else 0)
    assert lifecycle.cancel(job.id)
    assert status_of(job) == JobStatus.CANCELED
    # A running attempt notices at its next checkpoint: progress is refused.
    assert not lifecycle.report_progress(job.id, 1, "walls", 50)


@pytest.mark.parametrize("status", [JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELED])
def test_cancel_refuses_finished_jobs(user, status):
    job = make_job(user, status=status)
    assert not lifecycle.cancel(job.id)
    assert status_of(job) == status


@pytest.mark.parametrize("status", [JobStatus.FAILED, JobStatus.CANCELED])
def test_requeue_gives_failed_and_canceled_jobs_a_fresh_budget_of_attempts(user, status, settings):
    job = make_job(user, status=status, attempts=4, max_attempts=4, error_message="boom")
    assert lifecycle.requeue_finished(job.id)
    job.refresh_from_db()
    # The count is kept (attempt numbers never repeat); the limit moves up instead.
    assert (job.status, job.attempts, job.error_message) == ("queued", 4, "")
    assert job.max_attempts == 4 + settings.JOB_MAX_ATTEMPTS
    assert lifecycle.claim(job.id, worker="w").attempts == 5


def test_an_attempt_from_before_a_cancel_and_retry_cannot_touch_the_new_attempt(user):
    job = make_job(user)
    old = lifecycle.claim(job.id, worker="worker-a")
    assert lifecycle.cancel(job.id)
    assert lifecycle.requeue_finished(job.id)
    new = lifecycle.claim(job.id, worker="worker-b")
    assert (old.attempts, new.attempts) == (1, 2)

    assert not lifecycle.report_progress(job.id, old.attempts, "walls", 90)
    assert not lifecycle.heartbeat(job.id, old.attempts)
    assert not lifecycle.succeed(job.id, old.attempts, "result-of-a")
    assert not lifecycle.fail(job.id, old.attempts, code="x", message="late failure of a")
    assert not lifecycle.schedule_retry(job.id, old.attempts, message="a", delay_seconds=1)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress_stage) == ("running", 2, "starting")
    rows = list(job.attempt_log.order_by("number").values_list("number", "worker", "outcome"))
    assert rows == [(1, "worker-a", "canceled"), (2, "worker-b", "running")]

    assert lifecycle.succeed(job.id, new.attempts, "result-of-b")
    job.refresh_from_db()
    assert (job.status, job.result_ref) == ("succeeded", "result-of-b")
    assert job.attempt_log.get(number=2).outcome == AttemptOutcome.SUCCEEDED


@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED])
def test_requeue_refuses_jobs_that_are_not_failed_or_canceled(user, status):
    job = make_job(user, status=status)
    assert not lifecycle.requeue_finished(job.id)
    assert status_of(job) == status


def test_lost_attempt_goes_back_to_queued_then_fails_after_the_last(user):
    stale = timezone.now() - timedelta(minutes=5)
    job = make_job(user, max_attempts=2)
    lifecycle.claim(job.id, worker="w")
    AsyncJob.objects.filter(id=job.id).update(heartbeat_at=stale)
    assert lifecycle.take_back_lost(job.id, 1) == JobStatus.QUEUED
    lifecycle.claim(job.id, worker="w2")
    AsyncJob.objects.filter(id=job.id).update(heartbeat_at=stale)
    assert lifecycle.take_back_lost(job.id, 2) == JobStatus.FAILED
    job.refresh_from_db()
    assert (job.status, job.error_code) == ("failed", "worker_lost")
    assert list(job.attempt_log.values_list("outcome", flat=True)) == ["lost", "lost"]


def test_take_back_ignores_a_job_whose_heartbeat_is_fresh(user):
    job = make_job(user)
    lifecycle.claim(job.id, worker="w")
    assert lifecycle.take_back_lost(job.id, 1) is None
    assert status_of(job) == JobStatus.RUNNING


@pytest.mark.django_db(transaction=True)
def test_two_connections_claiming_one_job_exactly_one_wins(user):
    job = make_job(user)
    start = threading.Barrier(2)
    results = []

    def contend(name):
        try:
            start.wait()
            results.append(lifecycle.claim(job.id, worker=name))
        finally:
            connection.close()  # each thread has its own database connection

    threads = [threading.Thread(target=contend, args=(f"w{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [r for r in results if r is not None]
    assert len(results) == 2 and len(winners) == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.attempt_log.count()) == ("running", 1, 1)
