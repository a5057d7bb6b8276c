"""Read lettering that a CAD program plotted as strokes (SHX fonts) back into text.

Such a sheet has no text objects: each letter is a handful of short lines. We group the
small stroked paths into glyphs (paths that touch), the glyphs into lines (same baseline,
close together; horizontal and rotated a quarter turn, as dimension strings are), and
compare each glyph, drawn on a small grid scaled to its line's letter height, with the
letters of reference stroke fonts (the Hershey fonts): by how near each drawing's ink lies
to the other's, and by their blurred overlap. A guess per glyph is not
trusted on its own: a word is kept only when it decodes, as a whole, to a room name of
the room-kind vocabulary or to a number the size and dimension grammars read, and
everything else (hatching, furniture, tick marks, notes) is dropped. What is kept
becomes ``TextChar``s, so stamps, room kinds and the scale checks read it unchanged; the
scale cross-checks reject printed sizes that disagree, and a warning says the text was
read from strokes.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from statistics import median

import numpy as np
import shapely

from .limits import Budget
from .primitives import PagePrimitives, TextChar
from .room_kinds import KIND_NAMES, MORE_KIND_NAMES, fold

# A path of lettering spans less than this share of the page diagonal (as in lettering.py).
MAX_PATH_SHARE = 0.01
# Strokes of one glyph meet; this much slack (points) joins ends a plotter rounded apart.
TOUCH = 0.05
# Letter heights (points) we try to read: smaller is a title-block footnote, larger a title.
MIN_HEIGHT, MAX_HEIGHT = 1.5, 15.0
# Glyphs of one line: bottoms within this share of the height, gaps under this many
# heights; a wider gap than WORD_GAP heights between words.
BASELINE_SLACK = 0.25
LETTER_GAP = 1.8
WORD_GAP = 0.5
# A mask behind a line of lettering covers most of it and is at most a few times its area.
MASK_AREA = 4.0
MASK_COVER = 0.8
# A line of this many glyphs or more is lettering (that may have a mask) even unread.
MIN_LINE_GLYPHS = 3
# More candidate paths than this and the page is hatching, not lettering: read nothing.
MAX_PATHS = 60_000
# Template grid: cells per letter height, with a margin for wide glyphs; a glyph wider than
# NORMAL_WIDTH heights is squeezed to it; how much a width mismatch costs.
GRID = 16
PAD = 4
NORMAL_WIDTH = 0.8
ASPECT_WEIGHT = 1.0
# The reference fonts (Hershey-Fonts): Futura light and medium, Roman simplex, Times roman.
FONTS = ("futural", "futuram", "rowmans", "timesr")
# A word is read as a name when no glyph looks more like another letter than like its own
# by more than this (and on average by a fraction of it), and it beats the runner-up
# vocabulary word by NAME_MARGIN similarity summed over its letters ...
MAX_LETTER_DEFICIT = 0.07
MAX_MEAN_DEFICIT = 0.02
NAME_MARGIN = 0.02
# ... as a number when its digits match this well on average and each about as well
# (DIGIT_SLACK) as any letter that looks like no digit.
MIN_NUMBER_SIMILARITY = 0.65
DIGIT_SLACK = 0.02
# Text height over the font size, as for a text font (TextChar.size is a font size).
CAP_HEIGHT = 0.7
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"


@dataclass(slots=True)
class _Glyph:
    box: tuple[float, float, float, float]  # in the line's frame: x along, y down
    strokes: list[np.ndarray] = field(default_factory=list)  # (n, 2, 2) pieces, same frame
    groups: list[int] = field(default_factory=list)  # the touching groups it was made of

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]


# The two frames lettering is written in: left to right, and bottom to top (rotated a
# quarter turn, as vertical dimension strings are). Each maps display (x, y) to the
# frame's (along, down) and back.
_FRAMES = {
    0: (lambda p: p, lambda p: p),
    90: (lambda p: np.stack([-p[:, 1], p[:, 0]], axis=1), lambda p: (p[1], -p[0])),
}


@dataclass(slots=True)
class _Paths:
    """Small paths: all their pieces' end points ((n, 2, 2), path after path), how many
    pieces each has, and each one's bounding box (lower and upper corners)."""

    pieces: np.ndarray
    counts: np.ndarray
    lo: np.ndarray
    hi: np.ndarray

    def __len__(self) -> int:
        return len(self.counts)


