"""run_job: outcomes, retries with backoff, duplicate deliveries (real DB, in-process)."""

import threading
import time

import pytest
from django import db
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from harness.processes import wait_for
from jobs import broker, lifecycle, registry
from jobs.errors import PermanentJobError, TransientJobError
from jobs.models import AsyncJob, JobStatus, JobType
from jobs.runner import run_job
from jobs.services import job_cancel, job_create, job_retry

pytestmark = pytest.mark.django_db(transaction=True)
FLAKY, BROKEN, COUNTING = "test-flaky", "test-broken", "test-counting"
SERVER_ONLY = pytest.mark.skipif(connection.vendor != "postgresql", reason="a server's connection")


@pytest.fixture
def fast_backoff(settings):
    settings.JOB_RETRY_BACKOFF_SECONDS = [0.2, 0.4, 0.8]


@pytest.fixture
def handlers():
    calls = {"flaky": 0, "commits": 0}

    def flaky(job, progress):
        calls["flaky"] += 1
        progress("working", 50)
        if calls["flaky"] <= 2:
            raise TransientJobError(f"storage timed out (call {calls['flaky']})")
        return lambda: "done:flaky"

    def broken(job, progress):
        raise PermanentJobError("Page 3 does not exist; the PDF has 2 pages.", code="bad_page")

    def counting(job, progress):
        def commit():
            calls["commits"] += 1
            return "done:counting"

        return commit

    registry.register(FLAKY, flaky)
    registry.register(BROKEN, broken)
    registry.register(COUNTING, counting)
    return calls


def refreshed(job) -> AsyncJob:
    job.refresh_from_db()
    return job


def test_transient_failure_twice_then_success_records_attempts_and_backoff(
    user, handlers, fast_backoff
):
    job = job_create(job_type=FLAKY, owner=user)
    for _ in range(3):
        # The retry is enqueued by a timer after the backoff; wait until it is due.
        wait_for(lambda: refreshed(job).status == JobStatus.QUEUED, 5, "job to be queued")
        wait_for(
            lambda: refreshed(job).enqueued_at and job.enqueued_at >= job.next_attempt_at,
            5,
            "the retry to be enqueued after its backoff",
        )
        run_job(job.id)
        if refreshed(job).status == JobStatus.SUCCEEDED:
            break
    assert (job.status, job.attempts, job.result_ref) == ("succeeded", 3, "done:flaky")
    log = list(job.attempt_log.order_by("started_at"))
    assert [a.outcome for a in log] == ["retrying", "retrying", "succeeded"]
    assert [a.retry_delay_seconds for a in log] == [0.2, 0.4, None]
    assert "storage timed out (call 2)" in log[1].error_message


def test_transient_failures_give_up_after_max_attempts(user, handlers, fast_backoff, settings):
    job = AsyncJob.objects.create(job_type=FLAKY, owner=user, max_attempts=2)
    run_job(job.id)
    wait_for(lambda: refreshed(job).enqueued_at, 5, "the retry to be enqueued")
    run_job(job.id)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error_code) == ("failed", 2, "retries_exhausted")
    assert "Gave up after 2 attempts" in job.error_message


def test_permanent_failure_fails_after_one_attempt_with_its_message(user, handlers):
    job = job_create(job_type=BROKEN, owner=user)
    run_job(job.id)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error_code) == ("failed", 1, "bad_page")
    assert job.error_message == "Page 3 does not exist; the PDF has 2 pages."


def test_unknown_job_type_fails_instead_of_pretending(user):
    job = job_create(job_type="no-such-type", owner=user)
    run_job(job.id)
    job.refresh_from_db()
    assert (job.status, job.error_code) == ("failed", "job_failed")
    assert "No handler is registered" in job.error_message


def test_a_job_delivered_twice_runs_and_commits_once(user, handlers):
    job = job_create(job_type=COUNTING, owner=user)
    run_job(job.id)
    run_job(job.id)
    assert handlers["commits"] == 1
    assert refreshed(job).attempt_log.count() == 1


