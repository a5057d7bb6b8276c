"""A small single-stroke font: lettering drawn as lines, as AutoCAD plots its SHX fonts.

Such a sheet has no text objects at all; every letter is a few short strokes. Glyphs sit
on a grid 4 units wide and 6 high (y up from the baseline); each stroke is a run of grid
points written as digit pairs ("00 26 40" is the A's two legs). Lower case is drawn as
upper case; a character without a glyph advances like a space.
"""

from __future__ import annotations

import math

GRID_HEIGHT = 6
ADVANCE = 6  # grid units from one glyph's origin to the next
CAP_HEIGHT = 0.7  # of the font size, as in a text font

GLYPHS: dict[str, tuple[str, ...]] = {
    "A": ("00 26 40", "13 33"),
    "B": ("00 06 36 45 44 33 03", "33 42 41 30 00"),
    "C": ("46 06 00 40",),
    "D": ("00 06 36 45 41 30 00",),
    "E": ("46 06 00 40", "03 33"),
    "F": ("46 06 00", "03 33"),
    "G": ("46 06 00 40 43 23",),
    "H": ("00 06", "40 46", "03 43"),
    "I": ("06 46", "26 20", "00 40"),
    "J": ("46 41 30 10 01",),
    "K": ("00 06", "46 03 40"),
    "L": ("06 00 40",),
    "M": ("00 06 23 46 40",),
    "N": ("00 06 40 46",),
    "O": ("00 06 46 40 00",),
    "P": ("00 06 46 43 03",),
    "Q": ("00 06 46 40 00", "22 40"),
    "R": ("00 06 46 43 03 40",),
    "S": ("46 06 03 43 40 00",),
    "T": ("06 46", "26 20"),
    "U": ("06 00 40 46",),
    "V": ("06 20 46",),
    "W": ("06 00 23 40 46",),
    "X": ("06 40", "00 46"),
    "Y": ("06 23 46", "23 20"),
    "Z": ("06 46 00 40",),
    "0": ("00 06 46 40 00",),
    "1": ("15 26 20", "00 40"),
    "2": ("06 46 43 03 00 40",),
    "3": ("06 46 40 00", "03 43"),
    "4": ("06 03 43", "46 40"),
    "5": ("46 06 03 43 40 00",),
    "6": ("46 06 00 40 43 03",),
    "7": ("06 46 20",),
    "8": ("00 06 46 40 00", "03 43"),
    "9": ("40 46 06 03 43",),
    ".": ("10 11 21 20 10",),
    "-": ("13 33",),
    "'": ("26 24",),
    '"': ("16 14", "36 34"),
    ":": ("12 22", "14 24"),
    "/": ("00 46",),
}

Point = tuple[float, float]


def text_width(text: str, size: float) -> float:
    unit = size * CAP_HEIGHT / GRID_HEIGHT
    return max(len(text) * ADVANCE - (ADVANCE - 4), 0) * unit


def strokes(text: str, at: Point, size: float, angle: float = 0.0) -> list[list[Point]]:
    """The polylines (display space, y down) lettering `text` with its baseline starting at
    `at`, written in direction `angle` (degrees CCW as displayed)."""
    unit = size * CAP_HEIGHT / GRID_HEIGHT
    rad = math.radians(angle)
    ux, uy = math.cos(rad), -math.sin(rad)  # along the baseline
    vx, vy = -math.sin(rad), -math.cos(rad)  # up the glyph
    lines = []
    for i, char in enumerate(text.upper()):
        for stroke in GLYPHS.get(char, ()):
            points = []
            for pair in stroke.split():
                gx, gy = i * ADVANCE + int(pair[0]), int(pair[1])
                points.append(
                    (at[0] + (ux * gx + vx * gy) * unit, at[1] + (uy * gx + vy * gy) * unit)
                )
            lines.append(points)
    return lines
