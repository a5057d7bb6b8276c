"""A room grown to the centres of the walls around it.

Some sheets (common in India) print each room's size between the centrelines of its
walls, not between the inside faces the graph measures: the printed rectangle is the
room grown by half the thickness of the walls that bound it. The graph keeps net areas;
this outline is only what such a printed size is compared with.
"""

from __future__ import annotations

from collections.abc import Sequence

import shapely
from shapely.geometry import LineString, Polygon

from .rooms import WallRect

# A wall bounds a room when its centreline runs within half its thickness (plus this
# much, for rounding) of the room's outline.
BOUNDING_SLACK = 1.0


def half_wall_thickness(polygon: Polygon, walls: Sequence[WallRect]) -> float:
    """Half the thickness of the walls bounding `polygon`, weighted by how much of its
    outline each runs along; 0 when no wall bounds it."""
    if not walls or polygon.is_empty:
        return 0.0
    lines = [LineString([(w.x1, w.y1), (w.x2, w.y2)]) for w in walls]
    widest = max(w.thickness for w in walls)
    outline = polygon.exterior
    near = shapely.STRtree(lines).query(outline, predicate="dwithin", distance=widest)
    along = weighted = 0.0
    for i in near.tolist():
        reach = walls[i].thickness / 2 + BOUNDING_SLACK
        length = lines[i].intersection(outline.buffer(reach)).length
        along += length
        weighted += length * walls[i].thickness / 2
    return weighted / along if along else 0.0


def between_wall_centres(polygon: Polygon, walls: Sequence[WallRect]) -> Polygon:
    """The room out to its walls' centrelines (mitred, so corners stay square)."""
    half = half_wall_thickness(polygon, walls)
    return polygon.buffer(half, join_style="mitre") if half else polygon