def test_a_canceled_job_is_not_run(user, handlers):
    job = job_create(job_type=COUNTING, owner=user)
    AsyncJob.objects.filter(id=job.id).update(status=JobStatus.CANCELED)
    run_job(job.id)
    assert handlers["commits"] == 0
    assert refreshed(job).attempts == 0


def test_cancel_while_running_stops_at_the_next_checkpoint(user):
    def cancels_itself(job, progress):
        AsyncJob.objects.filter(id=job.id).update(status=JobStatus.CANCELED)
        progress("next stage", 60)  # the checkpoint raises; nothing below runs
        raise AssertionError("a canceled job must not continue")

    registry.register("test-cancel", cancels_itself)
    job = job_create(job_type="test-cancel", owner=user)
    started = time.monotonic()
    run_job(job.id)
    assert time.monotonic() - started < 5
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELED


def _in_thread(target, *args) -> threading.Thread:
    def run():
        try:
            target(*args)
        finally:
            connection.close()  # each thread has its own database connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_worker_from_before_a_cancel_and_retry_cannot_finish_the_retried_job(user):
    """Worker A runs attempt 1; the job is canceled and retried; worker B runs the retry.
    A, finishing late, must neither commit its results nor close B's history row."""
    started = {"a": threading.Event(), "b": threading.Event()}
    release = {"a": threading.Event(), "b": threading.Event()}
    order = []

    def slow(job, progress):
        worker = "ab"[len(order)]
        order.append(worker)
        started[worker].set()
        release[worker].wait(10)

        def commit():
            AsyncJob.objects.filter(id=job.id).update(payload={"saved_by": worker})
            return f"result-of-{worker}"

        return commit

    registry.register("test-slow", slow)
    job = job_create(job_type="test-slow", owner=user)
    worker_a = _in_thread(run_job, job.id)
    assert started["a"].wait(10)
    assert job_cancel(job)
    with transaction.atomic():
        assert job_retry(job)
    worker_b = _in_thread(run_job, job.id)
    assert started["b"].wait(10)
    release["a"].set()  # A finishes first, while B is still working
    worker_a.join(10)
    release["b"].set()
    worker_b.join(10)

    job.refresh_from_db()
    assert (job.status, job.result_ref, job.payload) == (
        "succeeded",
        "result-of-b",
        {"saved_by": "b"},
    )
    log = list(job.attempt_log.order_by("number").values_list("number", "outcome"))
    assert log == [(1, "canceled"), (2, "succeeded")]


def run_a_long_stage(user, *, steps: int) -> tuple[AsyncJob, list]:
    """Run a job whose one stage of `steps` x 0.1 s reports no progress (only the
    heartbeat moves its lease); the lease's heartbeat_at as the stage saw it."""
    seen = []

    def long_stage(job, progress):
        for _ in range(steps):
            time.sleep(0.1)
            seen.append(AsyncJob.objects.values_list("heartbeat_at", flat=True).get(id=job.id))
        return lambda: "done"

    registry.register("test-long-stage", long_stage)
    job = job_create(job_type="test-long-stage", owner=user)
    run_job(job.id)
    return job, seen


def test_the_heartbeat_survives_a_broken_database_connection(user, settings, monkeypatch):
    """The heartbeat thread's connection breaks under it (a database restart, a failover):
    it must reconnect and keep the lease fresh, or recovery takes back a live job."""
    settings.JOB_LEASE_SECONDS = 0.4  # a beat every 0.1 s
    real_heartbeat = lifecycle.heartbeat
    beats = {"calls": 0, "written": 0}

    def heartbeat_whose_connection_breaks_once(job_id, attempt):
        beats["calls"] += 1
        if beats["calls"] == 1:
            connection.ensure_connection()
            connection.connection.close()  # the driver's connection, under Django's feet
        written = real_heartbeat(job_id, attempt)
        beats["written"] += written
        return written

    monkeypatch.setattr(lifecycle, "heartbeat", heartbeat_whose_connection_breaks_once)
    job, seen = run_a_long_stage(user, steps=12)
    assert refreshed(job).status == JobStatus.SUCCEEDED
    assert beats["calls"] >= 3 and beats["written"] >= 2
    assert (seen[-1] - seen[0]).total_seconds() >= 0.3  # the lease kept moving after the error


