"""Unit conversions and the lumber sizes each unit system builds with.

Everything inside the generator is metres (and m², litres); the user-facing unit system only
decides how options are read and which catalogue items are bought.
"""

from __future__ import annotations

from dataclasses import dataclass

from floorplans.spatialgraph import FOOT_M, INCH_M, SQFT_M2

GALLON_L = 3.785411784

LENGTH_UNIT = {"imperial": "ft", "metric": "m"}
SMALL_LENGTH_UNIT = {"imperial": "in", "metric": "mm"}

_LENGTH_TO_M = {"m": 1.0, "ft": FOOT_M, "in": INCH_M, "mm": 0.001}
_AREA_TO_M2 = {"m2": 1.0, "ft2": SQFT_M2}
_VOLUME_TO_L = {"L": 1.0, "gal": GALLON_L}


def to_metres(value: float, unit: str) -> float:
    return value * _LENGTH_TO_M[unit]


def from_metres(value_m: float, unit: str) -> float:
    return value_m / _LENGTH_TO_M[unit]


def area_from_m2(value_m2: float, unit: str) -> float:
    return value_m2 / _AREA_TO_M2[unit]


def volume_from_litres(value_l: float, unit: str) -> float:
    return value_l / _VOLUME_TO_L[unit]


def volume_to_litres(value: float, unit: str) -> float:
    return value * _VOLUME_TO_L[unit]


def is_length_unit(unit: str) -> bool:
    return unit in _LENGTH_TO_M


def is_area_unit(unit: str) -> bool:
    return unit in _AREA_TO_M2


def is_volume_unit(unit: str) -> bool:
    return unit in _VOLUME_TO_L


def format_length(value_m: float, unit_system: str) -> str:
    """Human length for derivation text: feet with one decimal, or metres with two."""
    if unit_system == "imperial":
        return f"{from_metres(value_m, 'ft'):.1f} ft"
    return f"{value_m:.2f} m"


def format_area(value_m2: float, unit_system: str) -> str:
    if unit_system == "imperial":
        return f"{area_from_m2(value_m2, 'ft2'):.1f} ft²"
    return f"{value_m2:.2f} m²"


@dataclass(frozen=True)
class Lumber:
    """Actual (dressed) sizes of the framing stock, which is what positions and cuts use."""

    thickness_m: float  # the narrow face: a stud's width along the wall, a plate's height
    depth_m: float  # the wide face: the wall's framing depth
    header_depth_m: float  # built-up header of two plies on edge
    kerf_m: float  # saw blade width lost at every cut


# 2x4 (1-1/2 x 3-1/2 in) with 2x8 headers (7-1/4 in); metric 38x89 with 38x184 headers.
LUMBER = {
    "imperial": Lumber(1.5 * INCH_M, 3.5 * INCH_M, 7.25 * INCH_M, 0.125 * INCH_M),
    "metric": Lumber(0.038, 0.089, 0.184, 0.003),
}
