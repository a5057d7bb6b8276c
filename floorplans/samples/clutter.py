"""Everything on a plan sheet that is not a wall but looks enough like one to fool a detector.

Door leaves and swings, glazing, labels, furniture, floor tiles, dimensions and grid lines.
Geometry is worked out in plan metres and converted with `plan.to_page` at the last moment.
"""

from __future__ import annotations

import itertools
import math

from shapely import STRtree
from shapely.geometry import LineString, Point, Polygon

from floorplans.samples.furniture import draw_furniture
from floorplans.samples.pdf_pen import KAPPA, Pen
from floorplans.samples.plan import Opening, Plan, Wall, lines_of, polygons_of, wall_footprint
from floorplans.spatialgraph import INCH_M

_TILED = ("BATH", "KITCHEN", "WC", "KITCHENETTE")


def draw_door(pen: Pen, plan: Plan, door: Opening) -> None:
    """A leaf drawn open at 90 degrees from the hinge jamb and its quarter-circle swing."""
    wall = plan.walls[door.wall]
    face = door.swing * wall.thickness / 2
    lo, hi = door.offset - door.width / 2, door.offset + door.width / 2
    hinge_at, free_at = (lo, hi) if door.hinge == "start" else (hi, lo)
    along = 1.0 if free_at > hinge_at else -1.0
    hinge = wall.point_at(hinge_at, face)
    tip = wall.point_at(hinge_at, face + door.swing * door.width)
    closed = wall.point_at(free_at, face)
    leaf = 0.04  # leaf thickness, metres
    leaf_back = wall.point_at(hinge_at + along * leaf, face + door.swing * door.width)
    leaf_base = wall.point_at(hinge_at + along * leaf, face)
    page = plan.to_page
    pen.polyline([page(*hinge), page(*tip), page(*leaf_back), page(*leaf_base)], 0.5, closed=True)
    c1 = wall.point_at(hinge_at + along * KAPPA * door.width, face + door.swing * door.width)
    c2 = wall.point_at(free_at, face + door.swing * KAPPA * door.width)
    pen.curve(page(*tip), page(*c1), page(*c2), page(*closed), width=0.25)


def draw_window(pen: Pen, plan: Plan, window: Opening, width: float = 0.3) -> None:
    """Glazing and sill lines spanning the gap, parallel to the wall, drawn `width` wide."""
    wall = plan.walls[window.wall]
    lo, hi = window.offset - window.width / 2, window.offset + window.width / 2
    for side in (-wall.thickness / 6, 0.0, wall.thickness / 6):
        pen.line(
            plan.to_page(*wall.point_at(lo, side)), plan.to_page(*wall.point_at(hi, side)), width
        )


def draw_room_labels(pen: Pen, plan: Plan) -> None:
    size = max(6.0, 0.25 / plan.metres_per_point)
    for room in plan.rooms:
        poly = Polygon(room.polygon)
        spot = poly.centroid if poly.contains(poly.centroid) else poly.representative_point()
        x, y = plan.to_page(spot.x, spot.y)
        pen.text((x, y), room.label, size, centred=True)
        area = f"{poly.area:.1f} m2" if plan.metric else f"{poly.area * 10.7639:.0f} SF"
        pen.text((x, y + size * 1.4), area, size * 0.7, centred=True)


def draw_tiles(pen: Pen, plan: Plan) -> None:
    """Floor-tile grid lines clipped to wet rooms; they stop exactly at the wall faces."""
    for room in plan.rooms:
        if not room.label.startswith(_TILED):
            continue
        poly = Polygon(room.polygon)
        minx, miny, maxx, maxy = poly.bounds
        step = plan.tile_pitch
        lines = [
            LineString([(minx + i * step, miny), (minx + i * step, maxy)])
            for i in range(1, int((maxx - minx) / step) + 1)
        ]
        lines += [
            LineString([(minx, miny + i * step), (maxx, miny + i * step)])
            for i in range(1, int((maxy - miny) / step) + 1)
        ]
        for line in lines:
            for part in lines_of(line.intersection(poly)):
                if part.length > 1e-6:
                    (x1, y1), (x2, y2) = part.coords[0], part.coords[-1]
                    pen.line(plan.to_page(x1, y1), plan.to_page(x2, y2), 0.2)


