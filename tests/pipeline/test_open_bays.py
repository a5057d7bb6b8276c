"""Open bays (issue 10): a verandah or carport the architect stamps as a room but walls
leave open is closed by the pipeline at its printed size, and says so."""

import pytest

from floorplans.pipeline import extract_graph
from floorplans.samples.stamped_sheets import carport_plan, render_stamped, verandah_plan


def m2(graph: dict, room: dict) -> float:
    return room["area_pts2"] * graph["scale"]["metres_per_point"] ** 2


def _room(graph: dict, label: str) -> dict:
    return next(room for room in graph["rooms"] if room["label"] == label)


def _assert_open_bay(graph: dict, room: dict) -> None:
    assert "open bay closed by the pipeline (at its printed size)" in room["evidence"]
    assert "closed by walls" not in room["evidence"]
    assert room["confidence"] < 1.0
    assert any(room["label"] in w and "open bay" in w for w in graph["warnings"])


def test_a_verandah_open_between_two_wall_ends_is_closed_along_the_line_joining_them():
    stamps = [("VERANDAH", (2.5, 6.0), ("2.80 m x 2.00 m",))]
    graph = extract_graph(render_stamped(verandah_plan(), stamps))
    verandah = _room(graph, "VERANDAH")
    assert m2(graph, verandah) == pytest.approx(2.8 * 2.0, rel=0.03)
    _assert_open_bay(graph, verandah)


def test_a_carport_open_on_two_sides_is_closed_along_the_buildings_outline():
    stamps = [("CARPORT", (9.5, 2.5), ("3.00 m x 5.00 m",))]
    graph = extract_graph(render_stamped(carport_plan(), stamps))
    carport = _room(graph, "CARPORT")
    assert m2(graph, carport) == pytest.approx(3.0 * 5.0, rel=0.03)
    _assert_open_bay(graph, carport)


def test_an_open_space_whose_stamp_prints_no_size_does_not_become_a_room():
    stamps = [("VERANDAH", (2.5, 6.0), ())]
    graph = extract_graph(render_stamped(verandah_plan(), stamps))
    assert not any(room["label"] == "VERANDAH" for room in graph["rooms"])
    assert not any("open bay" in w for w in graph["warnings"])


def test_an_open_bay_whose_printed_size_fits_no_closing_line_stays_out():
    stamps = [("VERANDAH", (2.5, 6.0), ("5.00 m x 4.00 m",))]
    graph = extract_graph(render_stamped(verandah_plan(), stamps))
    assert not any(room["label"] == "VERANDAH" for room in graph["rooms"])


def test_a_verandah_opening_onto_a_walled_yard_stops_at_its_wall_ends_and_the_yard_is_flagged():
    stamps = [("VERANDAH", (2.5, 6.0), ("2.80 m x 2.00 m",))]
    graph = extract_graph(render_stamped(verandah_plan(yard=True), stamps))
    verandah = _room(graph, "VERANDAH")
    assert m2(graph, verandah) == pytest.approx(2.8 * 2.0, rel=0.03)
    _assert_open_bay(graph, verandah)
    yard = next(r for r in graph["rooms"] if any("beyond an open bay" in e for e in r["evidence"]))
    assert yard["label"] == "" and yard["confidence"] <= 0.1
    assert any("beyond the open bay VERANDAH" in w for w in graph["warnings"])
    assert graph["review_required"] is True
    assert any("may be outdoors" in reason for reason in graph["review_reasons"])


def test_two_stamps_in_one_open_space_never_share_its_floor():
    stamps = [
        ("CARPORT", (9.5, 1.5), ("3.00 m x 5.00 m",)),
        ("PORCH", (9.5, 3.5), ("3.00 m x 5.00 m",)),
    ]
    graph = extract_graph(render_stamped(carport_plan(), stamps))
    bays = [r for r in graph["rooms"] if r["label"] in {"CARPORT", "PORCH"}]
    assert len(bays) == 1
    assert m2(graph, bays[0]) == pytest.approx(3.0 * 5.0, rel=0.03)
