"""Open bays: verandahs, porches, parking bays, carports that the architect stamps as rooms
but that walls do not close on every side.

Such a bay either lies outside every enclosed region (open to the outside: the stamp has
no room) or leaks into the space beyond it (a verandah opening onto a walled lawn, a
parking bay onto the garden), so its room is far larger than the size printed on its
stamp. The architect bounds it by the line joining the ends of the walls that frame it:
the building's outline, or a wall face, continued across the opening. So the open side
is closed along cuts from the framing walls' ends in the walls' own directions (the cuts
room_split tries between two stamps), one or two of them (a carport at a corner is open
on two sides), and of those the cuts kept are the ones whose bay agrees with the size or
area the stamp prints. A stamp that prints neither gets no bay: without the architect's
figure nothing says where the bay ends, and a space with no stamp never becomes one.
The bay is marked as closed by the pipeline, and what lay beyond it is kept only as an
unlabelled room flagged as possibly outdoors, never priced silently.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

import shapely
from shapely.affinity import rotate
from shapely.geometry import LineString, MultiLineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from .room_split import MIN_PIECE_SHARE, chords
from .rooms import WallRect, wall_material
from .stamped_rooms import AREA_TOLERANCE, StampedRoom, room_for
from .stamps import RoomStamp
from .wall_centres import between_wall_centres

# A bay's sides may differ this much from the printed size (drawn and printed sizes are
# rounded to the inch; the area check is the tight one).
SIDE_TOLERANCE = 0.10
# Cuts tried, nearest the stamp first, singly and, when no single cut fits, in pairs.
MAX_CUTS = 40
# A cut shorter than this many wall thicknesses closes no bay (a jamb, a planter's stub).
MIN_CUT_WALLS = 2.0
# Half the width of the line a cut removes (points): far below any measured size.
CUT_WIDTH = 0.01
# A bay reaches no further from its stamp than this many times its printed diagonal.
REACH_FACTOR = 1.1
# A direction carrying this share of the wall length is one the building is square to.
MAIN_DIRECTION_SHARE = 0.10
# What each cut costs against agreement: of two near-equal fits the one of fewer cuts.
CUT_PENALTY = 0.02


@dataclass(slots=True)
class _Fit:
    score: float
    bay: Polygon
    error: float


@dataclass(slots=True)
class OpenBays:
    rooms: list[StampedRoom]
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Sheet:
    walls: Sequence[WallRect]
    mpp: float
    # The sheet prints sizes between wall centres: more of its closed rooms agree so.
    centres: bool
    directions: list[float]
    thickness: float  # the typical wall's


def _prints_centres(rooms: list[StampedRoom], mpp: float) -> bool:
    net = centres = 0
    for room in rooms:
        printed = room.printed_area_m2
        if room.centres_polygon is None or not printed:
            continue
        net += abs(room.polygon.area * mpp * mpp - printed) <= AREA_TOLERANCE * printed
        centres += abs(room.centres_polygon.area * mpp * mpp - printed) <= AREA_TOLERANCE * printed
    return centres > net


def _measure(piece: Polygon, stamp: RoomStamp, sheet: _Sheet) -> Polygon:
    """The outline a printed figure describes: the net bay or, for a size on a sheet that
    prints sizes between wall centres, the bay out to its walls' centres."""
    if sheet.centres and stamp.size_m and stamp.area_m2 is None:
        return between_wall_centres(piece, sheet.walls)
    return piece


def _error(outline: Polygon, stamp: RoomStamp, mpp: float) -> float | None:
    """How far `outline` is from what the stamp prints, or None when its sides are not
    the printed ones (a piece of the right area but the wrong shape)."""
    printed = stamp.printed_area_m2 or 0.0
    error = abs(outline.area * mpp * mpp - printed) / printed
    if stamp.size_m:
        corners = outline.minimum_rotated_rectangle.exterior.coords
        sides = sorted(math.dist(corners[i], corners[i + 1]) * mpp for i in (0, 1))
        for side, printed_side in zip(sides, sorted(stamp.size_m), strict=True):
            if abs(side - printed_side) > SIDE_TOLERANCE * printed_side:
                return None
    return error


