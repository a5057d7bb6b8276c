"""Property-based invariants over random plans and options."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from floorplans.takeoff import DEFAULT_CATALOGUE, build_layout, parse_options, price_bom

from .plans import graph, opening, room, wall

option_sets = st.fixed_dictionaries(
    {
        "unit_system": st.sampled_from(["imperial", "metric"]),
        "top_plates": st.sampled_from(["single", "double"]),
        "drywall_method": st.sampled_from(["layout", "area"]),
        "ceilings": st.booleans(),
        "paint_coats": st.integers(1, 4),
        "waste_framing": st.integers(0, 50),
        "waste_drywall": st.integers(0, 50),
        "waste_flooring": st.integers(0, 50),
    }
)


@st.composite
def room_plans(draw):
    """A rectangle, optionally split by an interior wall, with random openings."""
    width = draw(st.floats(60, 600))
    height = draw(st.floats(60, 400))
    thickness = draw(st.floats(3, 10))
    walls = [
        wall("w1", 0, 0, width, 0, thickness),
        wall("w2", width, 0, width, height, thickness),
        wall("w3", width, height, 0, height, thickness),
        wall("w4", 0, height, 0, 0, thickness),
    ]
    half = thickness / 2
    rooms = [
        room(
            "r1",
            draw(st.sampled_from(["BATH", "BED", "KITCHEN"])),
            half,
            half,
            width - half,
            height - half,
        )
    ]
    if draw(st.booleans()):
        split = width / 2
        walls.append(wall("w5", split, 0, split, height, thickness))
        rooms = [
            room("r1", "BED", half, half, split - half, height - half),
            room("r2", "WC", split + half, half, width - half, height - half),
        ]
    openings = []
    for index, fraction in enumerate(draw(st.lists(st.floats(0.2, 0.8), max_size=3))):
        kind = draw(st.sampled_from(["door", "window"]))
        size = draw(st.floats(20, 40))
        openings.append(opening(f"o{index}", "w1", kind, width * fraction, 0, size))
    scale = draw(st.sampled_from([0.01, 0.0254, 0.0254 * 0.4]))
    return graph(walls, openings, rooms, scale)


@settings(max_examples=60, deadline=None)
@given(plan=room_plans(), raw_options=option_sets)
def test_quantities_are_never_negative_and_totals_add_up(plan, raw_options):
    options = parse_options(raw_options)
    bom = price_bom(build_layout(plan, options), DEFAULT_CATALOGUE, options)
    assert all(line.quantity > 0 and line.quantity == int(line.quantity) for line in bom.lines)
    assert all(line.line_total == line.quantity * line.unit_price for line in bom.lines)
    assert sum((line.line_total for line in bom.lines), Decimal(0)) == bom.total
    assert sum(bom.subtotals.values(), Decimal(0)) == bom.total
    for category, subtotal in bom.subtotals.items():
        assert subtotal == sum(
            (line.line_total for line in bom.lines if line.category == category), Decimal(0)
        )


@settings(max_examples=60, deadline=None)
@given(
    length=st.floats(1, 2000),
    extra=st.floats(0, 500),
    spacing=st.sampled_from([12, 16, 24]),
)
def test_stud_count_grows_monotonically_with_wall_length(length, extra, spacing):
    options = parse_options({"stud_spacing": spacing})

    def studs(n):
        return len(build_layout(graph([wall("w1", 0, 0, n, 0)]), options).walls[0].studs)

    assert studs(length) <= studs(length + extra)


@settings(max_examples=40, deadline=None)
@given(plan=room_plans(), waste=st.integers(0, 49))
def test_more_waste_never_buys_less(plan, waste):
    low = parse_options({"waste_framing": waste, "waste_drywall": waste})
    high = parse_options({"waste_framing": waste + 1, "waste_drywall": waste + 1})
    layout = build_layout(plan, low)
    low_bom = price_bom(layout, DEFAULT_CATALOGUE, low)
    high_bom = price_bom(layout, DEFAULT_CATALOGUE, high)
    for a, b in zip(low_bom.lines, high_bom.lines, strict=True):
        assert a.quantity <= b.quantity
