"""Split an enclosed region that holds two or more room stamps into those rooms.

An open kitchen/living room, or a corridor opening into a hall, is one region of floor
to the walls but two rooms to the architect, who stamps each. The line between them is
where a wall stops: the cut continues a wall face from one of the region's corners
across to the opposite side. Where the drafter drew a line across the region from wall to
wall (a closet front, a change of floor: ``drawn_partitions``), that line is a cut too,
and rather than a cut we would draw ourselves between the stamps. Of the cuts that
separate the stamps, the one chosen is short (a doorway-like opening, not a cut down the
middle of a room) and, where the stamps print areas, divides the floor in the proportion
they print.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise

from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.polygon import orient
from shapely.ops import split

from .drawn_partitions import lines_across
from .stamps import RoomStamp

# A cut leaving a piece smaller than this share of the region is a sliver, not a room.
MIN_PIECE_SHARE = 0.04
# How much a mismatch with the printed areas weighs against a short cut.
AREA_WEIGHT = 3.0
# Cuts tried per split, shortest first (a leaky region of a real sheet has hundreds).
MAX_CUTS_TRIED = 120
# A region within this of the one printed area among its stamps is that one room.
WHOLE_ROOM_TOLERANCE = 0.05
# Edges shorter than this share of the region's size give no cut direction.
MIN_EDGE_SHARE = 0.05
# A cut is lengthened this much (points) past the boundary before splitting: its ends,
# computed on the boundary, may fall a rounding error short of it and split nothing.
CUT_OVERSHOOT = 0.01


def _directions(polygon: Polygon) -> set[tuple[float, float]]:
    """The directions of the region's walls (edges of some length, not the stubs a jamb
    or a cleanup leaves), unit vectors, deduplicated."""
    out: set[tuple[float, float]] = set()
    coords = polygon.exterior.coords
    shortest = MIN_EDGE_SHARE * math.sqrt(polygon.area)
    for (x1, y1), (x2, y2) in pairwise(coords):
        length = math.hypot(x2 - x1, y2 - y1)
        if length >= shortest:
            ux, uy = (x2 - x1) / length, (y2 - y1) / length
            if ux < 0 or (ux == 0 and uy < 0):
                ux, uy = -ux, -uy
            out.add((round(ux, 3), round(uy, 3)))
    return out


def _wall_ends(polygon: Polygon) -> list[tuple[float, float]]:
    """The region's reflex corners (where a wall stops or juts into it) and the corners of
    its holes (free-standing piers): a cut from a convex corner only runs along a wall."""
    oriented = orient(polygon, sign=1.0)
    ring = oriented.exterior.coords[:-1]
    ends = []
    for i, (x, y) in enumerate(ring):
        (px, py), (nx, ny) = ring[i - 1], ring[(i + 1) % len(ring)]
        if (x - px) * (ny - y) - (y - py) * (nx - x) < 0:  # a right turn on a CCW ring
            ends.append((x, y))
    return ends + [c for hole in oriented.interiors for c in hole.coords[:-1]]


def chords(
    polygon: Polygon,
    stamps: list[RoomStamp],
    along: Callable[[tuple[float, float]], bool] | None = None,
    drawn: Sequence[LineString] = (),
) -> Iterator[LineString]:
    """Candidate cuts: from every wall end along every wall direction (both ways across),
    or only the directions (unit vectors) `along` accepts; also where an open bay is
    closed (open_bays), which cuts only square to the building; the `drawn` lines across
    the region."""
    minx, miny, maxx, maxy = polygon.bounds
    reach = 2 * math.hypot(maxx - minx, maxy - miny)
    corners = _wall_ends(polygon)
    directions = [u for u in _directions(polygon) if along is None or along(u)]
    for x, y in corners:
        for ux, uy in directions:
            line = LineString([(x - ux * reach, y - uy * reach), (x + ux * reach, y + uy * reach)])
            through = Point(x, y)
            for piece in getattr(inside := line.intersection(polygon), "geoms", [inside]):
                if isinstance(piece, LineString) and piece.distance(through) < 1e-6:
                    yield piece
    across = lines_across(polygon, drawn)
    yield from across
    if across:
        return
    # Between each pair of stamps, the perpendicular bisector (a region with no corners and
    # no line drawn across).
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
    pieces: list[tuple[Polygon, list[RoomStamp]]], total: Polygon, mpp: float | None
) -> float:
    """How far the pieces are from the areas their stamps print: in m² once the scale is
    known (stamps without an area do not count), else as shares of the floor (when every
    stamp prints one)."""
    errors = []
    for piece, mine in pieces:
        printed = [s.printed_area_m2 for s in mine if s.printed_area_m2]
        if not printed:
            continue
        if mpp:
            errors.append(abs(piece.area * mpp * mpp - sum(printed)) / sum(printed))
        elif all(s.printed_area_m2 for _, ss in pieces for s in ss):
            whole = sum(s.printed_area_m2 for _, ss in pieces for s in ss)  # type: ignore[misc]
            errors.append(abs(piece.area / total.area - sum(printed) / whole))
    return sum(errors) / len(errors) if errors else 0.0


def _split(polygon: Polygon, chord: LineString) -> list[Polygon]:
    (x1, y1), (x2, y2) = chord.coords[0], chord.coords[-1]
    ux, uy = (x2 - x1) / chord.length, (y2 - y1) / chord.length
    d = CUT_OVERSHOOT
    longer = LineString([(x1 - ux * d, y1 - uy * d), (x2 + ux * d, y2 + uy * d)])
    return [g for g in split(polygon, longer).geoms if isinstance(g, Polygon)]


def _best_cut(
    polygon: Polygon, stamps: list[RoomStamp], mpp: float | None, drawn: Sequence[LineString]
) -> tuple[Polygon, list[RoomStamp], Polygon, list[RoomStamp]] | None:
    best: tuple[float, tuple] | None = None
    size = math.sqrt(polygon.area)
    unique = {tuple(round(v, 1) for v in c.bounds): c for c in chords(polygon, stamps, drawn=drawn)}
    # Splitting is the costly part and a long cut rarely wins: try the shortest ones.
    shortest = sorted((c for c in unique.values() if c.length > 1e-6), key=lambda c: c.length)
    for chord in shortest[:MAX_CUTS_TRIED]:
        pieces = _split(polygon, chord)
        if len(pieces) != 2 or min(p.area for p in pieces) < MIN_PIECE_SHARE * polygon.area:
            continue
        a, b = pieces
        sa, sb = _side(a, stamps), _side(b, stamps)
        if not sa or not sb or len(sa) + len(sb) != len(stamps):
            continue
        score = chord.length / size + AREA_WEIGHT * _area_mismatch([(a, sa), (b, sb)], polygon, mpp)
        if best is None or score < best[0]:
            best = (score, (a, sa, b, sb))
    return best[1] if best else None


def _one_room_by_area(polygon: Polygon, stamps: list[RoomStamp], mpp: float | None) -> bool:
    """One stamp prints an area that is the whole region's and the others print none: they
    name parts of that room (a foyer in a living room, a closet niche), not rooms."""
    printed = [s.printed_area_m2 for s in stamps if s.printed_area_m2]
    if not mpp or len(printed) != 1:
        return False
    return abs(polygon.area * mpp * mpp - printed[0]) <= WHOLE_ROOM_TOLERANCE * printed[0]


def split_by_stamps(
    polygon: Polygon,
    stamps: list[RoomStamp],
    metres_per_point: float | None = None,
    drawn: Sequence[LineString] = (),
) -> list[tuple[Polygon, list]]:
    """The region cut into pieces holding one stamp each, as far as plausible cuts allow;
    `drawn`: the lines that may divide it (``drawn_partitions.partition_lines``)."""
    if len(stamps) < 2 or _one_room_by_area(polygon, stamps, metres_per_point):
        return [(polygon, stamps)]
    cut = _best_cut(polygon, stamps, metres_per_point, drawn)
    if cut is None:
        return [(polygon, stamps)]
    a, sa, b, sb = cut
    return split_by_stamps(a, sa, metres_per_point, drawn) + split_by_stamps(
        b, sb, metres_per_point, drawn
    )
