"""Small sheets drawn the way real CAD exports draw them, one known failure each.

The sample plans (``catalog``) are drawn cleanly in a handful of export styles. Real
sheets differ in ways that broke extraction: walls as thin double lines with the same pen
as the dimensions, core lines between the faces, furniture and stairs against walls,
tiled floors, notes tables with highlight bars, 45-degree walls, solid hatches plotted as
strokes, sparse sheets of a few strokes. Each builder here returns the PDF and the net room
areas it was drawn with (m², from the wall faces), so tests can assert on them.

Coordinates are display points (y down) at 1/4" = 1'-0" (``MPP`` metres per point).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import shapely
from reportlab.pdfgen.canvas import Canvas
from shapely.geometry import Polygon

from floorplans.spatialgraph import FOOT_M

from .clutter import format_length
from .pdf_pen import Pen
from .title_block import TABLOID

MPP = FOOT_M / 18  # 1/4" = 1'-0": 18 points per foot
SCALE_NOTE = 'SCALE: 1/4" = 1\'-0"'
PEN = 0.25  # the one pen thin-line exports draw everything with
Centreline = tuple[tuple[float, float], tuple[float, float], float]  # ends, thickness


@dataclass(frozen=True)
class Sheet:
    pdf: bytes
    rooms: dict[str, float]  # label -> net area in m²
    walls: Polygon | shapely.MultiPolygon  # wall material, openings closed (display points)


def _sheet(draw: Callable[[Pen], None]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=TABLOID)
    draw(Pen(canvas, TABLOID[1]))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _material(walls: Sequence[Centreline]) -> Polygon:
    rects = [
        shapely.buffer(shapely.LineString([a, b]), t / 2, cap_style="square", join_style="mitre")
        for a, b, t in walls
    ]
    return shapely.union_all(rects)


def _rooms(material: Polygon, stamps: dict[str, tuple[float, float]]) -> dict[str, float]:
    holes = [
        Polygon(ring) for poly in getattr(material, "geoms", [material]) for ring in poly.interiors
    ]
    areas = {}
    for label, at in stamps.items():
        hole = next(h for h in holes if h.contains(shapely.Point(at)))
        areas[label] = hole.area * MPP * MPP
    return areas


def _outline(pen: Pen, material: Polygon, width: float = PEN) -> None:
    """Wall faces as CAD draws cleaned-up walls: the outline of the wall material."""
    for ring in _rings(material):
        pen.polyline(ring, width, closed=True)


def _rings(material: Polygon) -> list[list[tuple[float, float]]]:
    return [
        list(ring.coords)[:-1]
        for poly in getattr(material, "geoms", [material])
        for ring in (poly.exterior, *poly.interiors)
    ]


def _labels(pen: Pen, stamps: dict[str, tuple[float, float]]) -> None:
    for label, at in stamps.items():
        pen.text(at, label, 9, centred=True)


def _dimension(pen: Pen, y_face: float, x0: float, x1: float, y_line: float) -> None:
    """A dimension string with extension lines from the wall face, in the walls' pen."""
    for x in (x0, x1):
        pen.line((x, y_face - 2), (x, y_line - 4), PEN)
        pen.line((x - 2, y_line + 2), (x + 2, y_line - 2), PEN)  # tick
    pen.line((x0 - 4, y_line), (x1 + 4, y_line), PEN)
    feet = (x1 - x0) / 18  # 1/4" = 1'-0": 18 points a foot
    pen.text(((x0 + x1) / 2, y_line - 3), format_length(feet * FOOT_M, False), 7, centred=True)


