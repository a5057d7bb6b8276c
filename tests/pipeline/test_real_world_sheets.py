"""Sheets drawn the way real CAD exports draw them (floorplans.samples.real_world).

Each construction reproduces one way real plans broke the extractor; the rooms must come
out at the net areas the sheet was drawn with, and nothing that is not a wall may be one.
"""

import io

import pytest
import shapely
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from floorplans.pipeline import NoVectorContent, extract, extract_graph
from floorplans.pipeline.limits import Budget, Limits
from floorplans.pipeline.pdf_document import get_page, open_document
from floorplans.pipeline.reader import read_page
from floorplans.pipeline.wall_cleanup import centreline, merge_collinear_pieces
from floorplans.pipeline.wall_detection import (
    ThicknessRange,
    WallPiece,
    detect_wall_pieces,
    wall_layer_segments,
)
from floorplans.pipeline.wall_networks import largest_networks
from floorplans.samples import real_world
from floorplans.samples.title_block import TABLOID

AREA_TOLERANCE = 0.02


def _areas(graph: dict) -> dict[str, float]:
    mpp = graph["scale"]["metres_per_point"]
    return {room["label"]: room["area_pts2"] * mpp * mpp for room in graph["rooms"]}


def _walls_in(graph: dict, box: tuple[float, float, float, float]) -> list[dict]:
    area = shapely.box(*box)
    return [
        w
        for w in graph["walls"]
        if area.intersects(shapely.LineString([(w["x1"], w["y1"]), (w["x2"], w["y2"])]))
    ]


@pytest.mark.parametrize(
    "build",
    [
        real_world.thin_double_lines,
        real_world.furnished,
        real_world.tiled_floor,
        real_world.notes_table,
        real_world.solid_hatch_walls,
        real_world.bed_under_window,
        real_world.closet_between_doors,
        real_world.stepped_corner,
        real_world.wc_with_column,
        real_world.kitchen_slab_hatch,
        real_world.pier_between_openings,
        real_world.verandah_between_stubs,
        real_world.paned_window_into_corner,
    ],
    ids=lambda build: build.__name__,
)
def test_rooms_come_out_at_their_net_area(build):
    sheet = build()
    graph = extract_graph(sheet.pdf)
    areas = _areas(graph)
    for label, expected in sheet.rooms.items():
        assert areas.get(label) == pytest.approx(expected, rel=AREA_TOLERANCE), label
    assert len(graph["rooms"]) == len(sheet.rooms)


def test_dimension_extension_lines_are_not_windows():
    # Both faces' extension lines run from the wall to the dimension line, parallel and of
    # one length, exactly like a window's lines; only a window has wall at both ends.
    graph = extract_graph(real_world.thin_double_lines().pdf)
    assert [o for o in graph["openings"] if o["kind"] == "window"] == []


def test_a_notes_table_and_its_highlight_bars_hold_no_walls():
    graph = extract_graph(real_world.notes_table().pdf)
    assert _walls_in(graph, real_world.NOTES_BOX) == []


def test_furniture_and_stairs_are_not_walls():
    sheet = real_world.furnished()
    graph = extract_graph(sheet.pdf)
    material = shapely.buffer(sheet.walls, 1.0)
    stray = [
        w
        for w in graph["walls"]
        if not material.contains(shapely.LineString([(w["x1"], w["y1"]), (w["x2"], w["y2"])]))
    ]
    assert stray == []


def test_a_45_degree_wall_closes_its_room():
    sheet = real_world.angled_wall()
    graph = extract_graph(sheet.pdf)
    assert _areas(graph)["OFFICE"] == pytest.approx(sheet.rooms["OFFICE"], rel=AREA_TOLERANCE)
    assert any(abs(abs(w["x2"] - w["x1"]) - abs(w["y2"] - w["y1"])) < 1 for w in graph["walls"])


def test_a_sparse_sheet_of_a_few_strokes_is_a_drawing():
    # One rectangle (1 pt) and two 3 pt strokes: the strokes end on the rectangle, which
    # makes it a wall too; four offices, not "no vector drawing".
    sheet = real_world.sparse_offices()
    graph = extract_graph(sheet.pdf)
    areas = _areas(graph)
    assert sorted(areas) == sorted(sheet.rooms)
    for label, expected in sheet.rooms.items():
        assert areas[label] == pytest.approx(expected, rel=0.05), label


