"""Which hatch strokes overlap a neighbour (the look-back `_touching` runs per direction)."""

from floorplans.pipeline.faces import face_line
from floorplans.pipeline.primitives import Segment
from floorplans.pipeline.solid_hatch import _touching

WIDTH = 0.72


def _stroke(y: float, x0: float = 0.0, x1: float = 100.0) -> Segment:
    return Segment(x0, y, x1, y, WIDTH, True, False, 1)


def _touching_ys(strokes: list[Segment]) -> list[float]:
    return sorted(s.y1 for s in _touching([(face_line(s, False), s) for s in strokes]))


def test_a_run_closer_than_the_width_touches_and_a_lone_stroke_does_not():
    run = [_stroke(0.5 * k) for k in range(10)]
    assert _touching_ys([*run, _stroke(20.0)]) == [0.5 * k for k in range(10)]


def test_duplicates_and_strokes_side_by_side_along_the_direction_do_not_touch():
    assert _touching_ys([_stroke(0.0), _stroke(0.0), _stroke(0.01)]) == []
    assert _touching_ys([_stroke(0.0, 0, 10), _stroke(0.5, 20, 30)]) == []
    assert _touching_ys([_stroke(0.0), _stroke(WIDTH * 1.01)]) == []


def test_the_look_back_passes_duplicates_to_a_distinct_stroke_within_the_width():
    strokes = [_stroke(0.0), _stroke(0.5), _stroke(0.5), _stroke(0.5)]
    assert _touching_ys(strokes) == [0.0, 0.5, 0.5, 0.5]
