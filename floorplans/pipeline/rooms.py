"""Rooms: the regions the walls enclose, measured at the walls' inner faces, with labels.

Walls already run through their openings, so the holes in the union of the wall
rectangles are exactly the rooms closed across doors along the wall face line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from .text import TextLine

# Narrower than this many wall thicknesses is a gap between walls, not a room.
MIN_ROOM_WIDTH_FACTOR = 2.0
_LETTERS = re.compile(r"[A-Za-z]{2,}")
_AREA_NOTE = re.compile(r"^\s*[\d.,]+\s*(m2|m²|sq\.?\s*m|sf|sq\.?\s*ft|ft2)\s*$", re.IGNORECASE)


@dataclass(slots=True)
class RoomRegion:
    polygon: Polygon
    label: str


@dataclass(slots=True)
class WallRect:
    x1: float
    y1: float
    x2: float
    y2: float
    thickness: float


def wall_material(walls: Sequence[WallRect]) -> BaseGeometry:
    """The union of the wall rectangles: what is built, not floor."""
    lines = shapely.linestrings([[(w.x1, w.y1), (w.x2, w.y2)] for w in walls])
    # Square caps reach half a thickness past each end, closing L corners like mitres.
    rects = shapely.buffer(
        lines, [w.thickness / 2 for w in walls], cap_style="square", join_style="mitre"
    )
    return shapely.union_all(rects)


def enclosed_regions(walls: list[WallRect], typical_thickness: float) -> list[Polygon]:
    if not walls:
        return []
    material = wall_material(walls)
    polygons = list(getattr(material, "geoms", [material]))
    min_width = MIN_ROOM_WIDTH_FACTOR * typical_thickness
    regions = []
    for polygon in polygons:
        for ring in getattr(polygon, "interiors", []):
            hole = Polygon(ring)
            # A sliver between two nearly touching walls has a small inscribed circle.
            if hole.area > min_width * min_width and hole.area / hole.length > min_width / 4:
                regions.append(shapely.simplify(hole, 0.05).normalize())
    return regions


def label_for(region: Polygon, names: list[TextLine], xs: np.ndarray, ys: np.ndarray) -> str:
    """The largest of the ``names`` (lines that may name a room, at ``xs``, ``ys``) inside
    ``region``, the upper one of equals."""
    shapely.prepare(region)
    inside = [names[i] for i in np.flatnonzero(shapely.contains_xy(region, xs, ys))]
    if not inside:
        return ""
    best = max(inside, key=lambda ln: (round(ln.size, 1), -ln.y))
    return best.text.strip()


def find_rooms(walls: list[WallRect], lines: list[TextLine], typical: float) -> list[RoomRegion]:
    regions = enclosed_regions(walls, typical)
    regions.sort(key=lambda p: (p.bounds[1], p.bounds[0]))
    # Which lines may name a room is the same for every region: decided once, and each
    # region tests all their origins in one call (a large sheet has hundreds of rooms and
    # thousands of lines).
    names = [ln for ln in lines if _LETTERS.search(ln.text) and not _AREA_NOTE.match(ln.text)]
    xs = np.array([ln.x for ln in names], dtype=float)
    ys = np.array([ln.y for ln in names], dtype=float)
    return [RoomRegion(region, label_for(region, names, xs, ys)) for region in regions]
