"""Ground truth is self-consistent: the rooms, walls and scale agree with each other."""

from __future__ import annotations

import math
from itertools import combinations

import pytest
from shapely.geometry import LineString, Point, Polygon

from floorplans.samples.catalog import demo_plan, office, sample_plans, tiny_room
from floorplans.samples.plan import Opening, Wall, build_plan, wall_footprint
from floorplans.samples.render import STYLES, ground_truth

PLANS = sample_plans()


def _ids(plan: object) -> str:
    return getattr(plan, "name", str(plan)).split()[0]


@pytest.mark.parametrize("plan", PLANS, ids=_ids)
def test_room_areas_and_perimeters_are_the_polygon_measures(plan) -> None:
    for room in ground_truth(plan, "double_line")["rooms"]:
        polygon = Polygon(room["polygon"])
        assert polygon.is_valid
        assert room["area_pts2"] == pytest.approx(polygon.area, rel=1e-6)
        assert room["perimeter_pts"] == pytest.approx(polygon.length, rel=1e-6)


@pytest.mark.parametrize("plan", PLANS, ids=_ids)
def test_rooms_touch_walls_only_along_their_faces(plan) -> None:
    walls = plan.geometry_to_page(wall_footprint(plan.walls))
    rooms = [Polygon(r["polygon"]) for r in ground_truth(plan, "double_line")["rooms"]]
    for room in rooms:
        assert room.intersection(walls).area < 1e-3
        assert room.buffer(0.01).intersection(walls).area > 0  # it does reach the wall faces
    for a, b in combinations(rooms, 2):
        assert a.intersection(b).area < 1e-6


@pytest.mark.parametrize("plan", PLANS, ids=_ids)
def test_rooms_and_walls_tile_the_building(plan) -> None:
    """Net room area + wall area = the building outline: nothing missing, nothing twice."""
    footprint = wall_footprint(plan.walls)
    outline = Polygon(footprint.exterior)
    rooms = sum(Polygon(r.polygon).area for r in plan.rooms)
    assert rooms + footprint.area == pytest.approx(outline.area, rel=1e-9)


@pytest.mark.parametrize("plan", PLANS, ids=_ids)
def test_openings_sit_on_their_wall_centreline(plan) -> None:
    truth = ground_truth(plan, "double_line")
    walls = {w["id"]: w for w in truth["walls"]}
    for opening in truth["openings"]:
        wall = walls[opening["wall_id"]]
        line = LineString([(wall["x1"], wall["y1"]), (wall["x2"], wall["y2"])])
        assert line.distance(Point(opening["x"], opening["y"])) < 1e-3
        assert 0 < opening["width_pts"] < wall["length_pts"]


def test_metres_per_point_follows_the_drawing_ratio() -> None:
    # 1/4" = 1'-0": one paper point (1/72 in) stands for 48/72 in = 0.016933 m.
    assert demo_plan().metres_per_point == pytest.approx(48 * 0.0254 / 72)
    assert ground_truth(demo_plan(), "filled")["scale"]["metres_per_point"] == pytest.approx(
        0.0169333, rel=1e-5
    )
    assert office().metres_per_point == pytest.approx(100 * 0.0254 / 72)  # 1:100


def test_tiny_room_real_dimensions_round_trip_through_the_scale() -> None:
    truth = ground_truth(tiny_room(), "double_line")
    mpp = truth["scale"]["metres_per_point"]
    (room,) = truth["rooms"]
    assert room["area_pts2"] * mpp**2 == pytest.approx(3.8 * 2.8)  # 4 x 3 m less 0.2 m walls
    assert {round(w["thickness"] * mpp, 6) for w in truth["walls"]} == {0.2}


def test_only_page_rotation_differs_between_styles() -> None:
    plan = demo_plan()
    base = ground_truth(plan, "double_line")
    for style in STYLES:
        truth = ground_truth(plan, style)
        assert truth["walls"] == base["walls"] and truth["rooms"] == base["rooms"]
        assert truth["page"]["rotation"] == (90 if style == "rotated" else 0)
        assert (truth["page"]["width"], truth["page"]["height"]) == plan.page_size


def test_the_diagonal_wall_gives_non_rectangular_rooms() -> None:
    rooms = {r["label"]: r for r in ground_truth(office(), "double_line")["rooms"]}
    assert len(rooms["MEETING"]["polygon"]) == 5 and len(rooms["AV"]["polygon"]) == 3


def test_build_plan_rejects_an_opening_across_a_junction() -> None:
    walls = [
        Wall(0, 0, 4, 0, 0.2),
        Wall(4, 0, 4, 3, 0.2),
        Wall(4, 3, 0, 3, 0.2),
        Wall(0, 3, 0, 0, 0.2),
    ]
    with pytest.raises(ValueError, match="overlaps wall"):
        build_plan(
            walls=walls,
            openings=[Opening("door", 0, 3.5, 0.9)],
            labels={"R": (2, 1.5)},
            name="bad",
            scale_ratio=1 / 48,
            scale_text="",
            page_size=(100, 100),
            origin=(0, 0),
        )


def test_every_wall_is_dimensioned_in_whole_points() -> None:
    for plan in PLANS:
        for wall in ground_truth(plan, "double_line")["walls"]:
            length = math.hypot(wall["x2"] - wall["x1"], wall["y2"] - wall["y1"])
            assert wall["length_pts"] == pytest.approx(length, abs=1e-3)
