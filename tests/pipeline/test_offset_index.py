"""The offset lookups the wall rules use return every line within reach (and may return
more): a rule that checks its own condition on them decides as it would over all pairs."""

import math
import random
from dataclasses import dataclass

from floorplans.pipeline.offset_index import MovingOffsetIndex, OffsetIndex


@dataclass
class Line:
    offset: float


ODD = [math.nan, math.inf, -math.inf]


def _lines(rng: random.Random, count: int) -> list[Line]:
    lines = [Line(rng.uniform(-500, 500)) for _ in range(count)]
    lines += [Line(lines[0].offset), Line(lines[0].offset + 1e-12)]  # duplicates
    return lines + [Line(v) for v in ODD]


def test_fixed_index_returns_every_line_within_reach_and_the_odd_ones():
    rng = random.Random(4)
    lines = _lines(rng, 300)
    index = OffsetIndex([ln.offset for ln in lines])
    odd = {i for i, ln in enumerate(lines) if not math.isfinite(ln.offset)}
    for _ in range(200):
        offset, reach = rng.uniform(-520, 520), rng.uniform(0, 40)
        found = index.near(offset, reach)
        within = {i for i, ln in enumerate(lines) if abs(ln.offset - offset) <= reach}
        assert len(found) == len(set(found))
        assert within | odd <= set(found)
    for offset in ODD:
        assert sorted(index.near(offset, 1.0)) == list(range(len(lines)))


def test_moving_index_follows_moves_and_keeps_the_order_of_adding():
    rng = random.Random(5)
    cell = 3.0
    index = MovingOffsetIndex(cell)
    offsets: list[float] = []
    for step in range(600):
        if offsets and step % 3 == 0:
            k = rng.randrange(len(offsets))
            new = offsets[k] + rng.uniform(-10, 10) if math.isfinite(offsets[k]) else 1.0
            index.move(k, offsets[k], new)
            offsets[k] = new
        else:
            offsets.append(rng.choice(ODD) if step % 97 == 0 else rng.uniform(-200, 200))
            index.add(offsets[-1])
        probe = rng.uniform(-210, 210)
        found = index.near(probe)
        assert found == sorted(set(found))
        wanted = {
            i for i, o in enumerate(offsets) if not math.isfinite(o) or abs(o - probe) <= cell
        }
        assert wanted <= set(found)
    assert index.near(math.nan) == list(range(len(offsets)))
