"""Floor-plan routes other than upload: list, detail, delete, preview.svg, generate."""

from __future__ import annotations

import pytest

from floorplans.models import BOM, Floorplan, FloorplanStatus
from jobs.models import AsyncJob, JobType
from jobs.services import job_create
from tests.api.conftest import stored_files


def detail(floorplan) -> str:
    return f"/api/v1/floorplans/{floorplan.id}/"


def test_list_shows_only_my_floor_plans_as_summaries_without_their_graphs(
    api, user, other_user, make_floorplan, plan_graph, django_assert_num_queries
):
    mine = [make_floorplan(user, name=f"Plan {n}") for n in range(3)]
    make_floorplan(other_user, name="Not yours")

    with django_assert_num_queries(3):  # token, count, page: not one per plan
        response = api.get("/api/v1/floorplans/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [item["id"] for item in body["results"]] == [str(p.id) for p in reversed(mine)]
    first = body["results"][0]
    assert "graph" not in first
    assert first["counts"] == {
        "walls": len(plan_graph["walls"]),
        "openings": len(plan_graph["openings"]),
        "rooms": len(plan_graph["rooms"]),
    }
    assert first["drawing_scale"] == plan_graph["scale"]
    assert first["review_required"] is False
    assert first["status"] == "processed"
    assert first["preview_url"] == f"http://testserver{detail(mine[-1])}preview.svg"
    assert first["status_url"] == f"http://testserver/api/v1/status/{mine[-1].id}/"
    assert api.get(first["url"]).json()["graph"] == plan_graph  # the detail keeps it


def test_list_summary_of_an_unprocessed_plan_has_no_counts_and_a_flagged_one_says_so(
    api, user, make_floorplan, plan_graph
):
    make_floorplan(user, name="Waiting", status=FloorplanStatus.UPLOADED)
    flagged = {**plan_graph, "review_required": True, "review_reasons": ["Few walls."]}
    make_floorplan(user, name="Flagged", graph=flagged, review_required=True)

    rows = {row["name"]: row for row in api.get("/api/v1/floorplans/").json()["results"]}

    waiting = rows["Waiting"]
    assert waiting["counts"] is None and waiting["drawing_scale"] is None
    assert waiting["review_required"] is None and waiting["preview_url"] is None
    assert rows["Flagged"]["review_required"] is True


def test_list_never_loads_the_graphs(user, make_floorplan):
    from floorplans.selectors import floorplan_summaries

    make_floorplan(user)
    (row,) = floorplan_summaries(user=user)
    assert "graph" in row.get_deferred_fields()


def test_list_paginates(api, user, make_floorplan):
    for n in range(3):
        make_floorplan(user, name=f"Plan {n}")

    body = api.get("/api/v1/floorplans/?limit=2").json()

    assert body["count"] == 3 and len(body["results"]) == 2
    assert "offset=2" in body["next"]


def test_detail_of_an_unprocessed_plan_has_no_graph_yet(api, user, make_floorplan):
    floorplan = make_floorplan(user, status=FloorplanStatus.UPLOADED)

    body = api.get(detail(floorplan)).json()

    assert body["id"] == str(floorplan.id)
    assert body["status"] == "uploaded"
    assert body["graph"] is None and body["preview_url"] is None and body["error"] is None


def test_detail_of_a_failed_plan_says_why(api, user, make_floorplan):
    floorplan = make_floorplan(
        user,
        status=FloorplanStatus.ERROR,
        error_code="no_vector_content",
        error_message="This page has no vector drawing.",
    )

    body = api.get(detail(floorplan)).json()

    assert body["error"] == {
        "code": "no_vector_content",
        "detail": "This page has no vector drawing.",
    }


def test_delete_removes_the_plan_its_jobs_boms_and_file(
    api, user, make_floorplan, make_bom, media_root, django_capture_on_commit_callbacks
):
    floorplan = make_floorplan(user)
    make_bom(floorplan)
    AsyncJob.objects.create(job_type=JobType.INGEST, owner=user, floorplan=floorplan)
    assert len(stored_files(media_root)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(detail(floorplan))

    assert response.status_code == 204
    assert not Floorplan.objects.exists()
    assert not BOM.objects.exists() and not AsyncJob.objects.exists()
    assert stored_files(media_root) == []


def test_preview_is_an_svg_of_the_extracted_plan(api, user, make_floorplan):
    floorplan = make_floorplan(user)

    response = api.get(f"{detail(floorplan)}preview.svg", headers={"Accept": "image/svg+xml"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<svg") and 'id="walls"' in svg and "<polygon" in svg


def test_preview_of_an_unprocessed_plan_is_a_409_in_json(api, user, make_floorplan):
    floorplan = make_floorplan(user, status=FloorplanStatus.PROCESSING)

    response = api.get(f"{detail(floorplan)}preview.svg", headers={"Accept": "image/svg+xml"})

    assert response.status_code == 409
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "floorplan_not_ready"


# --- generate -------------------------------------------------------------------------


def generate(client, floorplan, options=None, **headers):
    return client.post(
        f"{detail(floorplan)}generate/", options or {}, format="json", headers=headers
    )


def test_generate_queues_a_job_with_the_options(api, user, make_floorplan):
    floorplan = make_floorplan(user)

    response = generate(api, floorplan, {"unit_system": "metric", "stud_spacing": 600})

    assert response.status_code == 202
    body = response.json()
    job = AsyncJob.objects.get()
    assert job.job_type == JobType.GENERATE and job.floorplan == floorplan and job.owner == user
    assert job.payload == {
        "options": {"unit_system": "metric", "stud_spacing": 600},
        "revision": 0,  # the current one: none named
    }
    assert body["job"]["id"] == str(job.id) and body["job"]["job_type"] == "generate"
    assert body["floorplan"]["id"] == str(floorplan.id)
    assert response["Location"] == body["status_url"] == f"http://testserver/api/v1/jobs/{job.id}/"
    assert response["Retry-After"] == "2"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"stud_spacing": 17}, "stud_spacing"),
        ({"wall_height": "tall"}, "wall_height"),
        ({"colour": "red"}, "colour"),
        ({"unit_system": "metric", "wall_height": 9}, "wall_height"),
        ({"flooring": {"BATH": "marble"}}, "flooring"),
    ],
)
def test_generate_refuses_bad_options_naming_the_field(api, user, make_floorplan, options, field):
    floorplan = make_floorplan(user)

    response = generate(api, floorplan, options)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_option"
    assert response.json()["field"] == field
    assert not AsyncJob.objects.exists()


