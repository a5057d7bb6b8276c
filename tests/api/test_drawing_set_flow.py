"""A whole drawing set through the API and a real `manage.py qcluster` (both brokers:
the embedded ORM broker by default, Redis when REDIS_URL is set)."""

from __future__ import annotations

import csv
import io
import os
import signal
from dataclasses import replace
from decimal import Decimal

import pytest

from floorplans.models import BuildingBOM, Floorplan
from floorplans.samples.drawing_set import building_set, render_set
from floorplans.samples.large_sheet import large_sheet_plan
from harness.processes import wait_for
from jobs.models import AsyncJob, JobStatus
from jobs.recovery import recover_jobs
from tests.api.conftest import pdf_upload
from tests.api.test_full_flow import poll
from tests.cluster import Cluster
from tests.factories import seed_catalogue

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
LEASE = "1.5"


@pytest.fixture
def cluster(media_root):
    running = Cluster(MEDIA_ROOT=str(media_root), Q_WORKERS="2", JOB_LEASE_SECONDS=LEASE).start()
    yield running
    running.kill()


def upload(api, specs) -> dict:
    response = api.post(
        "/api/v1/drawing-sets/",
        {"file": pdf_upload(render_set(specs), "set.pdf"), "name": "Tower"},
        format="multipart",
    )
    assert response.status_code == 202, response.json()
    return response


def test_upload_a_set_and_download_one_bom_for_the_building(api, user, cluster):
    seed_catalogue()
    response = upload(api, building_set(levels=3))
    job = poll(api, response["Location"], timeout=180)
    assert job["status"] == "succeeded", (job, cluster.output()[-3000:])
    assert job["progress"]["percent"] == 100
    children = AsyncJob.objects.filter(parent_id=job["id"])
    assert children.count() == 3
    assert all(c.status == JobStatus.SUCCEEDED and c.attempts == 1 for c in children)
    set_id = response.json()["drawing_set"]["id"]
    detail = api.get(f"/api/v1/drawing-sets/{set_id}/").json()
    assert detail["status"] == "processed"
    assert [s["status"] for s in detail["sheets"] if s["kind"] == "floor_plan"] == ["processed"] * 3

    generate = api.post(f"/api/v1/drawing-sets/{set_id}/generate/", {}, format="json")
    assert generate.status_code == 202, generate.json()
    done = poll(api, generate["Location"], timeout=120)
    assert done["status"] == "succeeded", (done, cluster.output()[-3000:])
    bom = api.get(done["result_url"]).json()
    assert len(bom["sheets"]) == 3
    assert Decimal(bom["total"]) == sum(Decimal(s["total"]) for s in bom["sheets"]) > 0
    rows = list(csv.reader(io.StringIO(api.get(bom["export_url"]).content.decode())))
    assert sum(Decimal(row[6]) for row in rows[1:]) == Decimal(bom["total"])  # lines only
    assert BuildingBOM.objects.count() == 1


def test_a_sheet_whose_worker_was_killed_is_recovered_and_taken_off_once(
    api, user, cluster, settings
):
    settings.JOB_LEASE_SECONDS = float(LEASE)  # the sweep below judges leases as the cluster
    specs = building_set(levels=1)
    # A big sheet keeps its worker busy long enough to be killed mid-extraction.
    specs[1] = replace(specs[1], plan=large_sheet_plan(20000))
    response = upload(api, specs)
    parent_url = response["Location"]

    def running_child():
        return AsyncJob.objects.filter(
            parent__isnull=False, status=JobStatus.RUNNING, attempt_log__isnull=False
        ).first()

    child = wait_for(running_child, 120, "the sheet's ingest to start", interval=0.05)
    worker = child.attempt_log.get().worker
    os.kill(int(worker.rsplit(":", 1)[1]), signal.SIGKILL)

    def taken_back():
        recover_jobs()  # the cluster's own schedule may get there first; either will do
        return child.attempt_log.filter(outcome="lost").exists()

    wait_for(taken_back, 30, "recovery to take the sheet back", interval=0.5)
    job = poll(api, parent_url, timeout=240)
    assert job["status"] == "succeeded", (job, cluster.output()[-3000:])
    child.refresh_from_db()
    outcomes = list(child.attempt_log.order_by("started_at").values_list("outcome", flat=True))
    assert outcomes == ["lost", "succeeded"] and child.attempts == 2
    floorplan = Floorplan.objects.get(id=child.floorplan_id)
    assert floorplan.status == "processed" and floorplan.graph["walls"]
