"""How different CAD exports draw the same walls.

Face-line styles stroke the boundary of the wall material with openings cut out: that one
outline is exactly what CAD draws, with faces meeting at L/T/X junctions, broken at
openings and closed by a jamb line across the wall at each opening end.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from floorplans.samples.pdf_pen import Pen, Point
from floorplans.samples.plan import (
    Plan,
    end_extensions,
    lines_of,
    polygons_of,
    walls_with_openings,
)

Segment = tuple[Point, Point]


def wall_material(plan: Plan) -> list[Polygon]:
    """The drawn wall material in display points, collinear vertices removed."""
    return [p.simplify(0) for p in polygons_of(plan.geometry_to_page(walls_with_openings(plan)))]


def _rings(polygon: Polygon) -> list[list[Point]]:
    return [list(ring.coords) for ring in (polygon.exterior, *polygon.interiors)]


def face_segments(plan: Plan) -> Iterator[Segment]:
    for polygon in wall_material(plan):
        for ring in _rings(polygon):
            yield from itertools.pairwise(ring)


def double_line(pen: Pen, plan: Plan, rng: random.Random) -> None:
    """Every face and jamb as its own stroked line, as DXF-to-PDF exporters write them."""
    for p, q in face_segments(plan):
        pen.line(p, q, 0.7)


def face_polylines(pen: Pen, plan: Plan, rng: random.Random) -> None:
    """Each outline ring as one closed path: the other common way exporters write faces."""
    for polygon in wall_material(plan):
        for ring in _rings(polygon):
            pen.polyline(ring[:-1], 0.7, closed=True)


def heavy_stroke(pen: Pen, plan: Plan, rng: random.Random) -> None:
    """One butt-capped centreline stroke per wall piece, as wide as the wall on paper."""
    pen.canvas.setLineCap(0)
    for index, wall in enumerate(plan.walls):
        start, end = end_extensions(plan.walls, index)
        cuts = sorted(
            (o.offset - o.width / 2, o.offset + o.width / 2)
            for o in plan.openings
            if o.wall == index
        )
        pos = -start
        for lo, hi in [*cuts, (wall.length + end, wall.length + end)]:
            if lo > pos:
                p, q = plan.to_page(*wall.point_at(pos)), plan.to_page(*wall.point_at(lo))
                pen.line(p, q, wall.thickness / plan.metres_per_point)
            pos = hi


def filled(pen: Pen, plan: Plan, rng: random.Random) -> None:
    """Wall material as filled paths with holes (even-odd), a few polygons per path."""
    pen.canvas.setFillGray(0.15)
    polygons = wall_material(plan)
    rng.shuffle(polygons)
    for i in range(0, len(polygons), 3):
        pen.fill_rings([ring[:-1] for poly in polygons[i : i + 3] for ring in _rings(poly)])
    pen.canvas.setFillGray(0.0)


def _hatch(material: BaseGeometry, spacing: float) -> Iterator[Segment]:
    minx, miny, maxx, maxy = material.bounds
    span = (maxx - minx) + (maxy - miny)
    c = 0.0
    while c < span:
        line = LineString([(minx + c, miny), (minx + c - (maxy - miny), maxy)])
        for part in lines_of(line.intersection(material)):
            if part.length > 0.2:
                yield (part.coords[0], part.coords[-1])
        c += spacing


def hatched(pen: Pen, plan: Plan, rng: random.Random) -> None:
    """Stroked wall outline filled with thin 45 degree hatch lines (which are not walls)."""
    face_polylines(pen, plan, rng)
    for polygon in wall_material(plan):
        for p, q in _hatch(polygon, spacing=3.0):
            pen.line(p, q, 0.15)


def fragmented(pen: Pen, plan: Plan, rng: random.Random) -> None:
    """Faces split into short collinear pieces that overlap, repeat and come in random order."""
    pieces: list[Segment] = []
    for (x1, y1), (x2, y2) in face_segments(plan):
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        cuts = sorted({0.0, 1.0, *(rng.random() for _ in range(int(length // 12)))})
        for a, b in itertools.pairwise(cuts):
            overlap = min(2.0 / length, a)  # reach back over the previous piece a little
            a -= rng.random() * overlap
            piece = (
                (x1 + (x2 - x1) * a, y1 + (y2 - y1) * a),
                (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b),
            )
            pieces.append(piece if rng.random() < 0.5 else (piece[1], piece[0]))
            if rng.random() < 0.15:
                pieces.append(piece)  # exact duplicate, as overlapping layers export
    rng.shuffle(pieces)
    for p, q in pieces:
        pen.line(p, q, 0.7)
