"""Scale from a graphic scale bar: `0  6  12 ft`, or `0 1' 2' 4' 8'`, printed over a row
of ticks or boxes.

Some sheets (laser-measured plans, plots "fit to page", sets printed reduced) carry only a
bar, or a bar that is the only truthful measure. The labels give the real distances, the
bar's ticks (box edges, tick strokes beside the labels) where they fall; a label is read
at the tick nearest its centre, or at its centre when the bar has none. Revit and AutoCAD
print graphic scales whose divisions double (`0 1' 2' 4' 8'`, `0 1 2 5 10 m`), some with a
subdivided first segment left of the 0 (`4' 2' 0 4' 8'`): so the labels may be any
increasing run through 0, read as a bar only when a straight line fits their positions
to their values (uneven spacing matching uneven values) and, from three labels on, each
stands at a tick. A bar without a unit takes the unit of the sheet's scale note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from floorplans.spatialgraph import FOOT_M, INCH_M

from .primitives import Segment
from .scale import ScaleNote, ScaleResult
from .text import TextLine

_UNITS_M = {"ft": FOOT_M, "feet": FOOT_M, "'": FOOT_M, "\u2019": FOOT_M, "m": 1.0,
            "meter": 1.0, "meters": 1.0, "metre": 1.0, "metres": 1.0, "mm": 0.001, "cm": 0.01,
            "in": INCH_M}  # fmt: skip
_UNIT = "ft|feet|'|\u2019|mm|cm|m|meters?|metres?"
# A line of bar labels is numbers only (`0 1' 2'` is often one text run), a unit at most.
_TOKEN = re.compile(rf"(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>{_UNIT})?(?![\w.,])|(?P<word>{_UNIT})\b")
_LABELS_ONLY = re.compile(rf"^(?:\s*(?:\d+(?:[.,]\d+)?\s*(?:{_UNIT})?|{_UNIT}))+\s*$")
_UNIT_ONLY = re.compile(r"^\s*(ft|feet|m|meters?|metres?|mm|cm)\s*$", re.IGNORECASE)
# From three labels on, every label's position must fit its value this closely (in
# label heights, after each is read at its tick).
_FIT = 0.35


@dataclass(slots=True)
class _Label:
    value: float
    x: float
    y: float
    size: float
    unit: str | None
    line: TextLine  # the text run it was printed in


def _labels(lines: list[TextLine]) -> list[_Label]:
    """Every number of every line that is numbers only, placed at its characters' centre
    (a line's characters are taken as equally wide)."""
    out = []
    for line in lines:
        if line.angle != 0 or not _LABELS_ONLY.match(line.text):
            continue
        step, left = line.length / len(line.text), line.x - line.length / 2
        for match in _TOKEN.finditer(line.text):
            if match["word"]:
                if out and out[-1].unit is None and out[-1].y == line.y:
                    out[-1].unit = match["word"]  # `20 m`: the unit of the number before
                continue
            x = left + step * (match.start("n") + match.end("n")) / 2
            value = float(match["n"].replace(",", "."))
            out.append(_Label(value, x, line.y, line.size, match["unit"], line))
    return out


def _run_through_zero(row: list[_Label], start: int) -> list[_Label]:
    """The labels on either side of the 0 at `start` whose values grow away from it; those
    on its left (a subdivided first segment) count as negative."""
    zero = row[start]
    right, left = [zero], []
    for label in row[start + 1 :]:
        if label.value <= right[-1].value or label.x - right[-1].x > 40 * label.size:
            break
        right.append(label)
    last = zero
    for label in reversed(row[:start]):
        if label.value <= abs(last.value) or last.x - label.x > 40 * label.size:
            break
        left.append(_Label(-label.value, label.x, label.y, label.size, label.unit, label.line))
        last = left[-1]
    return [*reversed(left), *right]


def _rows(labels: list[_Label]) -> list[list[_Label]]:
    """Labels on one baseline, left to right, running through 0 and increasing."""
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
        run = _run_through_zero(row, start)
        if len(run) >= 2:
            bars.append(run)
    return bars


def _note_unit(notes: Sequence[ScaleNote]) -> float | None:
    """The unit a bar printed without one is in: feet under an imperial note, metres under
    a ratio."""
    if not notes:
        return None
    return FOOT_M if re.search("['\"\u2019\u201d]", notes[0].text) else 1.0


def _unit(run: list[_Label], lines: list[TextLine]) -> float | None:
    """The bar's unit: on a label (`12ft`, `8'`) or a word just after or under the labels."""
    if unit := next((lb.unit for lb in reversed(run) if lb.unit), None):
        return _UNITS_M[unit.lower()]
    last = run[-1]
    for line in lines:
        near = abs(line.y - last.y) <= 2.5 * last.size
        near = near and -last.size <= line.x - last.x <= 4 * last.size
        if near and (match := _UNIT_ONLY.match(line.text)):
            return _UNITS_M[match.group(1).lower()]
    return None


def _tick_positions(run: list[_Label], segments: list[Segment]) -> list[float]:
    """x of every vertical stroke or box edge within two label heights above or below the
    labels; a line through the labels (a table's rule, a mask) is no tick."""
    size = max(lb.size for lb in run)
    left, right = run[0].x - 2 * size, run[-1].x + 2 * size
    y = run[0].y
    ticks = []
    for s in segments:
        if abs(s.x1 - s.x2) > 0.1 or not left <= s.x1 <= right:
            continue
        low, high = min(s.y1, s.y2), max(s.y1, s.y2)
        if low - 2 * size <= y < low or high < y <= high + 2 * size:
            ticks.append(s.x1)
    return ticks


def _at_tick(label: _Label, ticks: list[float]) -> float | None:
    nearest = min(ticks, key=lambda t: abs(t - label.x), default=None)
    if nearest is not None and abs(nearest - label.x) <= 0.8 * label.size:
        return nearest
    return None


def _fitted_step(values: list[float], positions: list[float], size: float) -> float | None:
    """Points per unit of value, by least squares, if every label lies on the line."""
    n = len(values)
    mean_v, mean_x = sum(values) / n, sum(positions) / n
    spread = sum((v - mean_v) ** 2 for v in values)
    step = sum((v - mean_v) * (x - mean_x) for v, x in zip(values, positions, strict=True)) / spread
    worst = max(
        abs(mean_x + step * (v - mean_v) - x) for v, x in zip(values, positions, strict=True)
    )
    return step if step > 0 and worst <= _FIT * size else None


def _points_per_unit(run: list[_Label], ticks: list[float]) -> float | None:
    at_ticks = [_at_tick(label, ticks) for label in run]
    if len(run) == 2:  # `0 10 m`: read at the ticks where there are some
        first, last = (t if t is not None else lb.x for t, lb in zip(at_ticks, run, strict=True))
        return (last - first) / (run[-1].value - run[0].value) if last > first else None
    if None in at_ticks:
        return None  # a label off the bar's ticks: numbers beside lines, not a bar
    return _fitted_step([lb.value for lb in run], at_ticks, min(lb.size for lb in run))


@dataclass(frozen=True, slots=True)
class Bar:
    scale: ScaleResult
    labels: tuple[TextLine, ...]  # the text runs its labels are printed in


def find_bar(
    lines: list[TextLine], segments: list[Segment], notes: Sequence[ScaleNote] = ()
) -> Bar | None:
    """The first scale bar on the sheet whose unit is known, and the lines it is labelled with."""
    for run in _rows(_labels(lines)):
        unit = _unit(run, lines)
        if unit is None and len(run) >= 3:  # the fit must hold for a unit to be lent
            unit = _note_unit(notes)
        if unit is None:
            continue
        ticks = _tick_positions(run, segments)
        if len(ticks) < len(run):
            continue  # numbers in a row without a bar: a table, a stair's step count
        step = _points_per_unit(run, ticks)
        if step is None:
            continue
        text = " ".join(f"{lb.value:g}" for lb in run)
        used = tuple({id(lb.line): lb.line for lb in run}.values())
        return Bar(ScaleResult(unit / step, "scale_bar", text), used)
    return None


def scale_from_bar(
    lines: list[TextLine], segments: list[Segment], notes: Sequence[ScaleNote] = ()
) -> ScaleResult | None:
    """Metres per point from the first scale bar on the sheet whose unit is known."""
    bar = find_bar(lines, segments, notes)
    return bar.scale if bar else None