def _main_directions(walls: Sequence[WallRect]) -> list[float]:
    """The directions (degrees, 0..180) carrying a fair share of the wall length: a bay is
    closed square to the building, not along a slanted planter or furniture stroke."""
    lengths: dict[int, float] = defaultdict(float)
    for w in walls:
        degrees = math.degrees(math.atan2(w.y2 - w.y1, w.x2 - w.x1)) % 180
        lengths[round(degrees) % 180] += math.hypot(w.x2 - w.x1, w.y2 - w.y1)
    total = sum(lengths.values())
    return [d for d, length in lengths.items() if length >= MAIN_DIRECTION_SHARE * total]


def _line_key(cut: LineString, directions: list[float], step: float) -> tuple | None:
    """Where a cut along a main direction runs, in wall thicknesses (direction, offset,
    ends), else None: cuts a wall thickness apart are one (a jamb's two faces, a cluster
    of stubs)."""
    (x1, y1), (x2, y2) = cut.coords[0], cut.coords[-1]
    degrees = math.degrees(math.atan2(y2 - y1, x2 - x1)) % 180
    for d in directions:
        if min(abs(degrees - d), 180 - abs(degrees - d)) <= 1.0:
            c, s = math.cos(math.radians(d)), math.sin(math.radians(d))
            ends = sorted(round((x * c + y * s) / step) for x, y in ((x1, y1), (x2, y2)))
            return d, round((-x1 * s + y1 * c) / step), *ends
    return None


def _reach(stamp: RoomStamp, sheet: _Sheet) -> float:
    """How far (points) the bay can reach from its stamp: the printed figure's diagonal,
    with some slack (a stamp need not sit in the middle)."""
    if stamp.size_m:
        diagonal = math.hypot(*stamp.size_m)
    else:
        diagonal = math.sqrt(2 * (stamp.printed_area_m2 or 0.0))
    return REACH_FACTOR * diagonal / sheet.mpp + sheet.thickness


def _near_cuts(space: Polygon, stamp: RoomStamp, sheet: _Sheet) -> list[LineString]:
    """Cuts across `space`, nearest the stamp first, one per line."""
    point = Point(stamp.x, stamp.y)
    near = sorted(
        (c for c in chords(space, [stamp]) if c.length >= MIN_CUT_WALLS * sheet.thickness),
        key=lambda c: c.distance(point),
    )
    lines: dict[tuple[float, int], LineString] = {}
    for cut in near:
        key = _line_key(cut, sheet.directions, sheet.thickness)
        if key is not None and key not in lines:
            lines[key] = cut
    return list(lines.values())[:MAX_CUTS]


def _piece_at(
    space: Polygon,
    cuts: tuple[LineString, ...],
    point: Point,
    sheet: _Sheet,
    sizes: tuple[float, float],
) -> Polygon | None:
    """The piece of `space` the cuts leave around `point` (cut by a hair-thin difference,
    much faster than splitting a polygon with holes), without the strips narrower than
    two walls it may trail (a gap between a wall and the envelope is no floor of it);
    None when it is already outside the `sizes` (smallest, largest area) a bay may be."""
    piece: Polygon | None = space
    if cuts:
        hairlines = MultiLineString([list(c.coords) for c in cuts]).buffer(CUT_WIDTH)
        piece = _at(space.difference(hairlines), point)
    d = sheet.thickness
    # Trimming strips takes at most the outline times a wall's thickness.
    if piece is None or not sizes[0] <= piece.area <= sizes[1] + piece.length * d:
        return None
    return _at(piece.buffer(-d, join_style="mitre").buffer(d, join_style="mitre"), point)


def _at(shape: BaseGeometry, point: Point) -> Polygon | None:
    return next((p for p in _polygons([shape]) if p.contains(point)), None)


def _perimeter(stamp: RoomStamp, sheet: _Sheet) -> float:
    """The area of a wall-thick band around the printed outline (points²)."""
    sides = stamp.size_m or (math.sqrt(stamp.printed_area_m2 or 0.0),) * 2
    return 2 * sum(sides) / sheet.mpp * sheet.thickness


