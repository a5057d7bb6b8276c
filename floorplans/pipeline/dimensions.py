"""Scale from dimension strings: '12'-6"' printed beside the line it measures."""

from __future__ import annotations

import math
import re
import statistics

import numpy as np
import shapely

from floorplans.spatialgraph import INCH_M

from .primitives import Segment
from .scale import METRES_PER_POINT_ON_PAPER, normalise_marks, parse_number, snap_ratio
from .text import TextLine

_FEET_INCHES = re.compile(
    r"^(?P<feet>\d+)\s*'\s*(?:-?\s*(?P<inches>\d+(?:\s+\d+/\d+)?|\d+/\d+)\s*\"?)?$"
)
# Whole numbers, with thousands grouped by a space as ISO and European sheets print them
# (12 500, also a no-break or thin space).
_WHOLE = re.compile(
    r"^(?P<n>\d{2,5}|\d{1,2}[ \u00a0\u2009\u202f]\d{3})\s*(?P<half>⁵)?\s*(?P<unit>mm|cm)?$",
    re.IGNORECASE,
)
# 3.60, 3,65 (metres); 3,65⁵ adds the German half centimetre printed as a raised 5.
_METRES = re.compile(r"^(?P<m>\d{1,2}[.,]\d{1,3})\s*(?P<half>⁵)?\s*m?$", re.IGNORECASE)
# What a bare whole number (3650, 365) counts in: the sheet decides (`dimension_scale`).
WHOLE_UNITS = {"mm": 0.001, "cm": 0.01}
METRES_RANGE = (0.3, 50.0)
PLAN_RATIO = 100  # the scale floor plans are most often drawn at
# Agreeing estimates needed before we trust dimensions over nothing.
MIN_AGREEING = 2
AGREEMENT = 0.03
# How far past a line's end (in text heights) its arrow tips may reach an extension line:
# CAD styles draw arrows from about one to over two text heights long.
ARROW_REACH = 2.5


def parse_dimension(text: str, whole_unit: str = "mm") -> float | None:
    """A dimension string in metres: 12'-6", 12' 6", 3.60, 3,65, 3,65⁵, 88⁵ (cm and a half),
    3600mm, 365cm, and a bare whole number counted in `whole_unit` (3650 mm, 365 cm)."""
    clean = normalise_marks(text).strip()
    if match := _FEET_INCHES.match(clean):
        inches = parse_number(match["inches"]) if match["inches"] else 0.0
        return (int(match["feet"]) * 12 + inches) * INCH_M
    metres = None
    if match := _WHOLE.match(clean):
        unit = "cm" if match["half"] else (match["unit"] or whole_unit).lower()
        whole = int(re.sub(r"\D", "", match["n"]))
        metres = (whole + (0.5 if match["half"] else 0.0)) * WHOLE_UNITS[unit]
    elif match := _METRES.match(clean):
        metres = float(match["m"].replace(",", ".")) + (0.005 if match["half"] else 0.0)
    if metres is None or not METRES_RANGE[0] <= metres <= METRES_RANGE[1]:
        return None
    return metres


def is_whole_number(text: str) -> bool:
    """Does the string's reading depend on the sheet's unit for whole numbers?"""
    match = _WHOLE.match(normalise_marks(text).strip())
    return bool(match) and not match["half"] and not match["unit"]


def _frame_span(line: TextLine, s: Segment) -> tuple[float, float, float]:
    """The segment in the text's frame: (start, end) along the text from its centre, offset."""
    ux, uy = math.cos(math.radians(line.angle)), math.sin(math.radians(line.angle))
    a = (s.x1 - line.x) * ux + (s.y1 - line.y) * uy
    b = (s.x2 - line.x) * ux + (s.y2 - line.y) * uy
    across = -(s.x1 - line.x) * uy + (s.y1 - line.y) * ux
    return min(a, b), max(a, b), across