def _arrow_dimension(
    pen: Pen, start: tuple[float, float], end: tuple[float, float], arrow: float
) -> None:
    """A dimension as AutoCAD plots one: closed filled arrowheads `arrow` long whose tips
    touch the extension lines, the line itself stopping at their bases, the text above it."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    half = 1.4
    for (x, y), sign in ((start, 1), (end, -1)):
        pen.line((x + uy * 12, y - ux * 12), (x - uy * 12, y + ux * 12), PEN)  # extension
        bx, by = x + sign * ux * arrow, y + sign * uy * arrow
        base = [(bx + uy * half, by - ux * half), (bx - uy * half, by + ux * half)]
        pen.fill_rings([[(x, y), *base]])
    pen.line((x0 + ux * arrow, y0 + uy * arrow), (x1 - ux * arrow, y1 - uy * arrow), PEN)
    feet = length / 18
    text = f"{int(feet)}'-{round((feet % 1) * 12)}\""
    middle = ((x0 + x1) / 2 + uy * 5, (y0 + y1) / 2 - ux * 5)
    pen.text(middle, text, 9, angle=-math.degrees(math.atan2(uy, ux)), centred=True)


# A two-room house 32' x 16' at 1/4": 6" exterior walls, a 4 1/2" partition, a 3' door gap.
X0, Y0, W, H = 300.0, 250.0, 32 * 18.0, 16 * 18.0
EXT, PART = 9.0, 6.75
HOUSE: tuple[Centreline, ...] = (
    ((X0, Y0), (X0 + W, Y0), EXT),
    ((X0 + W, Y0), (X0 + W, Y0 + H), EXT),
    ((X0 + W, Y0 + H), (X0, Y0 + H), EXT),
    ((X0, Y0 + H), (X0, Y0), EXT),
    ((X0 + 12 * 18, Y0), (X0 + 12 * 18, Y0 + 9 * 18), PART),  # the door gap is below it
    ((X0 + 12 * 18, Y0 + 12 * 18), (X0 + 12 * 18, Y0 + H), PART),
)
HOUSE_STAMPS = {"LIVING ROOM": (X0 + 6 * 18, Y0 + 8 * 18), "KITCHEN": (X0 + 22 * 18, Y0 + 8 * 18)}


def _house() -> tuple[Polygon, Polygon, dict[str, float]]:
    """The house's wall material as drawn, with its door closed, and its room areas."""
    closed = _material((*HOUSE, ((X0 + 12 * 18, Y0), (X0 + 12 * 18, Y0 + H), PART)))
    return _material(HOUSE), closed, _rooms(closed, HOUSE_STAMPS)


def thin_double_lines() -> Sheet:
    """Walls as two thin faces with a core line between, the same pen as the dimensions."""
    material, closed, rooms = _house()

    def draw(pen: Pen) -> None:
        _outline(pen, material)
        core = shapely.buffer(material, -2.0, join_style="mitre")  # stud/sheathing lines
        _outline(pen, core, 0.12)
        _dimension(pen, Y0 - EXT / 2, X0 - EXT / 2, X0 + 12 * 18, Y0 - 40)
        _dimension(pen, Y0 - EXT / 2, X0 + 12 * 18, X0 + W + EXT / 2, Y0 - 40)
        _dimension(pen, Y0 - EXT / 2, X0 - EXT / 2, X0 + W + EXT / 2, Y0 - 60)
        _labels(pen, HOUSE_STAMPS)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), rooms, closed)


def furnished() -> Sheet:
    """The house with a bed, counters, a wardrobe, a WC and a stair, all against the walls."""
    material, closed, rooms = _house()

    def draw(pen: Pen) -> None:
        _outline(pen, material, 0.5)
        inner_left, inner_top = X0 + EXT / 2, Y0 + EXT / 2
        pen.rect(inner_left, inner_top + 40, inner_left + 80, inner_top + 140, PEN)  # bed
        pen.rect(inner_left, inner_top + 40, inner_left + 12, inner_top + 140, PEN)  # headboard
        for y in (inner_top + 50, inner_top + 100):  # pillows
            pen.rect(inner_left + 14, y, inner_left + 30, y + 35, PEN)
        pen.rect(inner_left + 120, inner_top, inner_left + 180, inner_top + 11, PEN)  # wardrobe
        kitchen_right = X0 + W - EXT / 2
        pen.rect(kitchen_right - 11, inner_top + 20, kitchen_right, inner_top + 200, PEN)  # counter
        pen.circle((kitchen_right - 25, inner_top + 230), 8, PEN)  # a basin
        x_stair = X0 + 14 * 18
        for k in range(8):  # stair treads against the top wall
            y = inner_top + 10 + k * 11
            pen.line((x_stair, y), (x_stair + 54, y), PEN)
        pen.line((x_stair, inner_top), (x_stair, inner_top + 98), PEN)
        pen.line((x_stair + 54, inner_top), (x_stair + 54, inner_top + 98), PEN)
        _labels(pen, HOUSE_STAMPS)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), rooms, closed)


def tiled_floor() -> Sheet:
    """The house with a 1' tile grid over the kitchen floor, in the walls' own pen."""
    material, closed, rooms = _house()

    def draw(pen: Pen) -> None:
        _outline(pen, material)
        left, right = X0 + 12 * 18 + PART / 2, X0 + W - EXT / 2
        top, bottom = Y0 + EXT / 2, Y0 + H - EXT / 2
        x = left + 18
        while x < right:
            pen.line((x, top), (x, bottom), PEN)
            x += 18
        y = top + 18
        while y < bottom:
            pen.line((left, y), (right, y), PEN)
            y += 18
        _labels(pen, HOUSE_STAMPS)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), rooms, closed)


