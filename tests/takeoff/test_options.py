"""Option parsing: defaults per unit system, coercion, and one clear error per bad field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from floorplans.takeoff import GeneratorOptions, OptionError, options_schema, parse_options
from floorplans.takeoff.options import OPTION_NAMES, options_to_dict


def test_defaults_are_imperial_and_come_from_the_options_table():
    options = parse_options({})
    documented = {name: prop["default"] for name, prop in options_schema()["properties"].items()}
    assert options.unit_system == documented["unit_system"] == "imperial"
    for name, default in documented.items():
        if default is not None and name != "flooring":  # None: "the unit system's default"
            assert getattr(options, name) == default, name
    assert (options.wall_height, options.stud_spacing, options.top_plates) == (8.0, 16, "double")
    assert options.drywall_sheet == "4x8"
    assert options.paint_coats == 2
    assert options.waste("framing") == Decimal("0.1")


def test_metric_defaults():
    options = parse_options({"unit_system": "metric"})
    assert (options.wall_height, options.stud_spacing) == (2.4, 400)
    assert (options.stud_stock_length, options.plate_stock_length) == (2.4, 4.8)
    assert options.drywall_sheet == "1200x2400"
    assert options.paint_coverage == 9.0
    # 2.4 m wall, double top plate: stud = 2.4 - 3 x 0.038 = 2.286 m.
    assert options.stud_length_m == pytest.approx(2.286)


def test_cli_strings_are_coerced():
    options = parse_options(
        {"wall_height": "9", "ceilings": "no", "flooring": "bed=carpet, KITCHEN=vinyl"}
    )
    assert options.wall_height == 9.0
    assert options.ceilings is False
    # 9 ft wall needs 108 - 4.5 = 103.5 in studs: the shortest stock that fits is 10 ft.
    assert options.stud_stock_length == 10.0
    assert options.flooring_for("Master Bedroom") == "carpet"
    assert options.flooring_for("KITCHEN") == "vinyl"  # user rule beats the tile default
    assert options.flooring_for("BATH 2") == "tile"
    assert options.flooring_for("LIVING") == "laminate"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"unit_system": "cubits"}, "unit_system"),
        ({"wall_height": 30}, "wall_height"),
        ({"wall_height": "tall"}, "wall_height"),
        ({"unit_system": "metric", "wall_height": 8}, "wall_height"),
        ({"stud_spacing": 18}, "stud_spacing"),
        ({"stud_spacing": 16.5}, "stud_spacing"),
        ({"unit_system": "metric", "stud_spacing": 16}, "stud_spacing"),
        ({"stud_stock_length": 9}, "stud_stock_length"),
        ({"wall_height": 12, "stud_stock_length": 8}, "stud_stock_length"),
        ({"plate_stock_length": 20}, "plate_stock_length"),
        ({"top_plates": "triple"}, "top_plates"),
        ({"drywall_sheet": "4x10"}, "drywall_sheet"),
        ({"unit_system": "metric", "drywall_sheet": "4x8"}, "drywall_sheet"),
        ({"drywall_method": "guess"}, "drywall_method"),
        ({"ceilings": "maybe"}, "ceilings"),
        ({"ceilings": 1}, "ceilings"),
        ({"flooring": {"BATH": "marble"}}, "flooring"),
        ({"flooring": ["BATH"]}, "flooring"),
        ({"flooring": "BATH"}, "flooring"),
        ({"flooring_default": "rugs"}, "flooring_default"),
        ({"paint_coats": 0}, "paint_coats"),
        ({"paint_coats": 1.5}, "paint_coats"),
        ({"paint_coverage": 1000}, "paint_coverage"),
        ({"door_height": 60}, "door_height"),
        ({"door_height": 100}, "door_height"),  # 100 + 7.25 header > 93 in under the plates
        ({"window_height": 5}, "window_height"),
        ({"window_sill_height": 50}, "window_height"),  # 50 + 48 + 7.25 > 93: too tall
        ({"window_sill_height": 2}, "window_sill_height"),
        ({"waste_framing": -1}, "waste_framing"),
        ({"waste_drywall": 51}, "waste_drywall"),
        ({"waste_flooring": float("nan")}, "waste_flooring"),
        ({"waste_paint": True}, "waste_paint"),
        ({"waste_trim": "lots"}, "waste_trim"),
    ],
)
def test_each_invalid_option_names_its_field(data, field):
    with pytest.raises(OptionError) as caught:
        parse_options(data)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


def test_error_message_says_what_is_allowed():
    with pytest.raises(OptionError, match=r"stud_spacing: must be one of 300, 400, 600 mm"):
        parse_options({"unit_system": "metric", "stud_spacing": 16})


def test_options_are_not_built_around_the_table():
    with pytest.raises(TypeError):
        GeneratorOptions()  # no defaults of its own: parse_options() supplies them


def test_a_bad_unit_system_or_flooring_material_is_refused_by_name():
    with pytest.raises(OptionError) as unit:
        parse_options({"unit_system": "cubits"})
    with pytest.raises(OptionError) as floor:
        parse_options({"flooring": {"HALL": "marble"}})
    with pytest.raises(OptionError) as built:
        GeneratorOptions(**{**options_to_dict(parse_options({})), "flooring_default": "marble"})
    assert (unit.value.field, unit.value.message) == (
        "unit_system",
        "must be one of imperial, metric",
    )
    assert (
        floor.value.field == "flooring" and "must be one of tile, laminate" in floor.value.message
    )
    assert built.value.field == "flooring_default"


def test_options_must_be_a_mapping():
    with pytest.raises(OptionError):
        parse_options(["wall_height"])  # type: ignore[arg-type]


def test_schema_documents_every_option_with_help_and_defaults():
    schema = options_schema()
    assert schema["additionalProperties"] is False
    assert list(schema["properties"]) == list(OPTION_NAMES)
    for name, prop in schema["properties"].items():
        assert prop["description"], name
        assert "default" in prop, name
    wall_height = schema["properties"]["wall_height"]["x-by-unit-system"]
    assert wall_height["metric"] == {"default": 2.4, "minimum": 1.8, "maximum": 4.8, "unit": "m"}
    assert schema["properties"]["top_plates"]["enum"] == ["single", "double"]


def test_options_round_trip_through_their_dict():
    options = parse_options({"unit_system": "metric", "flooring": {"HALL": "vinyl"}})
    assert parse_options(options_to_dict(options)) == options
