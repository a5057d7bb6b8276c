"""How much of the drawing the extraction explains, and whether a person must review it.

A sheet with walls but no rooms, or room stamps with no room around them, must never
look like a good extraction: the graph carries what was explained (`coverage`) and
`review_required` with the reasons in words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import Point

from .room_schedules import listings
from .rooms import WallRect
from .scale import ScaleResult
from .stamped_rooms import AREA_TOLERANCE, StampedRoom
from .stamps import RoomStamp

# Less of the wall network than this bounding a room: rooms are missing.
MIN_WALLS_ENCLOSED = 0.6
# More of the room stamps than this outside every room: rooms are missing.
MAX_STAMPS_WITHOUT_ROOM = 0.2
# A room larger than this (m²) that no printed area confirms is more likely several rooms
# whose partitions were not recognised (drawn as single lines, or left open) than one:
# it is larger than most whole flats, and a lecture hall or open-plan floor is worth a look.
MAX_UNCONFIRMED_ROOM_M2 = 150.0
# Open-air stamps (porch, terrace) are often not enclosed by walls; their absence is normal.
_OPEN_AIR = {"outdoor", "garage"}


@dataclass
class Review:
    coverage: dict
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def required(self) -> bool:
        return bool(self.reasons)


def walls_enclosed_share(walls: list[WallRect], rooms: list[StampedRoom]) -> float:
    """Share of the wall network's length that lies along some room's boundary.

    Measured at points every wall thickness or so along each wall (a union of every
    room's outline would cost seconds on a sheet of hundreds of rooms)."""
    total = sum(math.hypot(w.x2 - w.x1, w.y2 - w.y1) for w in walls)
    if not rooms or total <= 0:
        return 0.0
    tree = shapely.STRtree([room.polygon.exterior for room in rooms])
    covered = 0.0
    for wall in walls:
        length = math.hypot(wall.x2 - wall.x1, wall.y2 - wall.y1)
        n = max(2, math.ceil(length / max(wall.thickness, 1.0)))
        t = (np.arange(n) + 0.5) / n
        points = shapely.points(
            np.column_stack([wall.x1 + t * (wall.x2 - wall.x1), wall.y1 + t * (wall.y2 - wall.y1)])
        )
        reach = wall.thickness * 0.75 + 1.0
        near = tree.query(points, predicate="dwithin", distance=reach)
        covered += length * len(np.unique(near[0])) / n
    return min(covered / total, 1.0)


def _names(items: list[str], limit: int = 6) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _area_warnings(rooms: list[StampedRoom]) -> tuple[list[str], list[str]]:
    warnings, disagreeing = [], []
    for i, room in enumerate(rooms, start=1):
        error = room.area_error
        if error is None or abs(error) <= AREA_TOLERANCE or room.agrees_between_centres:
            continue
        name = f"{room.label or 'unlabelled'} (r{i})"
        disagreeing.append(name)
        warnings.append(
            f"Room {name}: measured {room.area_m2:.2f} m2, its stamp prints "
            f"{room.printed_area_m2:.2f} m2 ({error:+.0%})."
        )
    return warnings, disagreeing


def review_extraction(
    walls: list[WallRect],
    rooms: list[StampedRoom],
    stamps: list[RoomStamp],
    scale: ScaleResult | None,
    scale_doubts: list[str],
) -> Review:
    listed = listings(stamps, rooms, walls)
    stamps = [s for s in stamps if id(s) not in listed]
    tree = shapely.STRtree([room.polygon for room in rooms])
    loose = [
        s
        for s in stamps
        if s.kind not in _OPEN_AIR and not len(tree.query(Point(s.x, s.y), predicate="within"))
    ]
    enclosed = walls_enclosed_share(walls, rooms)
    coverage = {
        "walls_enclosed_share": round(enclosed, 3),
        "stamps": len(stamps),
        "stamps_without_room": len(loose),
        "rooms_without_stamp": sum(1 for r in rooms if r.stamp is None),
        "rooms_with_printed_area": sum(1 for r in rooms if r.printed_area_m2 is not None),
    }
    review = Review(coverage)
    review.warnings, disagreeing = _area_warnings(rooms)
    reasons = review.reasons
    if not walls:
        reasons.append("no walls were recognised")
    elif not rooms:
        reasons.append("no rooms were found")
    elif enclosed < MIN_WALLS_ENCLOSED:
        reasons.append(f"only {enclosed:.0%} of the wall network encloses a room")
    roomed_stamps = [s for s in stamps if s.kind not in _OPEN_AIR]
    if loose and len(loose) > MAX_STAMPS_WITHOUT_ROOM * len(roomed_stamps):
        names = _names([s.label for s in loose])
        reasons.append(f"{len(loose)} of {len(roomed_stamps)} room stamps lie in no room: {names}")
    if disagreeing:
        reasons.append(f"measured areas disagree with printed ones: {_names(disagreeing)}")
    vast = [
        f"{r.label or 'unlabelled'} ({r.area_m2:.0f} m2)"
        for r in rooms
        if r.area_m2 and r.area_m2 > MAX_UNCONFIRMED_ROOM_M2 and r.printed_area_m2 is None
    ]
    if vast:
        reasons.append(
            f"rooms larger than {MAX_UNCONFIRMED_ROOM_M2:.0f} m2 that nothing printed confirms, "
            f"maybe several rooms whose partitions were not recognised: {_names(vast)}"
        )
    unsplit = [r.label for r in rooms if any(e.startswith("holds ") for e in r.evidence)]
    if unsplit:
        reasons.append(f"rooms holding several stamps could not be split: {_names(unsplit)}")
    beyond = [r.beyond_open_bay for r in rooms if r.beyond_open_bay]
    if beyond:
        reasons.append(
            f"space beyond an open bay kept as a room, may be outdoors: {_names(beyond)}"
        )
    if scale is None:
        reasons.append("no drawing scale")
    reasons.extend(scale_doubts)
    return review
