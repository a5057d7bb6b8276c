"""A drawing set often prints the scale (or the dimension strings) on one sheet only.

A sheet that draws the same plan at the same size on the paper as a sibling sheet of its
set has that sibling's scale: the same building at the same size in points is at the
same metres per point. So a plan sheet without a scale borrows the scale of a sibling
whose drawing matches it, judged in points on the two graphs:

* the wall network's extent agrees within SIZE_TOLERANCE in both directions;
* aligned by that extent (a sheet may place the plan elsewhere on the paper), most of
  each sheet's walls lie on the other's;
* where both sheets found rooms, most rooms have a counterpart of nearly the same shape.

Only a sheet whose scale is its own and undoubted (read, measured or given by the user
for that sheet; not borrowed, not guessed by the vision helper, not flagged for review)
lends it; when the sheets that match disagree on the scale, nothing is borrowed. The
borrowed scale (`source: sibling_sheet`) is then applied by extracting the sheet again
with it (``extract_graph(..., sibling_scale=...)``), so every size in the graph is what
it would be had the sheet printed the scale itself.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import LineString, Polygon

from .scale import METRES_PER_POINT_ON_PAPER, ScaleResult
from .scale_check import AGREEMENT, ratio_text

# The two drawings' extents (points) agree this closely, in both directions.
SIZE_TOLERANCE = 0.015
# This share of each sheet's wall length lies on the other's walls.
WALLS_ALIKE = 0.8
# A room matches one on the other sheet when they overlap this much (intersection over
# union) ...
ROOM_OVERLAP = 0.9
# ... and this share of the rooms of the sheet with fewer rooms match.
ROOMS_ALIKE = 0.6
# Fewer rooms or walls than this prove nothing.
MIN_ROOMS = 2
MIN_WALLS = 4
# Scales a sheet may lend: its own, not the vision helper's guess or a borrowed one.
LENDING_SOURCES = frozenset({"override", "text", "dimension", "scale_bar", "room_areas"})


@dataclass(frozen=True)
class _Drawing:
    walls: list[LineString]
    thickness: list[float]
    rooms: list[Polygon]
    bounds: tuple[float, float, float, float]

    @property
    def size(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.bounds
        return x1 - x0, y1 - y0


def _drawing(graph: dict) -> _Drawing | None:
    walls = [w for w in graph.get("walls", ()) if not w.get("excluded")]
    if len(walls) < MIN_WALLS:
        return None
    lines = [LineString([(w["x1"], w["y1"]), (w["x2"], w["y2"])]) for w in walls]
    rooms = [Polygon(r["polygon"]) for r in graph.get("rooms", ()) if len(r["polygon"]) >= 3]
    rooms = [r for r in rooms if r.is_valid]
    bounds = shapely.MultiLineString(lines).bounds
    return _Drawing(lines, [w["thickness"] for w in walls], rooms, bounds)


def _lends(graph: dict) -> bool:
    """The sheet's scale is its own and undoubted. A doubt is written both into the
    scale's evidence and into the review reasons (scale_check, review)."""
    scale = graph.get("scale")
    if not scale or scale.get("source") not in LENDING_SOURCES:
        return False
    return not set(scale.get("evidence", ())) & set(graph.get("review_reasons", ()))


def _same_size(a: _Drawing, b: _Drawing) -> bool:
    return all(
        abs(p - q) <= SIZE_TOLERANCE * max(p, q) and max(p, q) > 0
        for p, q in zip(a.size, b.size, strict=True)
    )


def _walls_on(a: _Drawing, b: _Drawing, shift: tuple[float, float]) -> float:
    """Share of `a`'s wall length (moved by `shift`) lying on `b`'s walls: points about a
    wall thickness apart along each wall, each within its wall's reach of one of `b`'s."""
    tree = shapely.STRtree(b.walls)
    total = covered = 0.0
    for line, thickness in zip(a.walls, a.thickness, strict=True):
        n = max(2, math.ceil(line.length / max(thickness, 1.0)))
        t = (np.arange(n) + 0.5) / n
        (x1, y1), (x2, y2) = line.coords
        points = shapely.points(
            np.column_stack([x1 + shift[0] + t * (x2 - x1), y1 + shift[1] + t * (y2 - y1)])
        )
        near = tree.query(points, predicate="dwithin", distance=thickness * 0.75 + 1.0)
        total += line.length
        covered += line.length * len(np.unique(near[0])) / n
    return covered / total if total else 0.0


