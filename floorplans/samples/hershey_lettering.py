"""Lettering drawn as lines in a Hershey font (the Hershey-Fonts package): the second
stroke font sheets can be lettered in, besides the generator's own square one
(`stroke_font`). The default, the double-stroked Futura medium, is one the stroke reader
(`floorplans.pipeline.stroke_text`) has no template of, so a sheet lettered in it tests
reading a font the reader never saw.
"""

from __future__ import annotations

import math
from functools import cache

from HersheyFonts import HersheyFonts

from .stroke_font import CAP_HEIGHT, Point

DEFAULT_FONT = "rowmand"


@cache
def _font(name: str) -> tuple[HersheyFonts, float, float]:
    """The loaded font, its capital height and its baseline (font units, y down)."""
    font = HersheyFonts()
    font.load_default_font(name)
    ys = [y for stroke in font.strokes_for_text("H") for _, y in stroke]
    return font, max(ys) - min(ys), max(ys)


class HersheyLettering:
    """`text_width` and `strokes` as `stroke_font` has them, in a Hershey font."""

    def __init__(self, name: str = DEFAULT_FONT) -> None:
        self.name = name

    def _unit(self, size: float) -> float:
        return size * CAP_HEIGHT / _font(self.name)[1]

    def text_width(self, text: str, size: float) -> float:
        font, _, _ = _font(self.name)
        xs = [x for stroke in font.strokes_for_text(text) for x, _ in stroke]
        return (max(xs) - min(xs)) * self._unit(size) if xs else 0.0

    def strokes(self, text: str, at: Point, size: float, angle: float = 0.0) -> list[list[Point]]:
        """The polylines (display space, y down) lettering `text` with its baseline starting
        at `at`, written in direction `angle` (degrees CCW as displayed)."""
        font, _, base = _font(self.name)
        unit = self._unit(size)
        rad = math.radians(angle)
        ux, uy = math.cos(rad), -math.sin(rad)  # along the baseline
        vx, vy = -math.sin(rad), -math.cos(rad)  # up the glyph
        strokes = [list(stroke) for stroke in font.strokes_for_text(text)]
        left = min((x for stroke in strokes for x, _ in stroke), default=0.0)
        return [
            [
                (
                    at[0] + (ux * (x - left) + vx * (base - y)) * unit,
                    at[1] + (uy * (x - left) + vy * (base - y)) * unit,
                )
                for x, y in stroke
            ]
            for stroke in strokes
            if len(stroke) > 1
        ]
