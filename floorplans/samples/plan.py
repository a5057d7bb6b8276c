"""A floor plan in real units, with every derived shape computed exactly by shapely.

Plan coordinates are metres with x to the right and y *down*, the same orientation as the
SpatialGraph's display space, so placing a plan on a page is a scale plus a translation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from shapely import affinity
from shapely.geometry import LineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from floorplans.spatialgraph import METRES_PER_POINT_ON_PAPER

_EPS = 1e-6

OpeningKind = Literal["door", "window"]


@dataclass(frozen=True)
class Wall:
    """A straight wall: its centreline and full thickness, in metres."""

    x1: float
    y1: float
    x2: float
    y2: float
    thickness: float
    exterior: bool = False

    @property
    def length(self) -> float:
        return math.hypot(self.x2 - self.x1, self.y2 - self.y1)

    @property
    def direction(self) -> tuple[float, float]:
        return ((self.x2 - self.x1) / self.length, (self.y2 - self.y1) / self.length)

    @property
    def normal(self) -> tuple[float, float]:
        dx, dy = self.direction
        return (-dy, dx)

    def point_at(self, offset: float, side: float = 0.0) -> tuple[float, float]:
        """The point `offset` metres along the centreline, moved `side` metres along normal."""
        (dx, dy), (nx, ny) = self.direction, self.normal
        return (self.x1 + dx * offset + nx * side, self.y1 + dy * offset + ny * side)


@dataclass(frozen=True)
class Opening:
    """A door or window in a host wall; `offset` is its centre's distance from the wall start."""

    kind: OpeningKind
    wall: int
    offset: float
    width: float
    hinge: Literal["start", "end"] = "start"
    swing: Literal[1, -1] = 1  # which side of the host wall (along Wall.normal) the leaf opens to


@dataclass(frozen=True)
class Room:
    """A room's net floor outline: the inner faces of its walls, closed across openings."""

    label: str
    polygon: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Plan:
    name: str
    walls: tuple[Wall, ...]
    openings: tuple[Opening, ...]
    rooms: tuple[Room, ...]
    scale_ratio: float  # paper length / real length, e.g. 1/48 for 1/4" = 1'-0", 1/100 for 1:100
    scale_text: str  # the scale note exactly as printed on the sheet
    page_size: tuple[float, float]  # visible (display) page width, height in points
    origin: tuple[float, float]  # display point where plan (0, 0) lands
    metric: bool = False  # dimension strings in metric units instead of feet-inches
    # How metric dimension strings print: "mm" 3650, "mm " 3 650 (thousands grouped by a
    # space, ISO style), "cm" 365, "m." 3.65, "m," 3,65 with the German half centimetre
    # raised (3,65⁵) and centimetres below a metre (88⁵).
    metric_unit: str = "mm"
    scale_note_per_char: bool = False  # CAD exports that emit one text object per glyph
    tile_pitch: float = 0.3  # floor tile size (m) in wet rooms
    sheet_title: str = "FLOOR PLAN"  # the drawing title and title-block field
    sheet_number: str = "A-101"

    @property
    def metres_per_point(self) -> float:
        return METRES_PER_POINT_ON_PAPER / self.scale_ratio

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        mpp = self.metres_per_point
        return (self.origin[0] + x / mpp, self.origin[1] + y / mpp)

    def geometry_to_page(self, geometry: BaseGeometry) -> BaseGeometry:
        k = 1.0 / self.metres_per_point
        return affinity.affine_transform(geometry, [k, 0, 0, k, *self.origin])


def _end_extension(walls: tuple[Wall, ...], index: int, end: tuple[float, float]) -> float:
    """How far a wall's rectangle runs past its end point so that corners close.

    At an L junction (ends meet) each wall reaches the other's outer face; at a T junction
    (end lies inside another wall) the end stays on the host's centreline; a free end stops.
    """
    others = _walls_ending_at(walls).get(_snap(end), [])
    return max((walls[j].thickness / 2 for j in others if j != index), default=0.0)


def _snap(point: tuple[float, float]) -> tuple[int, int]:
    return (round(point[0] / _EPS), round(point[1] / _EPS))


@lru_cache(maxsize=64)
def _walls_ending_at(walls: tuple[Wall, ...]) -> dict[tuple[int, int], list[int]]:
    """Index of wall end points, so junction lookups stay linear on sheets of many plans."""
    ends: dict[tuple[int, int], list[int]] = {}
    for j, wall in enumerate(walls):
        for point in ((wall.x1, wall.y1), (wall.x2, wall.y2)):
            ends.setdefault(_snap(point), []).append(j)
    return ends


def end_extensions(walls: tuple[Wall, ...], index: int) -> tuple[float, float]:
    """How far wall `index` runs past its start and end points (see `_end_extension`)."""
    wall = walls[index]
    return (
        _end_extension(walls, index, (wall.x1, wall.y1)),
        _end_extension(walls, index, (wall.x2, wall.y2)),
    )


def wall_rectangle(walls: tuple[Wall, ...], index: int) -> Polygon:
    wall = walls[index]
    start, end = end_extensions(walls, index)
    half = wall.thickness / 2
    corners = [
        wall.point_at(-start, half),
        wall.point_at(wall.length + end, half),
        wall.point_at(wall.length + end, -half),
        wall.point_at(-start, -half),
    ]
    return Polygon(corners)


