"""The two-room plan (plans.two_room_plan) taken off by hand, in metric and in imperial.

Plan, in points: outline 600 x 400, walls 10 thick, interior wall at x=300 (T at both ends),
BEDROOM left with a 120 window in the top wall at x=150, a 90 door at y=200 into KITCHEN.
Rooms' inner faces: 290 x 390 each.

Metric at 1 pt = 1 cm: 6 m x 4 m, window 1.2 m, door 0.9 m, rooms 2.9 x 3.9 m.
Imperial at 1 pt = 0.4 in: 20 ft x 13 ft 4 in (240 x 160 in), window 48 in, door 36 in,
rooms 116 x 156 in.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from floorplans.takeoff import DEFAULT_CATALOGUE, build_layout, parse_options, price_bom

from .plans import CM_PER_POINT, two_room_plan

IMPERIAL_MPP = 0.0254 * 0.4


def test_both_plans_frame_the_same_77_studs():
    # Wall by wall (metric marks every 0.4 m; imperial every 16 in; same positions in pts):
    #   w1 (6 m / 240 in): 2 ends + 10 commons + 2 king + 2 jack + 3 cripples under the window
    #      sill + 2 T-channel + 2 corner backers (w1 sorts before w2 and w4) = 23
    #      (mark 0.8 m / 32 in is within 2t of the king and is dropped; marks 1.2-2.0 m /
    #      48-80 in are inside the window and become the cripples)
    #   w2 (4 m / 160 in): 2 ends + 9 commons + 1 backer (corner with w3) = 12
    #   w3 (6 m): 2 ends + 14 commons + 2 channel + 1 backer (corner with w4) = 19
    #   w4 (4 m): 2 ends + 9 commons = 11
    #   w5 (4 m, door at 2 m): 2 ends + 6 commons (1.6, 2.0, 2.4 m displaced) + 2 king + 2 jack = 12
    expected = {
        "end": 10,
        "common": 10 + 9 + 14 + 9 + 6,
        "corner": 4,
        "channel": 4,
        "king": 4,
        "jack": 4,
        "cripple": 3,
    }
    for options in (parse_options({"unit_system": "metric"}), parse_options({})):
        mpp = CM_PER_POINT if options.unit_system == "metric" else IMPERIAL_MPP
        layout = build_layout(two_room_plan(mpp), options)
        assert layout.stud_counts() == expected
        assert sum(expected.values()) == 77
        assert [len(w.studs) for w in layout.walls] == [23, 12, 19, 11, 12]
        assert [len(w.boarded_sides) for w in layout.walls] == [1, 1, 1, 1, 2]
        assert layout.warnings == ()


def test_metric_two_room_plan_bill_of_materials():
    options = parse_options({"unit_system": "metric"})
    layout = build_layout(two_room_plan(CM_PER_POINT), options)
    bom = price_bom(layout, DEFAULT_CATALOGUE, options)
    lines = {line.sku: line for line in bom.lines}

    # Studs from 2.4 m stock (kerf 3 mm): 70 full studs of 2.286 m, one bar each; 4 jacks of
    # 2.1 - 0.038 = 2.062 m, one bar each; 3 sill cripples of 0.9 - 2 x 0.038 = 0.824 m pack
    # two to a bar (0.824 + 0.003 + 0.824 = 1.651; a third needs 2.478) -> 2 bars.
    # 70 + 4 + 2 = 76 bars, +10% = 83.6 -> 84.
    assert layout.stud_cuts.stock_count == 76
    assert lines["FR-38X89-24-ST"].quantity == 84
    # Plates from 4.8 m: 3 courses x (6 + 4 + 6 + 4 + 4 m). 6 m runs = 4.8 + 1.2.
    # Pieces 6 x 4.8, 9 x 4.0, 6 x 1.2 + the 1.2 m window sill = 7 x 1.2 (3 per bar with
    # kerf: 1.2 x 4 + 3 x 0.003 > 4.8). 6 + 9 + 3 = 18 bars, +10% = 19.8 -> 20.
    assert layout.plate_cuts.stock_count == 18
    assert lines["FR-38X89-48-PL"].quantity == 20
    # Headers, 2 plies each: window 1.2 + 2 x 0.038 = 1.276, door 0.976; all four fit one
    # 4.8 m bar (4.504 + kerfs); +10% = 1.1 -> 2.
    assert lines["FR-38X184-48-HD"].quantity == 2

    # Drywall 1200 x 2400, wall height 2.4 m. Faces: w1 6 m: 5 sheets standing (6 / 1.2);
    # w3 likewise 5; w2, w4 4 m: 4 each (2 x 2 lying, ties go horizontal); w5 both faces
    # 4 each = 8. Walls 26. Ceilings 2 x 2.9 x 3.9 = 22.62 m² / 2.88 = 7.85 -> 8.
    # 34 sheets, +10% = 37.4 -> 38.
    assert layout.drywall.wall_sheets == 26
    assert layout.drywall.ceiling_sheets == 8
    assert lines["DW-125-1200X2400"].quantity == 38
    # Boarded: walls net 14.4 - 1.44 (window) + 14.4 + 9.6 + 9.6 + 2 x (9.6 - 0.9 x 2.1)
    # = 61.98 m², + ceilings 22.62 = 84.6 m². Screws: 84.6 / 92.903 m² per box x 1.1 =
    # 1.0017 -> 2 boxes. Compound: 84.6 / 41.806 m² per pail x 1.1 = 2.226 -> 3.
    # A metric takeoff buys the metric products (3.5 x 35 mm screws, a 17 L pail).
    assert layout.drywall.boarded_area_m2 == pytest.approx(84.6)
    assert lines["DW-SCREW-M-1000"].quantity == 2
    assert lines["DW-MUD-17L"].quantity == 3

    # Flooring: 11.31 m² each; BEDROOM laminate, KITCHEN tile; x 1.1 = 12.44 -> 13 m².
    assert lines["FL-LAM-M2"].quantity == 13
    assert lines["FL-TILE-M2"].quantity == 13
    # Baseboard: perimeters 13.6 m each minus the 0.9 m door (it opens into both rooms):
    # 2 x 12.7 = 25.4 m, x 1.1 = 27.94 -> 28 m.
    assert lines["TR-BASE-M"].quantity == 28
    # Paint: BEDROOM 13.6 x 2.4 - 1.44 - 1.89 = 29.31, KITCHEN 32.64 - 1.89 = 30.75 m²;
    # 60.06 x 2 coats / 9 m²/L = 13.35 L x 1.1 = 14.68 -> 15 L.
    # Ceilings 22.62 x 2 / 9 = 5.03 L x 1.1 = 5.53 -> 6 L.
    assert lines["PT-WALL-L"].quantity == 15
    assert lines["PT-CEIL-L"].quantity == 6

    # Money: 84 x 4.15 + 20 x 10.60 + 2 x 18.90 = 348.60 + 212.00 + 37.80 = 598.40
    # 38 x 15.48 + 2 x 21.97 + 3 x 21.48 = 588.24 + 43.94 + 64.44 = 696.62
    # 13 x 23.57 + 13 x 26.80 = 306.41 + 348.40 = 654.81
    # 15 x 11.37 + 6 x 9.25 = 170.55 + 55.50 = 226.05 ; 28 x 2.85 = 79.80
    assert bom.subtotals == {
        "framing": Decimal("598.40"),
        "drywall": Decimal("696.62"),
        "flooring": Decimal("654.81"),
        "paint": Decimal("226.05"),
        "trim": Decimal("79.80"),
    }
    assert bom.total == Decimal("2255.68")
    assert bom.currency == "USD"
    assert bom.options["unit_system"] == "metric"


def test_imperial_two_room_plan_bill_of_materials():
    options = parse_options({})
    layout = build_layout(two_room_plan(IMPERIAL_MPP), options)
    bom = price_bom(layout, DEFAULT_CATALOGUE, options)
    lines = {line.sku: line for line in bom.lines}

    # Studs from 8 ft (96 in) stock, kerf 1/8 in: 70 x 91.5 in, jacks 2 x 82.5 (window:
    # 36 + 48 - 1.5) and 2 x 80.5 (door: 82 - 1.5), one bar each; 3 cripples of 33 in, two to
    # a bar (66.125; a third needs 99.25) -> 2. 76 bars, +10% -> 84.
    assert layout.stud_cuts.stock_count == 76
    assert lines["FR-2X4-08-ST"].quantity == 84
    # Plates from 16 ft (192 in): 240 in runs = 192 + 48. Pieces 6 x 192, 9 x 160,
    # 7 x 48 (incl. the sill; 4 x 48 = 192 exactly, but kerf makes it 3 per bar).
    # 6 + 9 + 3 = 18, +10% -> 20.
    assert layout.plate_cuts.stock_count == 18
    assert lines["FR-2X4-16-PL"].quantity == 20
    # Headers 2 x 51 + 2 x 39 in = 180 in + kerf in one 16 ft 2x8 -> 1, +10% -> 2.
    assert lines["FR-2X8-16-HD"].quantity == 2

    # Drywall 4 x 8 ft: w1, w3 240 in -> 5 standing; w2, w4 160 in -> 4; w5 2 x 4. = 26.
    # Ceilings 2 x 116 x 156 in = 251.33 ft² / 32 = 7.85 -> 8. 34 x 1.1 = 37.4 -> 38.
    assert lines["DW-12-4X8"].quantity == 38
    # Boarded: walls 99 312 in² (689.67 ft²) + ceilings 251.33 = 941.0 ft².
    # Screws 941 / 1000 x 1.1 = 1.035 -> 2; compound 941 / 450 x 1.1 = 2.30 -> 3.
    assert lines["DW-SCREW-1000"].quantity == 2
    assert lines["DW-MUD-45GAL"].quantity == 3
    # Flooring 125.67 ft² per room x 1.1 = 138.23 -> 139 ft² each.
    assert lines["FL-LAM-FT2"].quantity == 139
    assert lines["FL-TILE-FT2"].quantity == 139
    # Baseboard (2 x (544 - 36) in = 84.67 ft) in 16 ft pieces: 5.29 x 1.1 = 5.82 -> 6.
    assert lines["TR-BASE-16"].quantity == 6
    # Paint: (544 x 96 - 2304 - 2952) + (544 x 96 - 2952) = 96 240 in² = 668.33 ft²;
    # x 2 coats / 350 ft²/gal = 3.82 gal x 1.1 = 4.20 -> 5 gal.
    # Ceilings 251.33 x 2 / 350 = 1.44 x 1.1 = 1.58 -> 2 gal.
    assert lines["PT-WALL-GAL"].quantity == 5
    assert lines["PT-CEIL-GAL"].quantity == 2

    # 84 x 4.28 + 20 x 10.98 + 2 x 19.48 = 359.52 + 219.60 + 38.96 = 618.08
    # 38 x 15.98 + 43.94 + 64.44 = 607.24 + 108.38 = 715.62
    # 139 x 2.19 + 139 x 2.49 = 304.41 + 346.11 = 650.52
    # 5 x 42.98 + 2 x 34.98 = 214.90 + 69.96 = 284.86 ; 6 x 13.98 = 83.88
    assert bom.subtotals == {
        "framing": Decimal("618.08"),
        "drywall": Decimal("715.62"),
        "flooring": Decimal("650.52"),
        "paint": Decimal("284.86"),
        "trim": Decimal("83.88"),
    }
    assert bom.total == Decimal("2352.96")
    studs = lines["FR-2X4-08-ST"]
    assert studs.derivation.startswith("77 studs: 48 on-centre + 10 wall ends")
    assert studs.derivation.endswith("+10% waste -> 84 ea")
