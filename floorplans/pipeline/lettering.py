"""Sheets whose lettering is drawn as lines instead of text (AutoCAD plotting SHX fonts).

Such a page has no text objects, only thousands of letter-sized strokes: room names,
printed sizes and the scale note are there for a person but not for the text layer. We
say so instead of leaving the user to wonder why every room is unnamed and the scale
unknown. Reading them would take OCR of the rendered page; measured, it is not reliable
enough on dimension strings to ship (bench/README.md, "Stroke lettering and OCR").
"""

from __future__ import annotations

import math

from .primitives import PagePrimitives

# "(Almost) no text": a stray glyph or two (a north arrow's N) does not make a sheet readable.
MAX_TEXT_CHARS = 3
# A stroke of lettering is shorter than this share of the page diagonal ...
LETTER_STROKE_SHARE = 0.01
# ... and lettering takes at least this many of them (a word is a dozen strokes or more).
MIN_LETTER_STROKES = 200

_WARNING = (
    "The page has no text, only letter-sized strokes: its lettering is drawn as lines, so "
    "room names, printed sizes and a scale note cannot be read (rooms stay unnamed); pass "
    "the printed scale to get real-world sizes."
)


def lettering_warning(page: PagePrimitives) -> str | None:
    """The warning for a page whose lettering is drawn as lines, else None."""
    if len(page.chars) > MAX_TEXT_CHARS:
        return None
    longest = LETTER_STROKE_SHARE * math.hypot(page.width, page.height)
    strokes = 0
    for s in page.segments:
        if s.stroke and not s.fill and math.hypot(s.x2 - s.x1, s.y2 - s.y1) <= longest:
            strokes += 1
            if strokes >= MIN_LETTER_STROKES:
                return _WARNING
    return None
