"""The scorer rewards exact answers, and degrades in proportion to what is missing or wrong."""

from __future__ import annotations

import copy

import pytest
from shapely import affinity
from shapely.geometry import Polygon

from floorplans.samples.catalog import demo_plan, office
from floorplans.samples.render import ground_truth
from floorplans.samples.scoring import score


@pytest.fixture
def truth() -> dict:
    return ground_truth(demo_plan(), "double_line")


def _halve_walls(graph: dict) -> dict:
    """Keep only the first half of every wall's centreline."""
    half = copy.deepcopy(graph)
    for wall in half["walls"]:
        wall["x2"] = (wall["x1"] + wall["x2"]) / 2
        wall["y2"] = (wall["y1"] + wall["y2"]) / 2
    return half


def test_ground_truth_scores_perfectly_against_itself(truth: dict) -> None:
    result = score(truth, truth)
    assert (result.wall_precision, result.wall_recall, result.wall_f1) == (1.0, 1.0, 1.0)
    assert result.thickness_error_pts == 0.0
    assert result.rooms_found == result.rooms_expected == 7
    assert result.rooms_labelled == 7 and result.room_area_error_pct == 0.0
    assert result.doors_found == result.doors_expected == 8
    assert result.windows_found == result.windows_expected == 10
    assert result.scale_found and result.scale_error == 0.0


def test_the_diagonal_office_plan_scores_perfectly_too() -> None:
    truth = ground_truth(office(), "rotated")
    assert score(truth, truth).wall_f1 == 1.0


def test_half_of_every_wall_gives_half_the_recall_and_full_precision(truth: dict) -> None:
    result = score(truth, _halve_walls(truth))
    assert result.wall_precision == pytest.approx(1.0)
    assert result.wall_recall == pytest.approx(0.5, abs=0.01)
    assert result.wall_f1 == pytest.approx(2 / 3, abs=0.01)


def test_dropping_every_other_wall_loses_recall_not_precision(truth: dict) -> None:
    partial = copy.deepcopy(truth)
    partial["walls"] = partial["walls"][::2]
    result = score(truth, partial)
    assert result.wall_precision == pytest.approx(1.0)
    assert 0.3 < result.wall_recall < 0.7


def test_splitting_walls_into_pieces_costs_nothing(truth: dict) -> None:
    pieces = copy.deepcopy(truth)
    pieces["walls"] = pieces["walls"] + _halve_walls(truth)["walls"]  # overlapping duplicates too
    result = score(truth, pieces)
    assert result.wall_precision == pytest.approx(1.0) and result.wall_recall == pytest.approx(1.0)


def test_walls_drawn_on_a_face_still_match_but_far_off_ones_do_not(truth: dict) -> None:
    shifted = copy.deepcopy(truth)
    for wall in shifted["walls"]:
        wall["y1"] += 25.0
        wall["y2"] += 25.0
    result = score(truth, shifted)
    assert result.wall_precision < 0.6  # only vertical walls, sliding along themselves, survive


def test_perpendicular_walls_do_not_count_even_inside_the_zone(truth: dict) -> None:
    crossing = copy.deepcopy(truth)
    for wall in crossing["walls"]:
        cx, cy = (wall["x1"] + wall["x2"]) / 2, (wall["y1"] + wall["y2"]) / 2
        wall.update(
            x1=cx - (wall["y2"] - wall["y1"]) / 2,
            x2=cx + (wall["y2"] - wall["y1"]) / 2,
            y1=cy + (wall["x2"] - wall["x1"]) / 2,
            y2=cy - (wall["x2"] - wall["x1"]) / 2,
        )
    assert score(truth, crossing).wall_recall < 0.2


def test_thickness_error_is_the_mean_absolute_difference(truth: dict) -> None:
    thick = copy.deepcopy(truth)
    for wall in thick["walls"]:
        wall["thickness"] += 2.0
    assert score(truth, thick).thickness_error_pts == pytest.approx(2.0)


def test_slightly_grown_rooms_match_with_an_area_error(truth: dict) -> None:
    grown = copy.deepcopy(truth)
    for room in grown["rooms"]:
        polygon = affinity.scale(Polygon(room["polygon"]), 1.05, 1.05)
        room["polygon"], room["area_pts2"] = (
            [list(p) for p in polygon.exterior.coords[:-1]],
            polygon.area,
        )
    result = score(truth, grown)
    assert result.rooms_found == 7
    assert result.room_area_error_pct == pytest.approx(10.25)


def test_rooms_that_overlap_too_little_are_not_found(truth: dict) -> None:
    moved = copy.deepcopy(truth)
    for room in moved["rooms"]:
        room["polygon"] = [[x + 40, y] for x, y in room["polygon"]]
    assert score(truth, moved).rooms_found < 3


def test_doors_must_be_within_half_their_width(truth: dict) -> None:
    near, far = copy.deepcopy(truth), copy.deepcopy(truth)
    for opening in near["openings"]:
        opening["x"] += opening["width_pts"] * 0.4
    for opening in far["openings"]:
        opening["x"] += opening["width_pts"] * 0.6
    assert score(truth, near).doors_found == 8
    assert score(truth, far).doors_found == 0


def test_a_missing_or_wrong_scale_is_reported(truth: dict) -> None:
    assert not score(truth, {**truth, "scale": None}).scale_found
    result = score(truth, {**truth, "scale": {"metres_per_point": 0.0254 * 100 / 72}})
    assert result.scale_found and result.scale_error == pytest.approx(100 / 48 - 1)


def test_an_empty_graph_scores_zero_without_crashing(truth: dict) -> None:
    result = score(truth, {"walls": [], "openings": [], "rooms": [], "scale": None})
    assert (result.wall_f1, result.rooms_found, result.doors_found) == (0.0, 0, 0)
    assert result.thickness_error_pts is None and result.room_area_error_pct is None