NOTES_BOX = (950.0, 60.0, 1180.0, 330.0)  # the notes table, right of the plan


def notes_table() -> Sheet:
    """The house beside a general-notes table whose header rows sit on filled highlight bars."""
    material, closed, rooms = _house()

    def draw(pen: Pen) -> None:
        _outline(pen, material, 0.5)
        x0, y0, x1, y1 = NOTES_BOX
        pen.rect(x0, y0, x1, y1, 0.5)
        row = 14.0
        y = y0
        k = 0
        while y + row <= y1:
            if k % 6 == 0:
                pen.fill_rings([[(x0, y), (x1, y), (x1, y + row), (x0, y + row)]])
                pen.text((x0 + 4, y + 10), f"SECTION {k // 6 + 1} - GENERAL NOTES", 8)
            else:
                pen.text((x0 + 4, y + 10), f"{k}. ALL DIMENSIONS TO FACE OF STUD U.N.O.", 7)
            pen.line((x0, y + row), (x1, y + row), PEN)
            y += row
            k += 1
        pen.line((x0 + 20, y0), (x0 + 20, y1), PEN)
        _labels(pen, HOUSE_STAMPS)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), rooms, closed)


def angled_wall() -> Sheet:
    """A room whose corner is cut off by a 45-degree wall (a closet behind it)."""
    cut = 5 * 18.0
    corner = (X0 + W, Y0)
    walls = (
        *HOUSE[:4],
        ((corner[0] - cut, corner[1]), (corner[0], corner[1] + cut), PART),
    )
    stamps = {"OFFICE": (X0 + 14 * 18, Y0 + 8 * 18), "AV": (X0 + W - 18, Y0 + 18)}
    material = _material(walls)

    def draw(pen: Pen) -> None:
        _outline(pen, material, 0.5)
        _labels(pen, {"OFFICE": stamps["OFFICE"]})
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), _rooms(material, stamps), material)


def _hatch_45(pen: Pen, material: Polygon, step: float, width: float) -> None:
    """45-degree strokes x + y = c, `step` apart along x, clipped to the wall material."""
    minx, miny, maxx, maxy = material.bounds
    span = (maxx - minx) + (maxy - miny)
    c = minx + miny - (maxy - miny)
    while c < maxx + maxy:
        line = shapely.LineString([(c - miny, miny), (c - miny - span, miny + span)])
        for piece in getattr(line.intersection(material), "geoms", [line.intersection(material)]):
            if piece.geom_type == "LineString" and piece.length > 0:
                pen.line(piece.coords[0], piece.coords[-1], width)
        c += step


def solid_hatch_walls() -> Sheet:
    """Walls painted by a SOLID hatch that the exporter plotted as overlapping strokes."""
    material, closed, rooms = _house()
    stroke = 0.72

    def draw(pen: Pen) -> None:
        _hatch_45(pen, material, stroke * 0.4 * math.sqrt(2), stroke)
        _labels(pen, HOUSE_STAMPS)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), rooms, closed)


RENOVATION_FILL_LAYER = "Fillings, Schraffuren, Muster"  # Allplan's hatch and fill layer


def renovation_fills() -> Sheet:
    """A renovation sheet as Allplan draws it: every wall a light-pink filled shape with no
    outline stroke, the kitchen's floor a zone colour, and a wall to be demolished across
    the living room, filled yellow and outlined in short dash strokes, all on the layer
    ``RENOVATION_FILL_LAYER`` (a reader sets it; the generator writes no layers)."""
    material, closed, rooms = _house()
    kitchen = next(
        Polygon(ring)
        for ring in closed.interiors
        if Polygon(ring).contains(shapely.Point(HOUSE_STAMPS["KITCHEN"]))
    )
    x = X0 + 6 * 18

    def draw(pen: Pen) -> None:
        pen.canvas.setFillColorRGB(1.0, 0.95, 0.8)
        pen.fill_rings([list(kitchen.exterior.coords)[:-1]])
        pen.canvas.setFillColorRGB(1.0, 0.8, 0.8)
        pen.fill_rings(_rings(material))
        pen.canvas.setFillColorRGB(1.0, 1.0, 0.6)
        doomed = (x - PART / 2, Y0, x + PART / 2, Y0 + H)
        pen.fill_rings(
            [[(doomed[0], Y0), (doomed[2], Y0), (doomed[2], Y0 + H), (doomed[0], Y0 + H)]]
        )
        for face in (doomed[0], doomed[2]):
            for y in range(int(Y0), int(Y0 + H) - 6, 9):
                pen.line((face, y), (face, y + 6), PEN)
        pen.canvas.setFillColorRGB(0, 0, 0)
        _labels(pen, HOUSE_STAMPS)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), rooms, closed)


