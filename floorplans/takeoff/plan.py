"""Read a SpatialGraph (``floorplans.spatialgraph``: the JSON records) into wall, opening and
room geometry the generator can measure: these Wall/Opening/Room/Plan are the records
read (corrections applied, excluded items left out), not the generator's designs of
``floorplans.samples.plan``, which are in metres.

Coordinates stay in PDF points (display space, y down) for geometry tests; lengths handed to
the layout are converted to metres with the graph's metres_per_point.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from floorplans.spatialgraph import Opening as OpeningRecord
from floorplans.spatialgraph import Room as RoomRecord
from floorplans.spatialgraph import SpatialGraph
from floorplans.spatialgraph import Wall as WallRecord

from .errors import NoScaleError

Point = tuple[float, float]
_Record = TypeVar("_Record", WallRecord, RoomRecord)


@dataclass(frozen=True)
class Wall:
    id: str
    x1: float
    y1: float
    x2: float
    y2: float
    thickness: float  # points
    exterior: bool | None = None  # a correction's say; None = decided by the rooms
    height_m: float | None = None  # a correction's say; None = the options' wall height

    @property
    def length(self) -> float:
        return math.hypot(self.x2 - self.x1, self.y2 - self.y1)

    @property
    def direction(self) -> Point:
        length = self.length or 1.0
        return (self.x2 - self.x1) / length, (self.y2 - self.y1) / length

    @property
    def normal(self) -> Point:
        """Unit normal pointing to the wall's "left" side (as drawn, y down)."""
        ux, uy = self.direction
        return uy, -ux

    def point_at(self, s: float, offset: float = 0.0) -> Point:
        """Point s points along the centreline from (x1, y1), offset along the normal."""
        ux, uy = self.direction
        nx, ny = self.normal
        return self.x1 + ux * s + nx * offset, self.y1 + uy * s + ny * offset

    def project(self, x: float, y: float) -> float:
        """Distance along the centreline of the foot of the perpendicular from (x, y)."""
        ux, uy = self.direction
        return (x - self.x1) * ux + (y - self.y1) * uy

    def distance_to(self, x: float, y: float) -> float:
        s = min(max(self.project(x, y), 0.0), self.length)
        px, py = self.point_at(s)
        return math.hypot(x - px, y - py)


@dataclass(frozen=True)
class Opening:
    id: str
    wall_id: str
    kind: str  # door | window
    x: float
    y: float
    width: float  # points


@dataclass(frozen=True)
class Room:
    id: str
    label: str
    polygon: tuple[Point, ...]
    area: float  # points²
    perimeter: float  # points
    bbox: tuple[float, float, float, float]
    kind: str = ""  # bathroom, kitchen ... as the extractor read it from the label (any language)
    # Per-room finishes set by a correction (`finishes` in the graph); None = the options'.
    flooring: str | None = None
    paint_walls: bool = True
    ceiling: bool | None = None

    def contains(self, x: float, y: float) -> bool:
        minx, miny, maxx, maxy = self.bbox
        if not (minx <= x <= maxx and miny <= y <= maxy):
            return False
        return point_in_polygon(x, y, self.polygon)


@dataclass(frozen=True)
class Plan:
    metres_per_point: float
    walls: tuple[Wall, ...]
    openings: tuple[Opening, ...]
    rooms: tuple[Room, ...]

    def room_at(self, x: float, y: float) -> Room | None:
        for room in self.rooms:
            if room.contains(x, y):
                return room
        return None


def metres_per_point(graph: SpatialGraph) -> float:
    scale = graph.get("scale")
    value = scale.get("metres_per_point") if isinstance(scale, dict) else None
    if not isinstance(value, int | float) or isinstance(value, bool) or not value > 0:
        raise NoScaleError()
    return float(value)


def _included(items: Iterable[_Record]) -> list[_Record]:
    """Rooms and walls a correction excluded stay in the graph (to be shown struck through)
    but are not taken off."""
    return [item for item in items if not item.get("excluded")]


def read_plan(graph: SpatialGraph) -> Plan:
    """Parse the SpatialGraph dict; raises NoScaleError before doing any work without a scale."""
    mpp = metres_per_point(graph)
    excluded_walls = {str(w["id"]) for w in graph.get("walls", []) if w.get("excluded")}
    openings = tuple(
        Opening(
            id=str(o["id"]),
            wall_id=str(o["wall_id"]),
            kind=str(o.get("kind", "door")),
            x=float(o["x"]),
            y=float(o["y"]),
            width=float(o["width_pts"]),
        )
        for o in graph.get("openings", [])
        if str(o["wall_id"]) not in excluded_walls
    )
    walls, _, rooms, _ = read_plan_geometry(graph)
    return Plan(mpp, tuple(walls), openings, tuple(rooms))


def read_plan_geometry(
    graph: SpatialGraph,
) -> tuple[list[Wall], list[OpeningRecord], list[Room], float | None]:
    """Walls, raw openings, rooms and the scale (None if absent), for drawing unscaled graphs."""
    try:
        mpp: float | None = metres_per_point(graph)
    except NoScaleError:
        mpp = None
    walls = [
        Wall(
            id=str(w["id"]),
            x1=float(w["x1"]),
            y1=float(w["y1"]),
            x2=float(w["x2"]),
            y2=float(w["y2"]),
            thickness=float(w.get("thickness") or 0.0),
            exterior=w.get("exterior"),
            height_m=w.get("height_m"),
        )
        for w in _included(graph.get("walls", []))
    ]
    rooms = [
        _read_room(r) for r in _included(graph.get("rooms", [])) if len(r.get("polygon", [])) >= 3
    ]
    return walls, list(graph.get("openings", [])), rooms, mpp


def _read_room(data: RoomRecord) -> Room:
    polygon = tuple((float(x), float(y)) for x, y in data["polygon"])
    xs = [p[0] for p in polygon]
    ys = [p[1] for p in polygon]
    area = data.get("area_pts2")
    perimeter = data.get("perimeter_pts")
    finishes = data.get("finishes") or {}
    return Room(
        id=str(data["id"]),
        label=str(data.get("label") or ""),
        polygon=polygon,
        area=float(area) if area is not None else polygon_area(polygon),
        perimeter=float(perimeter) if perimeter is not None else polygon_perimeter(polygon),
        bbox=(min(xs), min(ys), max(xs), max(ys)),
        kind=str(data.get("kind") or ""),
        flooring=finishes.get("flooring"),
        paint_walls=finishes.get("paint", True),
        ceiling=finishes.get("ceiling"),
    )


def point_in_polygon(x: float, y: float, polygon: Sequence[Point]) -> bool:
    """Even-odd ray casting."""
    inside = False
    j = len(polygon) - 1
    for i in range(len(polygon)):
        xi, yi = polygon[i]
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def polygon_area(polygon: Sequence[Point]) -> float:
    total = 0.0
    for (x1, y1), (x2, y2) in zip(polygon, (*polygon[1:], polygon[0]), strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def polygon_perimeter(polygon: Sequence[Point]) -> float:
    pairs = zip(polygon, (*polygon[1:], polygon[0]), strict=True)
    return sum(math.hypot(x2 - x1, y2 - y1) for (x1, y1), (x2, y2) in pairs)


def convex_hull(points: Iterable[Point]) -> list[Point]:
    """Andrew's monotone chain; counter-clockwise in a y-up frame."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]