def _best_of(
    space: Polygon,
    stamp: RoomStamp,
    sheet: _Sheet,
    tries: list[tuple[LineString, ...]],
    frame: BaseGeometry,
) -> _Fit | None:
    """Of the `tries`, the cuts leaving the best-agreeing piece that `frame` (where the
    space was clipped) does not close."""
    point = Point(stamp.x, stamp.y)
    printed = (stamp.printed_area_m2 or 0.0) / sheet.mpp**2
    # Between wall centres the net bay is up to a wall's thickness smaller all round.
    band = _perimeter(stamp, sheet) if sheet.centres else 0.0
    sizes = ((1 - AREA_TOLERANCE) * printed - band, (1 + AREA_TOLERANCE) * printed)
    best: _Fit | None = None
    for chosen in tries:
        mine = _piece_at(space, chosen, point, sheet, sizes)
        if mine is None or (chosen and mine.area >= space.area * (1 - MIN_PIECE_SHARE)):
            continue
        if mine.boundary.intersection(frame).length > sheet.thickness:
            continue
        error = _error(_measure(mine, stamp, sheet), stamp, sheet.mpp)
        if error is None or error > AREA_TOLERANCE:
            continue
        score = error + CUT_PENALTY * len(chosen)
        if best is None or score < best.score:
            best = _Fit(score, mine, error)
    return best


def _fit_bay(space: Polygon, stamp: RoomStamp, sheet: _Sheet) -> _Fit | None:
    """The piece of `space` holding the stamp, cut off by no cut (the envelope closes it),
    one, or else two, that best agrees with the printed figure (within AREA_TOLERANCE).
    The space is first clipped to the stamp's reach, and a piece the clip closes is no
    bay: that keeps the search local and fast on a sheet full of stubs."""
    point = Point(stamp.x, stamp.y)
    reach = _reach(stamp, sheet)
    frame = shapely.box(point.x - reach, point.y - reach, point.x + reach, point.y + reach)
    local = _at(space.intersection(frame), point)
    if local is None:
        return None
    edge = frame.boundary.buffer(CUT_WIDTH)
    cuts = _near_cuts(local, stamp, sheet)
    single = _best_of(local, stamp, sheet, [(), *((c,) for c in cuts)], edge)
    if single is not None:
        return single
    # Two open sides meet at a corner (a carport beside the house), or one open side is
    # broken by a pier or a stub (two cuts on one line); two cuts on parallel lines would
    # slice a strip out of a larger space, not close a bay.
    pairs = [(a, b) for a, b in combinations(cuts, 2) if _square_or_in_line(a, b, sheet)]
    return _best_of(local, stamp, sheet, pairs, edge)


def _square_or_in_line(a: LineString, b: LineString, sheet: _Sheet) -> bool:
    (ax1, ay1), (ax2, ay2) = a.coords[0], a.coords[-1]
    (bx1, by1), (bx2, by2) = b.coords[0], b.coords[-1]
    dot = (ax2 - ax1) * (bx2 - bx1) + (ay2 - ay1) * (by2 - by1)
    if abs(dot) <= 0.02 * a.length * b.length:
        return True
    ends = (Point(bx1, by1), Point(bx2, by2))
    return all(_line_distance(a, end) <= sheet.thickness for end in ends)


def _line_distance(line: LineString, point: Point) -> float:
    """How far `point` is from the infinite line through `line`."""
    (x1, y1), (x2, y2) = line.coords[0], line.coords[-1]
    return abs((x2 - x1) * (point.y - y1) - (y2 - y1) * (point.x - x1)) / line.length


def _too_large(room: StampedRoom, sheet: _Sheet) -> bool:
    """The room's one stamp prints a figure the room exceeds."""
    stamp = room.stamp
    if stamp is None or not stamp.printed_area_m2 or room.stamps_inside != 1:
        return False
    outline = _measure(room.polygon, stamp, sheet)
    return outline.area * sheet.mpp**2 > (1 + AREA_TOLERANCE) * stamp.printed_area_m2


