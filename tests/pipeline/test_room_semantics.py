"""Stamps attached and split, printed areas cross-checked, the scale checked, the review set:
on sheets the generator draws the way real CAD sheets come (issue 10)."""

from dataclasses import replace

import pytest
from shapely.geometry import Polygon, box

from floorplans.pipeline import extract_graph
from floorplans.pipeline.scale import METRES_PER_POINT_ON_PAPER as PAPER
from floorplans.pipeline.scale import ScaleNote
from floorplans.pipeline.scale_check import (
    Measured,
    PrintedRoom,
    check_against_rooms,
    choose_scale,
    room_scale_factor,
)
from floorplans.samples.catalog import demo_plan
from floorplans.samples.render import render_pdf
from floorplans.samples.stamped_sheets import (
    CLOSET_DEPTH,
    bedroom_with_closet,
    lab_with_drawn_partitions,
    multilingual_flat,
    open_plan,
    open_walls,
    render_stamped,
)
from floorplans.takeoff import build_layout, parse_options


def m2(graph: dict, room: dict) -> float:
    return room["area_pts2"] * graph["scale"]["metres_per_point"] ** 2


def open_plan_halves(plan) -> tuple[float, float]:
    """Net areas left and right of the partition's left face (where a wall end cut runs)."""
    region = Polygon(plan.rooms[0].polygon)
    left = region.intersection(box(0, 0, 3.5 - 0.06, 5)).area
    return left, region.area - left


def open_plan_sheet(kitchen_m2: float, living_m2: float, plan=None) -> dict:
    plan = plan or open_plan()
    stamps = [
        ("KITCHEN", (1.75, 2.5), (f"A: {kitchen_m2:.2f} m2",)),
        ("LIVING ROOM", (5.75, 2.5), (f"{living_m2:.2f} m2",)),
    ]
    return extract_graph(render_stamped(plan, stamps))


def test_an_open_plan_with_two_stamps_is_split_into_the_two_rooms_at_the_wall_end():
    kitchen, living = open_plan_halves(open_plan())
    graph = open_plan_sheet(kitchen, living)
    rooms = {room["label"]: room for room in graph["rooms"]}
    assert set(rooms) == {"KITCHEN", "LIVING ROOM"}
    assert m2(graph, rooms["KITCHEN"]) == pytest.approx(kitchen, rel=0.02)
    assert m2(graph, rooms["LIVING ROOM"]) == pytest.approx(living, rel=0.02)
    for room in rooms.values():
        assert "split from a larger region" in room["evidence"]
        assert any(e.startswith("printed area agrees") for e in room["evidence"])
        assert room["printed_area_m2"] == pytest.approx(
            kitchen if room["label"] == "KITCHEN" else living, abs=0.01
        )
    assert (rooms["KITCHEN"]["kind"], rooms["LIVING ROOM"]["kind"]) == ("kitchen", "living")
    assert graph["review_required"] is False, graph["review_reasons"]


def test_a_closet_closed_only_by_its_drawn_front_is_cut_off_the_bedroom_along_it():
    # No wall stops between the stamps: the thin line drawn across from wall face to wall
    # face is where the bedroom ends, not our own cut halfway between the two stamps (nor
    # the dimension line across the room).
    plan, closet_and_dimension = bedroom_with_closet()
    stamps = [("BEDROOM", (1.4, 1.4), ()), ("CLOSET", (2.8, 3.6), ())]
    graph = extract_graph(render_stamped(plan, stamps, viewports=[closet_and_dimension]))
    rooms = {room["label"]: room for room in graph["rooms"]}
    inner = 4.0 - 0.2  # between the inner faces
    assert m2(graph, rooms["BEDROOM"]) == pytest.approx(inner * (inner - CLOSET_DEPTH), rel=0.01)
    assert m2(graph, rooms["CLOSET"]) == pytest.approx(inner * CLOSET_DEPTH, rel=0.01)
    assert graph["review_required"] is False, graph["review_reasons"]


