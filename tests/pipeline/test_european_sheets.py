"""Metric sheets as European CAD programs print them, drawn by the generator (issue 10):
room stamps with areas in the forms continental plans use, scale notes in their
languages, several viewports each with its own note, dimension strings in metres,
centimetres and millimetres (with the German half centimetre), room names by language."""

import pytest
from shapely.geometry import Polygon

from floorplans.pipeline import extract_graph
from floorplans.pipeline.scale import METRES_PER_POINT_ON_PAPER as PAPER
from floorplans.samples.clutter import metric_length
from floorplans.samples.european_sheets import (
    ROOMS,
    comma,
    detail_viewport,
    european_flat,
    hall,
    stamps_printing,
)
from floorplans.samples.stamped_sheets import render_stamped

KINDS = {
    "Wohnen/Essen": "living",
    "Küche": "kitchen",
    "Schlafen": "bedroom",
    "Flur": "corridor",
    "Bad": "bathroom",
}


def ratio(graph: dict) -> float:
    return graph["scale"]["metres_per_point"] / PAPER


def printed_areas(graph: dict) -> dict[str, float | None]:
    return {room["label"]: room.get("printed_area_m2") for room in graph["rooms"]}


def net_areas(plan) -> dict[str, float]:
    return {room.label: round(Polygon(room.polygon).area, 2) for room in plan.rooms}


@pytest.mark.parametrize(
    "under_the_name",
    [
        lambda a: (f"{comma(a)} m²",),  # the 2 drawn as a raised glyph of its own
        lambda a: (f"{a:.2f} m2",),
        lambda a: (f"A = {comma(a)} m²",),
        lambda a: (f"NGF {comma(a)} m²",),  # Netto-Grundfläche (DIN 277)
        lambda a: (f"F: {comma(a)} m²",),
        lambda a: (f"Fl. {comma(a)} m²",),  # Fläche
        lambda a: (f"S = {comma(a)} m²",),  # surface
        lambda a: (f"Sup. {comma(a)} m²",),  # superficie
        lambda a: (f"{comma(a)} qm",),  # Quadratmeter
        lambda a: (f"mq {comma(a)}",),  # metri quadrati, the unit first
        lambda a: (f"S.U. {comma(a)} m²",),  # a prefix not listed: superficie útil
        lambda a: (f"Wfl. {comma(a)} m²",),  # Wohnfläche
        lambda a: (f"{a:.2f} sq m",),
        lambda a: (f"{comma(a)} m²", "U = 14,20 m", "LH 2,50"),  # perimeter, ceiling height
        lambda a: ("LH 2,50", f"{comma(a)} m²"),  # the height printed above the area
        lambda a: ("H = 2.60", f"{a:.2f} m2"),
        lambda a: ("1.04", f"{comma(a)} m²"),  # a Revit tag: name, number, area
        # An Allplan room label: floor and ceiling levels, finishes as key: value fields.
        lambda a: ("FFB=", "RFB=", "D + W: Q3 + A", "B: Parkett", f"{comma(a)} m²"),
        lambda a: ("Parkett", f"A: {comma(a)} m²"),  # an ArchiCAD zone stamp's floor finish
        lambda a: ("Keramika", f"P = {comma(a)} m²"),  # ... in Slovenian
        lambda a: ("Carrelage", f"{comma(a)} m²", "HSP 2,50"),  # ... in French
    ],
)
def test_area_stamps_in_continental_forms_give_every_room_its_printed_area(under_the_name):
    plan = european_flat()
    graph = extract_graph(render_stamped(plan, stamps_printing(plan, under_the_name)))
    assert printed_areas(graph) == pytest.approx(net_areas(plan), abs=0.006)
    assert {room["label"]: room["kind"] for room in graph["rooms"]} == KINDS
    assert ratio(graph) == pytest.approx(100)
    assert graph["review_required"] is False, graph["review_reasons"]


def test_a_room_schedule_beside_the_plan_is_no_room_missing():
    """ArchiCAD and Revit sheets list the rooms in a schedule beside the plan: name over
    area, row by row. The rows repeat stamps found in rooms; they are no missing rooms."""
    plan = european_flat()
    stamps = stamps_printing(plan, lambda a: (f"{comma(a)} m²",))
    schedule = [
        (name, (11.5, 0.5 + 1.2 * i), (f"{comma(area)} m²",))
        for i, (name, area) in enumerate(net_areas(plan).items())
    ]
    graph = extract_graph(render_stamped(plan, stamps + schedule))
    assert printed_areas(graph) == pytest.approx(net_areas(plan), abs=0.006)
    assert graph["coverage"]["stamps_without_room"] == 0
    assert graph["review_required"] is False, graph["review_reasons"]


def test_stamps_outside_the_plan_naming_no_room_found_are_still_missing():
    plan = european_flat()
    stamps = stamps_printing(plan, lambda a: (f"{comma(a)} m²",))
    others = [("Abstellraum", (11.5, 0.5), ("4,20 m²",)), ("Gäste-WC", (11.5, 1.7), ("2,10 m²",))]
    graph = extract_graph(render_stamped(plan, stamps + others))
    assert graph["coverage"]["stamps_without_room"] == 2
    assert graph["review_required"] is True


def test_one_line_stamps_with_room_numbers_in_front_are_read():
    plan = european_flat()
    numbered = [
        (f"{'R-1' if i % 2 else '1.'}0{i} {name} {comma(net_areas(plan)[name])} m²", at, ())
        for i, (name, at) in enumerate(ROOMS.items(), start=1)
    ]
    graph = extract_graph(render_stamped(plan, numbered))
    kinds = sorted(room["kind"] for room in graph["rooms"])
    assert kinds == sorted(KINDS.values())
    assert sorted(printed_areas(graph).values()) == pytest.approx(
        sorted(net_areas(plan).values()), abs=0.006
    )


