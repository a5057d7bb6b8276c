"""The building BOM is exactly the sum of its sheets' BOMs."""

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

import pytest

from floorplans.samples.catalog import sample_plans
from floorplans.samples.render import ground_truth
from floorplans.takeoff import (
    DEFAULT_CATALOGUE,
    bom_lines_from_csv,
    bom_to_csv,
    build_layout,
    parse_options,
    price_bom,
)
from floorplans.takeoff.building_bom import SheetBom, combine_boms


@pytest.fixture(scope="module")
def sheets():
    options = parse_options({})
    return [
        SheetBom(f"A-10{i + 1}", price_bom(build_layout(ground_truth(plan, "double_line"), options),
                                           DEFAULT_CATALOGUE, options))
        for i, plan in enumerate(sample_plans()[1:3])
    ]  # fmt: skip


def test_every_line_subtotal_and_the_total_are_the_sums_of_the_sheets(sheets):
    building = combine_boms(sheets)
    quantities, totals = defaultdict(Decimal), defaultdict(Decimal)
    for sheet in sheets:
        for line in sheet.bom.lines:
            quantities[line.sku] += line.quantity
            totals[line.sku] += line.line_total
    assert {line.sku: line.quantity for line in building.lines} == quantities
    assert {line.sku: line.line_total for line in building.lines} == totals
    for category in building.subtotals:
        assert building.subtotals[category] == sum(s.bom.subtotals[category] for s in sheets)
    assert building.total == sum(s.bom.total for s in sheets) > 0
    assert building.total == sum(building.subtotals.values())


def test_each_line_says_which_sheet_contributed_what(sheets):
    building = combine_boms(sheets)
    stud = next(line for line in building.lines if line.sku == sheets[0].bom.lines[0].sku)
    assert stud.derivation.startswith("sum of sheets: A-101: ")
    assert "A-102: " in stud.derivation
    exported = bom_lines_from_csv(bom_to_csv(building))
    assert [(x.sku, x.quantity) for x in exported] == [(x.sku, x.quantity) for x in building.lines]


def test_sheets_in_different_currencies_are_refused(sheets):
    euro = SheetBom("B-101", replace(sheets[1].bom, currency="EUR"))
    with pytest.raises(ValueError, match="different currencies"):
        combine_boms([sheets[0], euro])
