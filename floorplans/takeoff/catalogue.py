"""Catalogue items the BOM is priced from, and how the item for each need is chosen.

DEFAULT_CATALOGUE is plain literal data (copied into Django data migrations), priced in USD
at plausible 2026 North American retail (big-box store, contractor quantities). Every item
says which unit system it belongs to (`unit_system`: imperial, metric, or "" for products
sold the same way in both), so a metric takeoff buys 3.5 x 35 mm screws and a 17 L pail,
not #6 x 1-1/4 in screws and a 4.5 gal pail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .errors import CatalogueError

CATEGORIES = ("framing", "drywall", "flooring", "paint", "trim")
ROLES = (
    "stud",
    "plate",
    "header",
    "drywall_sheet",
    "drywall_screws",
    "joint_compound",
    "floor_tile",
    "floor_laminate",
    "floor_vinyl",
    "floor_carpet",
    "paint",
    "ceiling_paint",
    "baseboard",
)
UNITS = ("ea", "sheet", "m2", "ft2", "L", "gal", "m", "ft", "box")
_SYSTEM_UNITS = {"imperial": {"ft", "ft2", "gal"}, "metric": {"m", "m2", "L"}}
_NEUTRAL_UNITS = {"ea", "sheet", "box"}
_SIZE_TOLERANCE_M = 0.001


@dataclass(frozen=True)
class CatalogueItem:
    sku: str
    name: str
    category: str  # framing | drywall | flooring | paint | trim
    role: str  # what the generator uses it for (ROLES)
    unit: str  # what one unit_price buys (UNITS)
    unit_price: Decimal
    currency: str = "USD"
    stock_length_m: float | None = None  # lumber and trim sold by the piece
    sheet_width_m: float | None = None
    sheet_length_m: float | None = None
    unit_system: str = ""  # UNIT_SYSTEMS, or "" = either


UNIT_SYSTEMS = ("imperial", "metric")


def find_item(
    catalogue: Sequence[CatalogueItem],
    role: str,
    unit_system: str,
    currency: str,
    *,
    stock_length_m: float | None = None,
    sheet_size_m: tuple[float, float] | None = None,
) -> CatalogueItem:
    """The item to buy for a role: exact size when one is asked for; otherwise the unit
    system's items first, then items for either system, then the other system's
    (converted; a catalogue lacking metric paint still prices a metric takeoff). Items
    that name no system rank by their units. Catalogue order breaks ties, so the
    catalogue's owner controls the preferred product."""
    candidates = [i for i in catalogue if i.role == role and i.currency == currency]
    if stock_length_m is not None:
        candidates = [
            i
            for i in candidates
            if i.stock_length_m is not None
            and abs(i.stock_length_m - stock_length_m) < _SIZE_TOLERANCE_M
        ]
    if sheet_size_m is not None:
        width, length = sheet_size_m
        candidates = [
            i
            for i in candidates
            if i.sheet_width_m is not None
            and i.sheet_length_m is not None
            and abs(i.sheet_width_m - width) < _SIZE_TOLERANCE_M
            and abs(i.sheet_length_m - length) < _SIZE_TOLERANCE_M
        ]
    if not candidates:
        size = ""
        if stock_length_m is not None:
            size = f" {stock_length_m:.4f} m long"
        if sheet_size_m is not None:
            size = f" {sheet_size_m[0]:.4f} x {sheet_size_m[1]:.4f} m"
        raise CatalogueError(f"the catalogue has no{size} '{role}' item priced in {currency}")

    def preference(item: CatalogueItem) -> int:
        if item.unit_system:
            return 0 if item.unit_system == unit_system else 3
        if item.unit in _SYSTEM_UNITS[unit_system]:
            return 0
        return 1 if item.unit in _NEUTRAL_UNITS else 2

    return min(candidates, key=preference)  # min() keeps the first of equals: catalogue order


def _item(
    sku: str,
    name: str,
    category: str,
    role: str,
    unit: str,
    price: str,
    *,
    stock: float | None = None,
    sheet: tuple[float, float] | None = None,
    system: str = "",
) -> CatalogueItem:
    return CatalogueItem(
        sku=sku,
        name=name,
        category=category,
        role=role,
        unit=unit,
        unit_price=Decimal(price),
        currency="USD",
        stock_length_m=stock,
        sheet_width_m=sheet[0] if sheet else None,
        sheet_length_m=sheet[1] if sheet else None,
        unit_system=system,
    )


