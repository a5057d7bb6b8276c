"""Job routes: list/detail shape, cancel, retry; and the floor plan's lifecycle view."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone

from jobs.models import AsyncJob, JobStatus, JobType


@pytest.fixture
def make_job(user):
    def make(owner=None, **fields) -> AsyncJob:
        fields.setdefault("job_type", JobType.INGEST)
        return AsyncJob.objects.create(owner=owner or user, **fields)

    return make


def test_job_detail_reports_progress_attempts_and_timestamps(api, make_job):
    job = make_job(
        status=JobStatus.RUNNING,
        attempts=1,
        progress_stage="detecting walls",
        progress_percent=40,
        started_at=timezone.now(),
    )

    body = api.get(f"/api/v1/jobs/{job.id}/").json()

    assert body["id"] == str(job.id)
    assert body["url"] == f"http://testserver/api/v1/jobs/{job.id}/"
    assert body["status"] == "running" and body["job_type"] == "ingest"
    assert body["progress"] == {"stage": "detecting walls", "percent": 40}
    assert (body["attempts"], body["max_attempts"]) == (1, job.max_attempts)
    assert body["started_at"] and body["created_at"] and body["finished_at"] is None
    assert body["error"] is None and body["result_url"] is None


def test_failed_job_carries_its_error(api, make_job):
    job = make_job(
        status=JobStatus.FAILED, error_code="corrupt_pdf", error_message="Upload it again."
    )

    body = api.get(f"/api/v1/jobs/{job.id}/").json()

    assert body["error"] == {"code": "corrupt_pdf", "detail": "Upload it again."}


def test_succeeded_jobs_link_to_what_they_made(api, user, make_job, make_floorplan, make_bom):
    floorplan = make_floorplan(user)
    bom = make_bom(floorplan)
    ingest = make_job(
        floorplan=floorplan, status=JobStatus.SUCCEEDED, result_ref=f"floorplan:{floorplan.id}"
    )
    gen = make_job(
        floorplan=floorplan,
        job_type=JobType.GENERATE,
        status=JobStatus.SUCCEEDED,
        result_ref=f"bom:{bom.id}",
    )

    assert (
        api.get(f"/api/v1/jobs/{ingest.id}/").json()["result_url"]
        == f"http://testserver/api/v1/floorplans/{floorplan.id}/"
    )
    body = api.get(f"/api/v1/jobs/{gen.id}/").json()
    assert body["result_url"] == f"http://testserver/api/v1/boms/{bom.id}/"
    assert body["floorplan"] == str(floorplan.id)


def test_job_list_is_mine_newest_first_and_filterable(
    api, user, other_user, make_job, make_floorplan, django_assert_num_queries
):
    floorplan = make_floorplan(user)
    old = make_job(status=JobStatus.FAILED, floorplan=floorplan)
    new = make_job(job_type=JobType.GENERATE, floorplan=floorplan)
    make_job(owner=other_user)

    with django_assert_num_queries(3):  # token, count, page
        body = api.get("/api/v1/jobs/").json()

    assert [j["id"] for j in body["results"]] == [str(new.id), str(old.id)]
    assert [j["id"] for j in api.get("/api/v1/jobs/?status=failed").json()["results"]] == [
        str(old.id)
    ]
    generate = api.get("/api/v1/jobs/?job_type=generate").json()["results"]
    assert [j["id"] for j in generate] == [str(new.id)]
    assert api.get(f"/api/v1/jobs/?floorplan={floorplan.id}").json()["count"] == 2


def test_job_list_refuses_a_bad_filter(api):
    response = api.get("/api/v1/jobs/?floorplan=nope")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["field"] == "floorplan"
    assert body["errors"]["floorplan"]


def test_cancel_a_queued_job(api, make_job):
    job = make_job()

    response = api.post(f"/api/v1/jobs/{job.id}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "canceled"
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELED and job.finished_at


def test_cancel_a_finished_job_is_a_conflict(api, make_job):
    job = make_job(status=JobStatus.SUCCEEDED)

    response = api.post(f"/api/v1/jobs/{job.id}/cancel/")

    assert response.status_code == 409
    assert response.json()["code"] == "job_not_cancelable"
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_retry_a_failed_job_queues_it_again(
    api, user, make_job, make_floorplan, django_capture_on_commit_callbacks
):
    job = make_job(
        floorplan=make_floorplan(user),
        status=JobStatus.FAILED,
        attempts=4,
        error_code="corrupt_pdf",
        error_message="bad",
    )

    with django_capture_on_commit_callbacks() as enqueued:
        response = api.post(f"/api/v1/jobs/{job.id}/retry/")

    assert response.status_code == 202
    body = response.json()
    assert body["job"]["status"] == "queued" and body["job"]["error"] is None
    assert response["Location"] == body["status_url"]
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.max_attempts - job.attempts == settings.JOB_MAX_ATTEMPTS  # a fresh budget
    assert len(enqueued) == 1


def test_retry_a_running_job_is_a_conflict(api, make_job):
    job = make_job(status=JobStatus.RUNNING)

    response = api.post(f"/api/v1/jobs/{job.id}/retry/")

    assert response.status_code == 409
    assert response.json()["code"] == "job_not_retryable"


@pytest.mark.parametrize(
    ("method", "suffix"), [("get", ""), ("post", "cancel/"), ("post", "retry/")]
)
def test_another_users_job_is_not_found(other_api, make_job, method, suffix):
    job = make_job(status=JobStatus.FAILED)

    response = getattr(other_api, method)(f"/api/v1/jobs/{job.id}/{suffix}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


# --- GET status/{floorplan_id}/ -------------------------------------------------------


def test_status_shows_the_lifecycle_with_all_jobs_and_boms(
    api, user, make_floorplan, make_job, make_bom, django_assert_num_queries
):
    floorplan = make_floorplan(user)
    ingest = make_job(floorplan=floorplan, status=JobStatus.SUCCEEDED)
    generate = make_job(floorplan=floorplan, job_type=JobType.GENERATE)
    bom = make_bom(floorplan)

    with django_assert_num_queries(4):  # token, plan, its jobs, its BOMs
        response = api.get(f"/api/v1/status/{floorplan.id}/")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(floorplan.id) and body["status"] == "processed"
    assert "graph" not in body
    assert [j["id"] for j in body["jobs"]] == [str(ingest.id), str(generate.id)]
    assert body["boms"] == [
        {
            "id": str(bom.id),
            "url": f"http://testserver/api/v1/boms/{bom.id}/",
            "created_at": body["boms"][0]["created_at"],
        }
    ]


def test_status_of_another_users_plan_is_not_found(other_api, user, make_floorplan):
    floorplan = make_floorplan(user)

    response = other_api.get(f"/api/v1/status/{floorplan.id}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
