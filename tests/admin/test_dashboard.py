"""The admin index dashboard: its figures for a known set of jobs, its links, its query
budget, its behaviour with many jobs, and who may see it."""

import math
import random
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs import dashboard
from jobs.dashboard import ClusterHealth, job_dashboard
from jobs.models import AsyncJob, JobStatus, JobType
from tests.admin.conftest import FAILURE, build_known_jobs

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 6, 1, 12, 0, 30, tzinfo=UTC)
INDEX = "/admin/"


@pytest.fixture(autouse=True)
def no_cluster(monkeypatch):
    """Tests share Redis with other runs; a fixed answer keeps cluster figures exact."""
    monkeypatch.setattr(dashboard, "cluster_stats", list)


def figures(client: Client) -> dict:
    response = client.get(INDEX)
    assert response.status_code == 200
    return response.context["job_dashboard"]


def test_figures_for_a_known_set_of_jobs(user):
    build_known_jobs(user, NOW)
    d = job_dashboard(NOW)
    assert d.per_status_hour == {
        "queued": 2, "running": 1, "succeeded": 3, "failed": 3, "canceled": 1,
    }  # fmt: skip
    assert d.per_status_day == {
        "queued": 2, "running": 1, "succeeded": 20, "failed": 3, "canceled": 1,
    }  # fmt: skip
    per_minute = {
        b.start.strftime("%H:%M"): b.finished for b in d.finished_per_minute if b.finished
    }
    assert per_minute == {"11:55": 2, "11:50": 1, "11:40": 3, "11:31": 1}
    assert len(d.finished_per_minute) == 60
    assert d.finished_per_minute[0].start == datetime(2025, 6, 1, 11, 1, tzinfo=UTC)
    assert d.finished_last_hour == 7
    # 23 finished runs. Waits 1..20 s and 3 x 100 s; runs 10..200 s and 3 x 1 s.
    # Nearest rank: the median is the 12th value, p95 the 22nd.
    assert d.queue_wait.count == d.run_time.count == 23
    assert d.queue_wait.median == timedelta(seconds=12)
    assert d.queue_wait.p95 == timedelta(seconds=100)
    assert d.run_time.median == timedelta(seconds=90)
    assert d.run_time.p95 == timedelta(seconds=190)
    assert (d.queued_now, d.running_now, d.retrying_now) == (2, 1, 1)
    assert d.oldest_queued_age == timedelta(minutes=40)
    assert [(f.message, f.count) for f in d.top_failures] == [(FAILURE, 2), ("Bad PDF", 1)]


def test_empty_table_gives_zeros_and_no_percentiles(db):
    d = job_dashboard(NOW)
    assert sum(d.per_status_day.values()) == 0
    assert d.queue_wait.median is None and d.run_time.p95 is None
    assert d.oldest_queued_age is None
    assert d.top_failures == []


def test_index_shows_the_figures_and_keeps_the_app_list(admin_client, known_jobs):
    response = admin_client.get(INDEX)
    html = response.content.decode()
    d = response.context["job_dashboard"]
    assert {row["status"]: (row["hour"], row["day"]) for row in d["statuses"]} == {
        "queued": (2, 2), "running": (1, 1), "succeeded": (3, 20), "failed": (3, 3),
        "canceled": (1, 1),
    }  # fmt: skip
    assert (d["wait_median"], d["wait_p95"]) == ("12.0 s", "1 min 40 s")
    assert (d["run_median"], d["run_p95"]) == ("1 min 30 s", "3 min 10 s")
    assert d["finished_last_hour"] == 7
    assert d["oldest_queued_age"].startswith("40 min")
    assert 'id="job-dashboard"' in html
    assert "Broker exploded &lt;b&gt;twice&lt;/b&gt;" in html  # escaped, never markup
    assert "<b>twice</b>" not in html
    assert "No cluster running" in html
    assert "Async jobs" in html and "Floorplans" in html  # the stock app list stays


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        (lambda d: next(r for r in d["statuses"] if r["status"] == "failed")["day_url"], 3),
        (lambda d: next(r for r in d["statuses"] if r["status"] == "succeeded")["hour_url"], 3),
        (lambda d: d["day_url"], 27),
        (lambda d: d["retrying_url"], 1),
        (lambda d: d["queued_url"], 2),
        (lambda d: d["running_url"], 1),
        (lambda d: d["durations_url"], 23),
        (lambda d: d["finished_url"], 7),
        (lambda d: d["failures"][0]["url"], 2),
        (lambda d: max(d["minutes"], key=lambda m: m["count"])["url"], 3),
    ],
)
def test_each_figure_links_to_the_jobs_it_counts(admin_client, known_jobs, figure, expected):
    url = figure(figures(admin_client))
    response = admin_client.get(url)
    assert response.status_code == 200, url
    assert response.context["cl"].result_count == expected


