"""The upload bench's baseline must do what its name says: receive and parse the same
multipart body as the upload view. With the project's JSON-only default parsers it
answered 415 without reading the body, and every upload ratio was measured against that."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bench import bench_api


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
