"""Upload -> ingest -> generate -> CSV, through the API and a real `manage.py qcluster`."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from floorplans.models import BOM, Floorplan, FloorplanStatus
from tests.api.conftest import SCALE, pdf_upload
from tests.cluster import Cluster, wait_for
from tests.factories import seed_catalogue

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
FINISHED = {"succeeded", "failed", "canceled"}


@pytest.fixture
def catalogue(db):
    seed_catalogue()


@pytest.fixture
def cluster(media_root):
    running = Cluster(MEDIA_ROOT=str(media_root)).start()
    yield running
    running.stop()


def poll(client, url: str, timeout: float = 90) -> dict:
    """Follow a job's Location until it finishes, as a script would."""

    def finished():
        body = client.get(url).json()
        return body if body["status"] in FINISHED else None

    return wait_for(finished, timeout, f"job {url} to finish", interval=0.2)


def test_upload_generate_and_download_the_bom(api, user, plan_pdf, catalogue, cluster):
    upload = api.post(
        "/api/v1/floorplans/",
        {"file": pdf_upload(plan_pdf), "name": "Tiny room", "scale": SCALE},
        format="multipart",
    )
    assert upload.status_code == 202, upload.json()

    ingest = poll(api, upload["Location"])
    assert ingest["status"] == "succeeded", (ingest, cluster.output()[-3000:])
    assert ingest["progress"]["percent"] == 100 and ingest["attempts"] == 1
    floorplan = api.get(ingest["result_url"]).json()
    assert floorplan["status"] == "processed"
    assert floorplan["graph"]["walls"] and floorplan["graph"]["rooms"]
    assert floorplan["graph"]["scale"]["source"] == "override"
    assert api.get(floorplan["preview_url"]).status_code == 200

    generate = api.post(
        f"/api/v1/floorplans/{floorplan['id']}/generate/", {"stud_spacing": 24}, format="json"
    )
    assert generate.status_code == 202, generate.json()
    job = poll(api, generate["Location"])
    assert job["status"] == "succeeded", (job, cluster.output()[-3000:])

    bom = api.get(job["result_url"]).json()
    assert bom["floorplan"] == floorplan["id"] and bom["options"]["stud_spacing"] == 24
    assert bom["line_items"]
    download = api.get(bom["export_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert sum(Decimal(row[6]) for row in rows[1:]) == Decimal(bom["total"])

    # The lifecycle view and the database tell the same story.
    status = api.get(f"/api/v1/status/{floorplan['id']}/").json()
    assert [(j["job_type"], j["status"]) for j in status["jobs"]] == [
        ("ingest", "succeeded"),
        ("generate", "succeeded"),
    ]
    assert Floorplan.objects.get().status == FloorplanStatus.PROCESSED
    assert str(BOM.objects.get().id) == bom["id"]


def test_a_plan_that_cannot_be_read_fails_its_job_with_the_reason(api, user, catalogue, cluster):
    from floorplans.samples.bad_pdfs import raster_only

    upload = api.post(
        "/api/v1/floorplans/", {"file": pdf_upload(raster_only())}, format="multipart"
    )
    assert upload.status_code == 202

    job = poll(api, upload["Location"])

    assert job["status"] == "failed"
    assert job["error"]["code"] == "no_vector_content" and job["error"]["detail"]
    assert job["attempts"] == 1  # a bad PDF is not retried
    floorplan = api.get(f"/api/v1/floorplans/{job['floorplan']}/").json()
    assert floorplan["status"] == "error"
    assert floorplan["error"]["code"] == "no_vector_content"
