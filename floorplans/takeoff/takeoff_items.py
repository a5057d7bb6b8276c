"""What was taken off, item by item, in real-world units: the rows of the workbook's Rooms,
Walls and Openings sheets and the labels of the marked-up PDF.

Every room, wall and opening of the graph is listed, excluded ones too (flagged), so a
deliverable shows what was left out as well as what was counted. Optional graph keys of
the extraction (`kind`, `printed_area_m2`, `confidence`) are read when present.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .layout import Layout
from .plan import metres_per_point, polygon_area, polygon_perimeter
from .units import LENGTH_UNIT, area_from_m2, from_metres

AREA_UNIT = {"imperial": "ft2", "metric": "m2"}
UNIT_LABEL = {"ft2": "ft²", "m2": "m²", "ft": "ft", "m": "m"}


@dataclass(frozen=True)
class RoomItem:
    id: str
    label: str
    kind: str
    polygon: tuple[tuple[float, float], ...]  # points, display space
    area: float  # in the unit system's area unit
    perimeter: float  # in its length unit
    flooring: str  # material, or "" when not taken off
    walls_painted: bool
    ceiling: bool
    printed_area_m2: float | None
    confidence: float | None
    excluded: bool


@dataclass(frozen=True)
class WallItem:
    id: str
    x1: float
    y1: float
    x2: float
    y2: float
    thickness_pts: float
    length: float  # length unit
    wall_type: str  # exterior | interior | "" (excluded)
    height: float | None  # length unit; None = excluded
    studs: int
    added: bool
    excluded: bool


@dataclass(frozen=True)
class OpeningItem:
    id: str
    wall_id: str
    kind: str
    x: float
    y: float
    width: float  # length unit
    excluded: bool


@dataclass(frozen=True)
class TakeoffItems:
    unit_system: str
    area_unit: str
    length_unit: str
    rooms: tuple[RoomItem, ...]
    walls: tuple[WallItem, ...]
    openings: tuple[OpeningItem, ...]


def _optional_float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def takeoff_items(graph: dict[str, Any], layout: Layout) -> TakeoffItems:
    system = layout.unit_system
    mpp = metres_per_point(graph)
    area_unit, length_unit = AREA_UNIT[system], LENGTH_UNIT[system]
    finishes = {room.room_id: room for room in layout.rooms}
    framed = {wall.wall_id: wall for wall in layout.walls}
    rooms = []
    for data in graph.get("rooms", []):
        polygon = tuple((float(x), float(y)) for x, y in data.get("polygon", []))
        if len(polygon) < 3:
            continue
        finish = finishes.get(str(data["id"]))
        area = data.get("area_pts2") or polygon_area(polygon)
        perimeter = data.get("perimeter_pts") or polygon_perimeter(polygon)
        rooms.append(
            RoomItem(
                id=str(data["id"]),
                label=str(data.get("label") or ""),
                kind=str(data.get("kind") or ""),
                polygon=polygon,
                area=area_from_m2(float(area) * mpp * mpp, area_unit),
                perimeter=from_metres(float(perimeter) * mpp, length_unit),
                flooring=finish.flooring if finish else "",
                walls_painted=bool(finish and finish.walls_painted),
                ceiling=bool(finish and finish.ceiling),
                printed_area_m2=_optional_float(data.get("printed_area_m2")),
                confidence=_optional_float(data.get("confidence")),
                excluded=finish is None,
            )
        )
    walls = []
    for data in graph.get("walls", []):
        wall = framed.get(str(data["id"]))
        length_pts = float(data.get("length_pts") or 0.0)
        height = data.get("height_m") or layout.wall_height_m
        walls.append(
            WallItem(
                id=str(data["id"]),
                x1=float(data["x1"]),
                y1=float(data["y1"]),
                x2=float(data["x2"]),
                y2=float(data["y2"]),
                thickness_pts=float(data.get("thickness") or 0.0),
                length=from_metres(length_pts * mpp, length_unit),
                wall_type=("exterior" if wall.is_exterior else "interior") if wall else "",
                height=from_metres(height, length_unit) if wall else None,
                studs=len(wall.studs) if wall else 0,
                added=bool(data.get("added")),
                excluded=wall is None,
            )
        )
    taken = {opening.id for wall in layout.walls for opening in wall.openings}
    openings = tuple(
        OpeningItem(
            id=str(o["id"]),
            wall_id=str(o["wall_id"]),
            kind=str(o.get("kind", "door")),
            x=float(o["x"]),
            y=float(o["y"]),
            width=from_metres(float(o["width_pts"]) * mpp, length_unit),
            excluded=str(o["id"]) not in taken,
        )
        for o in graph.get("openings", [])
    )
    return TakeoffItems(system, area_unit, length_unit, tuple(rooms), tuple(walls), openings)
