"""Stud layout, hand-checked. Imperial defaults: 2x4 studs t = 1.5 in, 16 in o.c., double top
plate, 8 ft wall -> stud length 96 - 3 x 1.5 = 91.5 in. Plans are drawn at 1 pt = 1 in."""

from __future__ import annotations

import pytest

from floorplans.takeoff import build_layout, parse_options
from floorplans.takeoff.junctions import CORNER, FREE, TEE

from .plans import graph, opening, room, wall

INCH = 0.0254


def inches(values):
    return [round(v / INCH, 3) for v in values]


def studs_of(layout, wall_id, kind=None):
    wall_layout = next(w for w in layout.walls if w.wall_id == wall_id)
    return [s for s in wall_layout.studs if kind is None or s.kind == kind]


def test_straight_wall_has_end_studs_and_studs_every_16_inches():
    layout = build_layout(graph([wall("w1", 0, 0, 120, 0)]), parse_options({}))

    studs = studs_of(layout, "w1")
    # End studs flush with the ends: centres at 1.5/2 = 0.75 and 120 - 0.75 = 119.25.
    # Layout marks 16k for k = 1..7 (112); 128 is past the end stud. 2 + 7 = 9 studs,
    # the textbook 120/16 + 1 = 8.5 -> 9.
    assert inches(s.position_m for s in studs) == [0.75, 16, 32, 48, 64, 80, 96, 112, 119.25]
    assert [s.kind for s in studs] == ["end"] + ["common"] * 7 + ["end"]
    assert {round(s.length_m / INCH, 3) for s in studs} == {91.5}
    assert layout.walls[0].end_kinds == (FREE, FREE)


def test_door_gets_kings_jacks_header_and_displaces_common_studs():
    plan = graph([wall("w1", 0, 0, 120, 0)], [opening("o1", "w1", "door", 60, 0, 36)])
    layout = build_layout(plan, parse_options({}))

    # Rough opening 60 +- 18 = 42..78. Jacks beside it at 42 - 0.75 = 41.25 and 78.75,
    # kings outside them at 39.75 and 80.25. Marks 48, 64, 80 fall between the kings'
    # outer faces (39..81) and go. Left: 16, 32, 96, 112.
    assert inches(s.position_m for s in studs_of(layout, "w1", "common")) == [16, 32, 96, 112]
    assert inches(s.position_m for s in studs_of(layout, "w1", "jack")) == [41.25, 78.75]
    assert inches(s.position_m for s in studs_of(layout, "w1", "king")) == [39.75, 80.25]
    # Jacks carry the header: 82 in rough opening - 1.5 in bottom plate = 80.5 in.
    assert inches(s.length_m for s in studs_of(layout, "w1", "jack")) == [80.5, 80.5]
    # Header 82 + 7.25 = 89.25 in; underside of the top plates 96 - 3 = 93 in; a 3.75 in gap
    # is under the 6 in cripple minimum, so no cripples.
    assert studs_of(layout, "w1", "cripple") == []
    assert len(studs_of(layout, "w1")) == 2 + 4 + 2 + 2  # ends, commons, jacks, kings = 10
    (framed,) = layout.walls[0].openings
    assert round(framed.header_length_m / INCH, 3) == 39.0  # 36 + 2 x 1.5
    assert framed.header_plies == 2


def test_tall_wall_gets_cripples_above_the_door_header():
    plan = graph([wall("w1", 0, 0, 120, 0)], [opening("o1", "w1", "door", 60, 0, 36)])
    options = parse_options({"wall_height": 10})
    layout = build_layout(plan, options)

    # 10 ft = 120 in: studs 120 - 4.5 = 115.5 in, so 10 ft stock is picked by default.
    assert options.stud_stock_length == 10
    # Gap above the header: (120 - 3) - 89.25 = 27.75 in. Cripples at the marks whose stud
    # fits inside the rough opening 42.75..77.25: 48 and 64.
    cripples = studs_of(layout, "w1", "cripple")
    assert inches(s.position_m for s in cripples) == [48, 64]
    assert inches(s.length_m for s in cripples) == [27.75, 27.75]


