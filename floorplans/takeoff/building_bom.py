"""One BOM for a building from the BOMs of its floor-plan sheets.

The building BOM adds the sheets' lines as priced, item by item: every quantity was
already rounded up to whole purchasable units per sheet (each level is bought and
delivered on its own), so the building's line, subtotals and total are exactly the sums
of the sheets' and an estimator can check any of them against the sheet BOMs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from .bom import Bom, BomLine
from .catalogue import CATEGORIES, CatalogueItem


@dataclass(frozen=True)
class SheetBom:
    label: str  # how the sheet is named in derivations, e.g. "A-101 FIRST FLOOR PLAN"
    bom: Bom


def combine_boms(sheets: Sequence[SheetBom]) -> Bom:
    """The building's BOM; its lines keep the order in which items first appear."""
    if not sheets:
        raise ValueError("a building BOM needs at least one sheet")
    currencies = {sheet.bom.currency for sheet in sheets}
    if len(currencies) != 1:
        raise ValueError(f"sheets are priced in different currencies: {sorted(currencies)}")
    merged: dict[tuple[str, Decimal], BomLine] = {}
    parts: dict[tuple[str, Decimal], list[str]] = {}
    catalogue: dict[str, CatalogueItem] = {}
    warnings: list[str] = []
    for sheet in sheets:
        for line in sheet.bom.lines:
            key = (line.sku, line.unit_price)
            parts.setdefault(key, []).append(f"{sheet.label}: {line.quantity} {line.unit}")
            if key in merged:
                line = replace(
                    merged[key],
                    quantity=merged[key].quantity + line.quantity,
                    line_total=merged[key].line_total + line.line_total,
                )
            merged[key] = line
        for item in sheet.bom.catalogue:
            catalogue.setdefault(item.sku, item)
        warnings += [f"{sheet.label}: {warning}" for warning in sheet.bom.warnings]
    lines = tuple(
        replace(line, derivation=f"sum of sheets: {'; '.join(parts[key])}")
        for key, line in merged.items()
    )
    subtotals = {category: Decimal("0.00") for category in CATEGORIES}
    for sheet in sheets:
        for category, value in sheet.bom.subtotals.items():
            subtotals[category] = subtotals.get(category, Decimal("0.00")) + value
    return Bom(
        currency=currencies.pop(),
        lines=lines,
        subtotals=subtotals,
        total=sum((sheet.bom.total for sheet in sheets), Decimal("0.00")),
        options=dict(sheets[0].bom.options),
        catalogue=tuple(catalogue.values()),
        warnings=tuple(warnings),
    )