def _rooms_alike(a: _Drawing, b: _Drawing, shift: tuple[float, float]) -> int:
    """How many of `a`'s rooms (moved by `shift`) have a room of nearly the same shape in `b`."""
    tree = shapely.STRtree(b.rooms)
    alike = 0
    for room in a.rooms:
        moved = affinity.translate(room, *shift)
        for j in tree.query(moved, predicate="intersects"):
            other = b.rooms[j]
            union = moved.union(other).area
            if union > 0 and moved.intersection(other).area / union >= ROOM_OVERLAP:
                alike += 1
                break
    return alike


def _match(a: _Drawing, b: _Drawing) -> str | None:
    """In words, why `a` and `b` draw the same plan at the same size; None if they do not."""
    if not _same_size(a, b):
        return None
    shift = (b.bounds[0] - a.bounds[0], b.bounds[1] - a.bounds[1])
    back = (-shift[0], -shift[1])
    walls = min(_walls_on(a, b, shift), _walls_on(b, a, back))
    if walls < WALLS_ALIKE:
        return None
    width, height = a.size
    words = f"walls {width:.0f} x {height:.0f} pt, {walls:.0%} of them alike"
    fewer = min(len(a.rooms), len(b.rooms))
    if fewer < MIN_ROOMS:
        return words
    alike = min(_rooms_alike(a, b, shift), _rooms_alike(b, a, back))
    if alike < max(MIN_ROOMS, ROOMS_ALIKE * fewer):
        return None
    return f"{words}, {alike} of {fewer} rooms alike"


def _borrowed(donor: int, scale: dict, match: str) -> ScaleResult:
    lent = "; ".join(scale.get("evidence", ())) or "no checks"
    evidence = (
        f"the scale of page {donor + 1}, which draws the same plan at the same size ({match})",
        f"page {donor + 1}'s scale: {scale['source']} ({lent})",
    )
    return ScaleResult(scale["metres_per_point"], "sibling_sheet", scale.get("text"), evidence)


def sibling_scales(graphs: Mapping[int, dict]) -> dict[int, ScaleResult]:
    """For every plan sheet of one set without a scale (``graphs``: page index -> graph),
    the scale of the sibling sheets that draw the same plan at the same size, when they
    agree on one; see the module doc."""
    wanting = [page for page, graph in graphs.items() if not graph.get("scale")]
    if not wanting:
        return {}  # the usual set: every sheet has its scale, nothing to compare
    drawings = {page: _drawing(graph) for page, graph in graphs.items()}
    lenders = [p for p, g in graphs.items() if drawings[p] and _lends(g)]
    borrowed = {}
    for page in wanting:
        if drawings[page] is None:
            continue
        matches = [
            (donor, match)
            for donor in lenders
            if (match := _match(drawings[page], drawings[donor])) is not None
        ]
        if not matches:
            continue
        scales = [graphs[donor]["scale"]["metres_per_point"] for donor, _ in matches]
        if max(scales) > min(scales) * (1 + AGREEMENT):
            continue  # the matching sheets disagree: nothing says which is right
        donor, match = min(matches)
        borrowed[page] = _borrowed(donor, graphs[donor]["scale"], match)
    return borrowed


def draws_same_plan(a: dict, b: dict) -> bool:
    """Whether two sheets' graphs draw the same plan at the same size (see the module doc)."""
    first, second = _drawing(a), _drawing(b)
    return first is not None and second is not None and _match(first, second) is not None


def borrowed_warning(scale: ScaleResult) -> str:
    """What the borrowing sheet's graph says of its scale. The same plan twice may be one
    floor drawn twice (a dimension plan and a furniture plan) or two identical floors;
    only a person can tell, and a building takeoff must not count one floor twice."""
    ratio = ratio_text(scale.metres_per_point / METRES_PER_POINT_ON_PAPER)
    return (
        f"No scale is printed on this sheet; {ratio} is {scale.evidence[0]}. If both sheets "
        "show the same floor, count only one of them in a building takeoff."
    )


__all__ = ["LENDING_SOURCES", "borrowed_warning", "draws_same_plan", "sibling_scales"]
