"""Title-block fields are not the plan: their lettering names no room and stamps none
(issue 10, "Find the drawing on the sheet"), on sheets drawn as Italian and English CAD
sheets draw their boxed title blocks."""

import pytest

from floorplans.pipeline import extract_graph
from floorplans.samples.stamped_sheets import open_plan, render_stamped
from floorplans.samples.title_block import ENGLISH_FIELDS, ITALIAN_FIELDS, draw_boxed_fields


@pytest.mark.parametrize("fields", [ITALIAN_FIELDS, ENGLISH_FIELDS], ids=["italian", "english"])
@pytest.mark.parametrize("framed", [True, False], ids=["on_the_border", "boxes_of_their_own"])
def test_title_block_fields_become_no_room_stamps_and_do_not_flag_the_sheet(fields, framed):
    plan = open_plan()
    stamps = [("KITCHEN", (1.75, 2.5), ()), ("LIVING ROOM", (5.75, 2.5), ())]
    title_block = [lambda pen: draw_boxed_fields(pen, plan.page_size, fields, framed=framed)]
    graph = extract_graph(render_stamped(plan, stamps, viewports=title_block))
    assert sorted(room["label"] for room in graph["rooms"]) == ["KITCHEN", "LIVING ROOM"]
    assert graph["coverage"]["stamps_without_room"] == 0
    assert graph["review_required"] is False, graph["review_reasons"]
