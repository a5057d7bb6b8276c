"""A drawing set prints the scale on one sheet only (issue 10): a plan sheet without a
scale borrows it from a sibling sheet drawing the same plan at the same size, and only
then. Two- and three-sheet sets drawn by the generator: one flat, with and without its
dimension strings, moved about on the paper."""

from dataclasses import replace

import pytest
from shapely.geometry import Polygon

from floorplans.pipeline import extract_graph
from floorplans.pipeline.scale import METRES_PER_POINT_ON_PAPER as PAPER
from floorplans.pipeline.sibling_scales import draws_same_plan, sibling_scales
from floorplans.samples.european_sheets import european_flat, stamps_printing
from floorplans.samples.stamped_sheets import open_plan, render_stamped_set

NAMES_ONLY = {"dimensions": False}  # no dimension strings: with no note, no scale


def flat(**changes):
    """The flat with no scale note; its stamps print names only, so nothing but the
    dimension strings (where drawn) gives its scale."""
    plan = replace(european_flat(scale_text=""), **changes)
    return plan, stamps_printing(plan, lambda area: ())


def moved(plan, dx: float, dy: float):
    return replace(plan, origin=(plan.origin[0] + dx, plan.origin[1] + dy))


def take_off(sheets) -> tuple[bytes, dict[int, dict], dict]:
    """Every page alone, then the scales the set lends."""
    pdf = render_stamped_set(sheets)
    graphs = {page: extract_graph(pdf, page) for page in range(len(sheets))}
    return pdf, graphs, sibling_scales(graphs)


def areas_m2(graph: dict) -> dict[str, float]:
    mpp = graph["scale"]["metres_per_point"]
    return {room["label"]: round(room["area_pts2"] * mpp * mpp, 2) for room in graph["rooms"]}


def test_the_same_plan_without_dimensions_borrows_the_dimensioned_sheets_scale():
    plan, names = flat()
    elsewhere = moved(plan, 60.0, -25.0)  # the dimensioned sheet places the plan elsewhere
    pdf, graphs, lent = take_off([(plan, names, NAMES_ONLY), (elsewhere, names, {})])
    assert graphs[0]["scale"] is None and "no drawing scale" in graphs[0]["review_reasons"]
    assert graphs[1]["scale"]["source"] == "dimension"
    assert set(lent) == {0} and draws_same_plan(graphs[0], graphs[1])

    graph = extract_graph(pdf, 0, sibling_scale=lent[0])
    scale = graph["scale"]
    assert scale["source"] == "sibling_sheet"
    assert scale["metres_per_point"] == graphs[1]["scale"]["metres_per_point"]
    assert scale["evidence"][0].startswith("the scale of page 2, which draws the same plan")
    assert "5 of 5 rooms alike" in scale["evidence"][0]
    assert any(w.startswith("No scale is printed on this sheet; 1:100 is the scale of page 2")
               for w in graph["warnings"])  # fmt: skip
    assert not graph["review_required"] and graph["review_reasons"] == []
    truth = {room.label: round(Polygon(room.polygon).area, 2) for room in plan.rooms}
    assert areas_m2(graph) == pytest.approx(truth, rel=0.02)
    assert areas_m2(graph) == pytest.approx(areas_m2(graphs[1]), rel=0.005)
    # Everything follows the scale as if the sheet had printed it: the same walls,
    # openings and rooms (areas, confidence, evidence) as that scale given outright.
    given = extract_graph(pdf, 0, scale_text="1:100")
    for key in ("walls", "openings", "rooms", "coverage"):
        assert graph[key] == given[key]


def test_a_different_building_on_the_other_sheet_lends_nothing():
    plan, names = flat()
    other = open_plan(scale_text="")  # 8 x 5 m at 1:50, dimensioned
    other_stamps = [("KITCHEN", (1.75, 2.5), ()), ("LIVING", (5.75, 2.5), ())]
    _, graphs, lent = take_off([(plan, names, NAMES_ONLY), (other, other_stamps, {})])
    assert graphs[1]["scale"]["source"] == "dimension"
    assert lent == {} and not draws_same_plan(graphs[0], graphs[1])


def test_the_same_footprint_drawn_at_another_size_lends_nothing():
    """The same flat at 1:50 on the other sheet: another size in points, another scale."""
    plan, names = flat()
    larger, larger_names = flat(scale_ratio=1 / 50)
    _, graphs, lent = take_off([(plan, names, NAMES_ONLY), (larger, larger_names, {})])
    assert graphs[1]["scale"]["metres_per_point"] / PAPER == pytest.approx(50)
    assert lent == {}


def test_sibling_sheets_that_disagree_on_the_scale_lend_nothing():
    plan, names = flat()
    noted = replace(plan, scale_text="M 1:125")  # a note this drawing does not follow
    sheets = [(plan, names, NAMES_ONLY), (plan, names, {}), (noted, names, NAMES_ONLY)]
    _, graphs, lent = take_off(sheets)
    assert graphs[1]["scale"]["source"] == "dimension"
    assert (graphs[2]["scale"]["source"], graphs[2]["scale"]["text"]) == ("text", "1:125")
    assert lent == {}
    assert set(sibling_scales({0: graphs[0], 1: graphs[1]})) == {0}  # either alone lends


def test_only_a_scale_of_the_sheets_own_is_lent():
    plan, names = flat()
    _, graphs, lent = take_off([(plan, names, NAMES_ONLY), (plan, names, {})])
    assert set(lent) == {0}
    for source in ("vision", "sibling_sheet"):
        guessed = {**graphs[1], "scale": {**graphs[1]["scale"], "source": source}}
        assert sibling_scales({0: graphs[0], 1: guessed}) == {}
    doubted = {**graphs[1], "review_reasons": list(graphs[1]["scale"]["evidence"])}
    assert sibling_scales({0: graphs[0], 1: doubted}) == {}


def test_the_callers_scale_wins_over_a_borrowed_one():
    plan, names = flat()
    pdf, _, lent = take_off([(plan, names, NAMES_ONLY), (plan, names, {})])
    graph = extract_graph(pdf, 0, scale_text="1:50", sibling_scale=lent[0])
    assert graph["scale"]["source"] == "override"
    assert graph["scale"]["metres_per_point"] / PAPER == pytest.approx(50)
