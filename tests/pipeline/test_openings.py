"""Windows read from glazing lines (floorplans.pipeline.openings)."""

from floorplans.pipeline.faces import from_frame, to_frame
from floorplans.pipeline.openings import find_windows
from floorplans.pipeline.primitives import Segment
from floorplans.pipeline.wall_detection import WallPiece

OFFSET, WALL = 100.0, 10.0  # a horizontal wall's centreline and thickness


def _glazing(t0: float, t1: float) -> list[Segment]:
    lines = []
    for across in (-2.0, 2.0):
        (x1, y1), (x2, y2) = (from_frame(0, t, OFFSET + across) for t in (t0, t1))
        lines.append(Segment(x1, y1, x2, y2, 0.25, True, False, len(lines)))
    return lines


def test_glazing_lines_that_meet_in_a_partition_are_two_windows():
    # A thin partition meets the wall between two rooms' windows; their glazing ends at its
    # faces, a mullion's width apart, but a gap in a wall is no mullion.
    (ta, n), (tb, _) = (to_frame(180, *from_frame(0, 200, OFFSET + d)) for d in (0, 200))
    partition = WallPiece(180, n, min(ta, tb), max(ta, tb), 4.0, "fill")
    walls = [
        WallPiece(0, OFFSET, 0, 100, WALL, "fill"),
        WallPiece(0, OFFSET, 300, 400, WALL, "fill"),
        partition,
    ]
    windows = find_windows(_glazing(105, 198) + _glazing(202, 295), walls, (20.0, 200.0))
    assert sorted((round(w.t0), round(w.t1)) for w in windows) == [(105, 198), (202, 295)]
