"""Scale from dimension strings: '12'-6"' printed beside the line it measures."""

from __future__ import annotations

import math
import re
import statistics

import numpy as np
import shapely

from .primitives import Segment
from .scale import METRES_PER_POINT_ON_PAPER, ScaleResult, normalise_marks, parse_number, snap_ratio
from .text import TextLine

_FEET_INCHES = re.compile(
    r"^(?P<feet>\d+)\s*'\s*(?:-?\s*(?P<inches>\d+(?:\s+\d+/\d+)?|\d+/\d+)\s*\"?)?$"
)
_MILLIMETRES = re.compile(r"^(?P<mm>\d{3,5})\s*(?:mm)?$", re.IGNORECASE)
_METRES = re.compile(r"^(?P<m>\d{1,2}\.\d{1,3})\s*m?$", re.IGNORECASE)
# Agreeing estimates needed before we trust dimensions over nothing.
MIN_AGREEING = 2
AGREEMENT = 0.03


def parse_dimension(text: str) -> float | None:
    """A dimension string in metres: 12'-6", 12' 6", 3600, 3600mm, 3.60, 3.60m."""
    clean = normalise_marks(text).strip()
    if match := _FEET_INCHES.match(clean):
        inches = parse_number(match["inches"]) if match["inches"] else 0.0
        return (int(match["feet"]) * 12 + inches) * 0.0254
    if match := _MILLIMETRES.match(clean):
        mm = int(match["mm"])
        return mm / 1000 if 300 <= mm <= 50_000 else None
    if match := _METRES.match(clean):
        metres = float(match["m"])
        return metres if 0.3 <= metres <= 50 else None
    return None


def _annotated_length(line: TextLine, segments: list[Segment], tree: shapely.STRtree) -> float:
    """Length of the longest segment parallel to the text that runs beside its centre."""
    reach = 2.0 * line.size
    ux, uy = math.cos(math.radians(line.angle)), math.sin(math.radians(line.angle))
    best = 0.0
    for i in tree.query(
        shapely.box(line.x - reach, line.y - reach, line.x + reach, line.y + reach)
    ):
        s = segments[int(i)]
        dx, dy = s.x2 - s.x1, s.y2 - s.y1
        length = math.hypot(dx, dy)
        if length < line.length or abs(dx * uy - dy * ux) > 0.05 * length:
            continue  # shorter than its own label, or not parallel to it
        along = ((line.x - s.x1) * dx + (line.y - s.y1) * dy) / length
        across = abs((line.x - s.x1) * dy - (line.y - s.y1) * dx) / length
        if 0 <= along <= length and across <= reach and length > best:
            best = length
    return best


def scale_from_dimensions(lines: list[TextLine], segments: list[Segment]) -> ScaleResult | None:
    dimensioned = [(line, m) for line in lines if (m := parse_dimension(line.text))]
    if not dimensioned or not segments:
        return None
    coords = np.array([(s.x1, s.y1, s.x2, s.y2) for s in segments]).reshape(-1, 2, 2)
    tree = shapely.STRtree(shapely.linestrings(coords))
    ratios = []
    for line, metres in dimensioned:
        length = _annotated_length(line, segments, tree)
        if length > 0:
            ratios.append(metres / (length * METRES_PER_POINT_ON_PAPER))
    if not ratios:
        return None
    median = statistics.median(ratios)
    agreeing = [r for r in ratios if abs(r - median) <= AGREEMENT * median]
    if len(agreeing) < min(MIN_AGREEING, len(ratios)):
        return None
    ratio = snap_ratio(statistics.median(agreeing))
    return ScaleResult(ratio * METRES_PER_POINT_ON_PAPER, "dimension", None)
