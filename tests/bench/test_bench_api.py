"""The upload bench's baselines must do what their names say. The bare view receives and
parses the same multipart body as the upload view (with the project's JSON-only default
parsers it answered 415 without reading the body, and every upload ratio was measured
against that); the floor view does the work any upload must do."""

import hashlib
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bench import bench_api
from jobs.models import AsyncJob


def test_the_bare_view_parses_the_same_multipart_body_as_an_upload(user, settings):
    bench_api.wsgi_app()  # fills the bench's own urlconf
    settings.ROOT_URLCONF = "bench.bench_api"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    pdf = SimpleUploadedFile("plan.pdf", bench_api.padded_pdf(20_000), "application/pdf")

    answer = client.post(f"/bench/constant/{uuid.uuid4()}/", {"file": pdf}, format="multipart")

    assert answer.status_code == 202


def test_a_baseline_answering_an_error_counts_as_failed_requests():
    answered = {name: {"statuses": {200: 10}} for name in bench_api.MEASURED}
    answered["upload_bare"] = {"statuses": {415: 10}}

    assert bench_api.failed_requests([answered]) == 10


def test_the_floor_view_does_the_required_work_of_an_upload(user, settings, tmp_path):
    bench_api.wsgi_app()
    settings.ROOT_URLCONF = "bench.bench_api"
    settings.MEDIA_ROOT = tmp_path
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    body = bench_api.padded_pdf(20_000)

    answer = client.post(
        "/bench/floor/", {"file": SimpleUploadedFile("plan.pdf", body)}, format="multipart"
    )

    assert answer.status_code == 202
    job = AsyncJob.objects.get(id=answer.json()["id"])
    assert job.floorplan.owner == user
    assert job.floorplan.sha256 == hashlib.sha256(body).hexdigest()
    assert job.floorplan.file.read() == body