HAIRLINE = 0.0  # AutoCAD's "0 w": the thinnest line the device draws


def hairline_walls() -> Sheet:
    """An AutoCAD sheet plotted without wall lineweights: hairline wall outlines, filled
    with a 45-degree line hatch in a 0.5 mm pen, coarser than the walls are thick (so each
    pair of its lines makes a short strip, the strips staggered along the wall), and an
    insulation line along the exterior walls' middle, written one path per dash in a
    0.35 mm pen. Walls in the sheet's layer `Muri` are the hairline paths."""
    material, closed, rooms = _house()

    def draw(pen: Pen) -> None:
        _outline(pen, material, HAIRLINE)
        _hatch_45(pen, material, 0.75 * math.sqrt(2) * EXT, 0.54)  # 0.75 EXT across
        for (xa, ya), (xb, yb), thickness in HOUSE:
            if thickness != EXT:
                continue
            length = math.hypot(xb - xa, yb - ya)
            for t in range(0, int(length) - 14, 28):
                u, v = t / length, (t + 14) / length
                a = (xa + (xb - xa) * u, ya + (yb - ya) * u)
                pen.line(a, (xa + (xb - xa) * v, ya + (yb - ya) * v), 0.36)
        _labels(pen, HOUSE_STAMPS)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), rooms, closed)


SPARSE_BOX = (200.0, 192.0, 800.0, 592.0)  # the rectangle of the four-office sheet


def sparse_offices() -> Sheet:
    """One rectangle and two 3 pt strokes: four offices, the sheet the README's curl uses."""
    x0, y0, x1, y1 = SPARSE_BOX
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    stamps = {
        "OFFICE 1": (x0 + 150, y0 + 100),
        "OFFICE 2": (x1 - 150, y0 + 100),
        "MEETING": (x0 + 150, y1 - 100),
        "STORAGE": (x1 - 150, y1 - 100),
    }

    def draw(pen: Pen) -> None:
        pen.rect(x0, y0, x1, y1, 1.0)
        pen.line((mx, y0), (mx, y1), 3.0)
        pen.line((x0, my), (x1, my), 3.0)
        _labels(pen, stamps)
        pen.text((x0, y1 + 40), SCALE_NOTE, 10)

    quarter = (mx - x0) * (my - y0) * MPP * MPP  # between centrelines: the strokes are symbols
    return Sheet(_sheet(draw), dict.fromkeys(stamps, quarter), shapely.Polygon())


def arrowhead_dimensions(arrow: float = 8.0) -> Sheet:
    """The house with no scale note, only overall dimensions capped by arrowheads `arrow`
    long (the text is 9 pt high; some sheets draw arrows twice as long as that)."""
    material, closed, rooms = _house()
    left, top = X0 - EXT / 2, Y0 - EXT / 2
    right, bottom = X0 + W + EXT / 2, Y0 + H + EXT / 2

    def draw(pen: Pen) -> None:
        _outline(pen, material)
        _arrow_dimension(pen, (left, top - 30), (right, top - 30), arrow)
        _arrow_dimension(pen, (left - 30, bottom), (left - 30, top), arrow)
        _labels(pen, HOUSE_STAMPS)

    return Sheet(_sheet(draw), rooms, closed)


