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

import shapely

from .faces import FaceLine, face_line
from .primitives import FilledShape, PagePrimitives, Segment

MIN_STROKES = 8  # overlapping strokes that make a painted area (two make a bold line)
LOOK_BACK = 32  # neighbours compared per stroke: bounded work on stacks of duplicates


def _touching(lines: list[tuple[FaceLine, Segment]]) -> list[Segment]:
    """Segments of one direction that overlap a neighbour across the stroke direction."""
    lines.sort(key=lambda pair: pair[0].offset)
    touching = [False] * len(lines)
    for k, (line, _) in enumerate(lines):
        j = k - 1
        while j >= max(0, k - LOOK_BACK) and line.offset - lines[j][0].offset <= line.width:
            other = lines[j][0]
            distinct = line.offset - other.offset > 0.1 * line.width  # not a duplicate
            if distinct and min(line.t1, other.t1) - max(line.t0, other.t0) > 0:
                touching[k] = touching[j] = True
                break
            j -= 1
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
    strokes = shapely.linestrings([[(s.x1, s.y1), (s.x2, s.y2)] for s in solid])
    # Flat caps: the strokes' ends are the painted edge, straight as the drafter drew it.
    painted = shapely.union_all(
        shapely.buffer(strokes, [s.width / 2 for s in solid], cap_style="flat")
    )
    tree = shapely.STRtree(strokes)
    replaced: set[int] = set()
    next_id = max(s.path_id for s in page.segments) + 1
    for polygon in getattr(painted, "geoms", [painted]):
        inside = tree.query(polygon, predicate="covers")
        if polygon.geom_type != "Polygon" or len(inside) < MIN_STROKES:
            continue
        replaced.update(id(solid[int(i)]) for i in inside)
        outline = shapely.simplify(polygon, 0.3)
        rings = [list(outline.exterior.coords)] + [list(r.coords) for r in outline.interiors]
        page.fills.append(FilledShape(next_id, rings, False))
        for ring in rings:
            for (x1, y1), (x2, y2) in pairwise(ring):
                page.segments.append(Segment(x1, y1, x2, y2, 0.0, False, True, next_id))
        next_id += 1
    page.segments = [s for s in page.segments if id(s) not in replaced]
