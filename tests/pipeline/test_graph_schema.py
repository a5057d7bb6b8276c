"""Every graph the pipeline emits for the generated plans obeys docs/spatialgraph.schema.json."""

import copy
import json
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from floorplans import spatialgraph
from floorplans.pipeline import extract_graph
from floorplans.pipeline.sibling_scales import sibling_scales
from floorplans.samples.catalog import sample_plans, tiny_room
from floorplans.samples.european_sheets import european_flat, stamps_printing
from floorplans.samples.render import STYLES, ground_truth, render_pdf
from floorplans.samples.stamped_sheets import open_plan, render_stamped, render_stamped_set

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "spatialgraph.schema.json"


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _errors(graph: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(graph)]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("plan_index", range(len(sample_plans())))
def test_extracted_graph_matches_the_schema(style, plan_index):
    plan = sample_plans()[plan_index]
    graph = extract_graph(render_pdf(plan, style))
    assert _errors(graph) == []
    assert _errors(ground_truth(plan, style)) == []
    wall_ids = {wall["id"] for wall in graph["walls"]}
    assert {opening["wall_id"] for opening in graph["openings"]} <= wall_ids


def test_graphs_from_an_override_and_from_dimensions_match_the_schema():
    by_override = extract_graph(render_pdf(tiny_room(), "double_line"), scale_text="1:50")
    by_dimensions = extract_graph(render_pdf(replace(tiny_room(), scale_text=""), "double_line"))
    assert by_override["scale"]["source"] == "override"
    assert by_dimensions["scale"] == {**by_dimensions["scale"], "source": "dimension", "text": None}
    assert _errors(by_override) == _errors(by_dimensions) == []


def test_a_graph_scaled_by_printed_room_sizes_matches_the_schema():
    stamps = [
        ("KITCHEN", (1.75, 2.5), ("3.34 m x 4.80 m",)),
        ("LIVING", (5.75, 2.5), ("4.46 m x 4.80 m",)),
    ]
    graph = extract_graph(render_stamped(open_plan(scale_text=""), stamps, dimensions=False))
    assert graph["scale"]["source"] == "room_areas"
    assert _errors(graph) == []


def test_a_graph_scaled_by_a_sibling_sheet_matches_the_schema():
    plan = replace(european_flat(scale_text=""), sheet_title="FLOOR PLAN")
    names = stamps_printing(plan, lambda area: ())
    pdf = render_stamped_set([(plan, names, {"dimensions": False}), (plan, names, {})])
    lent = sibling_scales({page: extract_graph(pdf, page) for page in (0, 1)})
    graph = extract_graph(pdf, 0, sibling_scale=lent[0])
    assert graph["scale"]["source"] == "sibling_sheet"
    assert _errors(graph) == []


def test_schema_accepts_the_optional_keys_and_unknown_ones():
    graph = ground_truth(tiny_room(), "double_line")
    graph |= {
        "review_required": True,
        "review_reasons": ["Half of the drawing's long lines are not walls."],
        "sheet": {"kind": "floor_plan", "number": "A-101", "title": "GROUND FLOOR"},
        "added_in_a_later_release": {"anything": 1},
    }
    graph["rooms"][0] |= {
        "kind": "kitchen",
        "printed_area_m2": 12.5,
        "confidence": 0.9,
        "evidence": ["closed_by_walls", "label_inside"],
    }
    assert _errors(graph) == []


@pytest.mark.parametrize(
    ("breakage", "where"),
    [
        (lambda g: g.pop("walls"), "[]"),
        (lambda g: g.update(schema_version=2), "['schema_version']"),
        (lambda g: g["scale"].update(source="guess"), "['scale']"),
        (lambda g: g["walls"][0].update(thickness=0), "['walls', 0, 'thickness']"),
        (lambda g: g["openings"][0].update(kind="arch"), "['openings', 0, 'kind']"),
        (lambda g: g["rooms"][0].update(polygon=[[0, 0], [1, 1]]), "['rooms', 0, 'polygon']"),
        (lambda g: g["rooms"][0].update(confidence=1.5), "['rooms', 0, 'confidence']"),
        (lambda g: g.update(sheet={"kind": "photo"}), "['sheet', 'kind']"),
    ],
)
def test_schema_rejects_a_broken_graph(breakage, where):
    graph = copy.deepcopy(ground_truth(sample_plans()[1], "double_line"))
    breakage(graph)
    errors = _errors(graph)
    assert errors
    assert errors[0].startswith(f"{where}:")


def _typed_dicts() -> dict[str, tuple[type, dict]]:
    """floorplans.spatialgraph's record types beside the schema objects they describe."""
    schema = json.loads(SCHEMA_PATH.read_text())
    properties = schema["properties"]
    return {
        "graph": (spatialgraph.SpatialGraph, schema),
        "page": (spatialgraph.Page, properties["page"]),
        "scale": (spatialgraph.Scale, properties["scale"]["oneOf"][1]),
        "sheet": (spatialgraph.Sheet, properties["sheet"]),
        "wall": (spatialgraph.Wall, schema["$defs"]["wall"]),
        "opening": (spatialgraph.Opening, schema["$defs"]["opening"]),
        "room": (spatialgraph.Room, schema["$defs"]["room"]),
    }


@pytest.mark.parametrize("name", _typed_dicts())
def test_the_graph_types_declare_what_the_schema_does(name):
    typed, described = _typed_dicts()[name]
    assert typed.__required_keys__ == set(described.get("required", []))
    assert set(described["properties"]) <= typed.__required_keys__ | typed.__optional_keys__


def test_the_version_the_pipeline_writes_is_the_one_the_schema_accepts():
    schema = json.loads(SCHEMA_PATH.read_text())
    assert schema["properties"]["schema_version"] == {"const": spatialgraph.SCHEMA_VERSION}
    graph = extract_graph(render_pdf(tiny_room(), "double_line"))
    assert graph["schema_version"] == spatialgraph.SCHEMA_VERSION