def bed_under_window() -> Sheet:
    """A bed in a corner, its bedside tables and pillows against a window in the top wall:
    there they run face to face with no wall, only with the glazing, and the table in the
    corner ties them to the wall network."""
    left, right = X0 + 2 * 18, X0 + 7 * 18  # the window's gap in the top wall
    top = (((X0, Y0), (left, Y0), EXT), ((right, Y0), (X0 + W, Y0), EXT))
    material = _material((*top, *HOUSE[1:]))
    _, closed, rooms = _house()

    def draw(pen: Pen) -> None:
        pen.fill_rings(_rings(material))  # solid walls, outlined in the furniture's pen
        _outline(pen, material)
        for y in (Y0 - EXT / 2, Y0 - EXT / 6, Y0 + EXT / 6, Y0 + EXT / 2):
            pen.line((left, y), (right, y), PEN)  # frame and glazing
        head = Y0 + EXT / 2 + 1.5  # a bed stands clear of the wall
        bed_left = X0 + EXT / 2 + 18
        bed_right = bed_left + 100
        pen.rect(bed_left, head, bed_right, head + 110, PEN)
        pen.line((bed_left, head + 1), (bed_right, head + 1), PEN)  # the frame's double line
        middle = (bed_left + bed_right) / 2
        for x0, x1 in ((bed_left + 4, middle - 2), (middle + 2, bed_right - 4)):
            pen.rect(x0, head + 2, x1, head + 16, PEN)  # pillows
        for x0 in (bed_left - 18, bed_right + 2):
            pen.rect(x0, head, x0 + 16, head + 15, PEN)  # bedside tables
        _labels(pen, HOUSE_STAMPS)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), rooms, closed)


def _swing(
    pen: Pen,
    hinge: tuple[float, float],
    shut: tuple[float, float],
    toward: tuple[float, float],
    degrees: float,
) -> None:
    """A door leaf drawn `degrees` open (toward the point `toward`, 90 degrees round) and
    the arc of its swing back to `shut`."""
    (hx, hy), r = hinge, math.dist(hinge, shut)
    u = ((shut[0] - hx) / r, (shut[1] - hy) / r)
    w = ((toward[0] - hx) / r, (toward[1] - hy) / r)
    a = math.radians(degrees)
    tip = (hx + r * (math.cos(a) * u[0] + math.sin(a) * w[0]),
           hy + r * (math.cos(a) * u[1] + math.sin(a) * w[1]))  # fmt: skip
    tangent = (-math.sin(a) * u[0] + math.cos(a) * w[0], -math.sin(a) * u[1] + math.cos(a) * w[1])
    k = 4 / 3 * math.tan(a / 4) * r  # Bezier control length of a circular arc
    pen.line(hinge, tip, PEN)
    c1 = (shut[0] + k * w[0], shut[1] + k * w[1])
    c2 = (tip[0] - k * tangent[0], tip[1] - k * tangent[1])
    pen.curve(shut, c1, c2, tip, PEN)


def closet_between_doors(swing_degrees: float = 90.0) -> Sheet:
    """A WC in the living room's corner whose two partitions meet the house only across
    their doors: one in the partition's own line, one between its end and the top wall.
    The doors are drawn `swing_degrees` open (CAD door blocks are often 30 or 45)."""
    door = 45.0
    y_part, x_part = Y0 + 6 * 18, X0 + 6 * 18
    top_face = Y0 + EXT / 2
    partitions = (
        ((X0, y_part), (X0 + 1.5 * 18, y_part), PART),
        ((X0 + 1.5 * 18 + door, y_part), (x_part + PART / 2, y_part), PART),
        ((x_part, top_face + door), (x_part, y_part), PART),
    )
    material = _material((*HOUSE, *partitions))
    stamps = {**HOUSE_STAMPS, "WC": (X0 + 3 * 18, Y0 + 3 * 18)}
    closed = _material(
        (
            *HOUSE,
            ((X0 + 12 * 18, Y0), (X0 + 12 * 18, Y0 + H), PART),  # the house's own door
            ((X0, y_part), (x_part + PART / 2, y_part), PART),
            ((x_part, Y0), (x_part, y_part), PART),
        )
    )

    def draw(pen: Pen) -> None:
        _outline(pen, material, 0.5)
        hinge = (X0 + 1.5 * 18, y_part)
        _swing(pen, hinge, (hinge[0] + door, y_part), (hinge[0], y_part - door), swing_degrees)
        hinge = (x_part, top_face + door)
        _swing(pen, hinge, (x_part, top_face), (x_part - door, hinge[1]), swing_degrees)
        _labels(pen, stamps)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), _rooms(closed, stamps), closed)


def stepped_corner() -> Sheet:
    """Poché walls: a dining room below the kitchen whose outer wall steps out past the
    kitchen's, so the kitchen wall meets the dining room's top wall just short of its
    corner (the corner square belongs to no straight run of wall)."""
    step = 11.0
    middle = Y0 + H / 2
    walls = (
        ((X0, Y0), (X0 + W, Y0), EXT),
        ((X0 + W, Y0), (X0 + W, Y0 + H), EXT),
        ((X0 + W, Y0 + H), (X0 - step, Y0 + H), EXT),
        ((X0, Y0), (X0, middle), EXT),
        ((X0 - step, middle), (X0 + W, middle), EXT),
        ((X0 - step, middle), (X0 - step, Y0 + H), EXT),
    )
    material = _material(walls)
    stamps = {"KITCHEN": (X0 + W / 2, Y0 + H / 4), "DINING": (X0 + W / 2, Y0 + 3 * H / 4)}

    def draw(pen: Pen) -> None:
        pen.fill_rings(_rings(material))
        _labels(pen, stamps)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), _rooms(material, stamps), material)