def test_window_gets_sill_and_cripples_below():
    plan = graph([wall("w1", 0, 0, 120, 0)], [opening("o1", "w1", "window", 60, 0, 36)])
    layout = build_layout(plan, parse_options({}))

    # Sill at 36 in: cripples from the bottom plate (1.5) to under a flat sill (34.5) = 33 in,
    # at marks 48 and 64 (inside 42.75..77.25). Jacks: 36 + 48 - 1.5 = 82.5 in.
    cripples = studs_of(layout, "w1", "cripple")
    assert inches(s.position_m for s in cripples) == [48, 64]
    assert inches(s.length_m for s in cripples) == [33, 33]
    assert inches(s.length_m for s in studs_of(layout, "w1", "jack")) == [82.5, 82.5]
    assert round(layout.walls[0].openings[0].sill_length_m / INCH, 3) == 36


def test_rectangular_room_frames_each_corner_once_with_three_studs():
    walls = [
        wall("w1", 0, 0, 144, 0),
        wall("w2", 144, 0, 144, 120),
        wall("w3", 144, 120, 0, 120),
        wall("w4", 0, 120, 0, 0),
    ]
    layout = build_layout(
        graph(walls, rooms=[room("r1", "DEN", 2.25, 2.25, 141.75, 117.75)]), parse_options({})
    )

    counts = layout.stud_counts()
    # 144 in walls: marks 16..128 -> 8 commons; 120 in walls: 16..112 -> 7. 2x8 + 2x7 = 30.
    assert counts["common"] == 30
    # Each corner = the two walls' end studs + one backer: 4 corners x 3 = 8 ends + 4 backers.
    assert counts["end"] == 8
    assert counts["corner"] == 4
    assert sum(counts.values()) == 42
    # The backer goes to the wall whose id sorts first: w1 (corners with w2 and w4), w2, w3.
    assert [len(studs_of(layout, w, "corner")) for w in ("w1", "w2", "w3", "w4")] == [2, 1, 1, 0]
    assert all(w.end_kinds == (CORNER, CORNER) for w in layout.walls)
    # Exterior walls (room on one side) are boarded on the inside face only.
    assert all(len(w.boarded_sides) == 1 for w in layout.walls)


def test_t_junction_adds_a_partition_channel_to_the_through_wall():
    # The stem is drawn from the through wall's face (y = 2.25), as extractors often do.
    walls = [wall("w1", 0, 0, 144, 0), wall("w2", 64, 2.25, 64, 98.25)]
    layout = build_layout(graph(walls), parse_options({}))

    # Channel studs flank the 3.5 in stem: 64 +- (1.75 + 0.75) = 61.5 and 66.5. The mark at
    # 64 sits inside the channel (60.75..67.25) and is dropped, not doubled.
    assert inches(s.position_m for s in studs_of(layout, "w1", "channel")) == [61.5, 66.5]
    commons = inches(s.position_m for s in studs_of(layout, "w1", "common"))
    assert commons == [16, 32, 48, 80, 96, 112, 128]
    assert len(studs_of(layout, "w1")) == 2 + 7 + 2  # ends + commons + channel = 11
    # The stem (96 in) keeps its own end studs and adds nothing at the junction:
    # ends + marks 16..80 = 7.
    assert len(studs_of(layout, "w2")) == 7
    stem = next(w for w in layout.walls if w.wall_id == "w2")
    assert stem.end_kinds == (TEE, FREE)


def test_wall_drawn_in_two_pieces_frames_like_one_wall():
    walls = [wall("w1", 0, 0, 96, 0), wall("w2", 96, 0, 192, 0)]
    layout = build_layout(graph(walls), parse_options({}))

    # w1: ends 0.75 and 95.25 + marks 16..80 = 7. w2 shares w1's end stud at the joint and
    # leaves out its own: marks at 96 + 16..80 and the end at 191.25 = 6. Total 13, the same
    # as one 192 in wall (2 ends + marks 16..176 = 13); no corner backer.
    assert [len(w.studs) for w in layout.walls] == [7, 6]
    assert layout.stud_counts().get("corner", 0) == 0
    continuous = build_layout(graph([wall("w1", 0, 0, 192, 0)]), parse_options({}))
    assert len(continuous.walls[0].studs) == 13


@pytest.mark.parametrize(("length", "expected"), [(2, 1), (3, 2), (16, 2), (20, 3), (96, 7)])
def test_stud_count_for_short_walls(length, expected):
    # < 2t (3 in): one stud. 16 in: ends at 0.75 and 15.25 and the mark at 16 is past the end.
    # 20 in: mark 16 is 3.25 from the end stud at 19.25 (>= 2t) -> 3. 96 in: 16..80 + 2 = 7
    # (mark 80 vs end 95.25).
    layout = build_layout(graph([wall("w1", 0, 0, length, 0)]), parse_options({}))
    assert len(layout.walls[0].studs) == expected
