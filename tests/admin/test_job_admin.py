"""AsyncJob admin: list, change page (timeline, links, escaping), actions, permissions."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_q.models import Task

from jobs.models import AsyncJob, AttemptOutcome, JobAttempt, JobStatus, JobType
from tests.admin.conftest import make_job

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/jobs/asyncjob/"
XSS = "<script>alert('x')</script>"


def change_url(job: AsyncJob) -> str:
    return reverse("admin:jobs_asyncjob_change", args=[job.pk])


@pytest.fixture
def failed_job(user, floorplan, bom) -> AsyncJob:
    """A job that failed on its second attempt after a retry, linked to everything."""
    now = timezone.now()
    job = make_job(
        user, JobStatus.FAILED, job_type=JobType.INGEST, floorplan=floorplan, attempts=2,
        payload={"page": 0, "scale": "1:100"}, result_ref=f"bom:{bom.pk}",
        error_code="pdf_unreadable", error_message=f"PDF broke {XSS}", q_task_id="a" * 32,
        created_at=now - timedelta(minutes=3), enqueued_at=now - timedelta(minutes=3),
        started_at=now - timedelta(minutes=1), finished_at=now,
    )  # fmt: skip
    JobAttempt.objects.create(
        job=job, number=1, worker="host-a:11", started_at=now - timedelta(minutes=2),
        finished_at=now - timedelta(seconds=110), outcome=AttemptOutcome.RETRYING,
        error_message="Redis timeout", retry_delay_seconds=5,
    )  # fmt: skip
    JobAttempt.objects.create(
        job=job, number=2, worker="host-b:12", started_at=now - timedelta(minutes=1),
        finished_at=now, outcome=AttemptOutcome.FAILED, error_message=f"PDF broke {XSS}",
    )  # fmt: skip
    return job


def test_changelist_shows_badges_progress_and_floorplan(admin_client, user, floorplan):
    running = make_job(user, JobStatus.RUNNING, floorplan=floorplan, progress_percent=40,
                       progress_stage="walls")  # fmt: skip
    make_job(user, JobStatus.FAILED)
    response = admin_client.get(CHANGELIST)
    html = response.content.decode()
    assert response.context["cl"].result_count == 2
    assert 'class="job-badge" style="background:#c62828' in html  # failed is red
    assert '<progress class="job-progress" max="100" value="40">' in html
    assert f'href="/admin/floorplans/floorplan/{floorplan.pk}/change/"' in html
    assert str(running.pk) in html


def test_changelist_filters_and_search_by_id(admin_client, user):
    wanted = make_job(user, JobStatus.FAILED, job_type=JobType.INGEST)
    make_job(user, JobStatus.SUCCEEDED)
    for query, expected in [
        ("status__exact=failed", [wanted]),
        ("job_type__exact=ingest", [wanted]),
        (f"q={wanted.pk}", [wanted]),
        ("q=not-a-uuid", []),
    ]:
        response = admin_client.get(f"{CHANGELIST}?{query}")
        assert response.status_code == 200, query
        assert list(response.context["cl"].result_list) == expected, query


def test_change_page_shows_timeline_durations_payload_and_links(admin_client, failed_job, bom):
    Task.objects.create(
        id=failed_job.q_task_id, name="x", func="jobs.tasks.execute_job", started=timezone.now(),
        stopped=timezone.now(), success=False,
    )  # fmt: skip
    response = admin_client.get(change_url(failed_job))
    assert response.status_code == 200
    html = response.content.decode()
    titles = [event["title"] for event in response.context["timeline"]]
    assert titles == [
        "Created, queued", "Handed to the broker", "Attempt 1 started",
        "Attempt 1: Failed, retry scheduled", "Attempt 2 started", "Attempt 2: Failed",
        "Finished: failed",
    ]  # fmt: skip
    assert "Redis timeout (retry in 5.0 s)" in html
    assert "Queue wait" in html and "2 min 0 s" in html  # created -> last start
    assert "1 min 0 s" in html  # run time of the last attempt
    assert "&quot;scale&quot;: &quot;1:100&quot;" in html  # pretty-printed, escaped
    links = {link["label"]: link.get("url") for link in response.context["related_links"]}
    assert links == {
        "Floor plan": f"/admin/floorplans/floorplan/{failed_job.floorplan_id}/change/",
        "Result": f"/admin/floorplans/bom/{bom.pk}/change/",
        "django-q2 task": f"/admin/django_q/failure/{'a' * 32}/change/",
    }
    assert "Demo house" in html


def test_change_page_escapes_user_influenced_error_messages(admin_client, failed_job):
    html = admin_client.get(change_url(failed_job)).content.decode()
    assert XSS not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_lifecycle_fields_are_read_only(admin_client, failed_job):
    response = admin_client.get(change_url(failed_job))
    assert response.context["adminform"].form.fields == {}  # nothing editable
    assert 'name="_save"' not in response.content.decode()
    assert admin_client.get("/admin/jobs/asyncjob/add/").status_code == 403


def run_action(client, action: str, *jobs: AsyncJob):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [job.pk for job in jobs]}, follow=True
    )


def test_retry_action_requeues_failed_jobs_only(
    admin_client, user, django_capture_on_commit_callbacks
):
    failed = make_job(user, JobStatus.FAILED, attempts=4, finished_at=timezone.now())
    succeeded = make_job(user, JobStatus.SUCCEEDED)
    with django_capture_on_commit_callbacks() as enqueues:
        response = run_action(admin_client, "retry_failed", failed, succeeded)
    assert "1 job(s) queued again." in response.content.decode()
    failed.refresh_from_db()
    succeeded.refresh_from_db()
    assert (failed.status, failed.finished_at) == ("queued", None)
    assert failed.max_attempts - failed.attempts == settings.JOB_MAX_ATTEMPTS  # a fresh budget
    assert succeeded.status == "succeeded"
    assert len(enqueues) == 1  # enqueued once the requeue committed


def test_cancel_action_cancels_queued_and_running(admin_client, user):
    queued = make_job(user, JobStatus.QUEUED)
    running = make_job(user, JobStatus.RUNNING, attempts=1, started_at=timezone.now())
    done = make_job(user, JobStatus.SUCCEEDED)
    response = run_action(admin_client, "cancel_unfinished", queued, running, done)
    assert "2 job(s) canceled." in response.content.decode()
    statuses = dict(AsyncJob.objects.values_list("id", "status"))
    assert [statuses[j.pk] for j in (queued, running, done)] == [
        "canceled",
        "canceled",
        "succeeded",
    ]


def test_rerun_ingest_creates_one_job_per_floorplan(admin_client, user, floorplan):
    jobs = [make_job(user, JobStatus.FAILED, job_type=JobType.INGEST, floorplan=floorplan)
            for _ in range(2)]  # fmt: skip
    loose = make_job(user, JobStatus.SUCCEEDED)
    response = run_action(admin_client, "rerun_ingest", *jobs, loose)
    assert "1 ingest job(s) queued." in response.content.decode()
    new = AsyncJob.objects.exclude(pk__in=[j.pk for j in (*jobs, loose)]).get()
    assert (new.job_type, new.status, new.floorplan_id, new.owner_id) == (
        "ingest", "queued", floorplan.pk, floorplan.owner_id,
    )  # fmt: skip


def test_view_only_staff_cannot_run_actions(make_staff, user):
    client = make_staff("jobs.view_asyncjob")
    failed = make_job(user, JobStatus.FAILED)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert "retry_failed" not in response.content.decode()
    run_action(client, "retry_failed", failed)
    failed.refresh_from_db()
    assert failed.status == "failed"


def test_job_pages_hide_models_the_staff_user_may_not_view(make_staff, failed_job):
    client = make_staff("jobs.view_asyncjob")
    html = client.get(CHANGELIST).content.decode()
    assert "Demo house" not in html  # the floor plan's name is the floor plan's data
    response = client.get(change_url(failed_job))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Demo house" not in html and "host-a:11" not in html and "Redis timeout" not in html
    assert [link["label"] for link in response.context["related_links"]] == ["django-q2 task"]
    assert "url" not in response.context["related_links"][0]


def test_staff_with_attempt_and_floorplan_rights_see_them(make_staff, failed_job):
    client = make_staff("jobs.view_asyncjob", "jobs.view_jobattempt", "floorplans.view_floorplan")
    html = client.get(change_url(failed_job)).content.decode()
    assert "Demo house" in html and "host-a:11" in html and "Redis timeout" in html


def test_unfinished_jobs_cannot_be_deleted(admin_client, user):
    running = make_job(user, JobStatus.RUNNING)
    done = make_job(user, JobStatus.SUCCEEDED)
    assert (
        admin_client.get(reverse("admin:jobs_asyncjob_delete", args=[running.pk])).status_code
        == 403
    )
    assert (
        admin_client.get(reverse("admin:jobs_asyncjob_delete", args=[done.pk])).status_code == 200
    )


def test_timestamps_show_seconds(admin_client, user):
    created = timezone.now().replace(year=2026, month=3, day=4, hour=5, minute=6, second=7)
    job = make_job(user, JobStatus.QUEUED, created_at=created)

    change_page = admin_client.get(change_url(job)).content.decode()
    changelist = admin_client.get(CHANGELIST).content.decode()

    assert "2026-03-04 05:06:07" in change_page and "2026-03-04 05:06:07" in changelist
