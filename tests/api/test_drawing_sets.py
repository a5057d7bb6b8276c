"""drawing-sets/ over HTTP (jobs run in-process): shapes, ownership, idempotency,
throttles, the building BOM and its CSV."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from floorplans.models import DrawingSet, Floorplan
from floorplans.samples.drawing_set import building_set, render_set
from jobs.models import AsyncJob
from tests.api.conftest import pdf_upload, stored_files
from tests.factories import seed_catalogue
from tests.floorplans.test_drawing_sets import drain

pytestmark = pytest.mark.django_db(transaction=True)
SHEET_KEYS = {
    "page",
    "kind",
    "number",
    "title",
    "scale",
    "evidence",
    "floorplan",
    "status",
    "error",
}


@pytest.fixture(scope="module")
def set_pdf() -> bytes:
    return render_set(building_set(levels=2))


def post_set(api, data: bytes, key: str | None = None, **fields):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post(
        "/api/v1/drawing-sets/",
        {"file": pdf_upload(data, "tower set.pdf"), **fields},
        format="multipart",
        **headers,
    )


def test_upload_answers_202_with_the_set_its_job_and_where_to_poll(api, set_pdf):
    response = post_set(api, set_pdf, name="Tower", scale="1:50")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert set(body) == {"drawing_set", "job", "status_url"}
    assert response["Location"] == body["status_url"] == body["job"]["url"]
    assert body["drawing_set"]["name"] == "Tower" and body["drawing_set"]["page_count"] == 10
    assert body["drawing_set"]["status"] == "uploaded" and body["job"]["job_type"] == "ingest_set"
    assert DrawingSet.objects.get().job_id == AsyncJob.objects.get().id


def test_the_set_lists_its_sheets_with_their_floor_plans_once_ingested(
    api, set_pdf, django_assert_max_num_queries
):
    set_id = post_set(api, set_pdf).json()["drawing_set"]["id"]
    drain()
    with django_assert_max_num_queries(8):
        detail = api.get(f"/api/v1/drawing-sets/{set_id}/").json()
    assert detail["status"] == "processed" and detail["error"] is None
    sheets = detail["sheets"]
    assert [s["page"] for s in sheets] == list(range(10))
    assert all(set(s) == SHEET_KEYS for s in sheets)
    plans = [s for s in sheets if s["kind"] == "floor_plan"]
    assert [(s["number"], s["title"], s["status"]) for s in plans] == [
        ("A-101", "FIRST FLOOR PLAN", "processed"),
        ("A-102", "SECOND FLOOR PLAN", "processed"),
    ]
    assert plans[0]["scale"] and plans[0]["evidence"] == ["title 'FIRST FLOOR PLAN'"]
    floorplan = api.get(f"/api/v1/floorplans/{plans[0]['floorplan']}/").json()
    assert floorplan["page_index"] == 1 and floorplan["graph"]["walls"]
    others = [s for s in sheets if s["kind"] != "floor_plan"]
    assert all(s["floorplan"] is None and s["status"] is None for s in others)
    listing = api.get("/api/v1/drawing-sets/").json()
    assert [row["id"] for row in listing["results"]] == [set_id]
    assert "sheets" not in listing["results"][0]


def test_generate_prices_the_building_and_the_csv_adds_up(api, set_pdf):
    seed_catalogue()
    set_id = post_set(api, set_pdf).json()["drawing_set"]["id"]
    drain()
    response = api.post(
        f"/api/v1/drawing-sets/{set_id}/generate/", {"stud_spacing": 24}, format="json"
    )
    assert response.status_code == 202, response.json()
    assert response.json()["job"]["job_type"] == "generate_set"
    drain()
    job = api.get(response["Location"]).json()
    assert job["status"] == "succeeded", job
    bom = api.get(job["result_url"]).json()
    assert [row["number"] for row in bom["sheets"]] == ["A-101", "A-102"]
    assert Decimal(bom["total"]) == sum(Decimal(row["total"]) for row in bom["sheets"])
    assert bom["options"] == {"stud_spacing": 24}
    for row in bom["sheets"]:
        sheet_bom = api.get(f"/api/v1/boms/{row['bom']}/").json()
        assert sheet_bom["floorplan"] == row["floorplan"] and sheet_bom["total"] == row["total"]
    download = api.get(bom["export_url"])
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + len(bom["line_items"])  # the header, then one row per line
    assert sum(Decimal(row[6]) for row in rows[1:]) == Decimal(bom["total"])
    assert api.get(f"/api/v1/drawing-sets/{set_id}/").json()["bom_url"].endswith("/bom/")


def test_generate_for_a_subset_of_sheets_prices_only_those(api, set_pdf):
    seed_catalogue()
    set_id = post_set(api, set_pdf).json()["drawing_set"]["id"]
    drain()
    first = Floorplan.objects.get(page_index=1)
    response = api.post(
        f"/api/v1/drawing-sets/{set_id}/generate/", {"floorplans": [str(first.id)]}, format="json"
    )
    assert response.status_code == 202, response.json()
    drain()
    bom = api.get(f"/api/v1/drawing-sets/{set_id}/bom/").json()
    assert [row["floorplan"] for row in bom["sheets"]] == [str(first.id)]


def test_generate_before_the_sheets_are_processed_is_a_conflict(api, set_pdf):
    set_id = post_set(api, set_pdf).json()["drawing_set"]["id"]
    response = api.post(f"/api/v1/drawing-sets/{set_id}/generate/", {}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "drawing_set_not_ready"
    assert api.get(f"/api/v1/drawing-sets/{set_id}/bom/").json()["code"] == "no_bom"


def test_another_users_set_is_not_found_for_every_action(api, other_api, set_pdf, media_root):
    set_id = post_set(api, set_pdf).json()["drawing_set"]["id"]
    for method, path in [
        ("get", f"/api/v1/drawing-sets/{set_id}/"),
        ("delete", f"/api/v1/drawing-sets/{set_id}/"),
        ("post", f"/api/v1/drawing-sets/{set_id}/generate/"),
        ("get", f"/api/v1/drawing-sets/{set_id}/bom/"),
        ("get", f"/api/v1/drawing-sets/{set_id}/bom.csv"),
    ]:
        response = getattr(other_api, method)(path, format="json")
        assert response.status_code == 404, (method, path)
    assert other_api.get("/api/v1/drawing-sets/").json()["results"] == []
    assert DrawingSet.objects.count() == 1 and stored_files(media_root)


def test_a_repeated_idempotency_key_replays_the_upload(api, set_pdf):
    first = post_set(api, set_pdf, key="set-1")
    again = post_set(api, set_pdf, key="set-1")
    assert again.status_code == 202 and again["Idempotent-Replayed"] == "true"
    assert again.json()["drawing_set"]["id"] == first.json()["drawing_set"]["id"]
    assert DrawingSet.objects.count() == 1 and AsyncJob.objects.count() == 1
    other_file = post_set(api, render_set(building_set(levels=1)), key="set-1")
    assert other_file.status_code == 409 and other_file.json()["code"] == "idempotency_key_reused"


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"scale": "big"}, "invalid_scale", "scale"),
        ({"sheet_scales": "{not json"}, "invalid_scale", "sheet_scales"),
        ({"sheet_scales": json.dumps({"99": "1:50"})}, "page_out_of_range", "sheet_scales"),
        ({"sheet_scales": json.dumps({"1": "huge"})}, "invalid_scale", "scale"),
    ],
)
def test_bad_scales_are_refused_and_nothing_is_stored(
    api, set_pdf, media_root, fields, code, field
):
    response = post_set(api, set_pdf, **fields)
    assert response.status_code == 400
    assert (response.json()["code"], response.json().get("field")) == (code, field)
    assert not DrawingSet.objects.exists() and not stored_files(media_root)


def test_a_file_that_is_not_a_pdf_is_refused(api, media_root):
    response = post_set(api, b"GIF89a")
    assert response.status_code == 400 and response.json()["code"] == "not_a_pdf"
    assert not stored_files(media_root)


def test_set_uploads_share_the_upload_throttle(api, set_pdf, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"uploads": "1/hour", "jobs": "100/hour", "auth": "9/min"},
    }
    assert post_set(api, set_pdf).status_code == 202
    refused = post_set(api, set_pdf)
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"


def test_delete_removes_the_set_its_floor_plans_jobs_and_file(api, set_pdf, media_root):
    set_id = post_set(api, set_pdf).json()["drawing_set"]["id"]
    drain()
    assert api.delete(f"/api/v1/drawing-sets/{set_id}/").status_code == 204
    assert not DrawingSet.objects.exists() and not Floorplan.objects.exists()
    assert not AsyncJob.objects.exists() and not stored_files(media_root)


def test_a_repeated_generate_with_the_same_key_queues_one_job(api, set_pdf):
    seed_catalogue()
    set_id = post_set(api, set_pdf).json()["drawing_set"]["id"]
    drain()
    url = f"/api/v1/drawing-sets/{set_id}/generate/"
    first = api.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="bom-1")
    again = api.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="bom-1")
    assert first.status_code == again.status_code == 202
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["job"]["id"] == first.json()["job"]["id"]
    assert AsyncJob.objects.filter(job_type="generate_set").count() == 1
