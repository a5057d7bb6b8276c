"""Per-room finishes: flooring, baseboard and wall paint.

Room polygons follow the walls' inner faces and close across doorways (the SpatialGraph's
rooms, docs/spatialgraph.schema.json), so:

* floor area = the room's polygon area (net floor area, the estimator's convention);
* baseboard = perimeter minus the widths of the doors into the room (windows keep baseboard);
* paint = perimeter x wall height minus the room's door and window openings, times coats;
  ceiling paint = floor area times coats when ceilings are boarded.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RoomFinish:
    room_id: str
    label: str
    flooring: str  # tile | laminate | vinyl | carpet | none
    floor_area_m2: float
    perimeter_m: float
    door_width_m: float  # doors opening into this room, taken off the baseboard
    wall_area_m2: float  # perimeter x wall height
    openings_area_m2: float  # doors and windows on the room's walls
    coats: int
    ceiling: bool
    walls_painted: bool = True

    @property
    def baseboard_m(self) -> float:
        return max(self.perimeter_m - self.door_width_m, 0.0)

    @property
    def net_wall_area_m2(self) -> float:
        return max(self.wall_area_m2 - self.openings_area_m2, 0.0)

    @property
    def wall_paint_area_m2(self) -> float:
        """Area to paint counting every coat (net wall area x coats)."""
        return self.net_wall_area_m2 * self.coats if self.walls_painted else 0.0

    @property
    def ceiling_area_m2(self) -> float:
        return self.floor_area_m2 if self.ceiling else 0.0

    @property
    def ceiling_paint_area_m2(self) -> float:
        return self.ceiling_area_m2 * self.coats
