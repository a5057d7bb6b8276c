"""Waste, rounding, catalogue choice, export round-trips and the no-scale error."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from decimal import Decimal

import pytest

from floorplans.takeoff import (
    DEFAULT_CATALOGUE,
    CatalogueError,
    NoScaleError,
    bom_from_dict,
    bom_lines_from_csv,
    bom_to_csv,
    bom_to_dict,
    build_layout,
    parse_options,
    price_bom,
    render_layout_svg,
)

from .plans import CM_PER_POINT, graph, two_room_plan, wall


def straight_wall_bom(**options):
    opts = parse_options(options)
    layout = build_layout(graph([wall("w1", 0, 0, 120, 0)]), opts)
    return price_bom(layout, DEFAULT_CATALOGUE, opts)


@pytest.mark.parametrize(
    ("waste", "expected"),
    [
        (0, 9),  # the 10 ft wall's 9 studs, one 8 ft stock each
        (10, 10),  # 9 x 1.10 = 9.9 -> 10
        (12, 11),  # 9 x 1.12 = 10.08 -> 11 (always rounded up)
        (50, 14),  # 9 x 1.5 = 13.5 -> 14
    ],
)
def test_waste_factor_is_added_then_rounded_up(waste, expected):
    bom = straight_wall_bom(waste_framing=waste)
    (studs,) = [line for line in bom.lines if line.sku == "FR-2X4-08-ST"]
    assert studs.quantity == expected
    assert studs.line_total == expected * Decimal("4.28")


def test_exact_multiples_are_not_pushed_up_by_float_noise():
    # 10 x 1.1 is 11.000000000000002 in floats; Decimal waste keeps it 11.
    opts = parse_options({"waste_framing": 10})
    layout = build_layout(graph([wall("w1", 0, 0, 144, 0)]), opts)  # 2 ends + 8 commons
    (studs,) = [ln for ln in price_bom(layout, DEFAULT_CATALOGUE, opts).lines if "ST" in ln.sku]
    assert studs.quantity == 11


def test_waste_per_category_is_independent():
    opts = parse_options({"unit_system": "metric", "waste_flooring": 0, "waste_paint": 50})
    bom = price_bom(build_layout(two_room_plan(CM_PER_POINT), opts), DEFAULT_CATALOGUE, opts)
    lines = {line.sku: line for line in bom.lines}
    # Flooring 11.31 m² with no waste -> 12 m²; paint 13.35 L x 1.5 = 20.02 -> 21 L.
    assert lines["FL-LAM-M2"].quantity == 12
    assert lines["PT-WALL-L"].quantity == 21
    assert "no waste allowance" in lines["FL-LAM-M2"].derivation


def test_flooring_override_and_none():
    opts = parse_options({"unit_system": "metric", "flooring": {"KITCHEN": "none"}})
    bom = price_bom(build_layout(two_room_plan(CM_PER_POINT), opts), DEFAULT_CATALOGUE, opts)
    skus = {line.sku for line in bom.lines}
    assert "FL-TILE-M2" not in skus
    assert "FL-LAM-M2" in skus


def test_area_method_counts_sheets_from_net_area():
    opts = parse_options({"unit_system": "metric", "drywall_method": "area", "ceilings": False})
    layout = build_layout(two_room_plan(CM_PER_POINT), opts)
    # Net wall area 61.98 m² / 2.88 = 21.52 -> 22 sheets (layout method: 26).
    assert layout.drywall.wall_sheets == 22
    assert layout.drywall.ceiling_sheets == 0


def test_no_scale_raises_the_user_facing_message():
    plan = graph([wall("w1", 0, 0, 120, 0)], metres_per_point=None)
    with pytest.raises(NoScaleError, match=r"set a scale override such as 1/4\"=1'-0\" or 1:100"):
        build_layout(plan, parse_options({}))
    # The preview still draws, without areas.
    assert "<svg" in render_layout_svg(plan)


def test_missing_catalogue_item_is_reported_by_role():
    opts = parse_options({"plate_stock_length": 8})
    layout = build_layout(graph([wall("w1", 0, 0, 120, 0)]), opts)
    catalogue = [item for item in DEFAULT_CATALOGUE if item.sku != "FR-2X4-08-PL"]
    with pytest.raises(CatalogueError, match="'plate'"):
        price_bom(layout, catalogue, opts)
    with pytest.raises(CatalogueError, match="priced in EUR"):
        price_bom(layout, DEFAULT_CATALOGUE, opts, currency="EUR")


def test_csv_has_spreadsheet_headers_and_round_trips_the_lines():
    opts = parse_options({})
    bom = price_bom(build_layout(two_room_plan(0.0254 * 0.4), opts), DEFAULT_CATALOGUE, opts)
    text = bom_to_csv(bom)
    assert text.startswith("\ufeffSKU,")  # the UTF-8 BOM Excel needs to read m² right
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == [
        "SKU",
        "Description",
        "Category",
        "Quantity",
        "Unit",
        "Unit price (USD)",
        "Line total (USD)",
        "Derivation",
    ]
    # Data rows only: no blank, subtotal or total rows to trip up a sort or a filter.
    assert len(rows) == 1 + len(bom.lines)
    assert {row[2] for row in rows[1:]} == {line.category for line in bom.lines}
    assert bom_lines_from_csv(text) == list(bom.lines)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_csv_text_cells_cannot_start_a_formula(start):
    opts = parse_options({})
    catalogue = [
        replace(item, name=f'{start}HYPERLINK("http://evil")') if item.role == "stud" else item
        for item in DEFAULT_CATALOGUE
    ]
    bom = price_bom(build_layout(two_room_plan(0.0254 * 0.4), opts), catalogue, opts)

    text = bom_to_csv(bom)

    row = next(r for r in csv.reader(io.StringIO(text)) if r[0].startswith("FR-2X4"))
    assert row[1] == f'\'{start}HYPERLINK("http://evil")'
    assert float(row[3]) > 0 and not row[3].startswith("'")  # numbers stay numbers
    assert bom_lines_from_csv(text) == list(bom.lines)


def test_a_metric_bom_buys_only_metric_items():
    opts = parse_options({"unit_system": "metric"})
    bom = price_bom(build_layout(two_room_plan(CM_PER_POINT), opts), DEFAULT_CATALOGUE, opts)

    systems = {item.sku: item.unit_system for item in DEFAULT_CATALOGUE}
    assert {systems[line.sku] for line in bom.lines} == {"metric"}
    skus = {line.sku for line in bom.lines}
    assert {"DW-SCREW-M-1000", "DW-MUD-17L"} <= skus
    assert not any(" in " in line.description or "gal" in line.description for line in bom.lines)
    consumables = [line for line in bom.lines if line.sku in ("DW-SCREW-M-1000", "DW-MUD-17L")]
    assert all("m²" in line.derivation and "ft" not in line.derivation for line in consumables)


def test_an_imperial_bom_buys_only_imperial_items():
    opts = parse_options({})
    bom = price_bom(build_layout(two_room_plan(0.0254 * 0.4), opts), DEFAULT_CATALOGUE, opts)

    systems = {item.sku: item.unit_system for item in DEFAULT_CATALOGUE}
    assert {systems[line.sku] for line in bom.lines} == {"imperial"}


def test_dict_round_trips_through_json():
    opts = parse_options({"unit_system": "metric"})
    bom = price_bom(build_layout(two_room_plan(CM_PER_POINT), opts), DEFAULT_CATALOGUE, opts)
    data = json.loads(json.dumps(bom_to_dict(bom)))
    assert bom_from_dict(data) == bom
    assert data["total"] == "2255.68"
    # The snapshot holds the priced items with their prices at pricing time.
    assert {item["sku"] for item in data["catalogue"]} == {line.sku for line in bom.lines}
    assert data["catalogue"][0]["unit_price"] == str(bom.catalogue[0].unit_price)


def test_default_catalogue_is_unique_and_priced():
    skus = [item.sku for item in DEFAULT_CATALOGUE]
    assert len(skus) == len(set(skus))
    assert all(item.unit_price > 0 and item.currency == "USD" for item in DEFAULT_CATALOGUE)


def test_svg_draws_rooms_openings_and_studs():
    opts = parse_options({"unit_system": "metric"})
    plan = two_room_plan(CM_PER_POINT)
    svg = render_layout_svg(plan, build_layout(plan, opts))
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert svg.count('class="stud ') == 77
    assert "BEDROOM" in svg and "11.3 m²" in svg
    assert svg.count("<polygon") == 2


def test_layout_svg_has_a_legend_below_the_drawing_naming_every_colour_it_uses():
    opts = parse_options({"unit_system": "metric", "flooring": {"BEDROOM": "carpet"}})
    plan = two_room_plan(CM_PER_POINT)
    layout = build_layout(plan, opts)
    svg = render_layout_svg(plan, layout)

    legend = svg[svg.index('<g id="legend"') :]
    names = re.findall(r"<text [^>]*>([^<]+)</text>", legend)
    kinds = {stud.kind for wall in layout.walls for stud in wall.studs}
    floors = {room.flooring for room in layout.rooms}
    assert set(names) == {f"{k} stud" for k in kinds} | {f"{f} floor" for f in floors} | {
        "door",
        "window",
    }
    assert "carpet floor" in names
    drawing_bottom = float(plan["page"]["height"])
    _, _, _, height = map(float, re.search(r'viewBox="([^"]+)"', svg)[1].split())
    ys = [float(y) for y in re.findall(r' y="([\d.]+)"', legend)]
    assert drawing_bottom < min(ys) and max(ys) < height  # under the page, inside the image
    assert '<g id="legend"' not in render_layout_svg(plan)  # a bare preview has no colours
