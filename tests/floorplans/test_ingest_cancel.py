"""A canceled ingest leaves its floor plan saying so, never `processing` forever."""

import pytest

from floorplans import job_handlers
from floorplans.models import FloorplanStatus
from jobs.models import JobStatus, JobType
from jobs.runner import run_job
from jobs.services import job_cancel, job_create
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db(transaction=True)


def ingest_job(owner, floorplan):
    return job_create(job_type=JobType.INGEST, owner=owner, floorplan=floorplan)


def test_canceling_a_queued_ingest_through_the_api_marks_the_plan(user, make_floorplan, tiny_pdf):
    floorplan = make_floorplan(user, tiny_pdf)
    job = ingest_job(user, floorplan)
    response = token_client(user).post(f"/api/v1/jobs/{job.id}/cancel/")
    assert response.status_code == 200, response.content
    floorplan.refresh_from_db()
    assert (floorplan.status, floorplan.error_code) == (FloorplanStatus.ERROR, "ingest_canceled")
    assert "canceled" in floorplan.error_message
    detail = token_client(user).get(f"/api/v1/floorplans/{floorplan.id}/").json()
    assert detail["status"] == "error"


def test_a_cancel_that_lands_before_the_handler_marks_the_plan_processing_still_wins(
    user, make_floorplan, tiny_pdf, monkeypatch
):
    """The cancel hook runs while the worker is between its claim and the handler's
    "processing" write; the worker stops at its first checkpoint and the plan must end
    up canceled, not processing."""
    floorplan = make_floorplan(user, tiny_pdf)
    job = ingest_job(user, floorplan)
    real_floorplan_of = job_handlers._floorplan_of

    def canceled_meanwhile(running_job):
        assert job_cancel(running_job)
        return real_floorplan_of(running_job)

    monkeypatch.setattr(job_handlers, "_floorplan_of", canceled_meanwhile)
    run_job(job.id)
    job.refresh_from_db()
    floorplan.refresh_from_db()
    assert job.status == JobStatus.CANCELED
    assert (floorplan.status, floorplan.error_code) == (FloorplanStatus.ERROR, "ingest_canceled")
    assert floorplan.graph is None


def test_canceling_the_ingest_of_a_plan_that_reused_a_graph_keeps_the_graph(
    user, make_floorplan, tiny_pdf
):
    floorplan = make_floorplan(
        user, tiny_pdf, status=FloorplanStatus.PROCESSED, graph={"walls": []}
    )
    assert job_cancel(ingest_job(user, floorplan))
    floorplan.refresh_from_db()
    assert (floorplan.status, floorplan.graph) == (FloorplanStatus.PROCESSED, {"walls": []})