def test_one_heartbeat_thread_beats_for_every_job_of_the_process(user, settings):
    """No thread per job: the process's heartbeat thread, asleep until a far beat of an
    earlier job, wakes for a job with a nearer one and keeps its lease fresh."""
    settings.JOB_LEASE_SECONDS = 600
    for _ in range(3):
        run_job(job_create(job_type=JobType.PROBE, owner=user, payload={"seconds": 0}).id)
    settings.JOB_LEASE_SECONDS = 0.4  # a beat every 0.1 s
    job, seen = run_a_long_stage(user, steps=6)
    assert refreshed(job).status == JobStatus.SUCCEEDED
    assert (seen[-1] - seen[0]).total_seconds() >= 0.2
    assert [t.name for t in threading.enumerate()].count("job-heartbeat") == 1


def ends_in_transaction(monkeypatch) -> list[bool]:
    """Whether each ``succeeded`` transition ran inside a transaction, as it is called."""
    seen = []
    real_succeed = lifecycle.succeed

    def succeed(*args):
        seen.append(connection.in_atomic_block)
        return real_succeed(*args)

    monkeypatch.setattr(lifecycle, "succeed", succeed)
    return seen


def test_a_job_with_nothing_to_save_ends_without_a_transaction(user, monkeypatch):
    """The probe returns no commit: its one succeed statement is atomic by itself, so no
    BEGIN and COMMIT are spent on a transaction around it."""
    seen = ends_in_transaction(monkeypatch)
    job = job_create(job_type=JobType.PROBE, owner=user, payload={"seconds": 0})
    run_job(job.id)
    assert seen == [False]
    assert refreshed(job).status == JobStatus.SUCCEEDED
    assert job.attempt_log.get().outcome == "succeeded"


def test_a_job_that_saves_commits_its_results_and_succeeded_together(user, monkeypatch):
    """A failure in the succeed after the commit wrote rolls the commit's writes back."""
    seen = ends_in_transaction(monkeypatch)

    def saves(job, progress):
        def commit():
            AsyncJob.objects.filter(id=job.id).update(payload={"saved": 1})
            return "x:1"

        return commit

    registry.register("test-saves", saves)
    job = job_create(job_type="test-saves", owner=user)
    run_job(job.id)
    assert seen == [True]
    assert (refreshed(job).status, job.result_ref, job.payload) == (
        "succeeded",
        "x:1",
        {"saved": 1},
    )

    def succeed_fails(*args):
        raise RuntimeError("the succeed statement failed")

    monkeypatch.setattr(lifecycle, "succeed", succeed_fails)
    job = job_create(job_type="test-saves", owner=user)
    run_job(job.id)
    assert (refreshed(job).status, job.error_code, job.payload) == ("failed", "internal_error", {})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one statement each on PostgreSQL")
def test_a_childless_job_costs_its_worker_two_statements_on_postgresql(user):
    """The claim, then the end of the attempt (README, "What one job costs the
    database"): whether the job has children is asked inside the succeed statement, not
    before it; a job with results to save wraps them and the succeed in a transaction."""
    job = job_create(job_type=JobType.PROBE, owner=user, payload={"seconds": 0})
    with CaptureQueriesContext(connection) as statements:
        run_job(job.id)
    assert [query["sql"].split()[0] for query in statements] == ["WITH", "WITH"]
    assert AsyncJob.objects.get(id=job.id).status == JobStatus.SUCCEEDED

    registry.register("test-saves-nothing", lambda job, progress: lambda: "")
    job = job_create(job_type="test-saves-nothing", owner=user)
    with CaptureQueriesContext(connection) as statements:
        run_job(job.id)
    assert [query["sql"].split()[0] for query in statements] == ["WITH", "BEGIN", "WITH", "COMMIT"]


