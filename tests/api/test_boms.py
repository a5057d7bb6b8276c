"""BOM snapshots: list, detail and CSV export, each only for its owner."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from floorplans.models import Floorplan
from floorplans.services import rendering


def test_bom_list_is_mine_and_light(
    api, user, other_user, make_floorplan, make_bom, django_assert_num_queries
):
    floorplan = make_floorplan(user)
    boms = [make_bom(floorplan), make_bom(floorplan, {"stud_spacing": 24})]
    make_bom(make_floorplan(other_user))

    with django_assert_num_queries(3):  # token, count, page
        body = api.get("/api/v1/boms/").json()

    assert body["count"] == 2
    assert [b["id"] for b in body["results"]] == [str(b.id) for b in reversed(boms)]
    first = body["results"][0]
    assert first["floorplan"] == str(floorplan.id)
    assert Decimal(first["total"]) == boms[1].total and first["currency"] == "USD"
    assert first["export_url"] == f"http://testserver/api/v1/boms/{boms[1].id}/export.csv"
    assert "line_items" not in first


def test_bom_detail_has_line_items_subtotals_and_options(api, user, make_floorplan, make_bom):
    bom = make_bom(make_floorplan(user), {"stud_spacing": 24})

    body = api.get(f"/api/v1/boms/{bom.id}/").json()

    assert body["line_items"] == bom.line_items and body["line_items"]
    assert body["subtotals"] == bom.subtotals
    assert Decimal(body["total"]) == bom.total
    assert body["options"]["stud_spacing"] == 24
    assert sum(Decimal(v) for v in body["subtotals"].values()) == Decimal(body["total"])


def test_bom_exports_as_a_csv_attachment(api, user, make_floorplan, make_bom):
    bom = make_bom(make_floorplan(user))

    response = api.get(f"/api/v1/boms/{bom.id}/export.csv", headers={"Accept": "text/csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="Tiny-room-p1-r0.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "SKU"
    assert [r[0] for r in rows[1 : 1 + len(bom.line_items)]] == [
        line["sku"] for line in bom.line_items
    ]
    assert sum(Decimal(row[6]) for row in rows[1:]) == bom.total  # data rows only


def test_bom_layout_draws_the_studs_on_the_plan(api, user, make_floorplan, make_bom):
    bom = make_bom(make_floorplan(user))

    response = api.get(f"/api/v1/boms/{bom.id}/layout.svg")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = ElementTree.fromstring(response.content)  # noqa: S314 - our own output
    groups = {g.get("id"): g for g in svg.iter("{http://www.w3.org/2000/svg}g")}
    assert len(groups["walls"]) == len(bom.floorplan.graph["walls"])
    assert len(groups["studs"]) > 0
    assert api.get(f"/api/v1/boms/{bom.id}/").json()["layout_url"].endswith("/layout.svg")


def test_bom_layout_is_built_once_and_drawn_anew_when_the_graph_changes(
    api, user, make_floorplan, make_bom, monkeypatch
):
    builds = []
    real_build_layout = rendering.build_layout

    def counted_build_layout(*args, **kwargs):
        builds.append(1)
        return real_build_layout(*args, **kwargs)

    monkeypatch.setattr(rendering, "build_layout", counted_build_layout)
    bom = make_bom(make_floorplan(user))
    url = f"/api/v1/boms/{bom.id}/layout.svg"

    first, again = api.get(url), api.get(url)
    graph = {**bom.floorplan.graph, "walls": bom.floorplan.graph["walls"][1:]}
    Floorplan.objects.filter(id=bom.floorplan_id).update(graph=graph)  # a re-processed plan
    redrawn = api.get(url)

    assert first.content == again.content
    assert len(builds) == 2
    walls = ElementTree.fromstring(redrawn.content).find(  # noqa: S314 - our own output
        "{http://www.w3.org/2000/svg}g[@id='walls']"
    )
    assert len(walls) == len(graph["walls"])


def test_svg_stays_well_formed_whatever_the_room_labels_hold(api, user, make_floorplan, make_bom):
    hostile = 'KITCHEN\x01\x0b "&<b>\x1f\ufffe'
    floorplan = make_floorplan(user)
    graph = {**floorplan.graph, "rooms": [{**floorplan.graph["rooms"][0], "label": hostile}]}
    Floorplan.objects.filter(id=floorplan.id).update(graph=graph)
    bom = make_bom(Floorplan.objects.get(id=floorplan.id))

    for url in (
        f"/api/v1/floorplans/{floorplan.id}/preview.svg",
        f"/api/v1/boms/{bom.id}/layout.svg",
    ):
        svg = ElementTree.fromstring(api.get(url).content)  # noqa: S314 - parsing is the test
        texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
        assert 'KITCHEN "&<b>' in texts


@pytest.mark.parametrize("suffix", ["/", "/export.csv", "/layout.svg"])
def test_another_users_bom_is_not_found(other_api, user, make_floorplan, make_bom, suffix):
    bom = make_bom(make_floorplan(user))

    response = other_api.get(f"/api/v1/boms/{bom.id}{suffix}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