def _pdf(draw) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=TABLOID)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.mark.parametrize(
    "draw",
    [
        lambda c: None,
        lambda c: c.drawString(100, 100, "GENERAL NOTES"),
        lambda c: c.line(100, 100, 500, 100),
        lambda c: (c.setLineWidth(6), c.line(100, 100, 500, 100)),
        lambda c: c.rect(100, 100, 400, 300, fill=1),
        lambda c: c.arc(100, 100, 200, 200, 0, 90),
    ],
    ids=["blank", "text only", "one line", "one heavy line", "one filled box", "one arc"],
)
def test_sheets_with_next_to_nothing_extract_with_a_warning(draw):
    graph = extract_graph(_pdf(draw))
    assert graph["rooms"] == [] and graph["warnings"]


@pytest.mark.parametrize("inline", [False, True], ids=["image object", "inline image"])
def test_a_scan_with_a_frame_is_still_refused(inline):
    scan = Image.new("L", (200, 150), 128)

    def scan_with_frame(canvas: Canvas) -> None:
        canvas.rect(20, 20, TABLOID[0] - 40, TABLOID[1] - 40)  # a crop frame: 4 edges
        if inline:
            canvas.drawInlineImage(scan, 36, 36, 400, 300)
        else:
            canvas.drawImage(ImageReader(scan), 36, 36, 400, 300)

    with pytest.raises(NoVectorContent):
        extract_graph(_pdf(scan_with_frame))


@pytest.mark.parametrize("arrow", [8.0, 19.4])
def test_dimensions_capped_by_arrowheads_run_to_the_arrow_tips(arrow):
    # The dimension line stops at the arrows' bases; measured there, the two overall
    # dimensions disagree (the arrows are a larger share of the shorter one) and the
    # scale would come out 3-7 % too small. Some sheets draw arrows over twice the text
    # height long (19.4 pt against 9 pt text).
    sheet = real_world.arrowhead_dimensions(arrow)
    graph = extract_graph(sheet.pdf)
    assert graph["scale"]["source"] == "dimension"
    assert graph["scale"]["metres_per_point"] == pytest.approx(real_world.MPP, rel=0.005)
    areas = _areas(graph)
    for label, expected in sheet.rooms.items():
        assert areas.get(label) == pytest.approx(expected, rel=AREA_TOLERANCE), label


@pytest.mark.parametrize("degrees", [90.0, 45.0, 30.0])
def test_doors_drawn_partly_open_are_doors(degrees):
    # Door blocks are often drawn 30 or 45 degrees open: the leaf and a short swing arc.
    sheet = real_world.closet_between_doors(degrees)
    graph = extract_graph(sheet.pdf)
    assert [o["kind"] for o in graph["openings"]].count("door") == 2
    assert _areas(graph)["WC"] == pytest.approx(sheet.rooms["WC"], rel=AREA_TOLERANCE)


def test_an_outlined_poche_wall_is_one_wall_in_the_poche_style():
    # The hatch's triangles and the outline's faces both pair into the same wall; the
    # outline's reading must not count as a second, thin-line style (the wall network
    # judges detached pieces by the styles the building is drawn in).
    sheet = real_world.outlined_poche()
    page = read_page(get_page(open_document(sheet.pdf), 0), 0, Budget(Limits()))
    thickness = ThicknessRange(0.07 / real_world.MPP, 0.6 / real_world.MPP)
    pieces = detect_wall_pieces(page, thickness)
    assert {p.source for p in pieces} == {"fill"}
    areas = _areas(extract_graph(sheet.pdf))
    for label, expected in sheet.rooms.items():
        assert areas[label] == pytest.approx(expected, rel=AREA_TOLERANCE), label


def test_a_window_read_from_ragged_and_repeated_lines_is_one_window():
    graph = extract_graph(real_world.ragged_windows().pdf)
    windows = [o for o in graph["openings"] if o["kind"] == "window"]
    assert len(windows) == 2


def _wall(offset: float, t0: float, t1: float, source: str, vertical: bool = False) -> WallPiece:
    return WallPiece(180 if vertical else 0, offset, t0, t1, 9.0, source)


def test_a_detached_network_in_a_second_wall_style_of_the_building_is_kept():
    # Outer walls filled, partitions as double lines: windows cut the shell and a partition
    # run into networks of either style; both styles are the building's own.
    main = [
        _wall(0, 0, 400, "fill"),
        _wall(0, 0, 300, "fill", vertical=True),
        _wall(300, 0, 400, "fill"),
        _wall(-200, 0, 300, "pair", vertical=True),
        _wall(150, 200, 300, "pair"),
    ]
    detached = [_wall(0, 460, 560, "pair"), _wall(-560, 0, 100, "pair", vertical=True)]
    furniture = [_wall(220, 500, 520, "fill")]  # too small to be a network of its own
    kept = largest_networks(main + detached + furniture)
    assert kept == main + detached


