"""Split an enclosed region that holds two or more room stamps into those rooms.

An open kitchen/living room, or a corridor opening into a hall, is one region of floor
to the walls but two rooms to the architect, who stamps each. The line between them is
where a wall stops: the cut continues a wall face from one of the region's corners
across to the opposite side. Of the cuts that separate the stamps, the one chosen is
short (a doorway-like opening, not a cut down the middle of a room) and, where the
stamps print areas, divides the floor in the proportion they print.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import pairwise

from shapely.geometry import LineString, Point, Polygon
from shapely.ops import split

from .stamps import RoomStamp

# A cut leaving a piece smaller than this share of the region is a sliver, not a room.
MIN_PIECE_SHARE = 0.04
# How much a mismatch with the printed areas' proportion weighs against a short cut.
AREA_WEIGHT = 3.0


def _directions(polygon: Polygon) -> set[tuple[float, float]]:
    """The region's edge directions (its walls' directions), unit vectors, deduplicated."""
    out: set[tuple[float, float]] = set()
    coords = polygon.exterior.coords
    for (x1, y1), (x2, y2) in pairwise(coords):
        length = math.hypot(x2 - x1, y2 - y1)
        if length > 0:
            ux, uy = (x2 - x1) / length, (y2 - y1) / length
            if ux < 0 or (ux == 0 and uy < 0):
                ux, uy = -ux, -uy
            out.add((round(ux, 3), round(uy, 3)))
    return out


def _chords(polygon: Polygon, stamps: list[RoomStamp]) -> Iterator[LineString]:
    """Candidate cuts: from every corner along every wall direction (both ways across)."""
    minx, miny, maxx, maxy = polygon.bounds
    reach = 2 * math.hypot(maxx - minx, maxy - miny)
    corners = [c for ring in (polygon.exterior, *polygon.interiors) for c in ring.coords[:-1]]
    directions = _directions(polygon)
    for x, y in corners:
        for ux, uy in directions:
            line = LineString([(x - ux * reach, y - uy * reach), (x + ux * reach, y + uy * reach)])
            through = Point(x, y)
            for piece in getattr(inside := line.intersection(polygon), "geoms", [inside]):
                if isinstance(piece, LineString) and piece.distance(through) < 1e-6:
                    yield piece
    # Between each pair of stamps, the perpendicular bisector (a region with no corners).
    for i, a in enumerate(stamps):
        for b in stamps[i + 1 :]:
            mx, my = (a.x + b.x) / 2, (a.y + b.y) / 2
            dx, dy = b.x - a.x, b.y - a.y
            length = math.hypot(dx, dy) or 1.0
            ux, uy = -dy / length, dx / length
            line = LineString(
                [(mx - ux * reach, my - uy * reach), (mx + ux * reach, my + uy * reach)]
            )
            middle = Point(mx, my)
            for piece in getattr(inside := line.intersection(polygon), "geoms", [inside]):
                if isinstance(piece, LineString) and piece.distance(middle) < 1e-6:
                    yield piece


def _side(piece: Polygon, stamps: list[RoomStamp]) -> list[RoomStamp]:
    return [s for s in stamps if piece.contains(Point(s.x, s.y))]


def _area_mismatch(
    piece: Polygon, mine: list[RoomStamp], total: Polygon, stamps: list[RoomStamp]
) -> float:
    """How far the piece's share of the floor is from its stamps' share of the printed areas."""
    printed = [s.printed_area_m2 for s in stamps]
    if any(p is None for p in printed):
        return 0.0
    printed_share = sum(s.printed_area_m2 for s in mine) / sum(printed)  # type: ignore[misc]
    return abs(piece.area / total.area - printed_share)


def _best_cut(
    polygon: Polygon, stamps: list[RoomStamp]
) -> tuple[Polygon, list[RoomStamp], Polygon, list[RoomStamp]] | None:
    best: tuple[float, tuple] | None = None
    size = math.sqrt(polygon.area)
    seen: set[tuple] = set()
    for chord in _chords(polygon, stamps):
        key = tuple(round(v, 1) for v in chord.bounds)
        if key in seen or chord.length < 1e-6:
            continue
        seen.add(key)
        pieces = [g for g in split(polygon, chord).geoms if isinstance(g, Polygon)]
        if len(pieces) != 2 or min(p.area for p in pieces) < MIN_PIECE_SHARE * polygon.area:
            continue
        a, b = pieces
        sa, sb = _side(a, stamps), _side(b, stamps)
        if not sa or not sb or len(sa) + len(sb) != len(stamps):
            continue
        score = chord.length / size + AREA_WEIGHT * _area_mismatch(a, sa, polygon, stamps)
        if best is None or score < best[0]:
            best = (score, (a, sa, b, sb))
    return best[1] if best else None


def split_by_stamps(polygon: Polygon, stamps: list[RoomStamp]) -> list[tuple[Polygon, list]]:
    """The region cut into pieces holding one stamp each, as far as plausible cuts allow."""
    if len(stamps) < 2:
        return [(polygon, stamps)]
    cut = _best_cut(polygon, stamps)
    if cut is None:
        return [(polygon, stamps)]
    a, sa, b, sb = cut
    return split_by_stamps(a, sa) + split_by_stamps(b, sb)
