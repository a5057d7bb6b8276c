"""Straight lines in a frame of their own: direction bucket, perpendicular offset, extent.

Every wall style reduces to lines: faces of double-line walls, edges of filled wall
polygons, heavy single strokes. Putting each line into (angle, offset, t0..t1) lets us
merge collinear fragments and find parallel partners by sorting instead of comparing
every pair of lines.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .primitives import Segment

ANGLE_BUCKETS_PER_DEGREE = 2


@dataclass(slots=True)
class FaceLine:
    angle_key: int  # direction bucket: round(degrees * ANGLE_BUCKETS_PER_DEGREE), 0..180°
    offset: float  # signed distance of the infinite line from the origin, along its normal
    t0: float  # extent along the direction, t0 < t1
    t1: float
    width: float  # stroke width (0 for unstroked fill edges)
    filled: bool  # an edge of a filled path rather than a stroke

    @property
    def length(self) -> float:
        return self.t1 - self.t0


@cache  # 360 buckets; every frame conversion asks for one
def bucket_angle(angle_key: int) -> tuple[float, float]:
    """(cos, sin) of a direction bucket."""
    radians = math.radians(angle_key / ANGLE_BUCKETS_PER_DEGREE)
    return math.cos(radians), math.sin(radians)


def direction_key(dx: float, dy: float) -> int:
    degrees = math.degrees(math.atan2(dy, dx)) % 180.0
    key = round(degrees * ANGLE_BUCKETS_PER_DEGREE)
    return 0 if key >= 180 * ANGLE_BUCKETS_PER_DEGREE else key


def to_frame(angle_key: int, x: float, y: float) -> tuple[float, float]:
    """(t along, n across) of a point in the bucket's frame."""
    c, s = bucket_angle(angle_key)
    return x * c + y * s, -x * s + y * c


def from_frame(angle_key: int, t: float, n: float) -> tuple[float, float]:
    c, s = bucket_angle(angle_key)
    return t * c - n * s, t * s + n * c


def face_line(segment: Segment, filled: bool) -> FaceLine:
    key = direction_key(segment.x2 - segment.x1, segment.y2 - segment.y1)
    ta, na = to_frame(key, segment.x1, segment.y1)
    tb, nb = to_frame(key, segment.x2, segment.y2)
    return FaceLine(key, (na + nb) / 2, min(ta, tb), max(ta, tb), segment.width, filled)


def merge_collinear(
    lines: Iterable[FaceLine], offset_tolerance: float, gap_tolerance: float
) -> list[FaceLine]:
    """Merge duplicated, overlapping and touching pieces of the same line.

    Lines only merge with lines of the same kind and similar weight, so a thin tile-grid
    line that happens to continue a wall face does not extend it.
    """
    groups: dict[tuple[int, bool, float], list[FaceLine]] = defaultdict(list)
    for line in lines:
        groups[(line.angle_key, line.filled, round(line.width, 1))].append(line)
    merged: list[FaceLine] = []
    for group in groups.values():
        group.sort(key=lambda ln: ln.offset)
        cluster: list[FaceLine] = []
        for line in group:
            if cluster and line.offset - cluster[-1].offset > offset_tolerance:
                merged.extend(_merge_runs(cluster, gap_tolerance))
                cluster = []
            cluster.append(line)
        if cluster:
            merged.extend(_merge_runs(cluster, gap_tolerance))
    return merged


def _merge_runs(cluster: list[FaceLine], gap_tolerance: float) -> list[FaceLine]:
    cluster.sort(key=lambda ln: ln.t0)
    runs: list[FaceLine] = []
    weight = 0.0
    for line in cluster:
        last = runs[-1] if runs else None
        if last is not None and line.t0 <= last.t1 + gap_tolerance:
            # Length-weighted offset keeps a long face from being dragged by a short stub.
            new_weight = weight + line.length
            if new_weight > 0:
                last.offset = (last.offset * weight + line.offset * line.length) / new_weight
            weight = new_weight
            last.t1 = max(last.t1, line.t1)
            last.width = max(last.width, line.width)
        else:
            runs.append(
                FaceLine(line.angle_key, line.offset, line.t0, line.t1, line.width, line.filled)
            )
            weight = line.length
    return runs
