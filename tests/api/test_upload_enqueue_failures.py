"""An accepted upload stays accepted whatever happens after COMMIT: the enqueue or its
bookkeeping may fail, but the file, the rows and the queued job stay for recovery."""

from __future__ import annotations

import pytest
from django import db

from floorplans.models import Floorplan
from jobs import broker, lifecycle
from jobs.models import AsyncJob, JobStatus
from jobs.recovery import recover_jobs
from tests.api.conftest import pdf_upload, stored_files

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit callbacks really run


@pytest.fixture
def empty_broker_queue():
    broker.enqueue_broker().purge_queue()
    yield
    broker.enqueue_broker().purge_queue()


def upload(api, plan_pdf):
    return api.post("/api/v1/floorplans/", {"file": pdf_upload(plan_pdf)}, format="multipart")


def assert_accepted_and_kept(response, media_root) -> AsyncJob:
    assert response.status_code == 202, response.content
    floorplan = Floorplan.objects.get()
    assert [p.name for p in stored_files(media_root)] == [f"{floorplan.id}.pdf"]
    job = AsyncJob.objects.get()
    assert (job.floorplan_id, job.status) == (floorplan.id, JobStatus.QUEUED)
    assert response.json()["job"]["id"] == str(job.id)
    return job


def test_bookkeeping_failing_after_the_enqueue_keeps_the_upload(
    api, plan_pdf, media_root, monkeypatch, empty_broker_queue
):
    def database_gone(job_id, task_id):
        raise db.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(lifecycle, "mark_enqueued", database_gone)
    assert_accepted_and_kept(upload(api, plan_pdf), media_root)
    assert broker.enqueue_broker().queue_size() == 1  # the doorbell did ring


def test_an_enqueue_callback_that_raises_keeps_the_upload_queued_for_recovery(
    api, plan_pdf, media_root, monkeypatch, settings, empty_broker_queue
):
    def enqueue_bug(job_id):
        raise RuntimeError("bug in the enqueue path")

    monkeypatch.setattr(broker, "enqueue_new_job", enqueue_bug)
    job = assert_accepted_and_kept(upload(api, plan_pdf), media_root)
    assert broker.enqueue_broker().queue_size() == 0
    monkeypatch.undo()
    settings.JOB_ENQUEUE_GRACE_SECONDS = 0
    assert recover_jobs().reenqueued == [str(job.id)]
    assert broker.enqueue_broker().queue_size() == 1
