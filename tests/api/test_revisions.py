"""Corrections through the API: revisions are numbered, immutable, owned, and priced.

The tiny room (conftest) is one 224.4 x 165.36 pt room (r1) at 1:50, walls w1-w4.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from floorplans.models import BOM, Floorplan, FloorplanRevision
from floorplans.services import bom_generate_request
from jobs.runner import run_job
from tests.factories import seed_catalogue

SET_SCALE_100 = {"op": "set_scale", "text": "1:100"}


def revise(api, floorplan, *operations, **extra):
    return api.post(
        f"/api/v1/floorplans/{floorplan.id}/revisions/",
        {"operations": list(operations), **extra},
        format="json",
    )


def test_a_correction_makes_revision_1_and_the_plan_shows_it(api, user, make_floorplan):
    floorplan = make_floorplan(user)
    extracted = floorplan.graph

    response = revise(api, floorplan, SET_SCALE_100, {"op": "rename_room", "room": "r1",
                                                      "label": "STUDIO"})  # fmt: skip

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"] == 1 and body["created_by"] == "estimator" and body["created_at"]
    assert body["operations"][0] == SET_SCALE_100
    assert body["changes"][0].startswith("scale set to 1:100: lengths x2")
    assert body["changes"][1] == "room r1 renamed ROOM -> STUDIO"
    detail = api.get(f"/api/v1/floorplans/{floorplan.id}/").json()
    assert detail["revision"] == 1
    assert detail["graph"]["scale"]["text"] == "1:100"
    assert detail["graph"]["rooms"][0]["label"] == "STUDIO"
    # Revision 0 keeps the graph as extracted.
    assert FloorplanRevision.objects.get(floorplan=floorplan, number=0).graph == extracted


def test_revisions_list_newest_first_with_who_and_what(
    api, user, make_floorplan, django_assert_num_queries
):
    floorplan = make_floorplan(user)
    revise(api, floorplan, SET_SCALE_100)
    revise(api, floorplan, {"op": "exclude_wall", "wall": "w2"})

    with django_assert_num_queries(4):  # token, floor plan, count, page (with authors)
        body = api.get(f"/api/v1/floorplans/{floorplan.id}/revisions/").json()

    assert [r["number"] for r in body["results"]] == [2, 1, 0]
    assert body["results"][0]["changes"] == [
        "wall w2 excluded from the takeoff (with its openings)"
    ]
    assert body["results"][2]["created_by"] is None  # the extraction


def test_an_invalid_operation_is_a_400_naming_it_and_changes_nothing(api, user, make_floorplan):
    floorplan = make_floorplan(user)

    response = revise(api, floorplan, SET_SCALE_100, {"op": "merge_rooms", "rooms": ["r1", "r7"]})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_operation" and body["field"] == "operations[1]"
    assert "there is no room 'r7'" in body["detail"]
    floorplan.refresh_from_db()
    assert floorplan.revision == 0 and floorplan.graph["scale"]["text"] == "1:50"
    assert not FloorplanRevision.objects.exists()


def test_a_correction_based_on_an_old_revision_is_a_conflict(api, user, make_floorplan):
    floorplan = make_floorplan(user)
    revise(api, floorplan, SET_SCALE_100)

    response = revise(api, floorplan, {"op": "exclude_room", "room": "r1"}, base_revision=0)

    assert response.status_code == 409 and response.json()["code"] == "revision_conflict"
    assert Floorplan.objects.get(id=floorplan.id).revision == 1


def test_revisions_cannot_be_changed_or_deleted_through_the_api(api, user, make_floorplan):
    floorplan = make_floorplan(user)
    revise(api, floorplan, SET_SCALE_100)
    url = f"/api/v1/floorplans/{floorplan.id}/revisions/"

    assert api.put(url, {"operations": []}, format="json").status_code == 405
    assert api.delete(url).status_code == 405
    assert FloorplanRevision.objects.get(number=1).operations == [SET_SCALE_100]


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_revisions_are_not_found(other_api, user, make_floorplan, method):
    floorplan = make_floorplan(user)

    response = getattr(other_api, method)(
        f"/api/v1/floorplans/{floorplan.id}/revisions/",
        {"operations": [SET_SCALE_100]},
        format="json",
    )

    assert response.status_code == 404
    assert Floorplan.objects.get(id=floorplan.id).revision == 0


def test_generate_refuses_a_revision_that_does_not_exist(api, user, make_floorplan):
    floorplan = make_floorplan(user)

    response = api.post(
        f"/api/v1/floorplans/{floorplan.id}/generate/", {"revision": 3}, format="json"
    )

    assert response.status_code == 400 and response.json()["code"] == "revision_not_found"


def _priced(user, floorplan, options) -> BOM:
    floorplan.refresh_from_db()  # as a request would load it
    job = bom_generate_request(floorplan=floorplan, owner=user, options=options).job
    run_job(job.id)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error_message
    return BOM.objects.get(id=job.result_ref.removeprefix("bom:"))


@pytest.mark.django_db(transaction=True)
def test_each_bom_records_its_revision_and_stays_as_priced(api, user, make_floorplan):
    seed_catalogue()
    floorplan = make_floorplan(user)
    revise(api, floorplan, SET_SCALE_100)
    first = _priced(user, floorplan, {"unit_system": "metric"})
    first_lines = list(first.line_items)

    revise(api, floorplan, {"op": "exclude_wall", "wall": "w1"})
    second = _priced(user, floorplan, {"unit_system": "metric"})
    again_1 = _priced(user, floorplan, {"unit_system": "metric", "revision": 1})
    at_extraction = _priced(user, floorplan, {"unit_system": "metric", "revision": 0})

    first.refresh_from_db()
    assert (first.revision, second.revision, again_1.revision) == (1, 2, 1)
    assert first.line_items == first_lines and again_1.line_items == first_lines
    assert second.total < first.total  # a wall and its studs, plates, boards left
    # 1:50 -> 1:100 doubles every length, so revision 0's flooring is a quarter.
    flooring = {b.revision: Decimal(b.subtotals["flooring"]) for b in (first, at_extraction)}
    assert flooring[0] < flooring[1] / 3
    assert api.get(f"/api/v1/boms/{second.id}/").json()["revision"] == 2
