"""Find where walls meet, and decide which wall carries the extra studs there.

Rules (each junction's extra framing is counted exactly once):

* Every wall has an end stud at each end, whatever it meets.
* Corner (two wall ends meet at an angle): one backer stud, carried by the wall whose id sorts
  first, makes the classic three-stud corner (two end studs + backer).
* T (a wall end meets the middle of another wall): the through wall gets a two-stud partition
  channel flanking the stem; on-centre studs inside the channel are dropped.
* Two collinear ends (one wall drawn in two pieces): one shared stud frames the joint; the
  piece whose id sorts last leaves its end stud out.
* Three or more ends at one point: each end stud stays (with a split through wall they are
  its channel), nothing is added.

Two ends are the same node when closer than the thicker wall; an end is on another wall when
within the thicker wall's thickness of its centreline and not at that wall's ends. Both
tolerances absorb extraction noise (stems drawn to the face rather than the centreline).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .plan import Wall

FREE = "free"
CORNER = "corner"
TEE = "tee"  # this end is the stem of a T
INLINE = "inline"
MULTI = "multi"

_COLLINEAR_SIN = math.sin(math.radians(10))


@dataclass
class Junctions:
    end_kinds: dict[tuple[str, int], str] = field(default_factory=dict)  # (wall, 0|1) -> kind
    # wall id -> the ends (0 start, 1 end) where it carries a corner's backer stud
    corner_backers: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    # through-wall id -> positions (points along its centreline) of T stems
    channels: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # wall id -> ends whose end stud is left out because the collinear neighbour's is shared
    shared_ends: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


class _Grid:
    """Uniform grid over wall bounding boxes so proximity checks stay near-linear."""

    def __init__(self, walls: Sequence[Wall], cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        for index, wall in enumerate(walls):
            pad = wall.thickness
            x0, x1 = sorted((wall.x1, wall.x2))
            y0, y1 = sorted((wall.y1, wall.y2))
            for cx in range(self._key(x0 - pad), self._key(x1 + pad) + 1):
                for cy in range(self._key(y0 - pad), self._key(y1 + pad) + 1):
                    self.cells[(cx, cy)].append(index)

    def _key(self, value: float) -> int:
        return math.floor(value / self.cell)

    def near(self, x: float, y: float) -> list[int]:
        return self.cells.get((self._key(x), self._key(y)), [])


def find_junctions(walls: Sequence[Wall]) -> Junctions:
    result = Junctions()
    if not walls:
        return result
    max_thickness = max((w.thickness for w in walls), default=1.0) or 1.0
    grid = _Grid(walls, cell=max(4 * max_thickness, 24.0))
    nodes = _cluster_ends(walls, grid)
    for members in nodes:
        wall_ids = {walls[i].id for i, _ in members}
        if len(members) == 1:
            index, end = members[0]
            through = _through_wall(walls, grid, index, end)
            if through is None:
                result.end_kinds[(walls[index].id, end)] = FREE
            else:
                result.end_kinds[(walls[index].id, end)] = TEE
                x, y = _end_point(walls[index], end)
                result.channels[walls[through].id].append(walls[through].project(x, y))
            continue
        if len(members) == 2 and len(wall_ids) == 2:
            (a, _), (b, _) = members
            kind = INLINE if _collinear(walls[a], walls[b]) else CORNER
            for index, end in members:
                result.end_kinds[(walls[index].id, end)] = kind
            if kind == INLINE:
                index, end = max(members, key=lambda member: walls[member[0]].id)
                result.shared_ends[walls[index].id].append(end)
            if kind == CORNER:
                index, end = min(members, key=lambda member: walls[member[0]].id)
                result.corner_backers[walls[index].id].append(end)
            continue
        for index, end in members:
            result.end_kinds[(walls[index].id, end)] = MULTI
    return result


def _end_point(wall: Wall, end: int) -> tuple[float, float]:
    return (wall.x1, wall.y1) if end == 0 else (wall.x2, wall.y2)


def _cluster_ends(walls: Sequence[Wall], grid: _Grid) -> list[list[tuple[int, int]]]:
    """Union-find over wall ends closer than the thicker of their two walls."""
    parent = list(range(2 * len(walls)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for index, wall in enumerate(walls):
        for end in (0, 1):
            x, y = _end_point(wall, end)
            for other in grid.near(x, y):
                if other <= index:
                    continue
                tolerance = max(wall.thickness, walls[other].thickness)
                for other_end in (0, 1):
                    ox, oy = _end_point(walls[other], other_end)
                    if math.hypot(x - ox, y - oy) <= tolerance:
                        parent[find(2 * index + end)] = find(2 * other + other_end)
    groups: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for key in range(2 * len(walls)):
        groups[find(key)].append((key // 2, key % 2))
    return list(groups.values())


def _through_wall(walls: Sequence[Wall], grid: _Grid, index: int, end: int) -> int | None:
    """The wall whose middle this free end touches (nearest one), if any."""
    x, y = _end_point(walls[index], end)
    best: tuple[float, int] | None = None
    for other in grid.near(x, y):
        if other == index:
            continue
        wall = walls[other]
        tolerance = max(wall.thickness, walls[index].thickness)
        s = wall.project(x, y)
        if s <= tolerance or s >= wall.length - tolerance:
            continue  # at that wall's end: a corner the clustering did not join, not a T
        distance = wall.distance_to(x, y)
        if distance <= tolerance and (best is None or distance < best[0]):
            best = (distance, other)
    return None if best is None else best[1]


def _collinear(a: Wall, b: Wall) -> bool:
    ax, ay = a.direction
    bx, by = b.direction
    return abs(ax * by - ay * bx) < _COLLINEAR_SIN