def start_task_as_django_q2_does():
    """What a django-q2 worker does before each task, on a connection kept from the last."""
    connection.ensure_connection()
    db.close_old_connections()


def test_a_job_opens_with_its_claim_not_a_health_check(user, monkeypatch):
    """django-q2's per-task ``close_old_connections`` would make the first query a
    ``SELECT 1`` health check; the claim serves as the check instead (one round trip)."""
    job = job_create(job_type=JobType.PROBE, owner=user, payload={"seconds": 0})
    checks = []  # counted from here: the ORM broker checks its connection on enqueue
    backend = type(db.connections["default"])
    real_is_usable = backend.is_usable

    def is_usable(conn):
        checks.append(1)
        return real_is_usable(conn)

    monkeypatch.setattr(backend, "is_usable", is_usable)
    start_task_as_django_q2_does()
    run_job(job.id)
    assert refreshed(job).status == JobStatus.SUCCEEDED
    assert checks == []


@SERVER_ONLY
def test_a_connection_that_died_between_jobs_is_replaced_by_the_claim(user):
    """The database restarted while the worker was idle: the claim fails on the dead
    connection, which is closed, and the claim runs again on a fresh one, at once."""
    job = job_create(job_type=JobType.PROBE, owner=user, payload={"seconds": 0})
    start_task_as_django_q2_does()
    connection.connection.close()  # the driver's connection, under Django's feet
    run_job(job.id)
    assert (refreshed(job).status, job.attempts) == ("succeeded", 1)


def claim_failing(monkeypatch, *, drops_connection: bool) -> tuple[list, list]:
    """Every claim fails (after dropping the connection, as a database restart does, or
    on a live one); the claims made and the deliveries asked for later."""
    claims, later = [], []

    def failing_claim(*args, **kwargs):
        claims.append(1)
        if drops_connection:
            connection.ensure_connection()
            connection.connection.close()  # the driver's connection, under Django's feet
        raise db.OperationalError("the claim failed")

    monkeypatch.setattr(lifecycle, "claim", failing_claim)
    monkeypatch.setattr(broker, "enqueue_job_later", lambda *args: later.append(args))
    return claims, later


@pytest.mark.parametrize(
    ("drops_connection", "claims_made"), [pytest.param(True, 2, marks=SERVER_ONLY), (False, 1)]
)
def test_a_claim_that_fails_is_delivered_again_later(
    user, monkeypatch, fast_backoff, drops_connection, claims_made
):
    """The database stays unreachable (each claim drops its connection: tried once more
    on a fresh one) or refuses on a live connection (not tried again at once): either
    way the job stays queued and is asked for again after the first backoff rather
    than waiting for the recovery sweep."""
    job = job_create(job_type=JobType.PROBE, owner=user, payload={"seconds": 0})
    claims, later = claim_failing(monkeypatch, drops_connection=drops_connection)
    run_job(job.id)
    assert len(claims) == claims_made
    assert later == [(job.id, 0.2)]
    connection.close()  # the one the last claim dropped
    assert refreshed(job).status == JobStatus.QUEUED


def test_creating_a_job_costs_the_producer_one_insert(user):
    """The row is inserted as enqueued; a successful enqueue writes nothing more (README,
    "What one job costs the database"). The ORM broker's own queue row is not ours."""
    with CaptureQueriesContext(connection) as statements:
        job_create(job_type=JobType.PROBE, owner=user, payload={"seconds": 0})
    ours = [query["sql"].split()[0] for query in statements if "jobs_" in query["sql"]]
    assert ours == ["INSERT"]