def test_generate_refuses_a_json_body_that_is_not_an_object(api, user, make_floorplan):
    floorplan = make_floorplan(user)

    response = api.post(f"{detail(floorplan)}generate/", [1, 2], format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_option"
    assert not AsyncJob.objects.exists()


def test_generate_takes_json_only_as_its_schema_says(api, user, make_floorplan):
    floorplan = make_floorplan(user)

    response = api.post(f"{detail(floorplan)}generate/", {"paint_coats": "2"}, format="multipart")

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert not AsyncJob.objects.exists()


def test_every_request_body_is_advertised_in_the_one_media_type_its_view_parses(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    bodies = {
        (method, path): list(operation["requestBody"]["content"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    }
    assert all(len(media_types) == 1 for media_types in bodies.values()), bodies
    assert bodies == {
        **bodies,
        ("post", "/api/v1/floorplans/"): ["multipart/form-data"],
        ("post", "/api/v1/floorplans/{id}/generate/"): ["application/json"],
        ("post", "/api/v1/auth/token/"): ["application/json"],
    }


@pytest.mark.parametrize(
    "status", [FloorplanStatus.UPLOADED, FloorplanStatus.PROCESSING, FloorplanStatus.ERROR]
)
def test_generate_waits_for_a_processed_plan(api, user, make_floorplan, status):
    floorplan = make_floorplan(user, status=status)

    response = generate(api, floorplan)

    assert response.status_code == 409
    assert response.json()["code"] == "floorplan_not_ready"
    assert not AsyncJob.objects.exists()


def test_generate_refuses_a_plan_without_a_scale(api, user, make_floorplan, plan_graph):
    floorplan = make_floorplan(user, graph={**plan_graph, "scale": None})

    response = generate(api, floorplan)

    assert response.status_code == 409
    assert response.json()["code"] == "no_scale"
    assert not AsyncJob.objects.exists()


def test_generate_with_a_repeated_idempotency_key_returns_the_first_job(api, user, make_floorplan):
    floorplan = make_floorplan(user)

    first = generate(api, floorplan, {"stud_spacing": 24}, **{"Idempotency-Key": "gen-1"})
    again = generate(api, floorplan, {"stud_spacing": 24}, **{"Idempotency-Key": "gen-1"})

    assert first.status_code == again.status_code == 202
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert AsyncJob.objects.count() == 1


def test_idempotency_key_of_an_upload_cannot_start_a_generate(api, user, make_floorplan):
    floorplan = make_floorplan(user)
    job_create(job_type=JobType.INGEST, owner=user, floorplan=floorplan, idempotency_key="k")

    response = generate(api, floorplan, **{"Idempotency-Key": "k"})

    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert AsyncJob.objects.count() == 1


# --- ownership ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("delete", ""), ("get", "preview.svg"), ("post", "generate/")],
)
def test_another_users_floor_plan_is_not_found(
    other_api, user, make_floorplan, media_root, method, suffix
):
    floorplan = make_floorplan(user)

    response = getattr(other_api, method)(f"{detail(floorplan)}{suffix}", format="json")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found."}
    floorplan.refresh_from_db()  # still there, untouched
    assert len(stored_files(media_root)) == 1 and not AsyncJob.objects.exists()


def test_malformed_id_is_not_found_in_json(api):
    response = api.get("/api/v1/floorplans/not-a-uuid/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
