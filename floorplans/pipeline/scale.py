"""Drawing scale: read printed scale notes and turn them into metres per PDF point."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from floorplans.spatialgraph import METRES_PER_POINT_ON_PAPER

from .primitives import Segment
from .text import TextLine
from .viewports import drawings, nearest_places

# Ratios that real drawings use; an estimate within SNAP_TOLERANCE of one is snapped to it.
STANDARD_RATIOS = (
    *(12, 16, 24, 32, 48, 64, 96, 128, 192, 384),  # 1"=1' ... 1/32"=1'
    *(120, 240, 360, 480, 600, 720, 1200),  # engineering 1"=10' ...
    *(10, 20, 25, 50, 75, 100, 125, 150, 200, 250, 500, 1000),  # metric
)
SNAP_TOLERANCE = 0.025
# How far outside its estimates' spread a measured ratio may still snap (reading error).
ESTIMATE_SLACK = 0.005

_QUOTES = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2033": '"', "\uff02": '"', "\u02ba": '"',
     "\u2018": "'", "\u2019": "'", "\u2032": "'", "\u00b4": "'", "`": "'", "\u02b9": "'"}
)  # fmt: skip
_FRACTION = r"\d+\s*/\s*\d+"
_PAPER_INCHES = rf"(?P<paper>\d+\s*[- ]\s*{_FRACTION}|{_FRACTION}|\d*\.\d+|\d+)"
_INCH_MARK = r"(?:\"|''|\s*in(?:ch(?:es)?)?\b\.?)"
_FOOT_MARK = r"(?:'|\s*f(?:ee|oo)?t\b\.?)"
_IMPERIAL = re.compile(
    rf"{_PAPER_INCHES}\s*{_INCH_MARK}\s*=\s*(?P<feet>\d+(?:\.\d+)?)\s*{_FOOT_MARK}"
    rf"(?:\s*-?\s*(?P<inches>\d+(?:\s+{_FRACTION})?|{_FRACTION})\s*{_INCH_MARK})?",
    re.IGNORECASE,
)
# A ratio starts a number: not inside another ratio or a time (10:30:45), but may follow
# a label's colon (SCALE:1:50, ESCALA:1/50).
_RATIO_START = r"(?:(?<=[^\W\d_]:)|(?<![\d.:/]))"
_METRIC = re.compile(rf"{_RATIO_START}(?P<a>\d+(?:\.\d+)?)\s*:\s*(?P<b>\d+(?:\.\d+)?)(?![\d:])")
# ÉCHELLE 1/100, ESCALA 1/50, 1/50e: a ratio written as a fraction, believed only after a
# scale word and only in fifths (1/16 after SCALE is an imperial note without its marks).
_SLASH = re.compile(
    rf"{_RATIO_START}1\s*/\s*(?P<b>\d{{2,5}})(?:e|ème|eme)?(?![\d/\"'])", re.IGNORECASE
)
# The word sheets print before the ratio: SCALE, Maßstab/Massstab/M./MST, Échelle/Éch.,
# Escala/Esc., Scala, Schaal, Merilo/Mjerilo, Skala, Měřítko.
_SCALE_WORD = re.compile(
    r"\b(?:scale|ma(?:ss|ß)stab|mst|[ée]chelle|[ée]ch|escala|esc|scala|schaal|m[jy]?erilo|"
    r"skala|m[ěe][řr][íi]tko)\b|\bm\s*\.?\s*=?\s*1\s*[:/]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ScaleResult:
    metres_per_point: float
    source: str  # override | text | dimension | scale_bar | room_areas | vision | sibling_sheet
    text: str | None
    evidence: tuple[str, ...] = ()  # what the scale was checked against, in words

    @classmethod
    def from_record(cls, record: dict) -> ScaleResult:
        """The inverse of the graph's ``scale`` record (graph.scale_record)."""
        return cls(
            record["metres_per_point"],
            record["source"],
            record.get("text"),
            tuple(record.get("evidence", ())),
        )


@dataclass(frozen=True)
class ScaleNote:
    ratio: float  # real length / paper length
    text: str
    labelled: bool  # the line says SCALE (Maßstab, M 1:..., Échelle ...), not a bare ratio
    x: float = 0.0  # where it is printed (display space)
    y: float = 0.0