def _bounds(pieces: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The bounding box of each run of `counts` pieces."""
    points = pieces.reshape(-1, 2)
    starts = 2 * (np.cumsum(counts) - counts)
    return np.minimum.reduceat(points, starts), np.maximum.reduceat(points, starts)


def _small_paths(page: PagePrimitives) -> _Paths:
    """Every stroked, unfilled path small enough to be part of a letter, in the order the
    page first draws each."""
    limit = MAX_PATH_SHARE * math.hypot(page.width, page.height)
    ids = [s.path_id for s in page.segments if s.stroke and not s.fill]
    pieces = [(s.x1, s.y1, s.x2, s.y2) for s in page.segments if s.stroke and not s.fill]
    for c in page.curves:
        ids.extend([c.path_id] * (len(c.points) - 1))
        pieces.extend(a + b for a, b in zip(c.points, c.points[1:], strict=False))
    if not ids:
        return _Paths(
            np.zeros((0, 2, 2)), np.zeros(0, dtype=int), np.zeros((0, 2)), np.zeros((0, 2))
        )
    _, first, path_of = np.unique(ids, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))[path_of]  # paths numbered as first drawn
    order = np.argsort(rank, kind="stable")
    all_pieces = np.asarray(pieces, dtype=float).reshape(-1, 2, 2)[order]
    counts = np.bincount(rank)
    lo, hi = _bounds(all_pieces, counts)
    keep = (hi - lo).max(axis=1) <= limit
    return _Paths(all_pieces[np.repeat(keep, counts)], counts[keep], lo[keep], hi[keep])


def _touching_groups(paths: _Paths) -> list[list[int]]:
    """Indices of paths grouped by bounding boxes that touch (a glyph's strokes)."""
    lo, hi = paths.lo - TOUCH, paths.hi + TOUCH
    boxes = shapely.box(lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1])
    left, right = shapely.STRtree(boxes).query(boxes, predicate="intersects")
    parent = list(range(len(paths)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i < j:
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(paths)):
        groups[root(i)].append(i)
    return list(groups.values())


def _glyphs(paths: _Paths, groups: list[list[int]], to_frame, used: set[int]) -> list[_Glyph]:
    """The groups not `used` yet as glyphs in a frame (all paths turned at once)."""
    free = [k for k in range(len(groups)) if k not in used]
    if not free:
        return []
    framed = to_frame(paths.pieces.reshape(-1, 2)).reshape(-1, 2, 2)
    strokes = np.split(framed, np.cumsum(paths.counts)[:-1])
    lo, hi = _bounds(framed, paths.counts)
    members = [groups[k] for k in free]
    order = np.concatenate(members)
    starts = np.cumsum([len(m) for m in members]) - [len(m) for m in members]
    boxes = np.hstack(
        [np.minimum.reduceat(lo[order], starts), np.maximum.reduceat(hi[order], starts)]
    ).tolist()
    return [
        _Glyph(tuple(box), [strokes[i] for i in group], [k])
        for k, group, box in zip(free, members, boxes, strict=True)
    ]


def _height_and_base(line: list[_Glyph]) -> tuple[float, float]:
    """A line's letter height and baseline, from its letter-high glyphs (not its marks)."""
    tallest = max(g.height for g in line)
    tall = [g for g in line if g.height >= 0.75 * tallest]
    return median([g.height for g in tall]), median([g.box[3] for g in tall])


def _fits(line: list[_Glyph], g: _Glyph) -> bool:
    first, last = line[0], line[-1]
    return (
        abs(g.box[3] - first.box[3]) <= BASELINE_SLACK * first.height
        and 0.75 <= g.height / first.height <= 1.33
        and -0.3 * first.height <= g.box[0] - last.box[2] <= LETTER_GAP * first.height
    )


def _band(line: list[_Glyph], height: float, base: float) -> tuple[float, float, float, float]:
    """Where a line's small marks start (left, top, right, bottom): from a little before its
    first glyph to a letter gap past its end, from above its capitals to below its base."""
    return (
        line[0].box[0] - 0.6 * height,
        base - 1.1 * height,
        max(g.box[2] for g in line) + LETTER_GAP * height,
        base + 0.15 * height,
    )


def _inside_band(g: _Glyph, band: tuple[float, float, float, float], height: float) -> bool:
    left, top, right, bottom = band
    return (
        g.height <= 0.8 * height
        and left <= g.box[0] <= right
        and top <= g.box[1]
        and g.box[3] <= bottom
    )


def _stacked(glyphs: list[_Glyph]) -> list[_Glyph]:
    """Pieces one above the other (the two bars of =, a fraction) as one glyph."""
    merged: list[_Glyph] = []
    for g in glyphs:
        if merged:
            prev = merged[-1]
            overlap = min(prev.box[2], g.box[2]) - max(prev.box[0], g.box[0])
            if overlap > 0.5 * max(min(prev.width, g.width), 1e-6):
                box = tuple(
                    f(a, b) for f, a, b in zip((min, min, max, max), prev.box, g.box, strict=True)
                )
                merged[-1] = _Glyph(box, prev.strokes + g.strokes, prev.groups + g.groups)
                continue
        merged.append(g)
    return merged


def _lines(glyphs: list[_Glyph]) -> list[list[_Glyph]]:
    """Glyphs chained into lines: letter-high glyphs on one baseline, close together, then
    the small marks (points, hyphens, primes, lower case) inside a line's band."""
    lines: list[list[_Glyph]] = []
    growing: list[list[_Glyph]] = []  # lines a glyph further right may still extend
    for g in sorted(glyphs, key=lambda g: g.box[0]):
        if not MIN_HEIGHT <= g.height <= MAX_HEIGHT:
            continue
        growing = [
            line for line in growing if g.box[0] - line[-1].box[2] <= LETTER_GAP * MAX_HEIGHT
        ]
        line = next((line for line in growing if _fits(line, g)), None)
        if line is None:
            lines.append([g])
            growing.append(lines[-1])
        else:
            line.append(g)
    lines = [line for line in lines if len(line) > 1]
    if not lines:
        return []
    # Tallest first, each line takes the small glyphs in its band, free or chained into a
    # line of their own (the lower-case "m x" between two sizes), and grows by them.
    lines.sort(key=lambda line: -median([g.height for g in line]))
    owner = {id(g): k for k, line in enumerate(lines) for g in line}
    tree = shapely.STRtree(shapely.box(*np.array([g.box for g in glyphs]).T))
    for k, line in enumerate(lines):
        height, base = _height_and_base(line) if line else (0.0, 0.0)
        while line:
            band = _band(line, height, base)
            marks = [
                glyphs[i]
                for i in sorted(tree.query(shapely.box(*band)).tolist())
                if owner.get(id(glyphs[i]), k + 1) > k and _inside_band(glyphs[i], band, height)
            ]
            if not marks:
                break
            for g in marks:
                if id(g) in owner:
                    lines[owner[id(g)]].remove(g)
                owner[id(g)] = k
            line.extend(marks)
            line.sort(key=lambda g: g.box[0])
    return [_stacked(line) for line in _joined([line for line in lines if len(line) > 1])]


def _joined(lines: list[list[_Glyph]]) -> list[list[_Glyph]]:
    """Lines on one baseline that their small glyphs brought within a letter gap of each
    other as one (3.60 m x 3.40 m: the sizes chain apart, their m and x fill the gap)."""
    lines.sort(key=lambda line: line[0].box[0])
    joined: list[tuple[float, float, list[_Glyph]]] = []
    for line in lines:
        height, base = _height_and_base(line)
        for other_height, other_base, other in joined:
            end = max(g.box[2] for g in other)
            if (
                abs(base - other_base) <= BASELINE_SLACK * other_height
                and 0.75 <= height / other_height <= 1.33
                and 0 <= line[0].box[0] - end <= LETTER_GAP * other_height
            ):
                other.extend(line)
                break
        else:
            joined.append((height, base, line))
    return [line for _, _, line in joined]


_SIDE = GRID + 2 * PAD
_CELLS = _SIDE * _SIDE


def _inks(
    strokes: list[list[np.ndarray]], spans: np.ndarray, tops: np.ndarray, heights: np.ndarray
) -> np.ndarray:
    """Which cells of a grid GRID cells per letter height each glyph's strokes cross
    ((glyphs, cells)), all glyphs at once. A glyph is centred; wider than NORMAL_WIDTH
    heights it is squeezed to that width, so one font's broad letters meet another's
    narrow ones. `spans` is each glyph's (left, right), `tops` and `heights` its line's."""
    masks = np.zeros(len(strokes) * _CELLS, dtype=bool)
    if not strokes:
        return masks.reshape(0, _CELLS)
    cell = GRID / heights
    widths = spans[:, 1] - spans[:, 0]
    wide = widths > 0
    squeeze = np.ones(len(strokes))
    squeeze[wide] = np.minimum(1.0, NORMAL_WIDTH * heights[wide] / widths[wide])
    centre = (spans[:, 0] + spans[:, 1]) / 2
    pieces = [np.concatenate(s) for s in strokes]
    owner = np.repeat(np.arange(len(strokes)), [len(p) for p in pieces])
    pieces = np.concatenate(pieces)
    a, b = pieces[:, 0], pieces[:, 1]
    # Points along every piece, two a cell, so the inked cells join up.
    steps = np.clip(np.ceil(np.hypot(*(b - a).T) * cell[owner] * 2).astype(int), 1, 64) + 1
    offsets = np.repeat(np.cumsum(steps) - steps, steps)
    t = (np.arange(steps.sum()) - offsets) / np.repeat(steps - 1, steps)
    points = np.repeat(a, steps, axis=0) + np.repeat(b - a, steps, axis=0) * t[:, None]
    at = np.repeat(owner, steps)
    cols = ((points[:, 0] - centre[at]) * cell[at] * squeeze[at] + _SIDE / 2).astype(int)
    rows = ((points[:, 1] - tops[at]) * cell[at] + PAD).astype(int)
    cells = np.clip(rows, 0, _SIDE - 1) * _SIDE + np.clip(cols, 0, _SIDE - 1)
    masks[at * _CELLS + cells] = True
    return masks.reshape(len(strokes), _CELLS)


def _distances_to(masks: np.ndarray) -> np.ndarray:
    """Every cell's distance (in cells) to the nearest inked cell of each mask ((masks,
    cells)); _SIDE where nothing is inked. Exact, and separable: the nearest ink along each
    row (scanning from both ends), then the least squared distance through every row."""
    ink = masks.reshape(-1, _SIDE, _SIDE)
    column = np.arange(_SIDE, dtype=np.int16)
    none = np.int16(4 * _SIDE)  # where a row has no ink on one side
    before = np.maximum.accumulate(np.where(ink, column, -none), axis=2)
    after = np.minimum.accumulate(np.where(ink, column, 2 * none)[:, :, ::-1], axis=2)[:, :, ::-1]
    gap = np.minimum(column - before, after - column).astype(np.int32)
    # Squared, and at most `far` (more than any squared distance on the grid): small numbers.
    far = 2 * _SIDE * _SIDE
    along = np.minimum(gap * gap, far).astype(np.int16)
    squared = along.copy()
    for step in range(1, _SIDE):
        lift = np.int16(step * step)
        np.minimum(squared[:, step:], along[:, :-step] + lift, out=squared[:, step:])
        np.minimum(squared[:, :-step], along[:, step:] + lift, out=squared[:, :-step])
    out = np.sqrt(squared.reshape(len(masks), _CELLS).astype(float))
    out[~masks.any(axis=1)] = float(_SIDE)
    return out


def _blurred(masks: np.ndarray) -> np.ndarray:
    """The inked cells blurred (so strokes a cell or two apart still overlap), unit length."""
    img = np.zeros((len(masks), _SIDE + 2, _SIDE + 2))
    img[:, 1:-1, 1:-1] = masks.reshape(-1, _SIDE, _SIDE)
    for _ in range(2):
        img[:, 1:-1, :] = img[:, :-2, :] + 2 * img[:, 1:-1, :] + img[:, 2:, :]
        img[:, :, 1:-1] = img[:, :, :-2] + 2 * img[:, :, 1:-1] + img[:, :, 2:]
    flat = img[:, 1:-1, 1:-1].reshape(len(masks), _CELLS)
    # Whole numbers (a sum of inked cells times whole weights): the norm is exact.
    return flat / np.sqrt((flat * flat).sum(axis=1))[:, None]


TEMPLATE_CHARS = LETTERS + DIGITS + "mx"


@dataclass(frozen=True)
class _Templates:
    """Every character of every reference font, sorted by character (``starts`` is where
    each character's rows begin, for the best match per character)."""

    masks: np.ndarray  # (templates, cells) inked cells
    counts: np.ndarray  # inked cells per template
    distances: np.ndarray  # (templates, cells) every cell's distance to the ink
    blurred: np.ndarray  # (templates, cells)
    aspects: np.ndarray  # width over letter height
    starts: np.ndarray


def _reference_glyphs() -> Iterator[tuple[str, list[np.ndarray], float, float]]:
    """(character, its strokes as (n, 2, 2) pieces, y down, the font's cap top and
    baseline) for every character of every reference font."""
    from HersheyFonts import HersheyFonts  # imported here: only stroke-lettered pages pay

    fonts = HersheyFonts()
    for name in FONTS:
        fonts.load_default_font(name)
        h_points = np.array([p for s in fonts.strokes_for_text("H") for p in s], dtype=float)
        top, base = h_points[:, 1].min(), h_points[:, 1].max()
        for ch in TEMPLATE_CHARS:
            lines = [np.array(s, dtype=float) for s in fonts.strokes_for_text(ch)]
            yield ch, [np.stack([s[:-1], s[1:]], axis=1) for s in lines if len(s) > 1], top, base


@cache
def _templates() -> _Templates:
    """The reference fonts' characters, each scaled to its font's capital height."""
    found: dict[str, list[tuple[list[np.ndarray], float, float, float, float]]] = defaultdict(list)
    for ch, strokes, top, base in _reference_glyphs():
        xs = np.concatenate([s[:, :, 0].ravel() for s in strokes])
        found[ch].append((strokes, xs.min(), xs.max(), top, base - top))
    rows = [entry for ch in TEMPLATE_CHARS for entry in found[ch]]
    masks = _inks(
        [strokes for strokes, *_ in rows],
        np.array([(left, right) for _, left, right, _, _ in rows]),
        np.array([top for *_, top, _ in rows]),
        np.array([height for *_, height in rows]),
    )
    sizes = [len(found[ch]) for ch in TEMPLATE_CHARS]
    return _Templates(
        masks=masks.astype(float),  # as numbers: a bool matrix is converted on every product
        counts=masks.sum(axis=1),
        distances=_distances_to(masks),
        blurred=_blurred(masks),
        aspects=np.array([(right - left) / height for _, left, right, _, height in rows]),
        starts=np.concatenate([[0], np.cumsum(sizes)[:-1]]),
    )


def _similarity(inks: np.ndarray, aspects: np.ndarray) -> np.ndarray:
    """Each glyph's best similarity to each of TEMPLATE_CHARS ((glyphs, characters)), the
    mean of two measures that err differently: the mean distance of each one's ink to the
    other's (both ways: a 3 lies inside an 8, the 8 does not lie inside the 3), with how far
    their widths differ; and the overlap of the blurred drawings. Every glyph against every
    template as one product."""
    t = _templates()
    ink = inks.astype(float)
    glyph_to_template = (ink @ t.distances.T) / ink.sum(axis=1)[:, None]
    template_to_glyph = (_distances_to(inks) @ t.masks.T) / t.counts
    mismatch = np.abs(np.log((aspects[:, None] + 0.1) / (t.aspects + 0.1)))
    near = 1.0 / (1.0 + (glyph_to_template + template_to_glyph) / 2 + ASPECT_WEIGHT * mismatch)
    overlap = _blurred(inks) @ t.blurred.T
    return np.maximum.reduceat((near + overlap) / 2, t.starts, axis=1)


def _similarities(lines: list[list[_Glyph]], seen: dict) -> list[np.ndarray]:
    """Each line's (glyphs, TEMPLATE_CHARS) similarities, every glyph drawn on its line's
    grid; a sheet repeats its letters, so glyphs drawn alike (the same cells, about as
    wide) are matched once (`seen`, per page)."""
    if not lines:
        return []
    glyphs, tops, heights = [], [], []
    for line in lines:
        height, base = _height_and_base(line)
        glyphs.extend(line)
        tops.extend([base - height] * len(line))
        heights.extend([height] * len(line))
    heights = np.array(heights)
    spans = np.array([(g.box[0], g.box[2]) for g in glyphs]).reshape(-1, 2)
    inks = _inks([g.strokes for g in glyphs], spans, np.array(tops), heights)
    aspects = (spans[:, 1] - spans[:, 0]) / heights
    keys = [(ink.tobytes(), round(float(a), 1)) for ink, a in zip(inks, aspects, strict=True)]
    new = {}
    for k, key in enumerate(keys):
        if key not in seen and inks[k].any():
            new.setdefault(key, k)
    if new:
        at = list(new.values())
        seen.update(zip(new, _similarity(inks[at], aspects[at]), strict=True))
    blank = np.zeros(len(TEMPLATE_CHARS))
    rows = np.array([seen.get(key, blank) for key in keys]).reshape(-1, len(TEMPLATE_CHARS))
    return np.split(rows, np.cumsum([len(line) for line in lines])[:-1])


@cache
def _vocabulary() -> dict[int, tuple[str, ...]]:
    """The words of the room-kind vocabulary, by length."""
    words: set[str] = set()
    for table in (KIND_NAMES, {k: tuple(v.split("|")) for k, v in MORE_KIND_NAMES.items()}):
        for names in table.values():
            for name in names:
                words.update(w for w in fold(name).split() if len(w) > 1)
    by_length: dict[int, list[str]] = defaultdict(list)
    for w in sorted(words):
        by_length[len(w)].append(w)
    return {n: tuple(ws) for n, ws in by_length.items()}


_COLUMN = {ch: k for k, ch in enumerate(TEMPLATE_CHARS)}
_LETTER_COLUMNS = [_COLUMN[c] for c in LETTERS]


@cache
def _spellings(length: int) -> tuple[tuple[str, ...], np.ndarray]:
    """The vocabulary words of this many letters and their letters' columns ((words,
    letters)), to score every word at once."""
    words = _vocabulary().get(length, ())
    return words, np.array([[_COLUMN[c] for c in w] for w in words], dtype=int)


def _read_name(sims: np.ndarray) -> str | None:
    """The vocabulary word these glyphs spell best, if every glyph looks about as much like
    its letter as like any letter, and the word is ahead of the runner-up."""
    words, columns = _spellings(len(sims))
    if not words:
        return None
    rows = np.arange(len(sims))
    scores = sorted(zip(sims[rows, columns].sum(axis=1).tolist(), words, strict=True), reverse=True)
    best, word = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else -len(sims)
    deficit = sims[:, _LETTER_COLUMNS].max(axis=1) - sims[rows, [_COLUMN[c] for c in word]]
    if (
        deficit.max() <= MAX_LETTER_DEFICIT
        and deficit.mean() <= MAX_MEAN_DEFICIT
        and best - runner_up >= NAME_MARGIN
    ):
        return word
    return None


# What a printed number may read: 3.60, 3.60 m, 3600, 12'-6", 12', 3.60 m x 3.40 m.
_METRIC = r"\d{1,2}\.\d{2,3}(?: ?m)?|[1-9]\d{2,4}(?: ?mm)?"
_IMPERIAL = r"\d{1,3}'(?:-?\d{1,2}\")?"
_NUMBER = re.compile(rf"(?:{_METRIC}|{_IMPERIAL})(?: ?x ?(?:{_METRIC}|{_IMPERIAL}))?")
# A font without lower case draws the unit and the "by" as capitals.
_NUMBER_COLUMNS = [_COLUMN[c] for c in DIGITS + "mxMX"]
# Letters no digit resembles in any style (O, I, S, B, Z, G ... do).
_UNLIKE_DIGITS = [_COLUMN[c] for c in "ACEFHKNPRUVWY"]


def _mark(g: _Glyph, height: float, base: float) -> str | None:
    """Points, hyphens and primes, told by size and place in the line; '?' for another
    small mark (a fraction, a bracket's end); None for a glyph to match with templates."""
    if g.height >= 0.5 * height:
        return None
    if g.height <= 0.25 * height and g.width <= 0.35 * height and g.box[3] >= base - 0.3 * height:
        return "."
    middle = (g.box[1] + g.box[3]) / 2
    if g.height <= 0.25 * height and base - 0.75 * height <= middle <= base - 0.2 * height:
        return "-"
    if g.box[3] <= base - 0.45 * height:
        return "'"
    return "?"


def _read_number(line: list[_Glyph], sims: np.ndarray, height: float, base: float) -> str | None:
    text, matched = [], []
    prev_end = None
    for g, row in zip(line, sims, strict=True):
        mark = _mark(g, height, base)
        # A font may space its decimal point like a digit: no word ends beside one.
        apart = prev_end is not None and g.box[0] - prev_end > WORD_GAP * height
        if apart and mark != "." and text[-1] != ".":
            text.append(" ")
        if mark == "'" and text and text[-1] == "'" and g.box[0] - prev_end < 0.4 * height:
            text[-1] = '"'
        elif mark is not None:
            text.append(mark)
        else:
            k = max(_NUMBER_COLUMNS, key=lambda c: row[c])
            if row[k] < row[_UNLIKE_DIGITS].max() - DIGIT_SLACK:
                return None  # a letter, not a digit
            text.append(TEMPLATE_CHARS[k].lower())
            matched.append(row[k])
        prev_end = g.box[2]
    reading = "".join(text)
    if matched and np.mean(matched) >= MIN_NUMBER_SIMILARITY and _NUMBER.fullmatch(reading):
        return reading
    return None


@dataclass(slots=True)
class _Word:
    text: str
    start: float
    end: float


def _read_line(line: list[_Glyph], sims: np.ndarray) -> list[_Word]:
    height, base = _height_and_base(line)
    if number := _read_number(line, sims, height, base):
        return [_Word(number, line[0].box[0], line[-1].box[2])]
    words, start = [], 0
    for i in range(1, len(line) + 1):
        if i == len(line) or line[i].box[0] - line[i - 1].box[2] > WORD_GAP * height:
            glyphs = line[start:i]
            if all(_mark(g, height, base) is None for g in glyphs):
                name = _read_name(sims[start:i])
                if name:
                    words.append(_Word(name, glyphs[0].box[0], glyphs[-1].box[2]))
            start = i
    return words


def _chars(
    words: list[_Word], base: float, height: float, from_frame, angle: int
) -> list[TextChar]:
    """The words as per-glyph text objects, spread evenly over the glyphs read."""
    rad = math.radians(angle)
    ux, uy = math.cos(rad), -math.sin(rad)
    chars = []
    for word in words:
        advance = (word.end - word.start) / len(word.text)
        for i, ch in enumerate(word.text):
            x, y = from_frame((word.start + i * advance, base))
            chars.append(TextChar(ch, x, y, ux * advance, uy * advance, height / CAP_HEIGHT))
    return chars


@dataclass(slots=True)
class StrokeText:
    chars: list[TextChar] = field(default_factory=list)  # the letters read
    words: int = 0
    # The masks painted behind lines of lettering, read or not (by ``path_id``).
    masks: set[int] = field(default_factory=set)


def read_stroke_text(page: PagePrimitives, budget: Budget | None = None) -> StrokeText:
    """The room names and printed numbers drawn as strokes on `page`, as text objects."""
    read = StrokeText()
    paths = _small_paths(page)
    if not len(paths) or len(paths) > MAX_PATHS:
        return read
    groups = _touching_groups(paths)
    used: set[int] = set()
    seen: dict = {}
    boxes: list[tuple[float, float, float, float]] = []
    for angle, (to_frame, from_frame) in _FRAMES.items():
        lines = _lines(_glyphs(paths, groups, to_frame, used))
        for line, sims in zip(lines, _similarities(lines, seen), strict=True):
            if budget is not None:
                budget.check_time()
            if len(line) >= MIN_LINE_GLYPHS:
                boxes.append(_display_box(line, from_frame))
            words = _read_line(line, sims)
            if not words:
                continue
            height, base = _height_and_base(line)
            read.chars.extend(_chars(words, base, height, from_frame, angle))
            read.words += len(words)
            used.update(k for g in line for k in g.groups)
    read.masks = _masks(page, boxes)
    return read


def _display_box(line: list[_Glyph], from_frame) -> tuple[float, float, float, float]:
    corners = [
        from_frame((min(g.box[0] for g in line), min(g.box[1] for g in line))),
        from_frame((max(g.box[2] for g in line), max(g.box[3] for g in line))),
    ]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _masks(page: PagePrimitives, boxes: list[tuple[float, float, float, float]]) -> set[int]:
    """Filled shapes painted behind a line of lettering to mask what it crosses (AutoCAD
    text and dimension masks): about the line's size and around it. Their edges run
    beside the text like a dimension line."""
    if not boxes:
        return set()
    lines = shapely.box(*np.array(boxes).T)
    fill_boxes = [
        (shape.path_id, np.array([p for ring in shape.rings for p in ring], dtype=float))
        for shape in page.fills
        if any(len(ring) for ring in shape.rings)
    ]
    if not fill_boxes:
        return set()
    shapes = shapely.box(*np.array([(*p.min(axis=0), *p.max(axis=0)) for _, p in fill_boxes]).T)
    line_at, shape_at = shapely.STRtree(shapes).query(lines, predicate="intersects")
    covered = shapely.area(shapely.intersection(lines[line_at], shapes[shape_at]))
    line_area = shapely.area(lines[line_at])
    is_mask = (covered >= MASK_COVER * line_area) & (
        shapely.area(shapes[shape_at]) <= MASK_AREA * line_area
    )
    return {fill_boxes[int(k)][0] for k in shape_at[is_mask]}
