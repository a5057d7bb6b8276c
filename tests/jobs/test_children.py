"""Jobs with children (jobs.children): waiting, progress, partial failure, retry of one
child, cancel cascading, and the recovery sweep, on the real database, in-process."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from jobs import lifecycle, registry
from jobs.errors import PermanentJobError
from jobs.models import AsyncJob, AttemptOutcome, JobStatus
from jobs.recovery import recover_jobs
from jobs.runner import run_job
from jobs.services import job_cancel, job_create, job_retry

pytestmark = pytest.mark.django_db(transaction=True)
PARENT, CHILD = "test-parent", "test-child"


def recover_an_hour_later():
    """The sweep as it would run an hour on: leases are judged by the database clock, so
    every heartbeat is made an hour older instead."""
    AsyncJob.objects.filter(heartbeat_at__isnull=False).update(
        heartbeat_at=F("heartbeat_at") - timedelta(hours=1)
    )
    return recover_jobs()


@pytest.fixture
def handlers():
    calls = {"done": [], "child_runs": 0, "healed": set()}

    def parent(job, progress):
        def commit():
            for i, fails in enumerate(job.payload["children"]):
                job_create(
                    job_type=CHILD,
                    owner=job.owner,
                    parent=job,
                    payload={"label": f"sheet {i + 1}", "fails": fails},
                )
            return "parent:spawned"

        return commit

    def child(job, progress):
        calls["child_runs"] += 1
        progress("working", 50)
        if job.payload["fails"] and job.payload["label"] not in calls["healed"]:
            raise PermanentJobError("page 3 is a scan", code="no_vector_content")
        return lambda: f"child:{job.payload['label']}"

    registry.register(PARENT, parent, on_children_done=lambda job: calls["done"].append(job.status))
    registry.register(CHILD, child)
    return calls


def fresh(job) -> AsyncJob:
    job.refresh_from_db()
    return job


def spawn(user, children) -> tuple[AsyncJob, list[AsyncJob]]:
    parent = job_create(job_type=PARENT, owner=user, payload={"children": children})
    run_job(parent.id)
    return fresh(parent), list(AsyncJob.objects.filter(parent=parent).order_by("created_at"))


def test_a_parent_waits_running_for_its_children_and_its_progress_is_theirs(user, handlers):
    parent, kids = spawn(user, [False, False, False])
    assert parent.status == JobStatus.RUNNING and parent.awaits_children
    assert parent.attempt_log.get().outcome == AttemptOutcome.SUCCEEDED  # its own work
    assert [k.status for k in kids] == [JobStatus.QUEUED] * 3
    run_job(kids[0].id)
    parent = fresh(parent)
    assert (parent.status, parent.progress_percent, parent.progress_stage) == (
        JobStatus.RUNNING,
        33,
        "1 of 3 done",
    )
    for kid in kids[1:]:
        run_job(kid.id)
    parent = fresh(parent)
    assert parent.status == JobStatus.SUCCEEDED and not parent.awaits_children
    assert parent.progress_percent == 100 and parent.error_message == ""
    assert parent.result_ref == "parent:spawned"
    assert handlers["done"] == [JobStatus.SUCCEEDED]  # the domain hook, once


def test_a_parent_with_nothing_to_save_waits_for_the_children_its_handler_made(user, handlers):
    """No commit, so no transaction around the succeed: the refused succeed's wait (the
    job and its attempt row) still happens, and the parent ends with its child."""

    def spawns_without_commit(job, progress):
        job_create(
            job_type=CHILD, owner=job.owner, parent=job, payload={"label": "only", "fails": False}
        )

    registry.register("test-bare-parent", spawns_without_commit)
    parent = job_create(job_type="test-bare-parent", owner=user)
    run_job(parent.id)
    parent = fresh(parent)
    assert parent.status == JobStatus.RUNNING and parent.awaits_children
    assert parent.attempt_log.get().outcome == AttemptOutcome.SUCCEEDED
    run_job(AsyncJob.objects.get(parent=parent).id)
    assert fresh(parent).status == JobStatus.SUCCEEDED


def test_a_waiting_parent_is_not_taken_for_a_lost_worker(user, handlers):
    parent, _ = spawn(user, [False])
    report = recover_an_hour_later()
    assert str(parent.id) not in report.requeued_lost + report.failed_lost
    assert fresh(parent).status == JobStatus.RUNNING


def test_partial_failure_names_the_failed_child_and_it_can_be_retried_alone(user, handlers):
    parent, kids = spawn(user, [False, True, False])
    for kid in kids:
        run_job(kid.id)
    parent = fresh(parent)
    assert parent.status == JobStatus.SUCCEEDED
    assert parent.error_code == "children_failed"
    assert parent.error_message == "1 of 3 failed: sheet 2: failed (page 3 is a scan)"
    assert handlers["child_runs"] == 3

    handlers["healed"].add("sheet 2")  # e.g. a scale override was added
    assert job_retry(kids[1])
    parent = fresh(parent)
    assert parent.status == JobStatus.RUNNING and parent.awaits_children
    run_job(kids[1].id)
    parent = fresh(parent)
    assert (parent.status, parent.error_code, parent.error_message) == (
        JobStatus.SUCCEEDED,
        "",
        "",
    )
    assert handlers["child_runs"] == 4  # the good children did not run again
    assert [fresh(k).attempts for k in kids] == [1, 2, 1]  # attempt numbers only grow


def test_retrying_the_parent_retries_only_its_failed_children(user, handlers):
    parent, kids = spawn(user, [True, False])
    for kid in kids:
        run_job(kid.id)
    assert job_retry(fresh(parent))
    assert [fresh(k).status for k in kids] == [JobStatus.QUEUED, JobStatus.SUCCEEDED]
    assert AsyncJob.objects.filter(parent=parent).count() == 2  # nothing spawned again


def test_a_parent_whose_children_all_failed_fails(user, handlers):
    parent, kids = spawn(user, [True, True])
    for kid in kids:
        run_job(kid.id)
    parent = fresh(parent)
    assert (parent.status, parent.error_code) == (JobStatus.FAILED, "all_children_failed")
    assert "sheet 1: failed" in parent.error_message and "sheet 2: failed" in parent.error_message
    assert handlers["done"] == [JobStatus.FAILED]


def test_canceling_the_parent_cancels_its_children(user, handlers):
    parent, kids = spawn(user, [False, False, False])
    run_job(kids[0].id)
    lifecycle.claim(kids[1].id, worker="w1")  # running when the cancel comes
    assert job_cancel(parent)
    assert fresh(parent).status == JobStatus.CANCELED
    assert [fresh(k).status for k in kids] == [
        JobStatus.SUCCEEDED,
        JobStatus.CANCELED,
        JobStatus.CANCELED,
    ]
    run_job(kids[2].id)  # a late delivery of a canceled child does nothing
    assert fresh(kids[2]).status == JobStatus.CANCELED and handlers["child_runs"] == 1


def test_canceling_the_last_open_child_ends_the_parent(user, handlers):
    parent, kids = spawn(user, [False, False])
    run_job(kids[0].id)
    assert job_cancel(kids[1])
    parent = fresh(parent)
    assert parent.status == JobStatus.SUCCEEDED
    assert parent.error_message == "1 of 2 failed: sheet 2: canceled"


def test_a_child_whose_worker_died_is_recovered_and_its_parent_then_ends(user, handlers):
    parent, kids = spawn(user, [False])
    lifecycle.claim(kids[0].id, worker="killed-worker")  # then SIGKILL: no more heartbeats
    assert recover_an_hour_later().requeued_lost == [str(kids[0].id)]
    assert fresh(parent).status == JobStatus.RUNNING
    AsyncJob.objects.filter(id=kids[0].id).update(next_attempt_at=timezone.now())
    run_job(kids[0].id)
    assert fresh(kids[0]).attempts == 2
    assert fresh(parent).status == JobStatus.SUCCEEDED


def test_the_recovery_sweep_ends_a_parent_whose_last_child_ended_unannounced(user, handlers):
    parent, kids = spawn(user, [False])
    # The worker died between its child's `succeeded` and telling the parent.
    claimed = lifecycle.claim(kids[0].id, worker="w")
    assert lifecycle.succeed(kids[0].id, claimed.attempts)
    assert fresh(parent).status == JobStatus.RUNNING
    recover_jobs()
    assert fresh(parent).status == JobStatus.SUCCEEDED
    assert handlers["done"] == [JobStatus.SUCCEEDED]


def test_a_waiting_parent_with_a_late_heartbeat_is_still_not_taken_back(user, handlers):
    parent, _ = spawn(user, [False])
    # The parent's heartbeat thread beat once more after its attempt had ended.
    assert lifecycle.heartbeat(parent.id, parent.attempts)
    assert recover_an_hour_later().requeued_lost == []
    assert lifecycle.take_back_lost(parent.id, parent.attempts) is None  # its lease ran out
    assert fresh(parent).status == JobStatus.RUNNING and fresh(parent).awaits_children


def test_a_hook_that_creates_more_children_makes_the_parent_wait_for_them_too(user, handlers):
    """A drawing set takes a sheet off again once its siblings are done (with their scale)."""

    def fan_out_once(job):
        handlers["done"].append(job.status)
        if len(handlers["done"]) == 1:
            job_create(
                job_type=CHILD,
                owner=job.owner,
                parent=job,
                payload={"label": "again", "fails": False},
            )

    registry.register(
        PARENT, registry.registration_for(PARENT).handler, on_children_done=fan_out_once
    )
    parent, kids = spawn(user, [False])
    run_job(kids[0].id)
    parent = fresh(parent)
    assert parent.status == JobStatus.RUNNING and parent.awaits_children
    assert parent.finished_at is None and parent.progress_stage == "waiting for children"
    (again,) = AsyncJob.objects.filter(parent=parent, status=JobStatus.QUEUED)
    run_job(again.id)
    parent = fresh(parent)
    assert parent.status == JobStatus.SUCCEEDED and not parent.awaits_children
    assert handlers["done"] == [JobStatus.SUCCEEDED, JobStatus.SUCCEEDED]