DEFAULT_CATALOGUE: tuple[CatalogueItem, ...] = (
    # Framing, imperial: 2x4 SPF #2 (studs, plates, sills) and 2x8 SPF #2 (header plies).
    _item(
        "FR-2X4-08-ST",
        "2x4 SPF #2 stud, 8 ft",
        "framing",
        "stud",
        "ea",
        "4.28",
        stock=2.4384,
        system="imperial",
    ),
    _item(
        "FR-2X4-10-ST",
        "2x4 SPF #2 stud, 10 ft",
        "framing",
        "stud",
        "ea",
        "6.38",
        stock=3.048,
        system="imperial",
    ),
    _item(
        "FR-2X4-12-ST",
        "2x4 SPF #2 stud, 12 ft",
        "framing",
        "stud",
        "ea",
        "7.68",
        stock=3.6576,
        system="imperial",
    ),
    _item(
        "FR-2X4-16-ST",
        "2x4 SPF #2 stud, 16 ft",
        "framing",
        "stud",
        "ea",
        "10.98",
        stock=4.8768,
        system="imperial",
    ),
    _item(
        "FR-2X4-08-PL",
        "2x4 SPF #2 plate, 8 ft",
        "framing",
        "plate",
        "ea",
        "4.28",
        stock=2.4384,
        system="imperial",
    ),
    _item(
        "FR-2X4-10-PL",
        "2x4 SPF #2 plate, 10 ft",
        "framing",
        "plate",
        "ea",
        "6.38",
        stock=3.048,
        system="imperial",
    ),
    _item(
        "FR-2X4-12-PL",
        "2x4 SPF #2 plate, 12 ft",
        "framing",
        "plate",
        "ea",
        "7.68",
        stock=3.6576,
        system="imperial",
    ),
    _item(
        "FR-2X4-16-PL",
        "2x4 SPF #2 plate, 16 ft",
        "framing",
        "plate",
        "ea",
        "10.98",
        stock=4.8768,
        system="imperial",
    ),
    _item(
        "FR-2X8-08-HD",
        "2x8 SPF #2 header ply, 8 ft",
        "framing",
        "header",
        "ea",
        "9.48",
        stock=2.4384,
        system="imperial",
    ),
    _item(
        "FR-2X8-10-HD",
        "2x8 SPF #2 header ply, 10 ft",
        "framing",
        "header",
        "ea",
        "11.98",
        stock=3.048,
        system="imperial",
    ),
    _item(
        "FR-2X8-12-HD",
        "2x8 SPF #2 header ply, 12 ft",
        "framing",
        "header",
        "ea",
        "14.28",
        stock=3.6576,
        system="imperial",
    ),
    _item(
        "FR-2X8-16-HD",
        "2x8 SPF #2 header ply, 16 ft",
        "framing",
        "header",
        "ea",
        "19.48",
        stock=4.8768,
        system="imperial",
    ),
    # Framing, metric: 38x89 and 38x184 kiln-dried structural.
    _item(
        "FR-38X89-24-ST",
        "38x89 KD stud, 2.4 m",
        "framing",
        "stud",
        "ea",
        "4.15",
        stock=2.4,
        system="metric",
    ),
    _item(
        "FR-38X89-30-ST",
        "38x89 KD stud, 3.0 m",
        "framing",
        "stud",
        "ea",
        "5.95",
        stock=3.0,
        system="metric",
    ),
    _item(
        "FR-38X89-36-ST",
        "38x89 KD stud, 3.6 m",
        "framing",
        "stud",
        "ea",
        "7.35",
        stock=3.6,
        system="metric",
    ),
    _item(
        "FR-38X89-48-ST",
        "38x89 KD stud, 4.8 m",
        "framing",
        "stud",
        "ea",
        "10.60",
        stock=4.8,
        system="metric",
    ),
    _item(
        "FR-38X89-24-PL",
        "38x89 KD plate, 2.4 m",
        "framing",
        "plate",
        "ea",
        "4.15",
        stock=2.4,
        system="metric",
    ),
    _item(
        "FR-38X89-30-PL",
        "38x89 KD plate, 3.0 m",
        "framing",
        "plate",
        "ea",
        "5.95",
        stock=3.0,
        system="metric",
    ),
    _item(
        "FR-38X89-36-PL",
        "38x89 KD plate, 3.6 m",
        "framing",
        "plate",
        "ea",
        "7.35",
        stock=3.6,
        system="metric",
    ),
    _item(
        "FR-38X89-48-PL",
        "38x89 KD plate, 4.8 m",
        "framing",
        "plate",
        "ea",
        "10.60",
        stock=4.8,
        system="metric",
    ),
    _item(
        "FR-38X184-24-HD",
        "38x184 KD header ply, 2.4 m",
        "framing",
        "header",
        "ea",
        "9.20",
        stock=2.4,
        system="metric",
    ),
    _item(
        "FR-38X184-30-HD",
        "38x184 KD header ply, 3.0 m",
        "framing",
        "header",
        "ea",
        "11.60",
        stock=3.0,
        system="metric",
    ),
    _item(
        "FR-38X184-36-HD",
        "38x184 KD header ply, 3.6 m",
        "framing",
        "header",
        "ea",
        "13.90",
        stock=3.6,
        system="metric",
    ),
    _item(
        "FR-38X184-48-HD",
        "38x184 KD header ply, 4.8 m",
        "framing",
        "header",
        "ea",
        "18.90",
        stock=4.8,
        system="metric",
    ),
    # Drywall: 1/2 in (12.5 mm) regular gypsum board, fasteners and compound.
    _item(
        "DW-12-4X8",
        "1/2 in drywall, 4 x 8 ft sheet",
        "drywall",
        "drywall_sheet",
        "sheet",
        "15.98",
        sheet=(1.2192, 2.4384),
        system="imperial",
    ),
    _item(
        "DW-12-4X12",
        "1/2 in drywall, 4 x 12 ft sheet",
        "drywall",
        "drywall_sheet",
        "sheet",
        "22.98",
        sheet=(1.2192, 3.6576),
        system="imperial",
    ),
    _item(
        "DW-125-1200X2400",
        "12.5 mm plasterboard, 1200 x 2400 mm",
        "drywall",
        "drywall_sheet",
        "sheet",
        "15.48",
        sheet=(1.2, 2.4),
        system="metric",
    ),
    _item(
        "DW-125-1200X3000",
        "12.5 mm plasterboard, 1200 x 3000 mm",
        "drywall",
        "drywall_sheet",
        "sheet",
        "19.68",
        sheet=(1.2, 3.0),
        system="metric",
    ),
    _item(
        "DW-SCREW-1000",
        "Drywall screws #6 x 1-1/4 in coarse, box of 1000",
        "drywall",
        "drywall_screws",
        "box",
        "21.97",
        system="imperial",
    ),
    _item(
        "DW-MUD-45GAL",
        "All-purpose joint compound, 4.5 gal (17 L) pail",
        "drywall",
        "joint_compound",
        "ea",
        "21.48",
        system="imperial",
    ),
    _item(
        "DW-SCREW-M-1000",
        "Drywall screws 3.5 x 35 mm coarse, box of 1000",
        "drywall",
        "drywall_screws",
        "box",
        "21.97",
        system="metric",
    ),
    _item(
        "DW-MUD-17L",
        "All-purpose joint compound, 17 L pail",
        "drywall",
        "joint_compound",
        "ea",
        "21.48",
        system="metric",
    ),
    # Flooring, priced by area; the imperial items by ft², the metric ones by m².
    _item(
        "FL-TILE-FT2",
        "Porcelain floor tile 12 x 24 in",
        "flooring",
        "floor_tile",
        "ft2",
        "2.49",
        system="imperial",
    ),
    _item(
        "FL-LAM-FT2",
        "Laminate flooring 12 mm AC4",
        "flooring",
        "floor_laminate",
        "ft2",
        "2.19",
        system="imperial",
    ),
    _item(
        "FL-LVP-FT2",
        "Luxury vinyl plank 20 mil wear layer",
        "flooring",
        "floor_vinyl",
        "ft2",
        "2.79",
        system="imperial",
    ),
    _item(
        "FL-CPT-FT2",
        "Carpet with pad, installed-grade",
        "flooring",
        "floor_carpet",
        "ft2",
        "2.99",
        system="imperial",
    ),
    _item(
        "FL-TILE-M2",
        "Porcelain floor tile 300 x 600 mm",
        "flooring",
        "floor_tile",
        "m2",
        "26.80",
        system="metric",
    ),
    _item(
        "FL-LAM-M2",
        "Laminate flooring 12 mm AC4",
        "flooring",
        "floor_laminate",
        "m2",
        "23.57",
        system="metric",
    ),
    _item(
        "FL-LVP-M2",
        "Luxury vinyl plank 0.5 mm wear layer",
        "flooring",
        "floor_vinyl",
        "m2",
        "30.03",
        system="metric",
    ),
    _item(
        "FL-CPT-M2",
        "Carpet with pad, installed-grade",
        "flooring",
        "floor_carpet",
        "m2",
        "32.18",
        system="metric",
    ),
    # Paint: interior acrylic latex, walls eggshell, ceilings flat white.
    _item(
        "PT-WALL-GAL",
        "Interior latex paint, eggshell, 1 gal",
        "paint",
        "paint",
        "gal",
        "42.98",
        system="imperial",
    ),
    _item(
        "PT-CEIL-GAL",
        "Interior ceiling paint, flat white, 1 gal",
        "paint",
        "ceiling_paint",
        "gal",
        "34.98",
        system="imperial",
    ),
    _item(
        "PT-WALL-L",
        "Interior latex paint, eggshell, per litre",
        "paint",
        "paint",
        "L",
        "11.37",
        system="metric",
    ),
    _item(
        "PT-CEIL-L",
        "Interior ceiling paint, flat white, per litre",
        "paint",
        "ceiling_paint",
        "L",
        "9.25",
        system="metric",
    ),
    # Trim: primed MDF baseboard, by the 16 ft piece (imperial) or by the metre (metric).
    _item(
        "TR-BASE-16",
        "Primed MDF baseboard 3-1/4 in, 16 ft",
        "trim",
        "baseboard",
        "ea",
        "13.98",
        stock=4.8768,
        system="imperial",
    ),
    _item(
        "TR-BASE-M",
        "Primed MDF baseboard 83 mm, per metre",
        "trim",
        "baseboard",
        "m",
        "2.85",
        system="metric",
    ),
)