def test_a_stamp_whose_printed_area_disagrees_is_named_in_a_warning_and_review():
    kitchen, living = open_plan_halves(open_plan())
    graph = open_plan_sheet(kitchen, living * 1.3)  # the living room's stamp is 30 % off
    living_room = next(r for r in graph["rooms"] if r["label"] == "LIVING ROOM")
    kitchen_room = next(r for r in graph["rooms"] if r["label"] == "KITCHEN")
    assert any("printed area disagrees" in e for e in living_room["evidence"])
    assert living_room["confidence"] < kitchen_room["confidence"]
    warning = next(w for w in graph["warnings"] if "LIVING ROOM" in w)
    assert f"({living_room['id']})" in warning and "prints" in warning
    assert not any("KITCHEN" in w for w in graph["warnings"])
    assert graph["review_required"] is True
    assert any("LIVING ROOM" in reason for reason in graph["review_reasons"])


def test_a_scale_note_the_dimension_strings_contradict_is_overruled_and_said_so():
    plan = open_plan(scale_ratio=1 / 50, scale_text="SCALE 1:100")  # plotted at 1:50
    graph = open_plan_sheet(*open_plan_halves(plan), plan=plan)
    scale = graph["scale"]
    assert scale["source"] == "dimension"
    assert scale["metres_per_point"] == pytest.approx(PAPER * 50, rel=0.01)
    assert any("overruled" in e for e in scale["evidence"])
    assert any("agrees with" in e and "printed room areas" in e for e in scale["evidence"]) or (
        # two rooms are too few to vote on the scale; their areas still agree one by one
        all(any(e.startswith("printed area agrees") for e in r["evidence"]) for r in graph["rooms"])
    )
    assert any("1:100" in w and "disagrees" in w for w in graph["warnings"])
    assert graph["review_required"] is False  # the sheet settles it: dimensions and areas agree


def _flat_with_areas(scale_text: str) -> bytes:
    plan = replace(multilingual_flat(), scale_text=scale_text)
    stamps = [
        (room.label, Polygon(room.polygon).representative_point().coords[0],
         (f"{Polygon(room.polygon).area:.2f} m2",))
        for room in plan.rooms
    ]  # fmt: skip
    return render_stamped(plan, stamps, dimensions=False)


def test_a_note_alone_is_corrected_by_the_rooms_printed_areas():
    graph = extract_graph(_flat_with_areas("SCALE 1:100"))  # drawn at 1:50, "fit to page"
    scale = graph["scale"]
    assert scale["source"] == "room_areas"
    assert scale["metres_per_point"] == pytest.approx(PAPER * 50, rel=0.01)
    assert any("1:100" in w for w in graph["warnings"])
    for room in graph["rooms"]:
        assert m2(graph, room) == pytest.approx(room["printed_area_m2"], rel=0.03)


def test_a_true_note_is_confirmed_by_the_rooms_printed_areas():
    graph = extract_graph(_flat_with_areas("SCALE 1:50"))
    assert graph["scale"]["source"] == "text"
    assert any("printed room areas" in e for e in graph["scale"]["evidence"])


@pytest.mark.parametrize(
    ("left", "right", "lettering"),
    [
        (("KITCHEN", "3.34 m x 4.80 m"), ("LIVING ROOM", "4.46 m x 4.80 m"), {}),
        # A PDF printer driver's: each glyph placed on its own, turned a quarter, feet-inches
        # sizes under names that only say ROOM.
        (
            ("W ROOM", "10'-11.5\"X15'-9\""),
            ("ROOM", "14'-7.5\"X15'-9\""),
            {"angle": -90, "lettering": "per_glyph"},
        ),
    ],
)
def test_without_a_note_or_dimensions_the_printed_sizes_of_rooms_cut_apart_set_the_scale(
    left, right, lettering
):
    # Printed "fit to page": no note, no dimension strings. The open plan's one region
    # (inner faces 0.1..7.9 x 0.1..4.9 m) is cut at the partition's face, x = 3.44 m.
    stamps = [(left[0], (1.75, 2.5), (left[1],)), (right[0], (5.75, 2.5), (right[1],))]
    sheet = render_stamped(open_plan(scale_text=""), stamps, dimensions=False, **lettering)
    graph = extract_graph(sheet)
    scale = graph["scale"]
    assert scale["source"] == "room_areas"
    assert scale["metres_per_point"] == pytest.approx(PAPER * 50, rel=0.01)
    assert scale["evidence"] == ["measured from 2 printed room sizes"]
    assert any("worked out from 2 printed room sizes" in w for w in graph["warnings"])
    assert {room["label"] for room in graph["rooms"]} == {left[0], right[0]}
    for room in graph["rooms"]:
        assert "split from a larger region" in room["evidence"]
        assert any(e.startswith("printed size agrees") for e in room["evidence"])


