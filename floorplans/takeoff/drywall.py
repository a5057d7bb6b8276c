"""Drywall on wall faces and ceilings.

Which faces: a face is boarded when it faces a room (so exterior walls are boarded on the
inside only and interior walls on both faces); see layout.py for how faces are classified.

How sheets are counted (option drywall_method):

* layout (default): sheets are laid in a grid along each face, horizontally or vertically,
  whichever needs fewer; a part sheet at the end of a row is bought whole and offcuts are not
  carried to another face (conservative, as hangers work); a sheet wholly inside an opening is
  skipped. Cut-outs for smaller openings are waste, as on site.
* area: net face area (minus openings) / sheet area, rounded up once over all faces.

Ceilings are always counted by area (room floor area / sheet area): room shapes vary and
ceiling offcuts are routinely reused across the room.
Faces are measured along the wall centreline, which slightly overstates inside faces at
corners (by half a wall thickness per end): a deliberate, small over-count.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

_EPS = 1e-9


@dataclass(frozen=True)
class FaceOpening:
    start_m: float  # along the face
    end_m: float
    bottom_m: float  # above the floor
    top_m: float

    @property
    def area_m2(self) -> float:
        return (self.end_m - self.start_m) * (self.top_m - self.bottom_m)


@dataclass(frozen=True)
class DrywallFace:
    wall_id: str
    side: str  # left | right of the wall as drawn (start -> end)
    room_id: str | None
    length_m: float
    height_m: float
    openings_area_m2: float
    sheets_laid: int
    orientation: str  # horizontal | vertical

    @property
    def gross_area_m2(self) -> float:
        return self.length_m * self.height_m

    @property
    def net_area_m2(self) -> float:
        return max(self.gross_area_m2 - self.openings_area_m2, 0.0)


@dataclass(frozen=True)
class DrywallTakeoff:
    method: str  # layout | area
    sheet_width_m: float
    sheet_length_m: float
    faces: tuple[DrywallFace, ...]
    ceiling_area_m2: float

    @property
    def sheet_area_m2(self) -> float:
        return self.sheet_width_m * self.sheet_length_m

    @property
    def wall_net_area_m2(self) -> float:
        return sum(face.net_area_m2 for face in self.faces)

    @property
    def wall_sheets(self) -> int:
        if self.method == "layout":
            return sum(face.sheets_laid for face in self.faces)
        return _sheets_for_area(self.wall_net_area_m2, self.sheet_area_m2)

    @property
    def ceiling_sheets(self) -> int:
        return _sheets_for_area(self.ceiling_area_m2, self.sheet_area_m2)

    @property
    def total_sheets(self) -> int:
        return self.wall_sheets + self.ceiling_sheets

    @property
    def boarded_area_m2(self) -> float:
        """Area actually covered (net walls + ceilings): what screws and compound scale with."""
        return self.wall_net_area_m2 + self.ceiling_area_m2


def _sheets_for_area(area_m2: float, sheet_area_m2: float) -> int:
    return math.ceil(area_m2 / sheet_area_m2 - 1e-6) if area_m2 > _EPS else 0


def lay_face(
    length_m: float,
    height_m: float,
    openings: Sequence[FaceOpening],
    sheet_width_m: float,
    sheet_length_m: float,
) -> tuple[int, str]:
    """Sheets needed for one face and the orientation that needs fewest (ties: horizontal,
    which gives fewer butt joints)."""
    horizontal = _grid_count(length_m, height_m, openings, sheet_length_m, sheet_width_m)
    vertical = _grid_count(length_m, height_m, openings, sheet_width_m, sheet_length_m)
    if vertical < horizontal:
        return vertical, "vertical"
    return horizontal, "horizontal"


def _grid_count(
    length_m: float,
    height_m: float,
    openings: Sequence[FaceOpening],
    along_m: float,
    up_m: float,
) -> int:
    if length_m <= _EPS or height_m <= _EPS:
        return 0
    columns = math.ceil(length_m / along_m - 1e-6)
    rows = math.ceil(height_m / up_m - 1e-6)
    count = 0
    for column in range(columns):
        x0, x1 = column * along_m, min((column + 1) * along_m, length_m)
        for row in range(rows):
            y0, y1 = row * up_m, min((row + 1) * up_m, height_m)
            if not any(
                o.start_m - 1e-6 <= x0
                and x1 <= o.end_m + 1e-6
                and o.bottom_m - 1e-6 <= y0
                and y1 <= o.top_m + 1e-6
                for o in openings
            ):
                count += 1
    return count