@lru_cache(maxsize=64)
def wall_footprint(walls: tuple[Wall, ...]) -> BaseGeometry:
    """Union of all wall rectangles: solid wall material with no openings cut.

    Cached because rendering asks for it several times and shapely geometry is immutable.
    """
    return unary_union([wall_rectangle(walls, i) for i in range(len(walls))])


def opening_cutter(walls: tuple[Wall, ...], opening: Opening) -> Polygon:
    wall = walls[opening.wall]
    lo, hi = opening.offset - opening.width / 2, opening.offset + opening.width / 2
    across = wall.thickness  # twice the half-thickness so no sliver survives at the faces
    return Polygon(
        [
            wall.point_at(lo, across),
            wall.point_at(hi, across),
            wall.point_at(hi, -across),
            wall.point_at(lo, -across),
        ]
    )


def walls_with_openings(plan: Plan) -> BaseGeometry:
    """Wall material as drawn: the footprint with door and window gaps removed."""
    cutters = unary_union([opening_cutter(plan.walls, o) for o in plan.openings])
    return wall_footprint(plan.walls).difference(cutters)


def polygons_of(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry] if not geometry.is_empty else []
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    return [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon)]


def lines_of(geometry: BaseGeometry) -> list[LineString]:
    """The line parts of an intersection result (points where a line only grazes dropped)."""
    return [g for g in getattr(geometry, "geoms", [geometry]) if isinstance(g, LineString)]


def _clean_ring(polygon: Polygon) -> tuple[tuple[float, float], ...]:
    # simplify(0) drops the collinear vertices unary_union leaves where walls join.
    coords = polygon.simplify(0).exterior.coords[:-1]
    return tuple((round(x, 9), round(y, 9)) for x, y in coords)


def derive_rooms(
    walls: tuple[Wall, ...], labels: dict[str, tuple[float, float]]
) -> tuple[Room, ...]:
    """Rooms are the holes of the wall footprint; each must contain exactly one label point."""
    holes = [
        Polygon(ring) for poly in polygons_of(wall_footprint(walls)) for ring in poly.interiors
    ]
    rooms = []
    for hole in holes:
        inside = [label for label, at in labels.items() if hole.contains(Point(at))]
        if len(inside) != 1:
            raise ValueError(f"room at {hole.representative_point()} has labels {inside}")
        rooms.append(Room(inside[0], _clean_ring(hole)))
    if len(rooms) != len(labels):
        raise ValueError("some labels fall outside every room")
    return tuple(rooms)


def check_openings(walls: tuple[Wall, ...], openings: tuple[Opening, ...]) -> None:
    """An opening must sit inside its wall, clear of junctions and of other openings."""
    for n, opening in enumerate(openings):
        wall = walls[opening.wall]
        if not (opening.width / 2 < opening.offset < wall.length - opening.width / 2):
            raise ValueError(f"opening {n} runs past the end of wall {opening.wall}")
        cutter = opening_cutter(walls, opening)
        for j in range(len(walls)):
            if j != opening.wall and cutter.intersects(wall_rectangle(walls, j)):
                raise ValueError(f"opening {n} overlaps wall {j}")
        for m, other in enumerate(openings[:n]):
            if cutter.intersects(opening_cutter(walls, other)):
                raise ValueError(f"openings {m} and {n} overlap")


def build_plan(
    *,
    walls: list[Wall],
    openings: list[Opening],
    labels: dict[str, tuple[float, float]],
    **fields: object,
) -> Plan:
    """Validate walls and openings and derive the rooms, so ground truth is never typed twice."""
    wall_tuple, opening_tuple = tuple(walls), tuple(openings)
    check_openings(wall_tuple, opening_tuple)
    rooms = derive_rooms(wall_tuple, labels)
    return Plan(walls=wall_tuple, openings=opening_tuple, rooms=rooms, **fields)  # type: ignore[arg-type]


def translated(plan: Plan, dx: float, dy: float) -> Plan:
    """The same plan moved by (dx, dy) metres on its page."""
    walls = tuple(
        replace(w, x1=w.x1 + dx, y1=w.y1 + dy, x2=w.x2 + dx, y2=w.y2 + dy) for w in plan.walls
    )
    rooms = tuple(Room(r.label, tuple((x + dx, y + dy) for x, y in r.polygon)) for r in plan.rooms)
    return replace(plan, walls=walls, rooms=rooms)


def centred_origin(
    walls: list[Wall], scale_ratio: float, area: tuple[float, float, float, float]
) -> tuple[float, float]:
    """The origin that centres the walls' footprint in a display-space box (x0, y0, x1, y1)."""
    mpp = METRES_PER_POINT_ON_PAPER / scale_ratio
    minx, miny, maxx, maxy = wall_footprint(tuple(walls)).bounds
    cx, cy = (area[0] + area[2]) / 2, (area[1] + area[3]) / 2
    return (cx - (minx + maxx) / 2 / mpp, cy - (miny + maxy) / 2 / mpp)
