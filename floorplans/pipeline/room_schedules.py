"""Room schedules: the table of rooms some sheets print beside the plan.

ArchiCAD and Revit sheets often carry a room schedule (Raumliste, Seznam prostorov): name
over finish and area, row by row. Read as stamps, its rows lie in no room and would say
that rooms are missing, although each repeats a room the plan stamps and the extraction
found.
"""

from __future__ import annotations

from collections.abc import Callable

import shapely
from shapely.geometry import Point

from .room_kinds import fold
from .rooms import WallRect
from .stamped_rooms import StampedRoom
from .stamps import RoomStamp
from .text import TextLine

# A schedule's rows: at least this many names in a column, each within ROW_STEP text
# heights of the next (rooms' stamps lie a room's depth apart).
MIN_ROWS = 3
ROW_STEP = 6.0


def _left(line: TextLine) -> float:
    return line.x - line.length / 2


def _centre(line: TextLine) -> float:
    return line.x


def _aligned(stamps: list[RoomStamp], edge: Callable[[TextLine], float]) -> list[list[RoomStamp]]:
    """The stamps in groups whose names' `edge` lies within a text height of the group's first."""
    groups: list[list[RoomStamp]] = []
    for s in sorted(stamps, key=lambda s: edge(s.lines[0])):
        if groups and edge(s.lines[0]) - edge(groups[-1][0].lines[0]) <= s.lines[0].size:
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


def _rows(column: list[RoomStamp]) -> set[int]:
    """Of stamps aligned in a column, those (by id) in runs of MIN_ROWS or more, each within
    ROW_STEP text heights of the next: a table's rows (rooms lie a room's depth apart)."""
    found: set[int] = set()
    run: list[RoomStamp] = []
    for s in sorted(column, key=lambda s: s.y):
        if run and s.y - run[-1].y > ROW_STEP * s.lines[0].size:
            found |= {id(r) for r in run} if len(run) >= MIN_ROWS else set()
            run = []
        run.append(s)
    return found | ({id(r) for r in run} if len(run) >= MIN_ROWS else set())


def listings(stamps: list[RoomStamp], rooms: list[StampedRoom], walls: list[WallRect]) -> set[int]:
    """The stamps (by id) that list a room rather than stamp one: a room schedule beside the
    plan (ArchiCAD, Revit) repeats, row by row, the names of rooms found on it. Only rows
    of a table outside the wall network's hull that name a room found count, so a stamp in
    the building, a stamp naming no room found or a lone stamp beside the plan (a floor
    whose walls were not recognised) still says a room is missing."""
    roomed = [r.stamp for r in rooms if r.stamp is not None]
    found = {fold(s.label) for s in roomed}
    if not found or not walls:
        return set()
    ends = [(x, y) for w in walls for x, y in ((w.x1, w.y1), (w.x2, w.y2))]
    outline = shapely.MultiPoint(ends).convex_hull
    outside = [s for s in stamps if not outline.contains(Point(s.x, s.y))]
    level = [s for s in outside if s.lines and s.lines[0].angle == 0]
    rows = {i for edge in (_left, _centre) for col in _aligned(level, edge) for i in _rows(col)}
    return {id(s) for s in outside if id(s) in rows and fold(s.label) in found}