def format_length(metres: float, metric: bool, unit: str = "mm") -> str:
    """A dimension string as CAD prints it: metric in ``unit``, or feet-inches to 1/2 inch."""
    if metric:
        return metric_length(metres, unit)
    inches = round(metres / INCH_M * 2) / 2  # CAD rounds dimension text to 1/2 inch
    feet, rest = divmod(inches, 12)
    frac = ' 1/2"' if rest % 1 else '"'
    return f"{feet:.0f}'-{int(rest)}{frac}"


def metric_length(metres: float, unit: str) -> str:
    """A metric dimension string in a sheet's unit (see `Plan.metric_unit`)."""
    if unit == "mm ":
        return f"{metres * 1000:,.0f}".replace(",", " ")
    if unit in ("mm", "cm"):
        return f"{metres * (1000 if unit == 'mm' else 100):.0f}"
    cm, half = divmod(round(metres * 200), 2)  # CAD rounds to the half centimetre
    text = f"{cm / 100:.2f}" if cm >= 100 else f"{cm}"
    return (text.replace(".", ",") if unit == "m," else text) + ("⁵" if half else "")


def _dimension_chain(
    pen: Pen, plan: Plan, stops: list[float], fixed: float, vertical: bool, masked: bool
) -> None:
    """A chain of dimensions along x (or y if vertical) at a fixed offset, with 45 degree
    ticks; `masked`: each string on a mask just its size (whose edges run beside it)."""

    def pt(u: float, v: float) -> tuple[float, float]:
        return plan.to_page(v, u) if vertical else plan.to_page(u, v)

    tick = 0.15
    pen.line(pt(stops[0] - 0.3, fixed), pt(stops[-1] + 0.3, fixed), 0.25)
    for u in stops:
        pen.line(pt(u, fixed - 0.2), pt(u, fixed + 0.6), 0.2)  # extension line, gap to the wall
        pen.line(pt(u - tick, fixed + tick), pt(u + tick, fixed - tick), 0.6)
    size = max(5.0, 0.22 / plan.metres_per_point)
    for a, b in itertools.pairwise(stops):
        x, y = pt((a + b) / 2, fixed - 0.12)
        text = format_length(b - a, plan.metric, plan.metric_unit)
        if masked:
            half, high = pen.text_width(text, size) / 2, size * 0.75
            box = [(-half, 0.0), (half, 0.0), (half, -high), (-half, -high)]
            pen.mask([(x + v, y - u) if vertical else (x + u, y + v) for u, v in box])
        if vertical:
            pen.text((x, y), text, size, angle=90.0, centred=True)
        else:
            pen.text((x, y), text, size, centred=True)


def buildings(plan: Plan) -> list[tuple[Polygon, list[Wall]]]:
    """Each separate block of wall material with the walls that make it up."""
    blocks = polygons_of(wall_footprint(plan.walls))
    tree = STRtree(blocks)
    members: list[list[Wall]] = [[] for _ in blocks]
    for wall in plan.walls:
        middle = Point(wall.point_at(wall.length / 2))
        members[int(tree.query(middle, predicate="intersects")[0])].append(wall)
    return list(zip(blocks, members, strict=True))


def draw_dimensions(pen: Pen, plan: Plan, *, masked: bool = False) -> None:
    """Chains to each partition along the top and left sides, then overall dimensions;
    `masked`: every string on a text mask."""
    for building, walls in buildings(plan):
        minx, miny, maxx, maxy = building.bounds
        # Partitions are dimensioned to their centrelines, the building to its outer faces.
        partitions = [w for w in walls if not w.exterior]
        xs = {w.x1 for w in partitions if w.x1 == w.x2}
        ys = {w.y1 for w in partitions if w.y1 == w.y2}
        _dimension_chain(
            pen, plan, sorted(xs | {minx, maxx}), miny - 1.0, vertical=False, masked=masked
        )
        _dimension_chain(pen, plan, [minx, maxx], miny - 1.8, vertical=False, masked=masked)
        _dimension_chain(
            pen, plan, sorted(ys | {miny, maxy}), minx - 1.0, vertical=True, masked=masked
        )
        _dimension_chain(pen, plan, [miny, maxy], minx - 1.8, vertical=True, masked=masked)


