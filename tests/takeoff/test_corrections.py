"""Correction operations on the two-room plan (plans.two_room_plan), worked out by hand.

At 1 pt = 1 cm the rooms' inner faces are 290 x 390 pt = 2.9 x 3.9 m = 11.31 m² each; the
interior wall w5 (x=300) is 10 pt thick with the door o2; w1 (top) holds the window o1.
"""

from __future__ import annotations

import copy

import pytest

from floorplans.corrections import InvalidOperation, apply_operations
from floorplans.takeoff import (
    DEFAULT_CATALOGUE,
    OptionError,
    build_layout,
    parse_options,
    price_bom,
)

from .plans import CM_PER_POINT, two_room_plan

METRIC = parse_options({"unit_system": "metric"})
ROOM_M2 = 2.9 * 3.9


def layout_of(graph):
    return build_layout(graph, METRIC)


def rooms_of(graph) -> dict[str, float]:
    return {room.room_id: room.floor_area_m2 for room in layout_of(graph).rooms}


def corrected(*operations):
    graph, changes = apply_operations(two_room_plan(CM_PER_POINT), list(operations))
    assert len(changes) == len(operations)
    return graph


def test_the_input_graph_is_never_modified():
    original = two_room_plan(CM_PER_POINT)
    before = copy.deepcopy(original)

    apply_operations(original, [{"op": "exclude_wall", "wall": "w5"}, {"op": "set_scale",
                                "text": "1:50"}])  # fmt: skip

    assert original == before


def test_set_scale_scales_areas_by_the_square_of_the_ratio():
    # 1 pt = 1 cm is a 1:28.35 sheet; at 1:100 a point is 100/28.35 times as long.
    graph = corrected({"op": "set_scale", "text": "1:100"})
    ratio = graph["scale"]["metres_per_point"] / CM_PER_POINT

    assert graph["scale"]["source"] == "correction" and graph["scale"]["text"] == "1:100"
    assert ratio == pytest.approx(0.0254 / 72 * 100 / CM_PER_POINT)
    assert rooms_of(graph)["r1"] == pytest.approx(ROOM_M2 * ratio**2)
    assert layout_of(graph).walls[0].length_m == pytest.approx(6.0 * ratio)


def test_set_scale_from_two_points_and_a_measured_distance():
    # The top wall's centreline, 600 pt, is really 12 m: 2 cm per point.
    graph = corrected({"op": "set_scale", "points": [[0, 0], [600, 0]], "distance_m": 12})

    assert graph["scale"]["metres_per_point"] == pytest.approx(0.02)
    assert rooms_of(graph)["r1"] == pytest.approx(ROOM_M2 * 4)


def test_rename_room_changes_the_label_and_so_the_default_flooring():
    graph = corrected({"op": "rename_room", "room": "r1", "label": "BATH"})

    finishes = {room.room_id: room for room in layout_of(graph).rooms}
    assert finishes["r1"].label == "BATH" and finishes["r1"].flooring == "tile"


def test_merged_room_area_is_the_sum_and_the_other_room_is_gone():
    graph = corrected({"op": "merge_rooms", "rooms": ["r1", "r2"]})

    assert rooms_of(graph) == {"r1": pytest.approx(2 * ROOM_M2)}
    merged = graph["rooms"][0]
    assert merged["merged_from"] == ["r1", "r2"]
    xs = [x for x, _ in merged["polygon"]]
    assert min(xs) == pytest.approx(5) and max(xs) == pytest.approx(595)  # spans the wall


def test_split_room_along_a_polyline_keeps_the_area():
    # A straight cut at y=200 across the bedroom: 290 x 195 above, 290 x 195 below.
    graph = corrected({"op": "split_room", "room": "r1", "line": [[0, 200], [300, 200]]})

    areas = rooms_of(graph)
    assert set(areas) == {"r1a", "r1b", "r2"}
    assert areas["r1a"] == pytest.approx(2.9 * 1.95) and areas["r1b"] == pytest.approx(2.9 * 1.95)
    assert sum(areas.values()) == pytest.approx(2 * ROOM_M2)


def test_an_l_shaped_cut_makes_the_pieces_it_draws():
    # From the top face down to y=100, then across to the wall: a 100 x 95 corner piece.
    graph = corrected(
        {"op": "split_room", "room": "r2", "line": [[500, 0], [500, 100], [600, 100]]}
    )

    areas = rooms_of(graph)
    assert sorted(areas.values()) == pytest.approx(sorted([ROOM_M2, 0.95 * 0.95,
                                                           ROOM_M2 - 0.95 * 0.95]))  # fmt: skip


def test_excluded_room_leaves_flooring_and_paint():
    base = price_bom(layout_of(two_room_plan(CM_PER_POINT)), DEFAULT_CATALOGUE, METRIC)
    graph = corrected({"op": "exclude_room", "room": "r2"})

    assert set(rooms_of(graph)) == {"r1"}
    assert graph["rooms"][1]["excluded"] is True  # kept, to be struck through on the markup
    bom = price_bom(layout_of(graph), DEFAULT_CATALOGUE, METRIC)
    assert bom.subtotals["flooring"] < base.subtotals["flooring"]


def test_excluded_walls_studs_and_its_door_leave_the_bom():
    base = layout_of(two_room_plan(CM_PER_POINT))
    w5_studs = next(len(w.studs) for w in base.walls if w.wall_id == "w5")
    graph = corrected({"op": "exclude_wall", "wall": "w5"})

    layout = layout_of(graph)
    assert "w5" not in {w.wall_id for w in layout.walls}
    assert layout.opening_count == base.opening_count - 1  # the door o2 went with it
    # w5 also caused the two T-channels (4 studs) in w1 and w3.
    assert sum(layout.stud_counts().values()) == sum(base.stud_counts().values()) - w5_studs - 4
    assert "opening o2" not in " ".join(layout.warnings)


