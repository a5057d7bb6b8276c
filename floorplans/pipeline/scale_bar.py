"""Scale from a graphic scale bar: `0  6  12 ft` printed over a row of ticks or boxes.

Some sheets (laser-measured plans, plots "fit to page") carry only a bar. The labels
give the real distances, the bar's ticks (box edges, tick strokes) where they fall; a
label is read at the tick nearest its centre, or at its centre when the bar has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from floorplans.spatialgraph import FOOT_M, INCH_M

from .primitives import Segment
from .scale import ScaleResult
from .text import TextLine

_UNITS_M = {"ft": FOOT_M, "feet": FOOT_M, "'": FOOT_M, "m": 1.0, "meter": 1.0, "meters": 1.0,
            "metre": 1.0, "metres": 1.0, "mm": 0.001, "cm": 0.01, "in": INCH_M}  # fmt: skip
_NUMBER = re.compile(
    r"^\s*(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>ft|feet|'|m|meters?|metres?|mm|cm)?\s*$"
)
_UNIT_ONLY = re.compile(r"^\s*(ft|feet|m|meters?|metres?|mm|cm)\s*$", re.IGNORECASE)


@dataclass(slots=True)
class _Label:
    value: float
    x: float
    y: float
    size: float
    unit: str | None


def _labels(lines: list[TextLine]) -> list[_Label]:
    out = []
    for line in lines:
        if line.angle != 0:
            continue
        if match := _NUMBER.match(line.text):
            value = float(match["n"].replace(",", "."))
            out.append(_Label(value, line.x, line.y, line.size, match["unit"]))
    return out


def _rows(labels: list[_Label]) -> list[list[_Label]]:
    """Labels on one baseline, left to right, starting at 0 and increasing."""
    rows: list[list[_Label]] = []
    for label in sorted(labels, key=lambda lb: (round(lb.y, 1), lb.x)):
        if rows and abs(rows[-1][-1].y - label.y) <= 0.2 * label.size:
            rows[-1].append(label)
        else:
            rows.append([label])
    bars = []
    for row in rows:
        start = next((i for i, lb in enumerate(row) if lb.value == 0), None)
        if start is None:
            continue
        run = [row[start]]
        for label in row[start + 1 :]:
            gap = label.x - run[-1].x
            if label.value <= run[-1].value or gap > 12 * label.size:
                break
            run.append(label)
        if len(run) >= 2:
            bars.append(run)
    return bars


def _unit(run: list[_Label], lines: list[TextLine]) -> float | None:
    """The bar's unit: on its last label (`12ft`) or a word just after or under the labels."""
    if run[-1].unit:
        return _UNITS_M[run[-1].unit.lower()]
    last = run[-1]
    for line in lines:
        near = abs(line.y - last.y) <= 2.5 * last.size
        near = near and -last.size <= line.x - last.x <= 4 * last.size
        if near and (match := _UNIT_ONLY.match(line.text)):
            return _UNITS_M[match.group(1).lower()]
    return None


def _tick_positions(run: list[_Label], segments: list[Segment]) -> list[float]:
    """x of every vertical stroke or box edge within two label heights of the labels."""
    size = max(lb.size for lb in run)
    left, right = run[0].x - 2 * size, run[-1].x + 2 * size
    y = run[0].y
    ticks = []
    for s in segments:
        if abs(s.x1 - s.x2) > 0.1 or not left <= s.x1 <= right:
            continue
        if min(s.y1, s.y2) - 2 * size <= y <= max(s.y1, s.y2) + 2 * size:
            ticks.append(s.x1)
    return ticks


def _at_tick(label: _Label, ticks: list[float]) -> float:
    nearest = min(ticks, key=lambda t: abs(t - label.x), default=None)
    if nearest is not None and abs(nearest - label.x) <= 0.8 * label.size:
        return nearest
    return label.x


def scale_from_bar(lines: list[TextLine], segments: list[Segment]) -> ScaleResult | None:
    """Metres per point from the first scale bar on the sheet whose unit is printed."""
    for run in _rows(_labels(lines)):
        unit = _unit(run, lines)
        if unit is None:
            continue
        ticks = _tick_positions(run, segments)
        if len(ticks) < len(run):
            continue  # numbers in a row without a bar: a table, a stair's step count
        first, last = _at_tick(run[0], ticks), _at_tick(run[-1], ticks)
        if last - first <= 0:
            continue
        metres = (run[-1].value - run[0].value) * unit
        text = " ".join(f"{lb.value:g}" for lb in run)
        return ScaleResult(metres / (last - first), "scale_bar", text)
    return None