def _dimension_line(
    line: TextLine, segments: list[Segment], tree: shapely.STRtree
) -> tuple[float, float, float] | float:
    """The dimension line a dimension string labels, in the text's frame.

    Either one segment parallel to the text runs beside its centre (the nearest such), or
    (the common CAD style with the text inside the line) the line stops either side of the
    text and runs from the far end of one piece to the far end of the other: (start, end,
    offset). Failing both, the length of a line at right angles to the text level with it
    (text kept upright on a vertical dimension).
    """
    reach = 2.0 * line.size
    ux, uy = math.cos(math.radians(line.angle)), math.sin(math.radians(line.angle))
    box = shapely.box(line.x - reach, line.y - reach, line.x + reach, line.y + reach)
    beside: tuple[float, float, float] | None = None
    across_text, before, after = 0.0, [], []
    spans: list[tuple[float, float, float]] = []  # parallel lines running past the text
    for i in tree.query(box.buffer(line.length)):
        s = segments[int(i)]
        dx, dy = s.x2 - s.x1, s.y2 - s.y1
        length = math.hypot(dx, dy)
        if length < line.size:
            continue  # a tick or an arrow head
        if abs(dx * ux + dy * uy) <= 0.05 * length:
            across_text = max(across_text, _perpendicular_length(line, s, length, reach))
            continue
        if abs(dx * uy - dy * ux) > 0.05 * length:
            continue
        start, end, across = _frame_span(line, s)
        if abs(across) > reach:
            continue
        if start <= 0 <= end and length >= line.length:
            spans.append((start, end, across))
            if beside is None or abs(across) < abs(beside[2]):
                beside = (start, end, across)
        elif end <= 0 and -end <= line.length / 2 + line.size:
            before.append((start, across))
        elif start >= 0 and start <= line.length / 2 + line.size:
            after.append((end, across))
    broken = [
        (start, end, a1)
        for start, a1 in before
        for end, a2 in after
        if abs(a1 - a2) <= 0.1 * line.size
    ]
    if broken:
        return max(broken, key=lambda span: span[1] - span[0])
    if _boxed(spans, line):
        return 0.0
    return beside or across_text


def _boxed(spans: list[tuple[float, float, float]], line: TextLine) -> bool:
    """Is the string framed above and below by two lines of one span, hugging it, and
    crossed by no longer line: a tag (a room number in its box, a door or keynote tag),
    whose frame is no dimension line. Tags in a run of rooms (2181, 2182, ...) in boxes of
    one width agree with each other. A dimension string on its text mask (AutoCAD) is
    framed so too, but its dimension line runs on past the mask."""
    hug = line.length + 4 * line.size
    if any(end - start > hug for start, end, _ in spans):
        return False
    return any(
        a[2] < 0 < b[2]
        and abs(a[0] - b[0]) <= line.size
        and abs(a[1] - b[1]) <= line.size
        and a[1] - a[0] <= hug
        for a in spans
        for b in spans
    )


def _between_ticks(
    line: TextLine, span: tuple[float, float, float], segments: list[Segment], tree
) -> float:
    """The measured length: between the ticks or extension lines that cross the dimension
    line nearest either side of the text (a chain shares one line), else the whole line.

    A line capped by arrowheads stops at the arrows' bases, short of the extension lines
    their tips touch: on a side with no crossing, an extension line up to an arrow's
    length (CAD styles draw arrows about as long as the text is high) beyond the end is
    where the dimension ends.

    A line ended by oblique ticks (architectural slashes) ends at the nearest tick either
    side: AutoCAD draws grid, section and centre lines as one path per dash, so a dash
    crossing the line is otherwise taken for an extension line.
    """
    start, end, offset = span
    reach = ARROW_REACH * line.size
    ux, uy = math.cos(math.radians(line.angle)), math.sin(math.radians(line.angle))
    corners = [
        (line.x + ux * a - uy * offset, line.y + uy * a + ux * offset)
        for a in (start - reach, end + reach)
    ]
    left, right = start, end
    beyond_left, beyond_right = start - reach - 1, end + reach + 1
    tick_left, tick_right = -math.inf, math.inf
    for i in tree.query(shapely.LineString(corners).buffer(1.0)):
        s = segments[int(i)]
        if s.dashed:
            continue  # grid and centre lines cross dimension lines without ending them
        a1 = (s.x1 - line.x) * ux + (s.y1 - line.y) * uy
        a2 = (s.x2 - line.x) * ux + (s.y2 - line.y) * uy
        c1 = -(s.x1 - line.x) * uy + (s.y1 - line.y) * ux - offset
        c2 = -(s.x2 - line.x) * uy + (s.y2 - line.y) * ux - offset
        if abs(c1 - c2) < 0.5 * math.hypot(a2 - a1, c2 - c1) or c1 * c2 > 0:
            continue  # parallel-ish, or does not cross the line
        at = a1 + (a2 - a1) * c1 / (c1 - c2)
        if _is_tick(a2 - a1, c1, c2, reach):
            if start - 1 <= at < 0:
                tick_left = max(tick_left, at)
            elif 0 < at <= end + 1:
                tick_right = min(tick_right, at)
        if start - 1 <= at < 0 and at > left:
            left = at
        elif 0 < at <= end + 1 and at < right:
            right = at
        elif beyond_left < at < start - 1:
            beyond_left = at
        elif end + 1 < at < beyond_right:
            beyond_right = at
    if tick_left > -math.inf and tick_right < math.inf:
        return tick_right - tick_left
    if left == start and beyond_left >= start - reach:
        left = beyond_left
    if right == end and beyond_right <= end + reach:
        right = beyond_right
    return right - left