# The house with a 3' window in the kitchen's top and bottom walls (gaps in the shell).
WINDOW_X, WINDOW_W = X0 + 22 * 18, 3 * 18.0
WINDOWED_HOUSE: tuple[Centreline, ...] = (
    ((X0, Y0), (WINDOW_X, Y0), EXT),
    ((WINDOW_X + WINDOW_W, Y0), (X0 + W, Y0), EXT),
    ((X0 + W, Y0), (X0 + W, Y0 + H), EXT),
    ((X0 + W, Y0 + H), (WINDOW_X + WINDOW_W, Y0 + H), EXT),
    ((WINDOW_X, Y0 + H), (X0, Y0 + H), EXT),
    ((X0, Y0 + H), (X0, Y0), EXT),
    *HOUSE[4:],
)


def outlined_poche() -> Sheet:
    """Poché walls as AutoCAD exports them: each wall's SOLID hatch painted as triangles,
    its outline stroked on another layer, and windows splitting the shell into pieces.

    The same wall is then found twice, as a filled strip and as two outline faces.
    """
    walls = WINDOWED_HOUSE
    material = _material(walls)
    _, closed, rooms = _house()

    def draw(pen: Pen) -> None:
        for (ax, ay), (bx, by), t in walls:
            wall = shapely.buffer(
                shapely.LineString([(ax, ay), (bx, by)]), t / 2, cap_style="square"
            )
            a, b, c, d = list(shapely.oriented_envelope(wall).exterior.coords)[:4]
            pen.fill_rings([[a, b, c]])
            pen.fill_rings([[a, c, d]])
        _outline(pen, material)
        _labels(pen, HOUSE_STAMPS)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), rooms, closed)


def ragged_windows() -> Sheet:
    """Thin-line walls whose windows' glazing lines end a little apart, one drawn twice.

    Exports round each line's ends on their own and repeat lines across layers; every
    reading of one window lands on the same wall gap.
    """
    material = _material(WINDOWED_HOUSE)
    _, closed, rooms = _house()

    def draw(pen: Pen) -> None:
        _outline(pen, material)
        left, right = WINDOW_X + EXT / 2, WINDOW_X + WINDOW_W - EXT / 2  # the gap's jambs
        for y in (Y0, Y0 + H):
            for across, ragged in ((-2.0, 0.0), (0.0, 0.0), (2.0, 0.0), (0.0, 1.4), (2.0, 1.4)):
                pen.line((left + ragged, y + across), (right, y + across), PEN)
        _labels(pen, HOUSE_STAMPS)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), rooms, closed)


def _glazing(pen: Pen, x0: float, x1: float, y: float, thickness: float) -> None:
    """A window's four lines across a horizontal wall `thickness` thick, from x0 to x1."""
    for k in range(4):
        across = y - thickness / 2 + thickness * k / 3
        pen.line((x0, across), (x1, across), PEN)


def wc_with_column() -> Sheet:
    """Poché walls: a WC in the house's corner whose outer wall holds a structural column
    (a filled square thicker than the wall, flush with its outer face) and, between the
    column and the side wall, a ventilator; the cistern stands under the ventilator.
    The ventilator meets no wall of its own line: only the column is beside it."""
    wc_x, wc_y = X0 + 5 * 18, Y0 + 6 * 18
    vent_x0, vent_x1 = X0 + EXT / 2, X0 + EXT / 2 + 50
    column = shapely.box(vent_x1, Y0 - EXT / 2, vent_x1 + 16, Y0 - EXT / 2 + 18)
    walls = (
        ((vent_x1 + 16, Y0), (X0 + W, Y0), EXT),  # the top wall, from the column on
        *HOUSE[1:],
        ((wc_x, Y0), (wc_x, wc_y), PART),
        ((X0, wc_y), (wc_x + PART / 2, wc_y), PART),
    )
    drawn = shapely.union_all([_material(walls), column])
    shut = (((X0, Y0), (X0 + W, Y0), EXT), ((X0 + 12 * 18, Y0), (X0 + 12 * 18, Y0 + H), PART))
    closed = shapely.union_all([_material((*shut, *walls)), column])
    stamps = {**HOUSE_STAMPS, "WC": (X0 + 2.5 * 18, Y0 + 3.5 * 18)}

    def draw(pen: Pen) -> None:
        pen.fill_rings(_rings(drawn))
        _glazing(pen, vent_x0, vent_x1, Y0, EXT)
        pen.rect(vent_x0 + 8, Y0 + EXT / 2, vent_x1 - 4, Y0 + EXT / 2 + 9, PEN)  # cistern
        pen.ellipse((vent_x0 + 25, Y0 + EXT / 2 + 24), 10, 14, PEN)  # the pan
        _labels(pen, stamps)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), _rooms(closed, stamps), closed)


