"""Known jobs, floor plans and BOMs, and staff users with chosen permissions."""

import copy
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from floorplans.models import BOM, Floorplan, FloorplanStatus
from floorplans.samples.catalog import demo_plan
from floorplans.samples.render import ground_truth
from jobs.models import AsyncJob, JobStatus, JobType
from tests.factories import bom_for

FAILURE = "Broker exploded <b>twice</b>"


@pytest.fixture
def make_staff(db) -> Callable[..., Client]:
    """A logged-in client for a staff user holding exactly ``perms`` ("app.codename")."""

    def make(*perms: str, username: str = "staff") -> Client:
        user = get_user_model().objects.create_user(username, password="pw-staff-1", is_staff=True)
        for perm in perms:
            app_label, codename = perm.split(".")
            user.user_permissions.add(
                Permission.objects.get(codename=codename, content_type__app_label=app_label)
            )
        client = Client()
        client.force_login(user)
        return client

    return make


def make_job(owner, status: str = JobStatus.SUCCEEDED, **fields) -> AsyncJob:
    fields.setdefault("job_type", JobType.PROBE)
    return AsyncJob.objects.create(owner=owner, status=status, **fields)


def finished_job(owner, *, finished: datetime, wait: float, run: float, **fields) -> AsyncJob:
    started = finished - timedelta(seconds=run)
    created = started - timedelta(seconds=wait)
    return make_job(
        owner, created_at=created, started_at=started, finished_at=finished, attempts=1, **fields
    )


def build_known_jobs(owner, now: datetime) -> None:
    """The job set whose dashboard figures the tests spell out (see test_dashboard.py).

    Finished in the last day, with a start: 20 succeeded (wait i s, run 10*i s) and
    3 failed (wait 100 s, run 1 s). Plus one canceled before it ran, two queued (one
    retrying), one running, and two jobs older than a day that no figure may count.
    """
    recent = {1: timedelta(minutes=5), 2: timedelta(minutes=5), 3: timedelta(minutes=10)}
    for i in range(1, 21):
        ago = recent.get(i, timedelta(hours=2))
        finished_job(owner, finished=now - ago, wait=i, run=10 * i)
    for message in (FAILURE, FAILURE, "Bad PDF"):
        finished_job(
            owner,
            finished=now - timedelta(minutes=20),
            wait=100,
            run=1,
            status=JobStatus.FAILED,
            error_message=message,
        )
    make_job(
        owner,
        JobStatus.CANCELED,
        created_at=now - timedelta(minutes=30),
        finished_at=now - timedelta(minutes=29),
    )
    make_job(
        owner,
        JobStatus.QUEUED,
        created_at=now - timedelta(minutes=40),
        next_attempt_at=now - timedelta(minutes=40),
    )
    make_job(
        owner,
        JobStatus.QUEUED,
        created_at=now - timedelta(minutes=50),
        attempts=1,
        started_at=now - timedelta(minutes=1),
        next_attempt_at=now + timedelta(seconds=10),
    )
    make_job(
        owner,
        JobStatus.RUNNING,
        created_at=now - timedelta(minutes=3),
        attempts=1,
        started_at=now - timedelta(minutes=2),
        progress_percent=40,
        progress_stage="walls",
    )
    finished_job(owner, finished=now - timedelta(days=2), wait=5000, run=5000)
    finished_job(
        owner,
        finished=now - timedelta(days=3),
        wait=1,
        run=1,
        status=JobStatus.FAILED,
        error_message="ancient",
    )


@pytest.fixture
def known_jobs(user) -> datetime:
    now = timezone.now()
    build_known_jobs(user, now)
    return now


@pytest.fixture(scope="session")
def demo_graph() -> dict:
    return ground_truth(demo_plan(), "double_line")


@pytest.fixture
def floorplan(user, demo_graph) -> Floorplan:
    graph = {**copy.deepcopy(demo_graph), "warnings": ["Text <i>overlaps</i> a wall"]}
    return Floorplan.objects.create(
        owner=user,
        name="Demo house",
        file="floorplans/demo.pdf",
        sha256="ab" * 32,
        status=FloorplanStatus.PROCESSED,
        graph=graph,
        processed_at=timezone.now(),
    )


@pytest.fixture
def bom(floorplan) -> BOM:
    return bom_for(floorplan)
