"""Room stamps as architects print them, and room kinds from labels in several languages."""

import pytest

from floorplans.pipeline.room_kinds import room_kind
from floorplans.pipeline.scale import parse_scale
from floorplans.pipeline.stamps import (
    parse_area,
    parse_size,
    read_stamp_line,
    read_stamps,
)
from floorplans.pipeline.text import TextLine
from floorplans.spatialgraph import SQFT_M2

FT = 0.3048


def line(text: str, x: float, y: float, size: float = 6.0, angle: float = 0.0) -> TextLine:
    return TextLine(text, x, y, angle, size, len(text) * size * 0.55)


@pytest.mark.parametrize(
    ("text", "size_m"),
    [
        ("16'9\" x 11'3\"", (16.75 * FT, 11.25 * FT)),
        ("12'-11\"X13'-5\"", ((12 + 11 / 12) * FT, (13 + 5 / 12) * FT)),
        ("11'-2 1/2\"X13'-9\"", ((11 + 2.5 / 12) * FT, 13.75 * FT)),
        ("16'-7½\"X13'-0\"", ((16 + 7.5 / 12) * FT, 13 * FT)),
        ("5' x 7'", (5 * FT, 7 * FT)),
        ("10'-9 3/16\"13'-9 13/16\"", ((10 + 9.1875 / 12) * FT, (13 + 9.8125 / 12) * FT)),
        ("3600 x 4200", (3.6, 4.2)),
        ("3,60 \u00d7 4,20 m", (3.6, 4.2)),  # the multiplication sign
    ],
)
def test_printed_room_sizes_are_read_in_metres(text, size_m):
    found = parse_size(text)
    assert found is not None
    assert found[0] == pytest.approx(size_m, rel=1e-6)


@pytest.mark.parametrize("text", ["2x12 JOISTS", "6X6 POST", "KITCHEN", "1:50", "12'-6\""])
def test_lumber_scales_and_names_are_not_room_sizes(text):
    assert parse_size(text) is None


@pytest.mark.parametrize(
    ("text", "m2"),
    [
        ("182 sq ft", 182 * SQFT_M2),
        ("189 SF", 189 * SQFT_M2),
        ("A: 31.28 m2", 31.28),
        ("31,28 m²", 31.28),
        ("12.5 sq m", 12.5),
        ("75 sq. ft.", 75 * SQFT_M2),
        ("NGF 12,45 m²", 12.45),
        ("Fl. 12,45 m²", 12.45),
        ("Fläche: 12,45 m²", 12.45),
        ("Sup. 12,45 m²", 12.45),
        ("Superficie 12,45 m2", 12.45),
        ("Sup. útil: 12,45 m²", 12.45),
        ("P = 12,45 m2", 12.45),  # površina
        ("12,45 qm", 12.45),
        ("25,30 mq", 25.3),  # metri quadrati
        ("Sup. mq. 25,30", 25.3),
        ("12.45 SQ.MT.", 12.45),
        ("1.234,5 m²", 1234.5),
        ("1,234.5 m2", 1234.5),
        ("1,234 SF", 1234 * SQFT_M2),
    ],
)
def test_printed_areas_are_read_in_square_metres(text, m2):
    found = parse_area(text)
    assert found is not None
    assert found[0] == pytest.approx(m2)
    assert not read_stamp_line(line(text, 0, 0)).label  # the prefix is no room name


@pytest.mark.parametrize(
    "text", ["U = 14,20 m", "LH 2,50", "H = 2.60", "P: 14.20 m", "1.04", "R-104", "EG.04"]
)
def test_perimeters_heights_and_room_numbers_are_no_area_name_or_scale(text):
    part = read_stamp_line(line(text, 0, 0))
    assert (part.label, part.area_m2, part.detail) == ("", None, True)
    assert parse_scale(text) is None


@pytest.mark.parametrize("text", ["FFB=", "B: Parkett", "D + W: Q3 + A", "Parkett", "Keramika"])
def test_a_room_labels_fields_and_floor_finish_are_no_name(text):
    part = read_stamp_line(line(text, 0, 0))
    assert (part.label, part.detail) == ("", True)


def test_a_room_name_before_a_colon_is_still_a_name():
    part = read_stamp_line(line("WC: 5' x 7'", 0, 0))
    assert (part.label, part.detail) == ("WC", False)