def test_added_wall_is_framed_and_gets_the_next_id():
    graph = corrected({"op": "add_wall", "x1": 100, "y1": 5, "x2": 100, "y2": 395,
                       "thickness": 5})  # fmt: skip

    added = graph["walls"][-1]
    assert added["id"] == "w6" and added["added"] is True
    wall = next(w for w in layout_of(graph).walls if w.wall_id == "w6")
    assert wall.length_m == pytest.approx(3.9) and len(wall.studs) > 2


def test_room_finish_overrides_flooring_paint_and_ceiling():
    graph = corrected({"op": "set_room_finish", "room": "r1", "flooring": "carpet",
                       "paint": False, "ceiling": False})  # fmt: skip

    finish = {room.room_id: room for room in layout_of(graph).rooms}["r1"]
    assert finish.flooring == "carpet"
    assert finish.wall_paint_area_m2 == 0 and finish.ceiling_area_m2 == 0
    bom = price_bom(layout_of(graph), DEFAULT_CATALOGUE, METRIC)
    assert any(line.sku == "FL-CPT-M2" for line in bom.lines)


def test_wall_type_decides_the_boarded_faces_and_height_the_studs():
    graph = corrected(
        {"op": "set_wall_type", "wall": "w5", "exterior": True},
        {"op": "set_wall_type", "wall": "w1", "exterior": False, "height_m": 2.7},
    )
    options = parse_options({"unit_system": "metric", "stud_stock_length": 3.0})

    walls = {w.wall_id: w for w in build_layout(graph, options).walls}
    assert walls["w5"].is_exterior and len(walls["w5"].boarded_sides) == 1
    assert walls["w1"].boarded_sides == ("left", "right")
    end_studs = {w: [s.length_m for s in walls[w].studs if s.kind == "end"] for w in ("w1", "w2")}
    # 0.3 m higher, the same plates: the end studs are 0.3 m longer than the plan's.
    assert end_studs["w1"][0] == pytest.approx(end_studs["w2"][0] + 0.3)


def test_a_wall_too_high_for_the_stud_stock_is_an_option_error_naming_it():
    graph = corrected({"op": "set_wall_type", "wall": "w1", "height_m": 2.7})

    with pytest.raises(OptionError, match=r"wall w1 is 2\.7 m high"):
        layout_of(graph)


def test_later_operations_see_what_earlier_ones_made():
    graph = corrected(
        {"op": "split_room", "room": "r1", "line": [[0, 200], [300, 200]]},
        {"op": "rename_room", "room": "r1a", "label": "CLOSET"},
        {"op": "merge_rooms", "rooms": ["r1b", "r2"]},
    )

    labels = {r["id"]: r["label"] for r in graph["rooms"]}
    assert labels == {"r1a": "CLOSET", "r1b": "BEDROOM"}
    assert rooms_of(graph)["r1b"] == pytest.approx(2.9 * 1.95 + ROOM_M2)


@pytest.mark.parametrize(
    ("operations", "index", "says"),
    [
        ([{"op": "paint_it_black"}], 0, "unknown operation"),
        ([{"op": "rename_room", "room": "r9", "label": "X"}], 0, "no room 'r9'"),
        ([{"op": "set_scale", "text": "big"}], 0, "not a drawing scale"),
        ([{"op": "set_scale", "points": [[0, 0], [0, 0]], "distance_m": 3}], 0, "1 pt apart"),
        ([{"op": "exclude_room", "room": "r1"}, {"op": "exclude_room", "room": "r1"}], 1,
         "excluded"),
        ([{"op": "merge_rooms", "rooms": ["r1"]}], 0, "at least two"),
        ([{"op": "split_room", "room": "r1", "line": [[10, 10], [20, 20]]}], 0, "does not cut"),
        ([{"op": "add_wall", "x1": 0, "y1": 0, "x2": 5000, "y2": 0, "thickness": 5}], 0, "x2"),
        ([{"op": "set_room_finish", "room": "r1", "flooring": "gold"}], 0, "flooring"),
        ([{"op": "set_room_finish", "room": "r1"}], 0, "at least one"),
        ([{"op": "set_wall_type", "wall": "w1", "height_m": 40}], 0, "between 1.8 and 4.8"),
        ([{"op": "set_wall_type", "wall": "w1", "exterior": "yes"}], 0, "true or false"),
        ([{"op": "rename_room", "room": "r1", "label": "\x00"}], 0, "printable"),
        (["set_scale"], 0, "unknown operation"),
    ],
)  # fmt: skip
def test_invalid_operations_name_themselves(operations, index, says):
    with pytest.raises(InvalidOperation) as caught:
        apply_operations(two_room_plan(CM_PER_POINT), operations)

    assert caught.value.index == index
    assert str(caught.value).startswith(f"operations[{index}]") and says in str(caught.value)


@pytest.mark.parametrize("operations", [[], {}, None, [{"op": "exclude_room"}] * 501])
def test_the_list_itself_must_be_a_bounded_non_empty_list(operations):
    with pytest.raises(InvalidOperation):
        apply_operations(two_room_plan(CM_PER_POINT), operations)


def test_merging_rooms_far_apart_is_refused():
    graph = two_room_plan(CM_PER_POINT)
    graph["rooms"][1]["polygon"] = [[1000, 5], [1100, 5], [1100, 100], [1000, 100]]

    with pytest.raises(InvalidOperation, match="not next to each other"):
        apply_operations(graph, [{"op": "merge_rooms", "rooms": ["r1", "r2"]}])
