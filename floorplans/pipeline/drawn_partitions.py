"""Lines drawn across a room from wall face to wall face that are not walls.

A closet or wardrobe front drawn with the casework's thin pen, a counter's edge, a change
of floor finish: the drafter divides the floor there without building a wall. Where one
enclosed region holds two stamps (a bedroom and its closet) and no wall stops between
them, such a line is where one room ends (``room_split``). Dimension lines also run from
face to face; the number printed along them tells them apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon

from .primitives import Segment
from .text import TextLine

# A line ending this close to the region's boundary (points) ends on its wall face.
FACE_SLACK = 1.5
# A dimension string sits within this many text heights of its line.
DIMENSION_REACH = 2.0
_DIGIT = set("0123456789")


def _dimension_lines(
    segments: Sequence[Segment], geometries: np.ndarray, lines: Sequence[TextLine]
) -> set[int]:
    """The segments a printed number runs along (parallel, beside its centre)."""
    numbers = [ln for ln in lines if _DIGIT & set(ln.text)]
    if not numbers or not segments:
        return set()
    tree = shapely.STRtree(geometries)
    found: set[int] = set()
    for ln in numbers:
        ux, uy = math.cos(math.radians(ln.angle)), math.sin(math.radians(ln.angle))
        for i in tree.query(Point(ln.x, ln.y).buffer(DIMENSION_REACH * ln.size)):
            s = segments[int(i)]
            length = math.hypot(s.x2 - s.x1, s.y2 - s.y1)
            if length and abs((s.x2 - s.x1) * uy - (s.y2 - s.y1) * ux) <= 0.05 * length:
                found.add(int(i))
    return found


def partition_lines(segments: Sequence[Segment], lines: Sequence[TextLine]) -> list[LineString]:
    """The sheet's plain stroked lines that may divide a room: not dashed (an overhead
    shelf, a beam), not a filled shape's edge, not a dimension line."""
    if not segments:
        return []
    coords = np.array([(s.x1, s.y1, s.x2, s.y2) for s in segments]).reshape(-1, 2, 2)
    geometries = shapely.linestrings(coords)
    dimensions = _dimension_lines(segments, geometries, lines)
    return [
        geometries[i]
        for i, s in enumerate(segments)
        if s.stroke and not s.fill and not s.dashed and i not in dimensions
        and (s.x1, s.y1) != (s.x2, s.y2)
    ]  # fmt: skip


def lines_across(polygon: Polygon, drawn: Sequence[LineString]) -> list[LineString]:
    """Of `drawn`, the stretches inside `polygon` that run from its boundary to its boundary
    through its floor (not along a face), extended onto the boundary."""
    boundary = polygon.exterior
    minx, miny, maxx, maxy = polygon.bounds
    reach = 2 * math.hypot(maxx - minx, maxy - miny)
    across = []
    for line in drawn:
        (x1, y1), (x2, y2) = line.coords[0], line.coords[-1]
        if boundary.distance(Point(x1, y1)) > FACE_SLACK:
            continue
        if boundary.distance(Point(x2, y2)) > FACE_SLACK:
            continue
        middle = line.interpolate(0.5, normalized=True)
        if not polygon.contains(middle) or boundary.distance(middle) <= FACE_SLACK:
            continue
        ux, uy = (x2 - x1) / line.length, (y2 - y1) / line.length
        full = LineString([(x1 - ux * reach, y1 - uy * reach), (x2 + ux * reach, y2 + uy * reach)])
        inside = full.intersection(polygon)
        for piece in getattr(inside, "geoms", [inside]):
            if isinstance(piece, LineString) and piece.distance(middle) < 1e-6:
                across.append(piece)
    return across