def parse_number(text: str) -> float:
    """'1/4', '1 1/2', '1-1/2', '0.25', '3' -> float."""
    text = text.strip()
    whole, _, frac = re.sub(r"\s*/\s*", "/", text).replace("-", " ").partition(" ")
    if "/" in whole:
        frac, whole = whole, "0"
    value = float(whole or 0)
    if frac:
        num, _, den = frac.strip().partition("/")
        value += float(num) / float(den)
    return value


def normalise_marks(text: str) -> str:
    return text.translate(_QUOTES)


def match_scale(text: str) -> tuple[float, str] | None:
    """Find a scale note in ``text``; returns (ratio of real to paper length, matched text)."""
    clean = normalise_marks(text)
    match = _IMPERIAL.search(clean)
    if match:
        paper = parse_number(match["paper"])
        real = float(match["feet"]) * 12 + (parse_number(match["inches"]) if match["inches"] else 0)
        if paper > 0 and real > 0:
            return real / paper, match.group(0).strip()
    for match in _METRIC.finditer(clean):
        a, b = float(match["a"]), float(match["b"])
        # '1:100' is a scale; '10:30' is a time. Only a unit first term or a 'SCALE' word
        # nearby makes other ratios believable.
        if a <= 0 or b < a or b / a > 10_000:
            continue
        if a == 1 or _SCALE_WORD.search(clean):
            return b / a, match.group(0).strip()
    if (word := _SCALE_WORD.search(clean)) and (match := _SLASH.search(clean, word.end())):
        b = float(match["b"])
        if b % 5 == 0:
            return b, match.group(0).strip()
    return None


def parse_scale(text: str) -> float | None:
    """Metres per PDF point for a printed scale note, or None if ``text`` is not one."""
    if not text:
        return None
    found = match_scale(text)
    if found is None:
        return None
    return found[0] * METRES_PER_POINT_ON_PAPER


def snap_ratio(ratio: float, estimates: Sequence[float] = ()) -> float:
    """The standard ratio within SNAP_TOLERANCE of `ratio`, else `ratio` itself.

    `ratio` measured from several `estimates` is snapped only to a standard ratio inside
    their spread (give or take ESTIMATE_SLACK): a sheet plotted "fit to page" is drawn at
    an arbitrary ratio, and when all of its dimension strings agree on 1:98 the 2 % to
    1:100 would be 4 % on every area.
    """
    best = min(STANDARD_RATIOS, key=lambda r: abs(r - ratio) / r)
    if abs(best - ratio) / best > SNAP_TOLERANCE:
        return ratio
    if estimates and not (
        min(estimates) * (1 - ESTIMATE_SLACK) <= best <= max(estimates) * (1 + ESTIMATE_SLACK)
    ):
        return ratio
    return float(best)


def _drawn_near(notes: list[ScaleNote], segments: Sequence[Segment]) -> Counter[float]:
    """How many of the sheet's lines belong to drawings that a note of each ratio is the
    nearest note to: each viewport prints its note beside it, so the plan's note (the
    biggest drawing's) gets the most, a detail's or the title block's few."""
    found = drawings(segments)
    if not found:
        return Counter()
    nearest = nearest_places([(n.x, n.y) for n in notes], found)
    weight: Counter[float] = Counter()
    for drawing, index in zip(found, nearest, strict=True):
        weight[notes[index].ratio] += drawing.lines
    return weight


def scale_notes(lines: Iterable[TextLine], segments: Sequence[Segment] = ()) -> list[ScaleNote]:
    """Every scale note on the sheet, labelled ones first; among several ratios the one
    whose notes sit by the most drawing first (given `segments`), then the most printed."""
    found = []
    for line in lines:
        if match := match_scale(line.text):
            labelled = bool(_SCALE_WORD.search(normalise_marks(line.text)))
            found.append(ScaleNote(match[0], match[1], labelled, line.x, line.y))
    labelled = [n for n in found if n.labelled] or found
    counts = Counter(n.ratio for n in labelled)
    drawn = _drawn_near(labelled, segments) if len(counts) > 1 else Counter()
    return sorted(labelled, key=lambda n: (-drawn[n.ratio], -counts[n.ratio]))


def scale_from_notes(lines: Iterable[TextLine]) -> ScaleResult | None:
    """Scale note on the sheet; a line that says 'SCALE' wins over a bare '1:50'.

    Several notes (a detail at 1:20 beside the plan at 1:100): the most common one rules.
    """
    notes = scale_notes(lines)
    if not notes:
        return None
    return ScaleResult(notes[0].ratio * METRES_PER_POINT_ON_PAPER, "text", notes[0].text)