def test_a_printed_size_counts_only_where_both_sides_fit_the_room():
    one_to_50 = PAPER * 50
    kitchen = PrintedRoom(0.0, (3.0 / one_to_50, 4.0 / one_to_50), (4.0, 3.0), None)
    merged = PrintedRoom(0.0, (6.0 / one_to_50, 4.0 / one_to_50), (3.0, 4.0), None)
    assert check_against_rooms(None, [kitchen, merged]).scale is None  # one room is no vote
    decided = check_against_rooms(None, [kitchen, kitchen, merged])
    assert decided.scale.metres_per_point == pytest.approx(one_to_50)
    assert decided.scale.evidence == ("measured from 2 printed room sizes",)


def test_scale_evidence_that_disagrees_with_itself_leaves_a_doubt_for_review():
    measured = [Measured("dimension", 50, "4 dimension strings"), Measured("scale_bar", 75, "bar")]
    decision = choose_scale([], measured)
    assert decision.scale is not None and decision.doubts
    assert "disagrees" in decision.warnings[0]
    # A note siding with one of them settles it.
    sided = choose_scale([ScaleNote(75, "1:75", True)], measured)
    assert sided.scale.source == "text" and not sided.doubts
    # A measured scale the rooms contradict is kept, and doubted.
    # Areas that fit 1:100, not 1:50.
    rooms = [PrintedRoom(1000.0 / (PAPER * 50) ** 2 / 4, (0.0, 0.0), None, 1000.0)] * 3
    doubted = check_against_rooms(decision.scale, rooms)
    assert doubted.doubts and doubted.scale.source == "dimension"


def test_rooms_get_kinds_from_labels_in_several_languages_and_wet_ones_are_tiled():
    graph = extract_graph(render_pdf(multilingual_flat(), "double_line"))
    kinds = {room["label"]: room["kind"] for room in graph["rooms"]}
    assert kinds == {
        "KOPALNICA": "bathroom",
        "KÜCHE": "kitchen",
        "CHAMBRE": "bedroom",
        "SOGGIORNO": "living",
    }
    flooring = {f.label: f.flooring for f in build_layout(graph, parse_options({})).rooms}
    assert flooring["KOPALNICA"] == "tile" and flooring["KÜCHE"] == "tile"
    assert flooring["CHAMBRE"] == "laminate"


def test_walls_that_enclose_nothing_are_flagged_for_review_with_the_reasons():
    pdf = render_stamped(open_walls(), [("KITCHEN", (3.0, 2.0), ("A: 22.00 m2",))])
    graph = extract_graph(pdf)
    assert graph["rooms"] == []
    assert graph["review_required"] is True
    reasons = " | ".join(graph["review_reasons"])
    assert "no rooms were found" in reasons
    assert "1 of 1 room stamps lie in no room: KITCHEN" in reasons
    assert graph["coverage"]["stamps_without_room"] == 1


def test_a_vast_room_nothing_printed_confirms_is_flagged_for_review():
    """Partitions drawn as single lines are no walls: the floor comes out as one room of
    the whole envelope, which must not pass for a good extraction."""
    plan, partitions = lab_with_drawn_partitions()
    graph = extract_graph(render_stamped(plan, [], viewports=[partitions]))
    (room,) = graph["rooms"]
    assert m2(graph, room) > 500
    assert graph["review_required"] is True
    assert any("nothing printed confirms" in r for r in graph["review_reasons"])


def test_a_good_generated_plan_needs_no_review_and_every_room_says_why_it_is_trusted():
    graph = extract_graph(render_pdf(demo_plan(), "double_line"))
    assert graph["review_required"] is False, graph["review_reasons"]
    assert graph["coverage"]["walls_enclosed_share"] > 0.9
    for room in graph["rooms"]:
        assert room["kind"] and 0 < room["confidence"] <= 1
        assert "closed by walls" in room["evidence"]
        assert any(e.startswith("printed area agrees") for e in room["evidence"]), room


