"""Room polygons merged and split (shapely), in the graph's points.

Room polygons follow the walls' inner faces (DESIGN.md), so two rooms either side of a
wall do not touch: a merge closes the gap with a buffer as wide as the thickest wall and
shrinks back, which bridges the wall and nothing wider.
"""

from __future__ import annotations

from collections.abc import Sequence

from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import split, unary_union

Point = tuple[float, float]
_MITRE = 2  # shapely's join_style "mitre": keeps right-angled corners square
_COORD_DIGITS = 3


def _coords(polygon: Polygon) -> list[list[float]]:
    ring = list(polygon.exterior.coords)[:-1]  # shapely repeats the first point at the end
    return [[round(x, _COORD_DIGITS), round(y, _COORD_DIGITS)] for x, y in ring]


def _valid(points: Sequence[Sequence[float]]) -> Polygon:
    polygon = Polygon(points)
    return polygon if polygon.is_valid else polygon.buffer(0)


def merged_outline(polygons: Sequence[Sequence[Sequence[float]]], gap: float) -> list | None:
    """One outline around rooms at most `gap` apart (a wall between them), else None."""
    grown = [_valid(p).buffer(gap, join_style=_MITRE) for p in polygons]
    union: BaseGeometry = unary_union(grown).buffer(-gap, join_style=_MITRE)
    if not isinstance(union, Polygon) or union.is_empty:
        return None
    return _coords(union)


def split_outline(polygon: Sequence[Sequence[float]], line: Sequence[Sequence[float]]) -> list:
    """The pieces a polyline cuts the room into (one piece: it does not cross the room)."""
    pieces = split(_valid(polygon), LineString(line))
    return [
        _coords(piece)
        for piece in sorted(pieces.geoms, key=lambda g: -g.area)
        if isinstance(piece, Polygon)
    ]


def area_and_perimeter(points: Sequence[Sequence[float]]) -> tuple[float, float]:
    polygon = _valid(points)
    return round(polygon.area, 3), round(polygon.length, 3)
