"""Lettering plotted as strokes (AutoCAD SHX fonts) read back into text (issue 10): on
sheets the generator letters in lines in a Hershey font the reader has no template of
(Roman duplex, double-stroked), with no text object on the page. The generator's square
font is not read (test_room_semantics: the sheet says so)."""

import itertools
from dataclasses import replace

import numpy as np
import pytest
from shapely.geometry import Polygon

from floorplans.pipeline import extract_graph, stroke_text
from floorplans.pipeline.limits import Budget, Limits
from floorplans.pipeline.pdf_document import get_page, open_document
from floorplans.pipeline.primitives import PagePrimitives, Segment
from floorplans.pipeline.reader import read_page
from floorplans.pipeline.scale import METRES_PER_POINT_ON_PAPER as PAPER
from floorplans.pipeline.stroke_text import read_stroke_text
from floorplans.pipeline.text import build_lines
from floorplans.samples.furniture import draw_furniture
from floorplans.samples.hershey_lettering import HersheyLettering
from floorplans.samples.stamped_sheets import multilingual_flat, open_plan, render_stamped

NAMES = ["KITCHEN", "BEDROOM", "BATHROOM", "LIVING ROOM"]
SIZE = "4.50 m x 3.00 m"  # between the wall centres, as the rooms are drawn


def english_flat():
    plan = multilingual_flat()  # four rooms 4.5 x 3.0 m between wall centres, at 1:50
    return replace(
        plan, rooms=[replace(r, label=n) for r, n in zip(plan.rooms, NAMES, strict=True)]
    )


def stamps(plan):
    return [
        (r.label, Polygon(r.polygon).representative_point().coords[0], (SIZE,)) for r in plan.rooms
    ]


def page_of(pdf: bytes):
    return read_page(get_page(open_document(pdf), 0), 0, Budget(Limits()))


def test_room_names_printed_sizes_and_the_scale_are_read_from_lettering_drawn_as_strokes():
    plan = english_flat()
    pdf = render_stamped(plan, stamps(plan), lettering="hershey")
    assert page_of(pdf).chars == []  # no text object: every letter is lines
    graph = extract_graph(pdf)
    assert sorted(room["label"] for room in graph["rooms"]) == sorted(NAMES)
    assert {room["kind"] for room in graph["rooms"]} == {"kitchen", "bedroom", "bathroom", "living"}
    assert graph["scale"]["metres_per_point"] == pytest.approx(PAPER * 50, rel=0.01)
    assert "agrees with 4 printed room sizes" in graph["scale"]["evidence"]
    for room in graph["rooms"]:
        assert room["printed_area_m2"] == pytest.approx(4.5 * 3.0)
        assert "printed size agrees between wall centres (+0%)" in room["evidence"]
    assert any("read from the strokes" in w for w in graph["warnings"])
    assert not any("could be read" in w for w in graph["warnings"])


def test_stroke_lettering_reads_as_the_same_text_as_text_lettering():
    plan = english_flat()
    read = {
        line.text
        for line in build_lines(
            read_stroke_text(page_of(render_stamped(plan, stamps(plan), lettering="hershey"))).chars
        )
    }
    assert set(NAMES) | {SIZE} <= read


def _clutter(plan):
    """Short strokes that are no lettering, drawn in the rooms: a stipple hatch of short
    slashes and ticks, rows of small circles (hob burners, bolts) and the furniture."""

    def draw(pen):
        for room in plan.rooms:
            draw_furniture(pen, plan, room)
            minx, miny, _, _ = Polygon(room.polygon).bounds
            x0, y0 = plan.to_page(minx + 0.3, miny + 0.3)
            for i in range(12):
                for j in range(3):
                    x, y = x0 + i * 6.0, y0 + j * 6.0
                    pen.line((x, y), (x + 3.5, y + 3.5), 0.2)  # insulation hatch
                    pen.line((x, y + 3.5), (x + 1.0, y + 3.5), 0.2)
                pen.ellipse((x0 + i * 6.0, y0 + 24.0), 2.0, 2.0, width=0.2)  # bolts

    return draw


def test_hatching_furniture_and_small_symbols_drawn_in_short_strokes_are_not_read_as_text():
    plan = english_flat()
    clean = render_stamped(plan, stamps(plan), lettering="hershey")
    cluttered = render_stamped(plan, stamps(plan), lettering="hershey", viewports=[_clutter(plan)])
    clean_text = sorted(line.text for line in build_lines(read_stroke_text(page_of(clean)).chars))
    cluttered_page = page_of(cluttered)
    assert len(cluttered_page.segments) > len(page_of(clean).segments) + 200
    read = read_stroke_text(cluttered_page)
    assert sorted(line.text for line in build_lines(read.chars)) == clean_text
    graph = extract_graph(cluttered)
    assert sorted(room["label"] for room in graph["rooms"]) == sorted(NAMES)