def test_a_stamp_continues_past_its_height_and_number_lines_to_its_area():
    lines = ["KÜCHE", "1.04", "LH 2,50", "12,45 m²", "U = 14,20 m"]
    stamps = read_stamps([line(text, 100, 100 + 7 * i) for i, text in enumerate(lines)])
    assert [(s.label, s.kind, s.area_m2) for s in stamps] == [("KÜCHE", "kitchen", 12.45)]


@pytest.mark.parametrize(("text", "kind"), [("WC 1", "bathroom"), ("BR2", "bedroom")])
def test_a_name_with_a_number_is_a_name_not_a_room_number(text, kind):
    assert [(s.label, s.kind) for s in read_stamps([line(text, 100, 100)])] == [(text, kind)]


@pytest.mark.parametrize("text", ["Scala 1:100", "ESCALA 1/50", "Maßstab 1:50"])
def test_scale_notes_are_not_room_stamps(text):
    assert read_stamps([line(text, 100, 100)]) == []


def test_a_stamp_split_over_three_lines_is_one_stamp_with_size_and_area():
    stamps = read_stamps(
        [
            line("KITCHEN", 100, 100),
            line("16'9\" x 11'3\"", 100, 107),
            line("182 sq ft", 100, 114),
            line("BEDROOM", 300, 100),  # another stamp, level with the first
            line("11'6\" x 11'3\"", 300, 107),
        ]
    )
    kitchen, bedroom = sorted(stamps, key=lambda s: s.x)
    assert (kitchen.label, kitchen.kind) == ("KITCHEN", "kitchen")
    assert kitchen.area_m2 == pytest.approx(182 * SQFT_M2)
    assert kitchen.size_m == pytest.approx((16.75 * FT, 11.25 * FT))
    assert kitchen.printed_area_m2 == kitchen.area_m2  # the printed area beats the size
    assert bedroom.area_m2 is None
    assert bedroom.printed_area_m2 == pytest.approx(11.5 * FT * 11.25 * FT)


def test_one_line_stamps_and_rotated_stamps_are_read():
    stamps = read_stamps(
        [
            line("LIVING ROOM 12'-11\"X13'-5\"", 100, 100),
            line("Bath: 6'1\" x 12'8\" | 75 sq ft", 100, 300),
            line("KITCHEN", 400, 300, angle=90.0),
            line("A: 9.40 m2", 393, 300, angle=90.0),  # written downwards: "under" is -x
        ]
    )
    by_label = {s.label: s for s in stamps}
    assert by_label["LIVING ROOM"].size_m is not None
    assert by_label["Bath"].area_m2 == pytest.approx(75 * SQFT_M2)
    assert by_label["KITCHEN"].area_m2 == pytest.approx(9.40)


def test_a_name_broken_over_two_lines_is_one_room():
    stamps = read_stamps(
        [line("Bath+", 100, 100), line("Toilet", 100, 107), line("7' x 5'", 100, 114)]
    )
    assert [(s.label, s.kind) for s in stamps] == [("Bath+ Toilet", "bathroom")]
    assert stamps[0].size_m == pytest.approx((7 * FT, 5 * FT))


def test_a_column_of_room_names_is_a_legend_of_rooms_not_one_stamp():
    names = ["KITCHEN", "BATH", "BEDROOM", "HALL", "STORE"]
    stamps = read_stamps([line(name, 100, 100 + 7 * i) for i, name in enumerate(names)])
    assert [s.label for s in stamps] == names


def test_totals_and_notes_are_not_room_stamps():
    stamps = read_stamps(
        [
            line("Main Floor Finished Area 1275.98 sq ft", 100, 50),
            line("2x12 JOISTS", 300, 50),
            line("WOODSTOVE", 500, 50),  # a name we do not know, printing nothing
            line("D1 FRAME SINGLE SWING 3'-0\" x 7'-0\"", 100, 200),  # a door schedule row
            line("Summe 85,20 m²", 100, 300),
            line("SUPERFICIE TOTALE 120,50 m²", 100, 400),
            line("BGF 132,00 m²", 100, 500),
        ]
    )
    assert stamps == []