def kitchen_slab_hatch() -> Sheet:
    """Poché walls; the kitchen's slab against its end wall is drawn as an outline with a
    45-degree line hatch whose spacing is that of a thin double-line wall."""
    material, closed, rooms = _house()
    right, top, bottom = X0 + W - EXT / 2, Y0 + EXT / 2, Y0 + H - EXT / 2
    slab = shapely.box(right - 40, top, right, bottom)

    def draw(pen: Pen) -> None:
        pen.fill_rings(_rings(material))
        pen.polyline(list(slab.exterior.coords)[:-1], PEN, closed=True)
        spacing = 6.0 * math.sqrt(2)  # 6 points apart across the lines
        c = slab.bounds[0] + top
        while c < right + bottom:
            line = shapely.LineString([(c - top, top), (c - bottom, bottom)]).intersection(slab)
            if line.geom_type == "LineString" and line.length > 0:
                pen.line(line.coords[0], line.coords[-1], PEN)
            c += spacing
        _labels(pen, HOUSE_STAMPS)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), rooms, closed)


def pier_between_openings() -> Sheet:
    """Poché walls: a verandah in front of a store, the wall between them only a door, a
    short pier and a window, so it meets the house across its openings alone. The door's
    leaf is drawn open flat against the side wall, which is thicker above the leaf's tip
    (both arc ends then lie on a wall, and the thick wall ends where the arc does)."""
    x_part, y_wall = X0 + 20 * 18, Y0 + 5 * 18
    left, right = x_part + PART / 2, X0 + W - EXT / 2
    door, frame, pier = 40.0, 1.5, 10.0
    side = (
        ((left - 6, Y0), (left - 6, y_wall - door), 12.0),
        ((x_part, y_wall - door), (x_part, Y0 + H), PART),
    )
    walls = (*HOUSE, *side)
    stamps = {
        "LIVING ROOM": HOUSE_STAMPS["LIVING ROOM"],
        "KITCHEN": (X0 + 16 * 18, Y0 + 8 * 18),
        "VERANDAH": (X0 + 26 * 18, Y0 + 2.5 * 18),
        "STORE": (X0 + 26 * 18, Y0 + 12 * 18),
    }
    material = _material(walls)
    pier_at = left + door + frame
    piers = shapely.box(pier_at, y_wall - PART / 2, pier_at + pier, y_wall + PART / 2)
    drawn = shapely.union_all([material, piers])
    kitchen_door_shut = ((X0 + 12 * 18, Y0), (X0 + 12 * 18, Y0 + H), PART)
    closed = _material((*walls, kitchen_door_shut, ((x_part, y_wall), (X0 + W, y_wall), PART)))

    def draw(pen: Pen) -> None:
        pen.fill_rings(_rings(drawn))
        hinge = (left, y_wall)
        _swing(pen, hinge, (left + door, y_wall), (left, y_wall - door), 90.0)
        _glazing(pen, pier_at + pier, right, y_wall, PART)
        _labels(pen, stamps)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), _rooms(closed, stamps), closed)


