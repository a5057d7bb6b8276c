"""The SpatialGraph's types, version and units: what the pipeline writes, the generator's
ground truth is, the takeoff reads and the API documents (docs/spatialgraph.schema.json
is the same format as a JSON Schema; a test holds the two together).

Pure Python with no imports of the project, so every package may use it. Coordinates are
PDF points in display space (origin top left, y down, the page's /Rotate applied).
Optional keys are ``NotRequired``: older graphs lack them, readers default them.
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired from live annotations.
from typing import NotRequired, TypedDict

SCHEMA_VERSION = 1

# --- units -------------------------------------------------------------------------------

INCH_M = 0.0254
FOOT_M = 0.3048
SQFT_M2 = FOOT_M * FOOT_M
METRES_PER_POINT_ON_PAPER = INCH_M / 72  # a PDF point is 1/72 inch of paper

# --- the graph's records -----------------------------------------------------------------

Point = list[float]  # [x, y]


class Page(TypedDict):
    index: int
    width: float
    height: float
    rotation: int


class Scale(TypedDict):
    metres_per_point: float
    source: str  # text, override, dimension, scale_bar, room_areas, sibling_sheet ...
    text: str | None  # the scale note as printed
    evidence: NotRequired[list[str]]


class Wall(TypedDict):
    id: str
    x1: float
    y1: float
    x2: float
    y2: float
    length_pts: float
    thickness: float
    # Set by corrections (floorplans.corrections):
    excluded: NotRequired[bool]
    exterior: NotRequired[bool]
    height_m: NotRequired[float]


class Opening(TypedDict):
    id: str
    wall_id: str
    kind: str  # door | window
    x: float
    y: float
    width_pts: float


class Finishes(TypedDict, total=False):
    flooring: str
    paint: bool
    ceiling: bool


class Room(TypedDict):
    id: str
    label: str
    polygon: list[Point]
    area_pts2: float
    perimeter_pts: float
    kind: NotRequired[str]
    printed_area_m2: NotRequired[float]
    confidence: NotRequired[float]
    evidence: NotRequired[list[str]]
    # Set by corrections:
    excluded: NotRequired[bool]
    finishes: NotRequired[Finishes]


class Sheet(TypedDict):
    """What kind of sheet the page is (set by the drawing-set ingest)."""

    kind: str
    number: NotRequired[str | None]
    title: NotRequired[str | None]


class SpatialGraph(TypedDict):
    schema_version: int
    page: Page
    scale: Scale | None
    walls: list[Wall]
    openings: list[Opening]
    rooms: list[Room]
    warnings: list[str]
    review_required: NotRequired[bool]
    review_reasons: NotRequired[list[str]]
    coverage: NotRequired[dict[str, float]]
    sheet: NotRequired[Sheet]