def test_a_name_that_says_room_over_a_size_is_a_stamp_of_no_known_kind():
    stamps = read_stamps(
        [
            line("ROOM", 100, 100),
            line("11'X14'-7.5\"", 100, 108),
            line("W ROOM 9'X4'", 300, 100),
            line("IN ROOM.", 500, 100),  # the tail of a general note, printing no size
            line("CASEMENT", 700, 100),  # a window schedule row
            line("1500 X 1200", 700, 108),
        ]
    )
    assert [(s.label, s.kind) for s in stamps] == [("ROOM", None), ("W ROOM", None)]
    assert stamps[0].size_m == pytest.approx((11 * FT, (14 + 7.5 / 12) * FT))


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("KOPALNICA", "bathroom"),  # Slovenian
        ("Kuhinja", "kitchen"),
        ("Dnevna soba", "living"),
        ("Spalnica", "bedroom"),
        ("TEHNIČNA SOBA", "utility"),  # a technical room, not a bedroom (SOBA)
        ("Küche", "kitchen"),  # German
        ("Waschküche", "laundry"),
        ("Gäste-WC", "bathroom"),
        ("Kinderzimmer", "bedroom"),
        ("Flur", "corridor"),
        ("Salle de bains", "bathroom"),  # French
        ("Séjour", "living"),
        ("Chambre 2", "bedroom"),
        ("Baño", "bathroom"),  # Spanish
        ("Cocina", "kitchen"),
        ("Dormitorio principal", "bedroom"),
        ("Bagno", "bathroom"),  # Italian
        ("Soggiorno", "living"),
        ("Ripostiglio", "storage"),
        ("Badkamer", "bathroom"),  # Dutch
        ("Slaapkamer", "bedroom"),
        ("Woonkamer", "living"),
        ("MASTER BEDROOM", "bedroom"),  # English, as printed
        ("BED ROOM", "bedroom"),
        ("C.TLT", "bathroom"),
        ("PNTR", "storage"),
        ("OPEN TO SKY", "outdoor"),
        ("STAIRS", "stair"),
        ("1.04 Küche", "kitchen"),  # a room number in front
        ("R-104 BAD", "bathroom"),
        ("Wohn-/Esszimmer", "living"),  # several uses: the first named
        ("Séjour/Cuisine", "living"),
        ("Küche/Essen", "kitchen"),
        ("W.C.", "bathroom"),  # initials
        ("Kü.", "kitchen"),  # abbreviations
        ("Zi. 2", "bedroom"),
        ("AR", "storage"),
        ("HWR", "laundry"),
        ("Séj.", "living"),
        ("Dég.", "corridor"),
        ("Hab. 1", "bedroom"),
        ("Slk 2", "bedroom"),
        ("PREDPROSTOR", "corridor"),
        ("DNEVNA SOBA", "living"),
        ("SHRAMBA", "storage"),
        ("ŁAZIENKA", "bathroom"),  # Polish
        ("Przedpokój", "corridor"),
        ("Pokój dzienny", "living"),
        ("Koupelna", "bathroom"),  # Czech
        ("Obývací pokoj", "living"),
        ("Cozinha", "kitchen"),  # Portuguese
        ("Quarto 1", "bedroom"),
        ("Kupaonica", "bathroom"),  # Croatian
        ("Kjøkken", "kitchen"),  # Norwegian
        ("Vardagsrum", "living"),  # Swedish
        ("Soveværelse", "bedroom"),  # Danish
    ],
)
def test_room_kinds_come_from_labels_in_many_languages(label, kind):
    assert room_kind(label) == kind


@pytest.mark.parametrize(
    "label", ["UP", "DN", "F/P", "WOODSTOVE", "SCALE 1:50", "", "EQ", "W/D", "LH 2,50"]
)
def test_labels_that_name_no_room_have_no_kind(label):
    assert room_kind(label) is None


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Badezimmer", "bathroom"),  # a compound's head noun ends it: German, Dutch
        ("Slaapkamer", "bedroom"),
        ("Gästezimmer 2", "bedroom"),
        ("Wohnküche", "kitchen"),
        ("BEDROOMS", "bedroom"),  # and plurals
        ("Vano termotecnico", "utility"),
    ],
)
def test_a_room_name_ending_a_longer_word_names_its_kind(label, kind):
    assert room_kind(label) == kind


# A room's name at a word's start or middle, or ending a word that names no room (an
# institution on the title block), is not the room: TECNICO in POLITECNICO, BAGNO in
# BAGNOLI, STUDIO in STUDIOSO.
@pytest.mark.parametrize("label", ["POLITECNICO DI MILANO", "BAGNOLI", "STUDIOSO", "TREPPENLAUF"])
def test_a_room_name_inside_another_word_names_no_kind(label):
    assert room_kind(label) is None
