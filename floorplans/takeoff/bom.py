"""price_bom: turn a Layout into priced, purchasable line items.

Every quantity is: base quantity from the layout, in the item's unit -> plus the category's
waste allowance -> rounded up to a whole purchasable unit. Money is Decimal, line totals are
rounded half-up to cents, and the subtotals and total are sums of the rounded line totals,
so the printed BOM always adds up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any

from .catalogue import CATEGORIES, CatalogueItem, find_item
from .cutting import CuttingPlan
from .layout import Layout
from .options import GeneratorOptions, options_to_dict
from .units import (
    SQFT_M2,
    area_from_m2,
    format_area,
    format_length,
    from_metres,
    is_area_unit,
    is_length_unit,
    is_volume_unit,
    volume_from_litres,
    volume_to_litres,
)

CENT = Decimal("0.01")
# Rules of thumb for consumables (per area actually boarded, walls + ceilings):
SCREWS_BOX_COVERS_M2 = 1000 * SQFT_M2  # ~1 screw per ft² at 16 in o.c.; a box holds 1000
COMPOUND_PAIL_COVERS_M2 = 450 * SQFT_M2  # ~1 gal per 100 ft² over three coats; 4.5 gal pail
_LISTED_ROOMS = 6  # derivations name rooms one by one up to this many, then just count them


@dataclass(frozen=True)
class BomLine:
    sku: str
    description: str
    category: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    line_total: Decimal
    derivation: str


@dataclass(frozen=True)
class Bom:
    currency: str
    lines: tuple[BomLine, ...]
    subtotals: Mapping[str, Decimal]  # category -> sum of its line totals, CATEGORIES order
    total: Decimal
    options: Mapping[str, Any] = field(default_factory=dict)
    catalogue: tuple[CatalogueItem, ...] = ()  # the priced items as they were when priced
    warnings: tuple[str, ...] = ()


def price_bom(
    layout: Layout,
    catalogue: Sequence[CatalogueItem],
    options: GeneratorOptions,
    currency: str = "USD",
) -> Bom:
    pricer = _Pricer(catalogue, options, currency)
    _framing_lines(pricer, layout, options)
    _drywall_lines(pricer, layout, options)
    _flooring_lines(pricer, layout, options)
    _paint_lines(pricer, layout, options)
    _trim_lines(pricer, layout, options)
    return pricer.bom(layout)


class _Pricer:
    """Collects lines; knows the catalogue, units and waste so line builders stay short."""

    def __init__(
        self, catalogue: Sequence[CatalogueItem], options: GeneratorOptions, currency: str
    ) -> None:
        self.catalogue = catalogue
        self.options = options
        self.currency = currency
        self.lines: list[BomLine] = []
        self.used: dict[str, CatalogueItem] = {}

    def item(self, role: str, **size: Any) -> CatalogueItem:
        return find_item(self.catalogue, role, self.options.unit_system, self.currency, **size)

    def add(self, item: CatalogueItem, base: Decimal, category: str, derivation: str) -> None:
        """Add a line for `base` units of `item` (before waste); nothing if it is zero."""
        if base <= 0:
            return
        waste = self.options.waste(category)
        quantity = (base * (1 + waste)).to_integral_value(rounding=ROUND_CEILING)
        waste_text = f"+{_percent(waste)} waste" if waste else "no waste allowance"
        derivation = f"{derivation}; {waste_text} -> {quantity} {item.unit}"
        self.used.setdefault(item.sku, item)
        self.lines.append(
            BomLine(
                sku=item.sku,
                description=item.name,
                category=category,
                quantity=quantity,
                unit=item.unit,
                unit_price=item.unit_price,
                line_total=(quantity * item.unit_price).quantize(CENT, rounding=ROUND_HALF_UP),
                derivation=derivation,
            )
        )

    def bom(self, layout: Layout) -> Bom:
        subtotals = {category: Decimal("0.00") for category in CATEGORIES}
        for line in self.lines:
            subtotals[line.category] += line.line_total
        return Bom(
            currency=self.currency,
            lines=tuple(self.lines),
            subtotals=subtotals,
            total=sum(subtotals.values(), Decimal(0)).quantize(CENT),
            options=options_to_dict(self.options),
            catalogue=tuple(self.used.values()),
            warnings=layout.warnings,
        )


def _decimal(value: float) -> Decimal:
    # Six places keeps float noise (44.000000000000004) from rounding a quantity up.
    return Decimal(f"{value:.6f}")


def _percent(fraction: Decimal) -> str:
    return f"{(fraction * 100).normalize():f}%"


def _stock_text(plan: CuttingPlan, options: GeneratorOptions) -> str:
    return (
        f"first-fit-decreasing onto {plan.stock_count} x "
        f"{format_length(plan.stock_length_m, options.unit_system)} stock, "
        f"{format_length(plan.offcut_m, options.unit_system)} offcut"
    )


def _framing_lines(pricer: _Pricer, layout: Layout, options: GeneratorOptions) -> None:
    counts = layout.stud_counts()
    if layout.stud_cuts.stock_count:
        at_openings = counts.get("king", 0) + counts.get("jack", 0) + counts.get("cripple", 0)
        at_junctions = counts.get("corner", 0) + counts.get("channel", 0)
        text = (
            f"{sum(counts.values())} studs: {counts.get('common', 0)} on-centre + "
            f"{counts.get('end', 0)} wall ends + {at_junctions} at corners/T-junctions "
            f"({counts.get('corner', 0)} corner backers, {counts.get('channel', 0)} channel) + "
            f"{at_openings} at openings ({counts.get('king', 0)} king, "
            f"{counts.get('jack', 0)} jack, {counts.get('cripple', 0)} cripple); "
            + _stock_text(layout.stud_cuts, options)
        )
        item = pricer.item("stud", stock_length_m=layout.stud_cuts.stock_length_m)
        pricer.add(item, Decimal(layout.stud_cuts.stock_count), "framing", text)
    if layout.plate_cuts.stock_count:
        sills = sum(1 for wall in layout.walls for o in wall.openings if o.sill_length_m > 0)
        courses = 1 + options.top_plate_count
        wall_length = sum(wall.length_m for wall in layout.walls)
        text = (
            f"bottom + {options.top_plates} top plate: {courses} x "
            f"{format_length(wall_length, options.unit_system)} of wall"
            + (f" + {sills} window sill{'s' if sills > 1 else ''}" if sills else "")
            + "; "
            + _stock_text(layout.plate_cuts, options)
        )
        item = pricer.item("plate", stock_length_m=layout.plate_cuts.stock_length_m)
        pricer.add(item, Decimal(layout.plate_cuts.stock_count), "framing", text)
    if layout.header_cuts.stock_count:
        text = (
            f"{layout.opening_count} headers x 2 plies (opening width + 2 jack thicknesses); "
            + _stock_text(layout.header_cuts, options)
        )
        item = pricer.item("header", stock_length_m=layout.header_cuts.stock_length_m)
        pricer.add(item, Decimal(layout.header_cuts.stock_count), "framing", text)


def _drywall_lines(pricer: _Pricer, layout: Layout, options: GeneratorOptions) -> None:
    drywall = layout.drywall
    if drywall.total_sheets == 0:
        return
    system = options.unit_system
    sheet_area = format_area(drywall.sheet_area_m2, system)
    faces = drywall.faces
    exterior = sum(1 for wall in layout.walls if wall.is_exterior and wall.boarded_sides)
    if drywall.method == "layout":
        walls_text = (
            f"{drywall.wall_sheets} wall sheets laid along {len(faces)} boarded faces "
            f"({exterior} exterior walls inside face only, interior walls both faces)"
        )
    else:
        walls_text = (
            f"{drywall.wall_sheets} wall sheets by area: "
            f"{format_area(drywall.wall_net_area_m2, system)} net of openings / {sheet_area}"
        )
    text = walls_text
    if drywall.ceiling_sheets:
        text += (
            f" + {drywall.ceiling_sheets} ceiling sheets by area: "
            f"{format_area(drywall.ceiling_area_m2, system)} / {sheet_area}"
        )
    sheet_size = (drywall.sheet_width_m, drywall.sheet_length_m)
    item = pricer.item("drywall_sheet", sheet_size_m=sheet_size)
    pricer.add(item, Decimal(drywall.total_sheets), "drywall", text)

    boarded = drywall.boarded_area_m2
    boarded_text = format_area(boarded, system)
    pricer.add(
        pricer.item("drywall_screws"),
        _decimal(boarded / SCREWS_BOX_COVERS_M2),
        "drywall",
        f"{boarded_text} boarded at one box of 1000 screws per "
        f"{format_area(SCREWS_BOX_COVERS_M2, system)}",
    )
    pricer.add(
        pricer.item("joint_compound"),
        _decimal(boarded / COMPOUND_PAIL_COVERS_M2),
        "drywall",
        f"{boarded_text} boarded at one pail per {format_area(COMPOUND_PAIL_COVERS_M2, system)} "
        "(tape, fill, finish)",
    )


def _in_area_unit(area_m2: float, unit: str) -> float:
    if not is_area_unit(unit):
        raise ValueError(f"cannot buy an area in '{unit}'")
    return area_from_m2(area_m2, unit)


def _flooring_lines(pricer: _Pricer, layout: Layout, options: GeneratorOptions) -> None:
    by_material: dict[str, list[tuple[str, float]]] = {}
    for room in layout.rooms:
        if room.flooring != "none" and room.floor_area_m2 > 0:
            by_material.setdefault(room.flooring, []).append((room.label, room.floor_area_m2))
    for material, rooms in by_material.items():
        item = pricer.item(f"floor_{material}")
        total = sum(area for _, area in rooms)
        total_text = format_area(total, options.unit_system)
        text = f"{material} in {len(rooms)} rooms = {total_text}"
        if len(rooms) <= _LISTED_ROOMS:
            parts = " + ".join(
                f"{label or 'unlabelled'} {format_area(area, options.unit_system)}"
                for label, area in rooms
            )
            text = f"{material} in {len(rooms)} rooms: {parts} = {total_text}"
        pricer.add(item, _decimal(_in_area_unit(total, item.unit)), "flooring", text)


def _paint_volume_litres(area_m2: float, options: GeneratorOptions) -> float:
    if options.unit_system == "imperial":
        gallons = area_from_m2(area_m2, "ft2") / options.paint_coverage
        return volume_to_litres(gallons, "gal")
    return area_m2 / options.paint_coverage


def _paint_lines(pricer: _Pricer, layout: Layout, options: GeneratorOptions) -> None:
    system = options.unit_system
    coverage_unit = "ft²/gal" if system == "imperial" else "m²/L"
    needs = (
        ("paint", "walls net of openings", sum(r.wall_paint_area_m2 for r in layout.rooms)),
        ("ceiling_paint", "ceilings", sum(r.ceiling_paint_area_m2 for r in layout.rooms)),
    )
    for role, surface, area in needs:
        if area <= 0:
            continue
        item = pricer.item(role)
        if not is_volume_unit(item.unit):
            raise ValueError(f"paint item {item.sku} must be sold by L or gal, not '{item.unit}'")
        litres = _paint_volume_litres(area, options)
        net = area / options.paint_coats
        text = (
            f"{surface}: {format_area(net, system)} x {options.paint_coats} "
            f"coats = {format_area(area, system)} at {options.paint_coverage:g} {coverage_unit}"
        )
        pricer.add(item, _decimal(volume_from_litres(litres, item.unit)), "paint", text)


def _trim_lines(pricer: _Pricer, layout: Layout, options: GeneratorOptions) -> None:
    length = sum(room.baseboard_m for room in layout.rooms)
    if length <= 0:
        return
    item = pricer.item("baseboard")
    doors = sum(room.door_width_m for room in layout.rooms)
    perimeter = sum(room.perimeter_m for room in layout.rooms)
    system = options.unit_system
    text = (
        f"baseboard: room perimeters {format_length(perimeter, system)} - door widths "
        f"{format_length(doors, system)} = {format_length(length, system)}"
    )
    if item.stock_length_m and not is_length_unit(item.unit):
        # Sold by the piece: waste then round up pieces, not metres.
        text += f" in {format_length(item.stock_length_m, system)} pieces"
        pieces = _decimal(length / item.stock_length_m)
        pricer.add(item, pieces, "trim", text)
        return
    if not is_length_unit(item.unit):
        raise ValueError(f"baseboard item {item.sku} needs a length unit or a stock length")
    pricer.add(item, _decimal(from_metres(length, item.unit)), "trim", text)
