"""Rebuild text lines from per-glyph text objects, including rotated text.

CAD exports often place every glyph on its own (with its own matrix), so we regroup
glyphs by writing direction, baseline and spacing instead of trusting PDF text runs.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from .primitives import TextChar
from .superscripts import attach_superscripts

# Glyphs further apart than this many font sizes start a new word / a new line of text.
WORD_GAP = 0.2
PHRASE_GAP = 1.2
BASELINE_TOLERANCE = 0.3
# Letters Unicode does not decompose into a base letter and an accent; the typographic
# apostrophe (PLAN DE L\u2019ETAGE) as typed.
_LETTERS_APART = str.maketrans({"Đ": "D", "Ł": "L", "Ø": "O", "Æ": "AE", "Œ": "OE", "\u2019": "'"})


@dataclass(slots=True)
class TextLine:
    text: str
    x: float  # centre of the line's box in display space
    y: float
    angle: float  # writing direction in degrees, display space (0 = left to right)
    size: float
    length: float  # extent along the writing direction


def unaccented(text: str) -> str:
    """Upper case with the accents dropped (KÜCHE, FAÇADE, SECCIÓN -> KUCHE, FACADE,
    SECCION; ß -> SS), as exports that lose accents print it; the rest kept as it is."""
    decomposed = unicodedata.normalize("NFKD", text.upper().translate(_LETTERS_APART))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _direction(ch: TextChar) -> int:
    if ch.dx == 0 and ch.dy == 0:
        return 0
    return round(math.degrees(math.atan2(ch.dy, ch.dx))) % 360


def _line_from(run: list[tuple[float, float, TextChar]], angle: int) -> TextLine:
    ux, uy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    size = max(ch.size for _, _, ch in run) or 1.0
    parts: list[str] = []
    prev_end: float | None = None
    for u, _, ch in run:
        if prev_end is not None and u - prev_end > WORD_GAP * size:
            parts.append(" ")
        parts.append(ch.text)
        prev_end = u + math.hypot(ch.dx, ch.dy)
    start_u = run[0][0]
    length = max((prev_end or start_u) - start_u, 0.0)
    first = run[0][2]
    # "Up" for the glyphs is the advance direction turned a quarter towards -y (y is down).
    cx = first.x + ux * length / 2 + uy * size * 0.35
    cy = first.y + uy * length / 2 - ux * size * 0.35
    return TextLine("".join(parts), cx, cy, float(angle), size, length)


def build_lines(chars: list[TextChar]) -> list[TextLine]:
    by_direction: dict[int, list[TextChar]] = defaultdict(list)
    for ch in chars:
        by_direction[_direction(ch)].append(ch)
    lines: list[TextLine] = []
    for angle, group in by_direction.items():
        ux, uy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        placed = sorted(
            ((ch.x * ux + ch.y * uy, -ch.x * uy + ch.y * ux, ch) for ch in group),
            key=lambda t: t[1],
        )
        # Cluster by baseline offset, then split each baseline into phrases by gaps.
        baselines: list[list[tuple[float, float, TextChar]]] = []
        for item in placed:
            if baselines and abs(item[1] - baselines[-1][-1][1]) <= BASELINE_TOLERANCE * max(
                item[2].size, 1.0
            ):
                baselines[-1].append(item)
            else:
                baselines.append([item])
        for baseline in baselines:
            baseline.sort(key=lambda t: t[0])
        for baseline in attach_superscripts(baselines):
            run = [baseline[0]]
            for item in baseline[1:]:
                prev = run[-1]
                prev_end = prev[0] + math.hypot(prev[2].dx, prev[2].dy)
                if item[0] - prev_end > PHRASE_GAP * max(item[2].size, 1.0):
                    lines.append(_line_from(run, angle))
                    run = [item]
                else:
                    run.append(item)
            lines.append(_line_from(run, angle))
    return lines