def test_a_door_whose_leaf_lies_open_against_a_wall_opens_the_wall_it_is_hung_in():
    # Both arc ends lie on walls; the side wall's thick stretch even ends at the leaf's
    # tip. Read in the side wall, the opening would lie over its thinner stretch's solid
    # material: the door is in the verandah's own wall, beside the pier.
    graph = extract_graph(real_world.pier_between_openings().pdf)
    doors = [o for o in graph["openings"] if o["kind"] == "door"]
    assert [round(o["y"]) for o in doors] == [round(real_world.Y0 + 5 * 18)]


def test_a_door_swing_flattened_to_a_polyline_closes_its_closet_without_a_scale():
    # No scale note, so the door is judged against the typical wall: here the 9" outer
    # walls, which a 2' door is under three of wide.
    sheet = real_world.flattened_closet_door()
    graph = extract_graph(sheet.pdf)
    assert graph["scale"] is None
    areas = {room["label"]: room["area_pts2"] for room in graph["rooms"]}
    for label, expected in sheet.rooms.items():
        expected_pts2 = expected / real_world.MPP**2
        assert areas.get(label) == pytest.approx(expected_pts2, rel=AREA_TOLERANCE / 2), label
    assert [o["kind"] for o in graph["openings"]].count("door") == 1


def test_a_wall_hatch_coarser_than_the_walls_are_thick_is_no_wall():
    # Each pair of neighbouring hatch lines makes a short strip, staggered along the wall
    # from the next; in line with strips in other walls, they would be joined across rooms.
    graph = extract_graph(real_world.hairline_walls().pdf)
    assert [w for w in graph["walls"] if w["x1"] != w["x2"] and w["y1"] != w["y2"]] == []


def test_hairline_walls_on_a_layer_named_for_walls_are_found_through_hatch_and_dashes():
    # The hatch's 0.5 mm pen draws more of the sheet than the hairline faces; the layer's
    # name says which pen draws the walls. The insulation dashes inside do not split them.
    sheet = real_world.hairline_walls()
    page = read_page(get_page(open_document(sheet.pdf), 0), 0, Budget(Limits()))
    page.path_layers = {s.path_id: "Muri esterni" for s in page.segments if s.width == 0}
    thickness = ThicknessRange(0.07 / real_world.MPP, 0.6 / real_world.MPP)
    pieces = merge_collinear_pieces(detect_wall_pieces(page, thickness), 2.0)
    lines = [centreline(p) for p in pieces]
    found = shapely.union_all([shapely.LineString([c[:2], c[2:]]).buffer(1.0) for c in lines])
    for a, b, _ in real_world.HOUSE:  # all but the junctions, where faces break
        wall = shapely.LineString([a, b])
        assert found.intersection(wall).length >= 0.75 * wall.length


@pytest.mark.parametrize(
    "layer", ["Arredi", "ARREDO", "A_OPR_notranja", "Oprema", "A-FURN", "Mobili"]
)
def test_furniture_layers_hold_no_walls_in_the_sheets_language(layer):
    sheet = real_world.furnished()
    page = read_page(get_page(open_document(sheet.pdf), 0), 0, Budget(Limits()))
    page.path_layers = {s.path_id: layer for s in page.segments}
    assert wall_layer_segments(page) == []


def test_walls_filled_on_a_hatch_layer_are_walls_and_dash_outlined_fills_are_not(monkeypatch):
    # "Schraffuren" (German: hatches) holds "fur" but is no furniture layer; the yellow
    # strip outlined in dashes is a wall to be demolished, the kitchen's zone colour a floor.
    sheet = real_world.renovation_fills()

    def read_allplan_page(*args):
        page = read_page(*args)
        page.path_layers = {f.path_id: real_world.RENOVATION_FILL_LAYER for f in page.fills}
        return page

    monkeypatch.setattr(extract, "read_page", read_allplan_page)
    areas = _areas(extract_graph(sheet.pdf))
    for label, expected in sheet.rooms.items():
        assert areas.get(label) == pytest.approx(expected, rel=AREA_TOLERANCE), label