def test_index_query_budget(admin_client, known_jobs, django_assert_max_num_queries):
    admin_client.get(INDEX)  # warm: content types, session
    with django_assert_max_num_queries(14):
        admin_client.get(INDEX)


def test_query_count_does_not_grow_with_the_table(
    admin_client, user, known_jobs, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as few:
        admin_client.get(INDEX)
    make_many_jobs(user, datetime.now(UTC), 2_000)
    with django_assert_num_queries(len(few.captured_queries)):
        admin_client.get(INDEX)


def make_many_jobs(owner, now: datetime, n: int) -> list[AsyncJob]:
    """n jobs finished in the last day with pseudo-random waits and runs; every tenth failed."""
    rng = random.Random(n)
    jobs = []
    for i in range(n):
        finished = now - timedelta(seconds=rng.uniform(0, 86_000))
        started = finished - timedelta(milliseconds=rng.randint(1, 600_000))
        failed = i % 10 == 0
        jobs.append(
            AsyncJob(
                job_type=JobType.PROBE, owner=owner, attempts=1,
                status=JobStatus.FAILED if failed else JobStatus.SUCCEEDED,
                error_message=f"error {i % 3}" if failed else "",
                created_at=started - timedelta(milliseconds=rng.randint(0, 120_000)),
                started_at=started, finished_at=finished,
            )
        )  # fmt: skip
    AsyncJob.objects.bulk_create(jobs, batch_size=2_000)
    return jobs


def nearest_rank(values: list[timedelta], p: float) -> timedelta:
    return sorted(values)[math.ceil(p * len(values)) - 1]


def test_figures_with_twenty_thousand_jobs(user, django_assert_num_queries):
    jobs = make_many_jobs(user, NOW, 20_000)
    with django_assert_num_queries(6):
        d = job_dashboard(NOW)
    waits = [job.started_at - job.created_at for job in jobs]
    runs = [job.finished_at - job.started_at for job in jobs]
    assert d.queue_wait.count == 20_000
    # Durations are whole milliseconds, so SQLite's millisecond ranking picks exactly.
    assert d.queue_wait.median == nearest_rank(waits, 0.5)
    assert d.queue_wait.p95 == nearest_rank(waits, 0.95)
    assert d.run_time.median == nearest_rank(runs, 0.5)
    assert d.run_time.p95 == nearest_rank(runs, 0.95)
    created_in_day = [job for job in jobs if job.created_at >= NOW - timedelta(days=1)]
    assert sum(d.per_status_day.values()) == len(created_in_day)
    assert d.per_status_day["failed"] == sum(job.status == "failed" for job in created_in_day)
    in_window = [j for j in jobs if j.finished_at >= dashboard.minute_window(NOW)]
    assert d.finished_last_hour == len(in_window)
    failed = [job.error_message for job in jobs if job.status == "failed"]
    assert {f.message: f.count for f in d.top_failures} == {
        message: failed.count(message) for message in set(failed)
    }


def test_cluster_rows_and_queue_length(admin_client, monkeypatch):
    class FakeStat:
        cluster_id, host, status, workers, tob, task_q_size = (
            "c0ffee", "worker-1", "Idle", [11, 12, 13], datetime.now(UTC), 0,
        )  # fmt: skip

        def uptime(self) -> float:
            return 42.0

    monkeypatch.setattr(dashboard, "cluster_stats", lambda: [FakeStat()])
    cluster = figures(admin_client)["cluster"]
    assert [(c.host, c.workers, c.uptime_seconds) for c in cluster.clusters] == [
        ("worker-1", 3, 42.0)
    ]
    assert cluster.workers == 3 and cluster.queue_length is not None
    html = admin_client.get(INDEX).content.decode()
    assert "worker-1" in html and "No cluster running" not in html


def test_broker_down_is_shown_not_raised(admin_client, monkeypatch):
    def down() -> list:
        raise ConnectionError("connection refused")

    monkeypatch.setattr(dashboard, "cluster_stats", down)
    assert figures(admin_client)["cluster"] == ClusterHealth(
        [], None, error="ConnectionError: connection refused"
    )
    assert "Broker unreachable" in admin_client.get(INDEX).content.decode()


def test_staff_without_job_permission_sees_no_figures(make_staff, known_jobs):
    client = make_staff("floorplans.view_floorplan")
    response = client.get(INDEX)
    assert response.status_code == 200
    assert "job_dashboard" not in response.context
    html = response.content.decode()
    assert "job-dashboard" not in html and FAILURE not in html and "Bad PDF" not in html
    assert client.get(reverse("admin:jobs_asyncjob_changelist")).status_code == 403


def test_staff_with_job_view_permission_sees_the_figures(make_staff, known_jobs):
    client = make_staff("jobs.view_asyncjob")
    d = figures(client)
    assert d["queued_now"] == 2
    assert client.get(d["retrying_url"]).context["cl"].result_count == 1