def _envelope(material: BaseGeometry, walls: Sequence[WallRect]) -> Polygon:
    """The rectangle the walls span, square to the longest wall (not the smallest
    rectangle, which a stray slanted piece can tilt)."""
    longest = max(walls, key=lambda w: math.hypot(w.x2 - w.x1, w.y2 - w.y1))
    degrees = math.degrees(math.atan2(longest.y2 - longest.y1, longest.x2 - longest.x1))
    square = rotate(material, -degrees, origin=(0, 0))
    return rotate(shapely.box(*square.bounds), degrees, origin=(0, 0))


def _open_space(rooms: list[StampedRoom], walls: Sequence[WallRect]) -> list[Polygon]:
    """The floor no room holds: within the building's envelope, clear of walls and
    rooms."""
    material = wall_material(walls)
    space = _envelope(material, walls).difference(
        shapely.union_all([material] + [r.polygon for r in rooms])
    )
    return _polygons([space])


def _bay_room(fit: _Fit, stamp: RoomStamp, sheet: _Sheet) -> StampedRoom:
    room = room_for(fit.bay, "", [stamp], split=False)
    room.open_bay = True
    if stamp.size_m and stamp.area_m2 is None:
        room.centres_polygon = between_wall_centres(fit.bay, sheet.walls)
    return room


def _warning(room: StampedRoom, fit: _Fit) -> str:
    return (
        f"{room.label}: an open bay, not closed by walls; the pipeline closed it along the "
        f"line of the walls framing it, where it agrees with the printed size "
        f"({fit.error:.0%} off). Check that line before pricing it."
    )


def close_open_bays(
    rooms: list[StampedRoom],
    stamps: list[RoomStamp],
    walls: Sequence[WallRect],
    metres_per_point: float | None,
) -> OpenBays:
    """Rooms with every open bay closed at its printed size (needs the scale)."""
    result = OpenBays(list(rooms))
    if not metres_per_point or not walls:
        return result
    mpp = metres_per_point
    thickness = statistics.median(w.thickness for w in walls)
    sheet = _Sheet(walls, mpp, _prints_centres(rooms, mpp), _main_directions(walls), thickness)
    for room in rooms:
        if room.stamp is None or not _too_large(room, sheet):
            continue
        fit = _fit_bay(room.polygon, room.stamp, sheet)
        if fit is None:
            continue
        bay = _bay_room(fit, room.stamp, sheet)
        beyond = _polygons([room.polygon.difference(fit.bay)])
        kept = [p for p in beyond if p.area >= MIN_PIECE_SHARE * room.polygon.area]
        index = result.rooms.index(room)
        leftovers = [room_for(p, "", [], split=False) for p in kept]
        for leftover in leftovers:
            leftover.beyond_open_bay = bay.label
        result.rooms[index : index + 1] = [bay, *leftovers]
        result.warnings.append(_warning(bay, fit))
        if leftovers:
            area = sum(p.area for p in kept) * mpp * mpp
            result.warnings.append(
                f"The space beyond the open bay {bay.label} ({area:.1f} m²) is kept as an "
                "unlabelled room and may be outdoors; check it before pricing it."
            )
    homeless = [
        s
        for s in stamps
        if s.printed_area_m2 and not any(r.polygon.contains(Point(s.x, s.y)) for r in result.rooms)
    ]
    open_space = _open_space(result.rooms, walls) if homeless else []
    for stamp in homeless:
        point = Point(stamp.x, stamp.y)
        space = next((p for p in open_space if p.contains(point)), None)
        fit = _fit_bay(space, stamp, sheet) if space is not None else None
        if fit is not None:
            bay = _bay_room(fit, stamp, sheet)
            result.rooms.append(bay)
            result.warnings.append(_warning(bay, fit))
            # Two bays of one open space (a porch and a carport) never share floor.
            open_space = _polygons([p.difference(fit.bay) for p in open_space])
    return result


def _polygons(shapes: list[BaseGeometry]) -> list[Polygon]:
    return [p for s in shapes for p in getattr(s, "geoms", [s]) if isinstance(p, Polygon)]