def flattened_closet_door() -> Sheet:
    """No scale note; thick outer walls, a closet in the corner whose door swing was
    flattened to a polyline by the printer, and whose partition stops at the door: the
    gap runs to the outer wall with no stub beyond it."""
    thick = 13.5  # 9" outer walls: a 2' door is under three of them wide
    walls = tuple((a, b, thick) for a, b, _ in HOUSE[:4]) + HOUSE[4:]
    door = 30.0
    x_closet, y_closet = X0 + W - 4 * 18, Y0 + H - 5 * 18
    inner_bottom = Y0 + H - thick / 2
    partitions = (
        ((x_closet, y_closet), (X0 + W, y_closet), PART),
        ((x_closet, y_closet), (x_closet, inner_bottom - door), PART),
    )
    material = _material((*walls, *partitions))
    stamps = {**HOUSE_STAMPS, "CLOSET": (X0 + W - 2 * 18, Y0 + H - 2.5 * 18)}
    closed = _material(
        (
            *walls,
            ((X0 + 12 * 18, Y0), (X0 + 12 * 18, Y0 + H), PART),
            ((x_closet, y_closet), (X0 + W, y_closet), PART),
            ((x_closet, y_closet), (x_closet, Y0 + H), PART),
        )
    )

    def draw(pen: Pen) -> None:
        _outline(pen, material, 0.5)
        hinge = (x_closet + PART / 2, inner_bottom)
        arc = [
            (
                hinge[0] + door * math.sin(math.radians(a)),
                hinge[1] - door * math.cos(math.radians(a)),
            )
            for a in range(0, 91, 10)
        ]
        pen.polyline(arc, PEN)  # from the shut position round to the open leaf
        pen.rect(hinge[0], hinge[1] - 2, hinge[0] + door, hinge[1], PEN)  # the leaf, open
        _labels(pen, stamps)

    return Sheet(_sheet(draw), _rooms(closed, stamps), closed)


def verandah_between_stubs() -> Sheet:
    """Poché walls, as the G-2 sheets draw a side verandah: the house's side wall stops on
    the verandah's back wall and starts again past its front wall, so its two stubs lie
    in line across the verandah's open floor with no wall, door or window between them.
    The verandah runs out past that line to its own outer wall."""
    x_out, x_side = X0, X0 + 8 * 18
    x_store, x_end = x_side + 6 * 18, x_side + 24 * 18
    y_top, y_back, y_front, y_bottom = Y0, Y0 + 10 * 18, Y0 + 16 * 18, Y0 + 26 * 18
    walls = (
        ((x_side, y_top), (x_end, y_top), EXT),
        ((x_end, y_top), (x_end, y_bottom), EXT),
        ((x_end, y_bottom), (x_side, y_bottom), EXT),
        ((x_side, y_top), (x_side, y_back), EXT),  # the side wall's stubs
        ((x_side, y_front), (x_side, y_bottom), EXT),
        ((x_out, y_back), (x_end, y_back), EXT),  # the verandah's back and front walls
        ((x_out, y_front), (x_end, y_front), EXT),
        ((x_out, y_back), (x_out, y_front), EXT),
        ((x_store, y_back), (x_store, y_front), PART),
    )
    stamps = {
        "BEDROOM": ((x_side + x_end) / 2, (y_top + y_back) / 2),
        "VERANDAH": ((x_out + x_side) / 2, (y_back + y_front) / 2),
        "STORE": ((x_store + x_end) / 2, (y_back + y_front) / 2),
        "KITCHEN": ((x_side + x_end) / 2, (y_front + y_bottom) / 2),
    }
    material = _material(walls)

    def draw(pen: Pen) -> None:
        pen.fill_rings(_rings(material))
        _labels(pen, stamps)
        pen.text((X0, y_bottom + 60), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), _rooms(material, stamps), material)


def paned_window_into_corner() -> Sheet:
    """Poché walls, as AutoCAD window blocks draw a wide window: the kitchen's bottom wall
    stops short of the side wall, and the window between them runs into the corner (its
    far jamb is the side wall's face, not a wall end), each of its four panes drawn on its
    own between mullion ticks, so no glazing line spans the opening."""
    pane = 3 * 18.0
    jamb = X0 + W - EXT / 2 - 4 * pane  # the bottom wall's end face
    walls = (*HOUSE[:2], ((jamb - EXT / 2, Y0 + H), (X0, Y0 + H), EXT), *HOUSE[3:])
    material = _material(walls)
    _, closed, rooms = _house()

    def draw(pen: Pen) -> None:
        pen.fill_rings(_rings(material))
        for k in range(4):
            x0 = jamb + k * pane
            for across in (-EXT / 6, 0.0, EXT / 6):
                pen.line((x0, Y0 + H + across), (x0 + pane, Y0 + H + across), PEN)
            if k:
                pen.line((x0, Y0 + H - EXT / 6), (x0, Y0 + H + EXT / 6), PEN)  # the mullion
        _labels(pen, HOUSE_STAMPS)
        pen.text((X0, Y0 + H + 80), SCALE_NOTE, 9)

    return Sheet(_sheet(draw), rooms, closed)
