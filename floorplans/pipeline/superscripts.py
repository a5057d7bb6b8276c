"""Raised small digits written as their own glyphs: `m²` and the German half centimetre.

CAD programs print `12,45 m²` and `3,65⁵` (3.655 m) with the `2` or the `5` as a separate,
smaller glyph lifted above the baseline, not as a superscript character. Grouped by
baseline it would fall on a line of its own and the area or the dimension would be lost;
here it joins the line it is lifted from, as the superscript character it stands for.
"""

from __future__ import annotations

import bisect
import math

from .primitives import TextChar

DIGITS = frozenset("0123456789")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# A superscript glyph is this share of its host glyph's size ...
SIZE_RATIO = (0.4, 0.85)
# ... its baseline lifted by this share of the host's size ...
LIFT = (0.2, 0.75)
# ... and it starts within this share of the host's size after the host glyph ends.
GAP = (-0.15, 0.4)

Placed = tuple[float, float, TextChar]  # (along, down) in the writing frame, the glyph


def _along(item: Placed) -> float:
    return item[0]


def _end(item: Placed) -> float:
    return item[0] + math.hypot(item[2].dx, item[2].dy)


def _follows(before: Placed, item: Placed) -> bool:
    """Does `item` continue the text of `before` on their own baseline?"""
    return item[0] - _end(before) <= GAP[1] * item[2].size


def _is_lifted_from(sup: Placed, host: Placed) -> bool:
    u, v, ch = sup
    size = host[2].size
    return (
        SIZE_RATIO[0] * size <= ch.size <= SIZE_RATIO[1] * size
        and LIFT[0] * size <= host[1] - v <= LIFT[1] * size
        and GAP[0] * size <= u - _end(host) <= GAP[1] * size
    )


def _host(sup: Placed, baselines: list[list[Placed]], tops: list[float]) -> int | None:
    """The index of the baseline the glyph `sup` is lifted from, if there is one."""
    u, v, ch = sup
    nearest = v + LIFT[0] * ch.size / SIZE_RATIO[1]
    farthest = v + LIFT[1] * ch.size / SIZE_RATIO[0]
    # A baseline is a run of glyphs within a small tolerance: start one early to be sure.
    first = max(bisect.bisect_left(tops, nearest) - 1, 0)
    for k in range(first, bisect.bisect_right(tops, farthest)):
        baseline = baselines[k]
        at = bisect.bisect_right(baseline, u, key=_along) - 1
        if at >= 0 and _is_lifted_from(sup, baseline[at]):
            return k
    return None


def attach_superscripts(baselines: list[list[Placed]]) -> list[list[Placed]]:
    """Baselines (the list top to bottom, each sorted along the text) with every lifted
    digit moved onto the baseline it is lifted from, as a superscript character."""
    tops = [min(item[1] for item in baseline) for baseline in baselines]
    moves: list[tuple[int, int, Placed]] = []  # from baseline, to baseline, the glyph
    for k, baseline in enumerate(baselines):
        for i, item in enumerate(baseline):
            if item[2].text not in DIGITS or (i and _follows(baseline[i - 1], item)):
                continue  # the 6 of 3650 runs on from the 3: no superscript
            if (host := _host(item, baselines, tops)) not in (None, k):
                moves.append((k, host, item))
    if not moves:
        return baselines
    gone = {id(item) for _, _, item in moves}
    for _, host, (u, _, ch) in moves:
        raised = TextChar(ch.text.translate(SUPERSCRIPT), ch.x, ch.y, ch.dx, ch.dy, ch.size)
        bisect.insort(baselines[host], (u, baselines[host][0][1], raised), key=_along)
    kept = [[item for item in baseline if id(item) not in gone] for baseline in baselines]
    return [baseline for baseline in kept if baseline]