def test_dimension_strings_on_text_masks_measure_their_lines_not_their_masks():
    # AutoCAD paints a mask behind each string, just its size: its edges run beside the
    # text like a dimension line. Only the dimensions can set this sheet's scale.
    plan = english_flat()
    names_only = [(name, at, ()) for name, at, _ in stamps(plan)]
    pdf = render_stamped(plan, names_only, lettering="hershey", masked_dimensions=True)
    graph = extract_graph(pdf)
    assert graph["scale"]["metres_per_point"] == pytest.approx(PAPER * 50, rel=0.01)
    assert graph["scale"]["source"] == "dimension"


def _dimension_against_the_wall(plan):
    """A vertical dimension string in the bedroom printed up against its bottom wall, on
    a mask that reaches into the wall (AutoCAD masks the whole string wherever it sits)."""

    def draw(pen):
        x, y = plan.to_page(1.0, 5.5)
        _, wall = plan.to_page(1.0, 6.0)  # the bottom wall's centreline
        size = 0.25 / plan.metres_per_point
        half = pen.text_width("1.20 m", size) / 2 + 1.0
        pen.mask([(x - 1, y - half), (x + size, y - half), (x + size, wall + 2), (x - 1, wall + 2)])
        pen.text((x + size * 0.8, y), "1.20 m", size, angle=90.0, centred=True)

    return draw


def test_a_text_mask_reaching_into_a_wall_leaves_the_wall_whole():
    # The mask's edge lies between the wall's faces, where a line means "another wall
    # inside": the bedroom's stretch of the bottom wall was lost and the room closed only
    # by the open-bay rule. A mask is the text's, not the drawing's.
    plan = english_flat()
    pdf = render_stamped(
        plan, stamps(plan), lettering="hershey", viewports=[_dimension_against_the_wall(plan)]
    )
    graph = extract_graph(pdf)
    _, wall = plan.to_page(0.0, 6.0)
    bottom = [w for w in graph["walls"] if w["y1"] == w["y2"] and abs(w["y1"] - wall) < 1]
    assert [round(w["length_pts"] * plan.metres_per_point, 1) for w in bottom] == [9.0]
    bedroom = next(r for r in graph["rooms"] if r["label"] == "BEDROOM")
    assert bedroom["evidence"][0] == "closed by walls"
    assert "printed size agrees between wall centres (+0%)" in bedroom["evidence"]


@pytest.mark.parametrize("angle", [0.0, 90.0])
def test_a_page_of_nothing_but_one_word_reads_that_word(angle):
    # Every glyph is taken by the first frame's line (or none is): the other frame is left
    # with nothing or everything, and neither may fail.
    strokes = HersheyLettering().strokes("KITCHEN", (300.0, 400.0), 10.0, angle)
    segments = [
        Segment(*a, *b, 0.3, True, False, path)
        for path, line in enumerate(strokes)
        for a, b in itertools.pairwise(line)
    ]
    read = read_stroke_text(PagePrimitives(0, 612.0, 792.0, 0, segments))
    assert [line.text for line in build_lines(read.chars)] == ["KITCHEN"]


def test_the_distance_maps_drawn_all_at_once_are_each_cells_exact_distance_to_the_ink():
    # Glyphs are compared by how far each cell lies from the other drawing's ink; the maps
    # of a whole page are drawn at once (separably), and must be exactly the nearest ink's
    # distance, or glyphs on the edge of a decision would read differently.
    side = stroke_text.GRID + 2 * stroke_text.PAD
    masks = (
        np.random.default_rng(7).random((40, side * side)) < np.linspace(0.002, 0.3, 40)[:, None]
    )
    masks[0] = False  # nothing inked
    masks[1] = False
    masks[1, side * side - 1] = True  # one corner: the farthest cell is the whole diagonal
    cells = np.stack(np.divmod(np.arange(side * side), side), axis=1)
    for mask, distances in zip(masks, stroke_text._distances_to(masks), strict=True):
        inked = cells[mask]
        expected = (
            np.hypot(*(cells[:, None, :] - inked[None, :, :]).transpose(2, 0, 1)).min(axis=1)
            if len(inked)
            else np.full(side * side, float(side))
        )
        assert np.array_equal(distances, expected)


def test_dimensions_drawn_as_strokes_beside_text_names_check_the_scale_note():
    """AutoCAD plots an SHX dimension font as lines while TrueType room names stay text:
    the numbers are read from the strokes, so a note the plot no longer matches (a sheet
    fitted to the paper) is overruled by the dimensions."""
    plan = open_plan(scale_text="SCALE 1:100")  # drawn at 1:50
    names = [(r.label, Polygon(r.polygon).representative_point().coords[0], ()) for r in plan.rooms]
    pdf = render_stamped(plan, names, lettering="hershey_dimensions")
    text = {line.text for line in build_lines(page_of(pdf).chars)}
    assert "KITCHEN" in text and "3600" not in text  # names are text, dimensions lines
    graph = extract_graph(pdf)
    assert graph["scale"]["metres_per_point"] == pytest.approx(PAPER * 50, rel=0.01)
    assert "note '1:100' overruled" in graph["scale"]["evidence"]
    assert any("numbers were read from the strokes" in w for w in graph["warnings"])
    assert [room["label"] for room in graph["rooms"]] == ["KITCHEN"]  # names from the text
