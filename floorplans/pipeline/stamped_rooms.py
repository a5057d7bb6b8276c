"""Rooms with what the sheet says about them: stamp, kind, printed area, confidence.

Each enclosed region gets the stamps that lie in it; a region holding several is split
into that many rooms (room_split). A room's confidence is built from named factors, so
an estimator sees why a room is trusted or not:

    closed by walls        +0.40   every region is closed by walls, across openings
    open bay closed by the pipeline  +0.15   instead: walls leave it open on a side or two,
                                   closed where the printed size agrees (open_bays)
    beyond an open bay     +0.05   instead: what lay past such a bay, maybe outdoors
    label found            +0.20   a stamp or a label lies in the room
    kind recognised        +0.10
    printed area agrees    +0.30   within AREA_TOLERANCE of the stamp's area (or size;
                                   a size may agree between wall centres instead)
    printed area disagrees -0.30
    split from a larger region  -0.15   the cut is our reading of where one room ends
    holds N stamps         -0.20   several stamps and no plausible cut between them
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import shapely
from shapely.geometry import LineString, Polygon

from .room_kinds import room_kind
from .room_split import split_by_stamps
from .rooms import RoomRegion, WallRect
from .scale_check import PrintedRoom
from .stamps import RoomStamp
from .wall_centres import between_wall_centres

# Measured and printed areas further apart than this disagree (issue 10: 5 %).
AREA_TOLERANCE = 0.05
_FACTORS = {
    "closed by walls": 0.40,
    "open bay closed by the pipeline": 0.15,
    "beyond an open bay": 0.05,
    "label found": 0.20,
    "kind recognised": 0.10,
    "printed area agrees": 0.30,
    "printed area disagrees": -0.30,
    "split from a larger region": -0.15,
    "holds several stamps": -0.20,
}


@dataclass(slots=True)
class StampedRoom:
    polygon: Polygon
    label: str
    kind: str
    stamp: RoomStamp | None = None
    split: bool = False
    stamps_inside: int = 0
    also_named: list[str] = field(default_factory=list)  # other stamps left in this room
    printed_area_m2: float | None = None
    area_m2: float | None = None  # measured, once the scale is known
    # Out to the walls' centrelines, for a stamp printing a size (some sheets print sizes
    # between wall centres); the room itself stays net, inside the faces.
    centres_polygon: Polygon | None = None
    centres_area_m2: float | None = None
    # Walls leave it open on a side or two; the pipeline closed it (open_bays).
    open_bay: bool = False
    beyond_open_bay: str = ""  # the open bay this leftover lay beyond
    confidence: float = 0.0
    evidence: list[str] = field(default_factory=list)

    @property
    def area_error(self) -> float | None:
        """(measured - printed) / printed, when both are known."""
        if self.printed_area_m2 is None or self.area_m2 is None or self.printed_area_m2 <= 0:
            return None
        return (self.area_m2 - self.printed_area_m2) / self.printed_area_m2

    @property
    def centres_error(self) -> float | None:
        """(area between wall centres - printed) / printed, for a printed size."""
        if self.centres_area_m2 is None or not self.printed_area_m2:
            return None
        return (self.centres_area_m2 - self.printed_area_m2) / self.printed_area_m2

    @property
    def agrees_between_centres(self) -> bool:
        """The printed size disagrees with the net room but agrees between wall centres."""
        error, centres = self.area_error, self.centres_error
        return (
            error is not None
            and abs(error) > AREA_TOLERANCE
            and centres is not None
            and abs(centres) <= AREA_TOLERANCE
        )


def room_for(
    polygon: Polygon, fallback_label: str, stamps: list[RoomStamp], split: bool
) -> StampedRoom:
    """A room of `polygon` named by the stamps in it (or the fallback label)."""
    # Of several stamps left in one room, the one printing an area names it (a room kept
    # whole because that area is the whole room's).
    stamps = sorted(stamps, key=lambda s: s.printed_area_m2 is None)
    stamp = stamps[0] if stamps else None
    label = stamp.label if stamp else fallback_label
    return StampedRoom(
        polygon=polygon,
        label=label,
        kind=(stamp.kind if stamp else None) or room_kind(label) or "other",
        stamp=stamp,
        split=split,
        stamps_inside=len(stamps),
        also_named=[s.label for s in stamps[1:]],
        printed_area_m2=stamp.printed_area_m2 if stamp else None,
    )


def printed_room(room: StampedRoom, at_centres: bool = False) -> PrintedRoom:
    """The room as scale evidence: its stamp's printed size against the room's rectangle,
    its printed area (or the size's) against its area unless we cut the room out.
    `at_centres` reads a printed size against the room grown to its wall centres."""
    polygon = room.centres_polygon if at_centres and room.centres_polygon else room.polygon
    rectangle = polygon.minimum_rotated_rectangle.exterior.coords
    sides = (math.dist(rectangle[0], rectangle[1]), math.dist(rectangle[1], rectangle[2]))
    size = room.stamp.size_m if room.stamp else None
    area = None if room.split else room.printed_area_m2
    return PrintedRoom(polygon.area, sides, size, area)


def stamp_rooms(
    regions: list[RoomRegion],
    stamps: list[RoomStamp],
    metres_per_point: float | None,
    walls: Sequence[WallRect] = (),
    drawn: Sequence[LineString] = (),
) -> list[StampedRoom]:
    """Attach stamps to regions, splitting a region that holds two or more into rooms
    (along a wall's end or one of the `drawn` lines); a room whose stamp prints a size
    (not an area) is also grown to its `walls`' centres."""
    rooms: list[StampedRoom] = []
    points = shapely.points([(s.x, s.y) for s in stamps]) if stamps else []
    tree = shapely.STRtree(points)
    drawn_tree = shapely.STRtree(drawn)
    for region in regions:
        found = tree.query(region.polygon, predicate="contains") if stamps else []
        inside = [stamps[int(i)] for i in sorted(found)]
        near = [drawn[int(i)] for i in drawn_tree.query(region.polygon)] if len(inside) > 1 else []
        pieces = split_by_stamps(region.polygon, inside, metres_per_point, near)
        split = len(pieces) > 1
        for polygon, mine in pieces:
            rooms.append(room_for(polygon, region.label if not split else "", mine, split))
    for room in rooms:
        if room.stamp and room.stamp.size_m and room.stamp.area_m2 is None:
            room.centres_polygon = between_wall_centres(room.polygon, walls)
    return rooms


def _closure(room: StampedRoom) -> str:
    if room.open_bay:
        return "open bay closed by the pipeline (at its printed size)"
    if room.beyond_open_bay:
        return f"beyond an open bay ({room.beyond_open_bay}; may be outdoors)"
    return "closed by walls"


def _evidence(room: StampedRoom) -> list[str]:
    evidence = [_closure(room)]
    if room.label:
        evidence.append("label found")
    else:
        evidence.append("no label")
    if room.kind != "other" or room_kind(room.label):
        evidence.append("kind recognised")
    error = room.area_error
    if error is not None:
        what = "area" if room.stamp and room.stamp.area_m2 is not None else "size"
        if room.agrees_between_centres:
            evidence.append(
                f"printed {what} agrees between wall centres ({room.centres_error:+.0%})"
            )
        else:
            verdict = "agrees" if abs(error) <= AREA_TOLERANCE else "disagrees"
            evidence.append(f"printed {what} {verdict} ({error:+.0%})")
    elif room.printed_area_m2 is not None:
        evidence.append("printed area not checked (no scale)")
    if room.split:
        evidence.append("split from a larger region")
    if room.also_named:
        if error is not None and (abs(error) <= AREA_TOLERANCE or room.agrees_between_centres):
            evidence.append(f"also labelled {', '.join(room.also_named)} (part of this room)")
        else:
            evidence.append(f"holds {room.stamps_inside} stamps")
    return evidence


def _confidence(evidence: list[str]) -> float:
    total = 0.0
    for item in evidence:
        for factor, weight in _FACTORS.items():
            if item.startswith(factor) or item.replace(" size ", " area ").startswith(factor):
                total += weight
        if item.startswith("holds ") and item.endswith(" stamps"):
            total += _FACTORS["holds several stamps"]
    return round(min(max(total, 0.05), 1.0), 2)


def assess_rooms(rooms: list[StampedRoom], metres_per_point: float | None) -> None:
    """Measure each room in m² (when scaled) and set its evidence and confidence."""
    for room in rooms:
        if metres_per_point:
            room.area_m2 = room.polygon.area * metres_per_point**2
            if room.centres_polygon is not None:
                room.centres_area_m2 = room.centres_polygon.area * metres_per_point**2
        room.evidence = _evidence(room)
        room.confidence = _confidence(room.evidence)
