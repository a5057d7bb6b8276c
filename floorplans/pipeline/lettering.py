"""Sheets whose lettering is drawn as lines instead of text (AutoCAD plotting SHX fonts).

Such a page has no text objects, only thousands of letter-sized strokes: room names,
printed sizes and the scale note are there for a person but not for the text layer. We
read what we can of them from the strokes (``stroke_text``: room names and printed
numbers) and say so, since text read that way may be misread; where nothing could be
read, we say why every room is unnamed and the scale unknown.

AutoCAD also mixes the two: room names in a TrueType font stay text while dimensions in
an SHX font are plotted as strokes. A page whose text dimensions settle no scale but
which has lettering-sized strokes gets its numbers read from them, so its scale note is
checked against its dimensions (a sheet plotted to fit the paper still prints 1:50).
"""

from __future__ import annotations

import math

from .dimensions import MIN_AGREEING, dimension_scale
from .limits import Budget
from .primitives import PagePrimitives
from .stroke_text import read_stroke_text
from .text import build_lines

# "(Almost) no text": a stray glyph or two (a north arrow's N) does not make a sheet readable.
MAX_TEXT_CHARS = 3
# A stroke of lettering is shorter than this share of the page diagonal ...
LETTER_STROKE_SHARE = 0.01
# ... and lettering takes at least this many of them (a word is a dozen strokes or more).
MIN_LETTER_STROKES = 200

_UNREAD = (
    "The page has no text, only letter-sized strokes: its lettering is drawn as lines, and "
    "no room name or printed size could be read from them (rooms stay unnamed); pass "
    "the printed scale to get real-world sizes."
)
_READ = (
    "The page has no text: its lettering is drawn as lines, and {words} room names and "
    "printed numbers were read from the strokes; text read so may be misread, check the "
    "room names and sizes."
)


_NUMBERS_READ = (
    "The page's dimension strings are drawn as lines; {words} numbers were read from the "
    "strokes to check the scale; numbers read so may be misread."
)


def _has_letter_strokes(page: PagePrimitives) -> bool:
    longest = LETTER_STROKE_SHARE * math.hypot(page.width, page.height)
    strokes = 0
    for s in page.segments:
        if s.stroke and not s.fill and math.hypot(s.x2 - s.x1, s.y2 - s.y1) <= longest:
            strokes += 1
            if strokes >= MIN_LETTER_STROKES:
                return True
    return False


def lettered_in_lines(page: PagePrimitives) -> bool:
    """Does the page letter in strokes: (almost) no text, and many letter-sized strokes?"""
    return len(page.chars) <= MAX_TEXT_CHARS and _has_letter_strokes(page)


def dimensioned_in_lines(page: PagePrimitives) -> bool:
    """Does the page have text but draw its dimension strings as strokes? Numbers in its
    text that settle no scale (a schedule's door heights in its cells) do not count."""
    if len(page.chars) <= MAX_TEXT_CHARS or not _has_letter_strokes(page):
        return False
    return dimension_scale(build_lines(page.chars), page.segments) is None


def read_lettering(page: PagePrimitives, budget: Budget | None = None) -> str | None:
    """On a page lettered in lines, add what its strokes spell to ``page.chars``, take
    the masks behind its lettering off the drawing, and return the warning to give; None
    for a page with text (whose dimensions, if drawn as lines, are read: ``_read_numbers``)."""
    if not lettered_in_lines(page):
        return _read_numbers(page, budget) if dimensioned_in_lines(page) else None
    read = read_stroke_text(page, budget)
    # A mask is part of its text, not of the drawing: its edges run beside a dimension
    # string like the dimension line, and one reaching into a wall's strip (a string
    # printed against a wall face) reads as a line inside the wall, which then is none.
    page.segments = [s for s in page.segments if s.path_id not in read.masks]
    page.fills = [f for f in page.fills if f.path_id not in read.masks]
    if not read.words:
        return _UNREAD
    page.chars.extend(read.chars)
    return _READ.format(words=read.words)


def _read_numbers(page: PagePrimitives, budget: Budget | None) -> str | None:
    """Add the numbers the strokes spell to ``page.chars``: only the numbers, since the
    names are in the text layer already and a misread stroke name would duplicate one."""
    read = read_stroke_text(page, budget)
    numbers = [c for c in read.chars if not c.text.isalpha()]
    words = sum(1 for line in build_lines(numbers) if line.text.strip())
    if words < MIN_AGREEING:
        return None  # one number checks nothing (dimension_scale wants two that agree)
    page.segments = [s for s in page.segments if s.path_id not in read.masks]
    page.fills = [f for f in page.fills if f.path_id not in read.masks]
    page.chars.extend(numbers)
    return _NUMBERS_READ.format(words=words)