def test_an_area_over_a_thousand_is_read_with_its_thousands_mark():
    plan = hall()
    (area,) = net_areas(plan).values()
    printed = f"{area:,.2f}".translate(str.maketrans(",.", ".,"))  # 1.060,29
    graph = extract_graph(render_stamped(plan, [("Halle", (18.0, 15.0), (f"NGF {printed} m²",))]))
    assert printed_areas(graph) == {"Halle": pytest.approx(area, abs=0.006)}
    assert graph["review_required"] is False, graph["review_reasons"]


NOTES = [
    "M 1:100",
    "M. 1:100",
    "Maßstab 1:100",
    "Massstab 1:100",
    "ÉCHELLE 1/100",
    "Echelle : 1:100",
    "Esc. 1:100",
    "ESCALA 1/100",
    "Scala 1:100",
    "Schaal 1:100",
    "Merilo 1:100",
    "1:100 @ A3",
    "1:100 (A1)",
]


@pytest.mark.parametrize("note", NOTES)
def test_scale_notes_in_the_languages_sheets_print_set_the_scale(note):
    plan = european_flat(scale_text=note)
    names_only = stamps_printing(plan, lambda a: ())
    graph = extract_graph(render_stamped(plan, names_only, dimensions=False))
    assert graph["scale"]["source"] == "text"
    assert ratio(graph) == pytest.approx(100)
    assert {room["label"] for room in graph["rooms"]} == set(KINDS)  # the note is no room


def test_each_viewport_prints_its_own_note_and_the_plans_note_sets_the_scale():
    plan = european_flat(scale_text="Grundriss EG  M 1:100")
    details = [
        detail_viewport((140.0, 120.0), "Detail A  M 1:20"),
        detail_viewport((700.0, 120.0), "Detail B  M 1:20"),
        lambda pen: pen.text((1000.0, 700.0), "Maßstab 1:50", 8),  # in the title block
    ]
    names_only = stamps_printing(plan, lambda a: ())
    graph = extract_graph(render_stamped(plan, names_only, dimensions=False, viewports=details))
    assert (graph["scale"]["text"], ratio(graph)) == ("1:100", pytest.approx(100))
    assert {room["label"] for room in graph["rooms"]} == set(KINDS)


@pytest.mark.parametrize(
    ("unit", "example"),
    [("mm", "3235"), ("mm ", "3 235"), ("cm", "324"), ("m.", "3.23⁵"), ("m,", "3,23⁵")],
)
def test_metric_dimension_chains_set_the_scale_in_whatever_unit_they_print(unit, example):
    assert metric_length(3.235, unit) == example  # the chain's first dimension
    plan = european_flat(unit=unit, scale_text="")  # no note: the chains alone
    names_only = stamps_printing(plan, lambda a: ())
    graph = extract_graph(render_stamped(plan, names_only))
    assert graph["scale"]["source"] == "dimension"
    assert ratio(graph) == pytest.approx(100)
    assert len(graph["rooms"]) == len(KINDS)


def test_chains_that_agree_on_an_odd_ratio_are_not_snapped_to_a_standard_one():
    """A sheet plotted to fit the page is drawn at 1:98; snapping its chains' 1:98 to
    the nearby 1:100 would make every area 4 % too large."""
    plan = european_flat(unit="mm", scale_ratio=1 / 98, scale_text="")
    graph = extract_graph(render_stamped(plan, stamps_printing(plan, lambda a: ())))
    assert graph["scale"]["source"] == "dimension"
    assert ratio(graph) == pytest.approx(98, rel=0.003)


def test_a_note_the_centimetre_chains_agree_with_is_confirmed_by_them():
    plan = european_flat(unit="cm", scale_text="M 1:100")
    graph = extract_graph(render_stamped(plan, stamps_printing(plan, lambda a: ())))
    assert graph["scale"]["source"] == "text"
    assert any("whole numbers in cm" in e for e in graph["scale"]["evidence"])
    assert not graph["warnings"]


@pytest.mark.parametrize(
    "names",
    [
        ("Wohn-/Esszimmer", "Kü.", "Zi. 1", "Diele", "W.C."),  # German, abbreviated
        ("WOHNEN / ESSEN", "KÜCHE", "SCHLAFZIMMER", "FLUR", "BAD"),
        ("Séjour", "Cuisine", "Chambre 1", "Dég.", "Salle d'eau"),  # French
        ("Sala de estar", "Cocina", "Dormitorio 1", "Distribuidor", "Baño"),  # Spanish
        ("Soggiorno", "Cucina", "Camera", "Disimpegno", "Bagno"),  # Italian
        ("Woonkamer", "Keuken", "Slaapkamer", "Hal", "Badkamer"),  # Dutch
        ("DNEVNA SOBA", "KUHINJA", "SPALNICA", "HODNIK", "KOPALNICA"),  # Slovenian
    ],
)
def test_room_kinds_come_from_names_in_the_language_of_the_sheet(names):
    plan = european_flat(names=dict(zip(ROOMS, names, strict=True)))
    graph = extract_graph(render_stamped(plan, stamps_printing(plan, lambda a: ())))
    kinds = {room["label"]: room["kind"] for room in graph["rooms"]}
    assert kinds == dict(zip(names, KINDS.values(), strict=True))