def test_a_sheet_lettered_in_lines_says_its_names_and_scale_cannot_be_read():
    stamps = [("KITCHEN", (1.75, 2.5), ("3.34 m x 4.80 m",))]
    stroked = extract_graph(render_stamped(open_plan(), stamps, lettering="strokes"))
    assert any("lettering is drawn as lines" in w for w in stroked["warnings"])
    assert stroked["scale"] is None and stroked["review_required"] is True
    assert [room["label"] for room in stroked["rooms"]] == [""]
    lettered = extract_graph(render_stamped(open_plan(), stamps))
    assert not any("drawn as lines" in w for w in lettered["warnings"])
    assert "KITCHEN" in {room["label"] for room in lettered["rooms"]}


def test_a_window_glazed_between_unbroken_wall_faces_leaves_the_wall_either_side_of_it():
    # The faces run on past the window and its glazing is drawn with their pen: the strip
    # between the faces holds parallel lines for the window's width only.
    plan = open_plan()
    sheet = render_stamped(plan, [("KITCHEN", (1.75, 2.5), ())], faces_through_windows=True)
    graph = extract_graph(sheet)
    (window,) = [o for o in graph["openings"] if o["kind"] == "window"]
    assert window["width_pts"] * graph["scale"]["metres_per_point"] == pytest.approx(1.5, rel=0.02)
    (room,) = graph["rooms"]
    assert m2(graph, room) == pytest.approx(Polygon(plan.rooms[0].polygon).area, rel=0.01)


def _flat_with_sizes(sizes: list[str]) -> dict:
    plan = multilingual_flat()  # rooms 4.5 x 3.0 m between wall centres, 0.2 / 0.12 walls
    stamps = [
        (room.label, Polygon(room.polygon).representative_point().coords[0], (size,))
        for room, size in zip(plan.rooms, sizes, strict=True)
    ]
    return extract_graph(render_stamped(plan, stamps))


def test_sizes_printed_between_wall_centres_agree_there_and_the_rooms_stay_net():
    # Each room is 4.34 x 2.84 m inside its faces (-9 % in area against the printed size);
    # grown by half its walls (0.10 outside, 0.06 partitions) it is the printed 4.50 x 3.00.
    graph = _flat_with_sizes(["4.50 m x 3.00 m"] * 4)
    assert len(graph["rooms"]) == 4
    for room in graph["rooms"]:
        assert m2(graph, room) == pytest.approx(4.34 * 2.84, rel=0.02)  # net, as estimated
        assert any(
            e.startswith("printed size agrees between wall centres") for e in room["evidence"]
        ), room["evidence"]
        assert room["confidence"] == 1.0
        assert not any(room["label"] in w for w in graph["warnings"])
    assert not any("disagree" in reason for reason in graph["review_reasons"])


def test_a_size_that_fits_neither_the_faces_nor_the_wall_centres_still_disagrees():
    graph = _flat_with_sizes(["4.50 m x 3.00 m"] * 3 + ["5.50 m x 3.00 m"])
    label = multilingual_flat().rooms[-1].label
    wrong = next(room for room in graph["rooms"] if room["label"] == label)
    assert any(e.startswith("printed size disagrees") for e in wrong["evidence"])
    assert any(wrong["label"] in w and "prints" in w for w in graph["warnings"])


def test_the_rooms_vote_on_the_scale_between_wall_centres_where_more_sizes_agree_so():
    # Two rooms and a WC at 1:50; measured inside the faces the WC's two sides disagree
    # (0.12 m of wall is a large share of a 1 m side), between the wall centres all agree.
    mpp, half = PAPER * 50, 0.06
    sizes = [(4.0, 3.0), (4.0, 3.5), (1.0, 2.0)]
    net = [
        PrintedRoom(0.0, ((w - 2 * half) / mpp, (d - 2 * half) / mpp), (w, d), None)
        for w, d in sizes
    ]
    centred = [PrintedRoom(0.0, (w / mpp, d / mpp), (w, d), None) for w, d in sizes]
    factor, what = room_scale_factor(net, mpp, centred)
    assert factor == pytest.approx(1.0)
    assert what == "3 printed room sizes between wall centres"
    assert room_scale_factor(net, mpp)[1] == "2 printed room sizes"
