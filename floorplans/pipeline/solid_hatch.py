"""Solid hatches plotted as strokes become the filled areas they paint.

Some exports (AutoCAD through Ghostscript, PDF printers) turn a SOLID hatch into hundreds
of parallel strokes, each overlapping the next. On paper that is a black wall or column;
to the wall detector it is a cloud of thin diagonal lines. Strokes whose spacing is no
more than their own width paint a solid area, so runs of them are replaced by that area,
outlined as a filled shape the fill-pair detection reads like any other poché.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

import numpy as np
import shapely

from .faces import FaceLine, face_line
from .primitives import FilledShape, PagePrimitives, Segment

MIN_STROKES = 8  # overlapping strokes that make a painted area (two make a bold line)
LOOK_BACK = 32  # neighbours compared per stroke: bounded work on stacks of duplicates


def _touching(lines: list[tuple[FaceLine, Segment]]) -> list[Segment]:
    """Segments of one direction that overlap a neighbour across the stroke direction.

    Each stroke looks back, nearest first, at up to LOOK_BACK strokes no further off than
    its width and pairs with the first that is not its duplicate and overlaps it along the
    direction. Lines are sorted by offset, so the gap only grows with the look-back: the
    look-back runs over the whole direction at once, one step back per pass, with numpy.
    """
    lines.sort(key=lambda pair: pair[0].offset)
    offset, t0, t1, width = np.array(
        [(line.offset, line.t0, line.t1, line.width) for line, _ in lines]
    ).T
    touching = np.zeros(len(lines), dtype=bool)
    searching = np.ones(len(lines), dtype=bool)  # no partner found yet
    for back in range(1, min(LOOK_BACK, len(lines) - 1) + 1):
        k = np.arange(back, len(lines))
        j = k - back
        gap = offset[k] - offset[j]
        near = searching[k] & (gap <= width[k])
        if not near.any():
            break  # every later look-back is further off still
        distinct = gap > 0.1 * width[k]  # not a duplicate
        overlap = np.minimum(t1[k], t1[j]) - np.maximum(t0[k], t0[j]) > 0
        hit = near & distinct & overlap
        touching[k[hit]] = touching[j[hit]] = True
        searching[k[hit]] = False
        searching[k[~near]] = False  # this stroke's look-back has run out
    return [s for (_, s), hit in zip(lines, touching, strict=True) if hit]


def fill_solid_hatches(page: PagePrimitives) -> None:
    """Add the areas painted by overlapping parallel strokes to ``page`` as filled shapes."""
    by_direction: dict[int, list[tuple[FaceLine, Segment]]] = defaultdict(list)
    for s in page.segments:
        if s.stroke and not s.fill and not s.dashed and s.width > 0:
            line = face_line(s, False)
            by_direction[line.angle_key].append((line, s))
    solid = [s for lines in by_direction.values() for s in _touching(lines)]
    if not solid:
        return
    ends = np.array([(s.x1, s.y1, s.x2, s.y2) for s in solid]).reshape(-1, 2, 2)
    strokes = shapely.linestrings(ends)
    # Flat caps: the strokes' ends are the painted edge, straight as the drafter drew it.
    # The one union of every stroke is most of this step's time, and it stays one call
    # on every stroke: GEOS's result is sensitive to what goes in (unioning per cluster,
    # dropping duplicate strokes or disjoint-subset union move vertices and the graph).
    painted = shapely.union_all(
        shapely.buffer(strokes, [s.width / 2 for s in solid], cap_style="flat")
    )
    areas = shapely.get_parts(painted)
    # One query for every area: the strokes each area covers, as (area, stroke) pairs.
    area_of, stroke_of = shapely.STRtree(strokes).query(areas, predicate="covers")
    counts = np.bincount(area_of, minlength=len(areas))
    replaced: set[int] = set()
    next_id = max(s.path_id for s in page.segments) + 1
    for k, polygon in enumerate(areas):
        if polygon.geom_type != "Polygon" or counts[k] < MIN_STROKES:
            continue
        replaced.update(id(solid[int(i)]) for i in stroke_of[area_of == k])
        outline = shapely.simplify(polygon, 0.3)
        rings = [list(outline.exterior.coords)] + [list(r.coords) for r in outline.interiors]
        page.fills.append(FilledShape(next_id, rings, False))
        for ring in rings:
            for (x1, y1), (x2, y2) in pairwise(ring):
                page.segments.append(Segment(x1, y1, x2, y2, 0.0, False, True, next_id))
        next_id += 1
    page.segments = [s for s in page.segments if id(s) not in replaced]
