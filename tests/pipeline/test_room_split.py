"""Candidate cuts (room_split.chords): open_bays asks only for those along the building's
main directions, and gets exactly the matching subset of all cuts."""

from shapely.geometry import Polygon

from floorplans.pipeline.room_split import chords

# An L-shaped region with one slanted edge: cuts run along three directions.
L_SHAPE = Polygon([(0, 0), (100, 0), (100, 40), (60, 40), (40, 100), (0, 100)])


def _direction(cut) -> tuple[float, float]:
    (x1, y1), (x2, y2) = cut.coords[0], cut.coords[-1]
    return round(abs(x2 - x1) / cut.length, 3), round(abs(y2 - y1) / cut.length, 3)


def test_cuts_along_the_accepted_directions_are_exactly_those_of_all_cuts():
    def square(u: tuple[float, float]) -> bool:
        return u in {(1.0, 0.0), (0.0, 1.0)}

    every = [c.wkt for c in chords(L_SHAPE, [])]
    kept = [c.wkt for c in chords(L_SHAPE, [], square)]
    assert kept and len(kept) < len(every)
    assert kept == [c.wkt for c in chords(L_SHAPE, []) if _direction(c) in {(1.0, 0.0), (0.0, 1.0)}]
