"""Drawing primitives read from one page, already in display space (origin top-left, y down).

These are the typed hand-off between ``reader`` and the detection stages; they carry
only what wall, opening, room and scale detection need, so they stay cheap to build.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Point = tuple[float, float]


@dataclass(slots=True)
class Segment:
    """One straight edge of a painted path."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float  # stroke width in display points (CTM scale applied)
    stroke: bool
    fill: bool
    path_id: int  # edges of one filled path share an id with its ``FilledShape``
    dashed: bool = False


@dataclass(slots=True)
class FilledShape:
    path_id: int
    rings: list[list[Point]]
    evenodd: bool


@dataclass(slots=True)
class Curve:
    """A run of Bezier pieces, flattened to a polyline (door swings are the interesting ones)."""

    points: list[Point]
    width: float
    path_id: int


@dataclass(slots=True)
class TextChar:
    text: str
    x: float  # origin of the glyph on its baseline
    y: float
    dx: float  # advance vector: direction and length of the glyph along the baseline
    dy: float
    size: float  # font size in display points


@dataclass(slots=True)
class PagePrimitives:
    index: int
    width: float
    height: float
    rotation: int
    segments: list[Segment] = field(default_factory=list)
    fills: list[FilledShape] = field(default_factory=list)
    curves: list[Curve] = field(default_factory=list)
    chars: list[TextChar] = field(default_factory=list)
    # CAD layer (optional-content group) of each path drawn inside one, by ``path_id``.
    path_layers: dict[int, str] = field(default_factory=dict)