def draw_grid_lines(pen: Pen, plan: Plan) -> None:
    """Structural grid: dash-dot lines on the exterior wall centrelines, with lettered bubbles."""
    for building, walls in buildings(plan):
        minx, miny, maxx, maxy = building.bounds
        ext = [w for w in walls if w.exterior]
        xs = sorted({w.x1 for w in ext if w.x1 == w.x2})
        ys = sorted({w.y1 for w in ext if w.y1 == w.y2})
        bubble = 8.0
        dash = (12.0, 3.0, 2.0, 3.0)
        for i, x in enumerate(xs):
            top, bottom = plan.to_page(x, miny - 2.6), plan.to_page(x, maxy + 1.0)
            pen.line(top, bottom, 0.25, dash=dash)
            pen.circle((top[0], top[1] - bubble), bubble, 0.5)
            pen.text((top[0], top[1] - bubble + 3), str(i + 1), 8, centred=True)
        for i, y in enumerate(ys):
            left, right = plan.to_page(minx - 2.6, y), plan.to_page(maxx + 1.0, y)
            pen.line(left, right, 0.25, dash=dash)
            pen.circle((left[0] - bubble, left[1]), bubble, 0.5)
            pen.text((left[0] - bubble, left[1] + 3), "ABCDEFGH"[i % 8], 8, centred=True)


def draw_section_lines(pen: Pen, plan: Plan) -> None:
    """Section cut lines a third of the way across each building both ways, across its
    dimension chains, written as AutoCAD's PDF export writes a dash-dot line: every dash
    its own path (no dash pattern), so each reads as a short solid line."""
    for building, _ in buildings(plan):
        minx, miny, maxx, maxy = building.bounds
        mx, my = minx + (maxx - minx) / 3, miny + (maxy - miny) / 3
        _exploded_dash_dot(pen, plan, (mx, miny - 2.0), (mx, maxy + 1.0))
        _exploded_dash_dot(pen, plan, (minx - 2.0, my), (maxx + 1.0, my))


def _exploded_dash_dot(pen: Pen, plan: Plan, a: tuple[float, float], b: tuple[float, float]):
    """A dash-dot line from `a` to `b` (metres), one line per dash."""
    dash, dot, gap = 0.6, 0.05, 0.15
    length = math.dist(a, b)
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    at = 0.0
    for piece in itertools.cycle((dash, dot)):
        if at >= length:
            return
        end = min(at + piece, length)
        p, q = (a[0] + ux * at, a[1] + uy * at), (a[0] + ux * end, a[1] + uy * end)
        pen.line(plan.to_page(*p), plan.to_page(*q), 0.25)
        at = end + gap


def opening_marks(plan: Plan) -> list[str]:
    """Schedule marks: D1, D2 ... for doors and W1, W2 ... for windows, in plan order."""
    counters = {"door": 0, "window": 0}
    marks = []
    for opening in plan.openings:
        counters[opening.kind] += 1
        marks.append(f"{opening.kind[0].upper()}{counters[opening.kind]}")
    return marks


def draw_opening_tag(pen: Pen, plan: Plan, opening: Opening, mark: str) -> None:
    """A small tag beside the opening, on the side away from a door's swing."""
    wall = plan.walls[opening.wall]
    side = -opening.swing if opening.kind == "door" else -1
    x, y = plan.to_page(*wall.point_at(opening.offset, side * (wall.thickness / 2 + 0.45)))
    if opening.kind == "door":
        pen.circle((x, y), 6.5, 0.3)
    else:
        pen.polyline(
            [
                (x - 7, y),
                (x - 3.5, y - 6),
                (x + 3.5, y - 6),
                (x + 7, y),
                (x + 3.5, y + 6),
                (x - 3.5, y + 6),
            ],
            0.3,
            closed=True,
        )
    pen.text((x, y + 2.2), mark, 6, centred=True)


def draw_clutter(pen: Pen, plan: Plan) -> None:
    for opening, mark in zip(plan.openings, opening_marks(plan), strict=True):
        (draw_door if opening.kind == "door" else draw_window)(pen, plan, opening)
        draw_opening_tag(pen, plan, opening, mark)
    draw_tiles(pen, plan)
    for room in plan.rooms:
        draw_furniture(pen, plan, room)
    draw_room_labels(pen, plan)
    draw_dimensions(pen, plan)
    draw_grid_lines(pen, plan)


def draw_room_tags(pen: Pen, plan: Plan, first: int = 2181) -> None:
    """A room number in a box of one width under each room's middle, numbered in a run
    (2181, 2182, ...), as Revit's room tags print on commercial plans."""
    size, half_width, half_height = 6.0, 14.0, 5.0
    for number, room in enumerate(plan.rooms, start=first):
        x, y = plan.to_page(*Polygon(room.polygon).representative_point().coords[0])
        y += 3 * size  # below where the room's name goes
        pen.rect(x - half_width, y - half_height, x + half_width, y + half_height, 0.25)
        pen.text((x, y + size * 0.35), str(number), size, centred=True)
