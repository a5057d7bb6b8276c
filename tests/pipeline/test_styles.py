"""Extraction quality per CAD export style, scored against the samples' exact ground truth."""

from functools import cache

import pytest

from floorplans.pipeline import extract_graph
from floorplans.samples.catalog import sample_plans
from floorplans.samples.render import STYLES, ground_truth, render_pdf
from floorplans.samples.scoring import score

MIN_WALL_F1 = 0.97
MIN_ROOM_SHARE = 0.9


@cache
def _plans():
    return sample_plans()


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("plan_index", [1, 2, 3])
def test_style_walls_rooms_and_scale_match_ground_truth(style, plan_index):
    plan = _plans()[plan_index]
    result = score(ground_truth(plan, style), extract_graph(render_pdf(plan, style)))
    assert result.wall_f1 >= MIN_WALL_F1
    assert result.rooms_found >= MIN_ROOM_SHARE * result.rooms_expected
    assert result.scale_found
    assert result.scale_error < 1e-4
    assert result.doors_found >= 0.9 * result.doors_expected


def test_graph_has_contract_shape():
    graph = extract_graph(render_pdf(_plans()[0], "double_line"))
    assert graph["schema_version"] == 1
    assert graph["page"] == {"index": 0, "width": 1224.0, "height": 792.0, "rotation": 0}
    assert graph["scale"]["source"] == "text"
    wall_ids = {w["id"] for w in graph["walls"]}
    assert all(o["wall_id"] in wall_ids for o in graph["openings"])
    assert [r["label"] for r in graph["rooms"]] == ["ROOM"]
    assert graph["warnings"] == []


def test_rotated_page_reports_its_rotation_in_display_space():
    graph = extract_graph(render_pdf(_plans()[0], "rotated"))
    assert graph["page"]["rotation"] == 90
    assert graph["page"]["width"] == 1224.0
