"""POST /api/v1/floorplans/: what is stored for a good PDF, and nothing for a bad one."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from floorplans.models import Floorplan, FloorplanStatus
from floorplans.samples import bad_pdfs
from jobs.models import AsyncJob, JobStatus, JobType
from tests.api.conftest import pdf_upload, stored_files

URL = "/api/v1/floorplans/"


def post_plan(client, data: bytes | None = None, *, headers=None, **fields):
    payload = dict(fields)
    if data is not None:
        payload["file"] = pdf_upload(data, fields.pop("filename", "ground floor.pdf"))
    payload.pop("filename", None)
    return client.post(URL, payload, format="multipart", headers=headers or {})


def assert_nothing_left_behind(media_root) -> None:
    assert Floorplan.objects.count() == 0
    assert AsyncJob.objects.count() == 0
    assert stored_files(media_root) == []


def test_upload_stores_the_pdf_and_queues_an_ingest_job(api, user, plan_pdf, media_root):
    response = post_plan(api, plan_pdf, name="Ground floor", page=0, scale="1:50")

    assert response.status_code == 202, response.json()
    body = response.json()
    floorplan = Floorplan.objects.get()
    job = AsyncJob.objects.get()
    assert body["floorplan"]["id"] == str(floorplan.id)
    assert body["job"]["id"] == str(job.id)
    assert body["job"]["status"] == "queued" and body["job"]["job_type"] == "ingest"
    assert body["status_url"] == f"http://testserver/api/v1/jobs/{job.id}/"
    assert response["Location"] == body["status_url"]
    assert response["Retry-After"] == "2"
    assert body["reused_graph_from"] is None
    # The row describes the upload; the job belongs to the same user and plan.
    assert floorplan.owner == user and job.owner == user and job.floorplan == floorplan
    assert (floorplan.name, floorplan.scale_override, floorplan.page_count) == (
        "Ground floor",
        "1:50",
        1,
    )
    assert floorplan.status == FloorplanStatus.UPLOADED
    assert floorplan.file_size == len(plan_pdf) and len(floorplan.sha256) == 64
    assert job.job_type == JobType.INGEST and job.status == JobStatus.QUEUED
    # Stored under the plan's uuid, never the client's name; the bytes are intact.
    assert floorplan.file.name == f"floorplans/{user.id}/{floorplan.id}.pdf"
    assert [p.name for p in stored_files(media_root)] == [f"{floorplan.id}.pdf"]
    with floorplan.file.open("rb") as stored:
        assert stored.read() == plan_pdf


def test_upload_without_a_name_is_named_after_the_sanitised_file(api, plan_pdf):
    response = post_plan(api, plan_pdf, filename="../../etc/pass\x00wd\u202e plan.PDF")

    assert response.status_code == 202
    floorplan = Floorplan.objects.get()
    assert floorplan.original_filename == "passwd plan.PDF"
    assert "/" not in floorplan.original_filename
    assert floorplan.name == "passwd plan"


def test_upload_is_queued_for_the_cluster_only_after_commit(
    api, plan_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = post_plan(api, plan_pdf)
    assert response.status_code == 202
    assert len(callbacks) == 1  # jobs.services enqueues on commit, never inside the transaction


@pytest.mark.parametrize(
    ("data", "fields", "code", "field"),
    [
        (bad_pdfs.not_a_pdf(), {}, "not_a_pdf", "file"),
        (bad_pdfs.zero_bytes(), {}, "not_a_pdf", "file"),
        (bad_pdfs.truncated(), {}, "corrupt_pdf", "file"),
        (bad_pdfs.encrypted(), {}, "encrypted_pdf", "file"),
        (bad_pdfs.zero_pages(), {}, "empty_pdf", "file"),
        ("plan", {"page": 1}, "page_out_of_range", "page"),
        ("plan", {"scale": "about one to fifty"}, "invalid_scale", "scale"),
        ("plan", {"page": -1}, "invalid", "page"),
        ("plan", {"name": "x" * 201}, "invalid", "name"),
    ],
)
def test_rejected_upload_says_why_and_leaves_nothing_behind(
    api, plan_pdf, media_root, data, fields, code, field
):
    response = post_plan(api, plan_pdf if data == "plan" else data, **fields)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code and body["field"] == field
    assert body["detail"]
    assert_nothing_left_behind(media_root)


def test_upload_when_storage_fails_is_503_and_leaves_no_rows(api, settings, plan_pdf, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("storage cannot create folders below a file")
    settings.MEDIA_ROOT = blocker / "media"

    response = post_plan(api, plan_pdf)

    assert response.status_code == 503
    assert response.json()["code"] == "storage_unavailable"
    assert not Floorplan.objects.exists() and not AsyncJob.objects.exists()


def test_upload_without_a_file_is_file_required(api, media_root):
    response = api.post(URL, {"name": "No file"}, format="multipart")

    assert response.status_code == 400
    assert response.json() == {
        "code": "file_required",
        "detail": "Attach the floor-plan PDF as the multipart field `file`.",
        "field": "file",
    }
    assert_nothing_left_behind(media_root)


def test_oversized_upload_is_stopped_while_streaming(api, settings, plan_pdf, media_root):
    settings.UPLOAD_MAX_BYTES = 1024  # the plan is ~4.5 KB; Content-Length passes (slack)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # force the temporary-file handler

    response = post_plan(api, plan_pdf)

    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"
    assert response.json()["field"] == "file"
    assert_nothing_left_behind(media_root)


def test_oversized_body_is_refused_from_its_content_length(api, settings, media_root):
    settings.UPLOAD_MAX_BYTES = 1024
    big = b"%PDF-1.4\n" + b"0" * (200 * 1024)

    response = post_plan(api, big)

    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"
    assert_nothing_left_behind(media_root)


@pytest.mark.parametrize(
    ("body", "media_type"),
    [(b'{"name": "x"}', "application/json"), (b"%PDF-1.4", "application/pdf")],
)
def test_upload_in_another_media_type_than_multipart_is_415(api, media_root, body, media_type):
    response = api.post(URL, body, content_type=media_type)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert_nothing_left_behind(media_root)


def test_repeated_idempotency_key_returns_the_original_job(api, plan_pdf, media_root):
    first = post_plan(api, plan_pdf, headers={"Idempotency-Key": "upload-42"})
    again = post_plan(api, plan_pdf, headers={"Idempotency-Key": "upload-42"})

    assert first.status_code == again.status_code == 202
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert Floorplan.objects.count() == 1 and AsyncJob.objects.count() == 1
    assert len(stored_files(media_root)) == 1


def test_idempotency_key_is_per_user(api, other_api, plan_pdf):
    mine = post_plan(api, plan_pdf, headers={"Idempotency-Key": "same"})
    theirs = post_plan(other_api, plan_pdf, headers={"Idempotency-Key": "same"})

    assert mine.status_code == theirs.status_code == 202
    assert mine.json()["job"]["id"] != theirs.json()["job"]["id"]
    assert AsyncJob.objects.count() == 2


def test_idempotency_key_reused_for_other_bytes_is_a_conflict(api, plan_pdf, media_root):
    post_plan(api, plan_pdf, headers={"Idempotency-Key": "k1"})
    other = bad_pdfs.encrypted()

    response = post_plan(api, other, headers={"Idempotency-Key": "k1"})

    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert Floorplan.objects.count() == 1 and len(stored_files(media_root)) == 1


def test_overlong_idempotency_key_is_invalid(api, plan_pdf, media_root):
    response = post_plan(api, plan_pdf, headers={"Idempotency-Key": "k" * 201})

    assert response.status_code == 400
    assert response.json()["field"] == "Idempotency-Key"
    assert_nothing_left_behind(media_root)


def test_same_bytes_again_reuse_the_processed_graph(api, user, plan_pdf, plan_graph):
    first = post_plan(api, plan_pdf, scale="1:50")
    earlier = Floorplan.objects.get(id=first.json()["floorplan"]["id"])
    Floorplan.objects.filter(id=earlier.id).update(
        status=FloorplanStatus.PROCESSED, graph=plan_graph
    )

    response = post_plan(api, plan_pdf, scale="1:50")

    assert response.status_code == 202
    body = response.json()
    assert body["reused_graph_from"] == str(earlier.id)
    again = Floorplan.objects.get(id=body["floorplan"]["id"])
    assert again.id != earlier.id
    assert again.status == FloorplanStatus.PROCESSED and again.graph == plan_graph
    assert body["floorplan"]["status"] == "processed"
    assert AsyncJob.objects.get(id=body["job"]["id"]).payload == {
        "reuse_graph_from": str(earlier.id)
    }


def test_same_bytes_with_another_scale_are_processed_afresh(api, plan_pdf, plan_graph):
    first = post_plan(api, plan_pdf, scale="1:50")
    Floorplan.objects.filter(id=first.json()["floorplan"]["id"]).update(
        status=FloorplanStatus.PROCESSED, graph=plan_graph
    )

    response = post_plan(api, plan_pdf, scale="1:100")

    assert response.json()["reused_graph_from"] is None
    assert response.json()["floorplan"]["status"] == "uploaded"


def test_logged_in_user_can_upload_from_the_browsable_api(client, user, plan_pdf):
    client.force_login(user)
    form = client.get(URL, headers={"Accept": "text/html"})
    assert form.status_code == 200
    assert b'type="file"' in form.content and b'name="file"' in form.content

    response = client.post(
        URL,
        {"file": SimpleUploadedFile("plan.pdf", plan_pdf), "name": "From the form"},
        headers={"Accept": "text/html"},
    )

    assert response.status_code == 202
    assert Floorplan.objects.get().name == "From the form"


def test_session_upload_without_csrf_token_is_refused(user, plan_pdf, media_root):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(URL, {"file": SimpleUploadedFile("plan.pdf", plan_pdf)})

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert_nothing_left_behind(media_root)


def test_upload_route_is_named(db):
    assert reverse("api:floorplan-list") == URL


def statements(queries) -> list[str]:
    """``"VERB table"`` for each statement sent, leaving out the savepoints of the test's
    own transaction (in production the service's atomic block is BEGIN ... COMMIT)."""
    out = []
    for query in queries:
        verb = query["sql"].split(None, 1)[0].upper()
        if verb not in ("SAVEPOINT", "RELEASE"):
            table = re.search(r'(?:FROM|INTO|UPDATE) "(\w+)"', query["sql"])
            out.append(f"{verb} {table.group(1) if table else '?'}")
    return out


# Each round trip of an upload, and why (the service time in bench_api.py is mostly these
# and the checks of the bytes): the count may only go down.
UPLOAD_STATEMENTS = [
    "SELECT authtoken_token",  # TokenAuthentication: the token with its user
    "SELECT floorplans_floorplan",  # an earlier processed upload of these bytes: reuse it
    "INSERT floorplans_floorplan",
    "INSERT jobs_asyncjob",  # the ingest job, enqueued on commit
]


def test_an_upload_makes_only_the_counted_queries(api, plan_pdf):
    with CaptureQueriesContext(connection) as queries:
        response = post_plan(api, plan_pdf)

    assert response.status_code == 202
    assert statements(queries.captured_queries) == UPLOAD_STATEMENTS


def test_an_upload_with_a_key_adds_one_lookup_and_a_replay_makes_two(api, plan_pdf):
    with CaptureQueriesContext(connection) as first:
        post_plan(api, plan_pdf, headers={"Idempotency-Key": "k"})
    with CaptureQueriesContext(connection) as replay:
        again = post_plan(api, plan_pdf, headers={"Idempotency-Key": "k"})

    key_lookup = "SELECT jobs_asyncjob"  # an earlier job under this key (with its plan)
    assert statements(first.captured_queries) == [
        UPLOAD_STATEMENTS[0],
        key_lookup,
        *UPLOAD_STATEMENTS[1:],
    ]
    assert again["Idempotent-Replayed"] == "true"
    assert statements(replay.captured_queries) == [UPLOAD_STATEMENTS[0], key_lookup]