def _is_tick(along: float, c1: float, c2: float, reach: float) -> bool:
    """An oblique slash (30 to 60 degrees to the line), no longer than an arrow, that
    crosses the line near its middle."""
    length = math.hypot(along, c1 - c2)
    oblique = 0.5 * length <= abs(c1 - c2) <= 0.87 * length
    return oblique and length <= reach and abs(c1 + c2) <= 0.5 * abs(c1 - c2)


def _annotated_length(line: TextLine, segments: list[Segment], tree: shapely.STRtree) -> float:
    """Length in points of the dimension a dimension string labels; 0 if none is found."""
    found = _dimension_line(line, segments, tree)
    if isinstance(found, tuple):
        return _between_ticks(line, found, segments, tree)
    return found


def _perpendicular_length(line: TextLine, s: Segment, length: float, reach: float) -> float:
    """A horizontal `30'` beside a vertical dimension line: the line passes level with the
    text, within reach of its end."""
    vx, vy = (s.x2 - s.x1) / length, (s.y2 - s.y1) / length
    along = (line.x - s.x1) * vx + (line.y - s.y1) * vy
    across = abs(-(line.x - s.x1) * vy + (line.y - s.y1) * vx)
    inside = 0.25 * length <= along <= 0.75 * length
    return length if inside and across <= line.length / 2 + reach else 0.0


def measured_dimensions(lines: list[TextLine], segments: list[Segment]) -> list[tuple[str, float]]:
    """(text, measured length in points) of every dimension string whose line was found."""
    dimensioned = [
        line for line in lines if any(parse_dimension(line.text, unit) for unit in WHOLE_UNITS)
    ]
    if not dimensioned or not segments:
        return []
    coords = np.array([(s.x1, s.y1, s.x2, s.y2) for s in segments]).reshape(-1, 2, 2)
    tree = shapely.STRtree(shapely.linestrings(coords))
    measured = []
    for line in dimensioned:
        length = _annotated_length(line, segments, tree)
        if length > 0:
            measured.append((line.text, length))
    return measured


def dimension_ratios(measured: list[tuple[str, float]], whole_unit: str) -> list[float]:
    """Real / paper length ratio of every measured dimension string, whole numbers counted
    in `whole_unit`. A schedule repeats one size in cells of one width: each (size, length)
    counts once, or a table's rows would outvote the plan's dimensions."""
    distinct = {
        (round(metres, 3), round(length, 1))
        for text, length in measured
        if (metres := parse_dimension(text, whole_unit))
    }
    return [metres / (length * METRES_PER_POINT_ON_PAPER) for metres, length in distinct]


def dimension_scale(
    lines: list[TextLine], segments: list[Segment], noted: tuple[float, ...] = ()
) -> tuple[float, int, str | None] | None:
    """The ratio the dimension strings agree on, how many agree, and the unit their whole
    numbers were read in (None when the sheet prints none).

    `365` is 3.65 m on a sheet dimensioned in centimetres and 0.365 m on one in
    millimetres. The unit is the one under which more strings agree with each other,
    counting only strings every unit can read (`100` is a wall in millimetres or a metre
    in centimetres; it must not vote), so the metre strings of a mixed chain tip it. A tie
    goes to the unit that agrees with a printed note (`noted` ratios), else to the one that
    puts the drawing nearer 1:100, where floor plans are drawn (a plan in centimetres read
    as millimetres would be drawn at 1:10, one in millimetres read as centimetres at 1:1000).
    """
    measured = measured_dimensions(lines, segments)
    if not any(is_whole_number(text) for text, _ in measured):
        found = agreeing_ratio(dimension_ratios(measured, "mm"))
        return (*found, None) if found else None
    voters = [
        (text, length)
        for text, length in measured
        if all(parse_dimension(text, unit) for unit in WHOLE_UNITS)
    ]

    def vote(unit: str) -> tuple[int, bool, float]:
        found = agreeing_ratio(dimension_ratios(voters, unit))
        if found is None:
            return (0, False, 0.0)
        agrees = any(abs(found[0] - n) <= AGREEMENT * n for n in noted)
        return (found[1], agrees, -abs(math.log10(found[0] / PLAN_RATIO)))

    unit = max(WHOLE_UNITS, key=vote)
    found = agreeing_ratio(dimension_ratios(measured, unit))
    return (*found, unit) if found else None


def agreeing_ratio(ratios: list[float]) -> tuple[float, int] | None:
    """The ratio most dimension strings agree on (median of the agreeing), and how many.

    One dimension alone proves nothing (a dimension string beside the wrong line gave a
    sheet 0.45 m/pt), so at least MIN_AGREEING must agree.
    """
    best: list[float] = []
    for candidate in ratios:
        agreeing = [r for r in ratios if abs(r - candidate) <= AGREEMENT * candidate]
        if len(agreeing) > len(best):
            best = agreeing
    if len(best) < MIN_AGREEING:
        return None
    return snap_ratio(statistics.median(best), best), len(best)
