"""Graphic scales whose divisions are uneven (`0 1' 2' 4' 8'`), read off generated sheets."""

import pytest

from floorplans.pipeline import extract_graph
from floorplans.pipeline.limits import Budget, Limits
from floorplans.pipeline.pdf_document import get_page, open_document
from floorplans.pipeline.primitives import Segment
from floorplans.pipeline.reader import read_page
from floorplans.pipeline.scale import scale_notes
from floorplans.pipeline.scale_bar import scale_from_bar
from floorplans.pipeline.text import TextLine, build_lines
from floorplans.samples.scale_bars import draw_graphic_scale
from floorplans.samples.stamped_sheets import open_plan, render_stamped
from floorplans.spatialgraph import FOOT_M

PAPER = 0.0254 / 72
DOUBLING_FT = [(0, "0"), (1, "1'"), (2, "2'"), (4, "4'"), (8, "8'")]


def _sheet(plan, marks, unit_m, **options):
    at = (80.0, plan.page_size[1] - 60)
    bar = [lambda pen: draw_graphic_scale(pen, plan, marks, unit_m, at)]
    return render_stamped(plan, [], viewports=bar, **options)


def _bar(pdf):
    page = read_page(get_page(open_document(pdf), 0), 0, Budget(Limits()))
    lines = build_lines(page.chars)
    return scale_from_bar(lines, page.segments, scale_notes(lines, page.segments))


def test_a_doubling_imperial_bar_is_read():
    # At 1/8" = 1'-0" a foot is 9 pt: `0 1' 2'` print as one run of text.
    plan = open_plan(scale_ratio=1 / 96, scale_text='SCALE: 1/8" = 1\'-0"')
    found = _bar(_sheet(plan, DOUBLING_FT, FOOT_M))
    assert found is not None and found.text == "0 1 2 4 8"
    assert found.metres_per_point == pytest.approx(plan.metres_per_point, rel=0.01)


def test_a_metric_bar_of_one_two_five_ten_metres_takes_the_notes_unit():
    plan = open_plan(scale_ratio=1 / 100, scale_text="SCALE 1:100")
    marks = [(0, "0"), (1, "1"), (2, "2"), (5, "5"), (10, "10")]
    found = _bar(_sheet(plan, marks, 1.0))
    assert found is not None and found.text == "0 1 2 5 10"
    assert found.metres_per_point == pytest.approx(plan.metres_per_point, rel=0.01)


def test_a_bar_subdivided_left_of_its_zero_is_read():
    plan = open_plan(scale_ratio=1 / 48, scale_text='1/4" = 1\'-0"')
    marks = [(-4, "4'"), (-2, "2'"), (0, "0"), (4, "4'"), (8, "8'")]
    found = _bar(_sheet(plan, marks, FOOT_M))
    assert found is not None and found.text == "-4 -2 0 4 8"
    assert found.metres_per_point == pytest.approx(plan.metres_per_point, rel=0.01)


def test_on_a_sheet_printed_reduced_the_bar_overrules_the_note():
    # Drawn at 1/8" = 1'-0" and printed at half size: the note still says 1/8", the bar
    # shrank with the drawing and is the only truthful measure.
    plan = open_plan(scale_ratio=1 / 192, scale_text='SCALE: 1/8" = 1\'-0"')
    marks = [(0, "0"), (4, "4'"), (8, "8'"), (16, "16'")]
    graph = extract_graph(_sheet(plan, marks, FOOT_M, dimensions=False))
    scale = graph["scale"]
    assert scale["source"] == "scale_bar"
    assert scale["metres_per_point"] == pytest.approx(PAPER * 192, rel=0.01)
    assert any("disagrees with the scale bar" in w and "1:192" in w for w in graph["warnings"]), (
        graph["warnings"]
    )


def _row(values_at, y=300.0, size=6.0, unit="m"):
    *first, last = values_at
    labels = [TextLine(f"{v:g}", x, y, 0.0, size, size) for v, x in first]
    return [*labels, TextLine(f"{last[0]:g} {unit}", last[1] + 3, y, 0.0, size, 3 * size)]


def _ticks(xs, y0, y1):
    return [Segment(x, y0, x, y1, 0.3, True, False, 1) for x in xs]


def test_uneven_numbers_at_even_ticks_are_no_bar():
    # `0 1 2 4 8 m` spaced evenly over ticks: the positions do not fit the values.
    xs = [100, 130, 160, 190, 220]
    lines = _row(list(zip((0, 1, 2, 4, 8), xs, strict=True)))
    assert scale_from_bar(lines, _ticks(xs, 304, 310)) is None


def test_numbers_in_a_tables_cells_are_no_bar():
    # A schedule's (or a title block's revision) row: rules run through the numbers.
    xs = [100, 110, 120, 140, 180]
    lines = _row(list(zip((0, 1, 2, 4, 8), xs, strict=True)))
    assert scale_from_bar(lines, _ticks(xs, 290, 310)) is None


def test_numbers_between_the_ticks_are_no_bar():
    # A dimension chain: its numbers stand midway between the extension lines.
    edges = [95, 105, 115, 135, 175, 215]
    lines = _row([(0, 95), (1, 110), (2, 125), (4, 155), (8, 195)])
    assert scale_from_bar(lines, _ticks(edges, 304, 310)) is None


def test_grid_bubbles_and_zone_numbers_without_a_zero_are_no_bar():
    xs = [100, 241.7, 383.4, 525.1]
    lines = [TextLine(str(n), x, 20, 0.0, 7.0, 4.0) for n, x in zip((1, 2, 3, 4), xs, strict=True)]
    assert scale_from_bar(lines, _ticks(xs, 24, 30), []) is None


def test_a_metre_subdivided_left_of_the_zero_is_read_as_negative():
    # `1 0 1 2 3 4 m`: the first metre, left of the 0, is drawn in tenths.
    xs = [100, 130, 160, 190, 220, 250]
    lines = _row(list(zip((1, 0, 1, 2, 3, 4), xs, strict=True)))
    found = scale_from_bar(lines, _ticks([*xs, 103, 106, 109], 304, 310))
    assert found is not None and found.text == "-1 0 1 2 3 4"
    assert found.metres_per_point == pytest.approx(1 / 30)
