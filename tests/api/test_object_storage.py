"""Uploads in object storage (S3 API): web and workers share no disk, only the bucket.

A real S3-compatible server (moto's server mode) in its own process; the API stores the
upload there, a real qcluster (told only the bucket, not the web's folders) ingests it
from there, and deleting the floor plan removes the object. A probe job reads back an
object from the bucket, and fails, saying what to configure, on a worker not told it.
"""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from floorplans.models import Floorplan, FloorplanStatus
from harness.processes import S3_ACCESS_KEY, S3_SECRET_KEY, S3Server
from jobs.models import JobStatus
from jobs.probe import store_probe_object
from tests.api.conftest import SCALE, pdf_upload, stored_files
from tests.api.test_full_flow import poll
from tests.cluster import Cluster, probe_job, wait_finished

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def s3(settings, monkeypatch):
    server = S3Server()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", S3_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", S3_SECRET_KEY)
    settings.STORAGES = server.storages()
    yield server
    server.stop()


def test_upload_lands_in_the_bucket_and_a_worker_ingests_it_from_there(
    api, plan_pdf, s3, media_root, tmp_path, django_capture_on_commit_callbacks
):
    upload = api.post(
        "/api/v1/floorplans/", {"file": pdf_upload(plan_pdf), "scale": SCALE}, format="multipart"
    )
    assert upload.status_code == 202, upload.json()
    floorplan = Floorplan.objects.get(id=upload.json()["floorplan"]["id"])
    assert s3.keys() == [f"uploads/{floorplan.file.name}"]
    assert stored_files(media_root) == []  # nothing on the web's disk

    # The worker gets a MEDIA_ROOT of its own: a local file could not be found there.
    worker_media = tmp_path / "worker-media"
    cluster = Cluster(MEDIA_ROOT=str(worker_media), **s3.env()).start()
    try:
        job = poll(api, upload["Location"])
    finally:
        cluster.kill()
    assert job["status"] == "succeeded", (job, cluster.output()[-3000:])
    floorplan.refresh_from_db()
    assert floorplan.status == FloorplanStatus.PROCESSED and floorplan.graph["walls"]
    assert not worker_media.exists() or stored_files(worker_media) == []

    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/v1/floorplans/{floorplan.id}/").status_code == 204
    assert s3.keys() == []


def test_the_stored_object_is_the_uploaded_bytes(api, plan_pdf, s3):
    upload = api.post("/api/v1/floorplans/", {"file": pdf_upload(plan_pdf)}, format="multipart")

    floorplan = Floorplan.objects.get(id=upload.json()["floorplan"]["id"])
    with default_storage.open(floorplan.file.name, "rb") as stored:
        assert stored.read() == plan_pdf
    body = s3.client().get_object(Bucket=s3.bucket, Key=f"uploads/{floorplan.file.name}")["Body"]
    assert body.read() == plan_pdf


def test_a_probe_reads_back_from_the_bucket_only_on_a_worker_told_the_bucket(s3, user, tmp_path):
    stored = store_probe_object()
    assert s3.keys() == [f"uploads/{stored['read']}"]

    told = Cluster(MEDIA_ROOT=str(tmp_path / "worker-media"), **s3.env()).start()
    try:
        present = probe_job(user, **stored, seconds=0.1)
        missing = probe_job(user, read="probes/never-stored.bin", sha256=stored["sha256"])
        wait_finished(present, missing)
    finally:
        told.kill()
    # A worker left on its own disk (no S3_BUCKET): what a forgotten setting looks like.
    untold = Cluster(MEDIA_ROOT=str(tmp_path / "worker-media")).start()
    try:
        not_told = probe_job(user, **stored)
        wait_finished(not_told)
    finally:
        untold.kill()

    assert present.status == JobStatus.SUCCEEDED, told.output()[-2000:]
    for job in (missing, not_told):
        assert (job.status, job.error_code, job.attempts) == (
            JobStatus.FAILED, "storage_unreadable", 1,
        )  # fmt: skip
        assert "this worker cannot read what the web tier stored: " in job.error_message
        assert "FileNotFoundError" in job.error_message
    assert "configure the same object storage (S3_BUCKET" in not_told.error_message
