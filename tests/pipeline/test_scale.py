import pytest

from floorplans.pipeline import extract_graph, parse_scale
from floorplans.pipeline.dimensions import parse_dimension
from floorplans.pipeline.limits import Budget, Limits
from floorplans.pipeline.pdf_document import get_page, open_document
from floorplans.pipeline.primitives import Segment
from floorplans.pipeline.reader import read_page
from floorplans.pipeline.scale import scale_from_notes, snap_ratio
from floorplans.pipeline.scale_bar import scale_from_bar
from floorplans.pipeline.scale_check import measured_scales
from floorplans.pipeline.text import TextLine, build_lines
from floorplans.samples.clutter import draw_room_tags, draw_section_lines
from floorplans.samples.stamped_sheets import multilingual_flat, render_stamped

PAPER = 0.0254 / 72


@pytest.mark.parametrize(
    ("text", "ratio"),
    [
        ('1/4" = 1\'-0"', 48),
        ("1/4\u201d = 1\u2019-0\u201d", 48),
        ('SCALE: 1/8"=1\'-0"', 96),
        ("3/16\" = 1'", 64),
        ('1-1/2" = 1\'-0"', 8),
        ("1\" = 20'", 240),
        ("1:100", 100),
        ("1 : 50", 50),
        ("M 1:50", 50),
        ("SCALE 1:200 @ A1", 200),
        ("M. 1:50", 50),
        ("Maßstab 1:50", 50),
        ("ÉCHELLE 1/100", 100),
        ("Echelle : 1/50e", 50),
        ("ESCALA 1/50", 50),
        ("Esc. 1:100", 100),
        ("Schaal 1 : 100", 100),
        ("Merilo 1:100", 100),
        ("1:50 (A1)", 50),
        ("SCALE:1/50", 50),  # the label's colon right against the ratio
        ("SCALE:1:100", 100),
        ("ESCALA:1/50", 50),
    ],
)
def test_printed_scale_notes_parse_to_metres_per_point(text, ratio):
    assert parse_scale(text) == pytest.approx(PAPER * ratio)


@pytest.mark.parametrize(
    "text",
    ["", "KITCHEN", "NTS", "10:30", "10:30:45", "12'-6\"", "1/100", "SCALE 1/16", "ESCALA 1/2"],
)
def test_text_that_is_not_a_scale_gives_none(text):
    assert parse_scale(text) is None


def test_a_labelled_scale_note_wins_over_a_bare_ratio():
    lines = [TextLine("DETAIL 1:20", 0, 0, 0, 8, 40), TextLine("SCALE 1:100", 0, 0, 0, 8, 40)]
    found = scale_from_notes(lines)
    assert found is not None
    assert found.source == "text"
    assert found.metres_per_point == pytest.approx(PAPER * 100)


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("12'-6\"", 3.81),
        ("12' 6\"", 3.81),
        ("3600", 3.6),
        ("3600mm", 3.6),
        ("3.60", 3.6),
        ("3,65", 3.65),
        ("3,65⁵", 3.655),  # the German half centimetre
        ("2,01⁵", 2.015),
        ("88⁵", 0.885),  # centimetres and a half
        ("365 cm", 3.65),
        ("12 500", 12.5),  # thousands grouped by a space
        ("4\u202f250", 4.25),  # by a narrow no-break space
        ("12 500 mm", 12.5),
    ],
)
def test_dimension_strings_parse_to_metres(text, metres):
    assert parse_dimension(text) == pytest.approx(metres)


def test_whole_numbers_are_read_in_the_unit_asked():
    assert parse_dimension("365", "cm") == pytest.approx(3.65)
    assert parse_dimension("365", "mm") == pytest.approx(0.365)
    assert parse_dimension("100", "mm") is None  # too short to measure a scale by
    assert parse_dimension("12 500", "cm") is None  # 125 m: grouped thousands are millimetres
    assert parse_dimension("1 25", "mm") is None  # not a thousands group


@pytest.mark.parametrize(
    ("whole", "unit"),
    [(("310", "510"), "cm"), (("3100", "5100"), "mm")],
)
def test_whole_numbers_take_the_unit_that_agrees_with_the_sheets_metre_strings(whole, unit):
    """Chains at 1:100 print 3,65 and 4,20 m in metres and 3.10 and 5.10 m as whole
    numbers: only one unit makes the whole numbers agree with the metre strings."""
    drawn = [
        _broken_dimension(100, 100 + metres / 0.0254 * 72 / 100, 40 + 60 * i, text)
        for i, (metres, text) in enumerate(
            [(3.65, "3,65"), (4.2, "4,20"), (3.1, whole[0]), (5.1, whole[1])]
        )
    ]
    lines = [line for line, _ in drawn]
    found = measured_scales(lines, [s for _, segments in drawn for s in segments])
    assert [m.what for m in found] == [f"4 dimension strings (whole numbers in {unit})"]
    assert found[0].ratio == pytest.approx(100, rel=0.01)


def test_estimates_close_to_a_standard_ratio_snap_to_it():
    assert snap_ratio(47.3) == 48
    assert snap_ratio(70.0) == 70.0
    # Several estimates: snapped only to a standard ratio inside their spread.
    assert snap_ratio(99.0, [98.2, 99.0, 101.3]) == 100
    assert snap_ratio(98.0, [97.8, 98.0, 98.3]) == 98.0


def _segment(x1, y1, x2, y2):
    return Segment(x1, y1, x2, y2, 0.25, True, False, 0)


def _broken_dimension(x0: float, x1: float, y: float, text: str) -> tuple[TextLine, list]:
    """A CAD dimension line broken around its text, with a tick at each end."""
    middle = (x0 + x1) / 2
    line = TextLine(text, middle, y, 0.0, 7.0, 18.0)
    segments = [
        _segment(x0, y, middle - 12, y),
        _segment(middle + 12, y, x1, y),
        _segment(x0 - 3, y + 3, x0 + 3, y - 3),
        _segment(x1 - 3, y + 3, x1 + 3, y - 3),
    ]
    return line, segments


def test_dimension_lines_broken_around_their_text_are_measured_end_to_end():
    a, sa = _broken_dimension(100, 550, 40, "46'-1\"")  # 14.046 m over 450 pt
    b, sb = _broken_dimension(100, 575, 500, "48'-8 1/4\"")
    found = measured_scales([a, b], sa + sb)
    assert [m.source for m in found] == ["dimension"]
    assert found[0].ratio * PAPER == pytest.approx(14.046 / 450, rel=0.01)


def test_one_dimension_string_alone_sets_no_scale():
    line, segments = _broken_dimension(100, 550, 40, "46'-1\"")
    assert measured_scales([line], segments) == []


def test_a_scale_bar_is_read_at_its_ticks():
    labels = [TextLine(t, x, 556, 0.0, 8.5, 4.7 * len(t)) for t, x in
              (("0", 46.3), ("6", 78.6), ("12", 114.8))]  # fmt: skip
    unit = TextLine("ft", 121.0, 564.8, 0.0, 8.5, 4.7)
    boxes = [
        _segment(x, 560, x, 564) for x in (44.65, 61.53, 78.41, 95.29, 112.17)
    ]  # box edges: 3 ft each
    found = scale_from_bar([*labels, unit], boxes)
    assert found is not None and found.source == "scale_bar"
    assert found.metres_per_point == pytest.approx(12 * 0.3048 / (112.17 - 44.65))


def test_numbers_in_a_row_without_a_bar_or_a_unit_are_no_scale_bar():
    steps = [TextLine(str(n), 100 + 20 * n, 300, 0.0, 9.0, 9.0) for n in range(9)]
    assert scale_from_bar(steps, []) is None


def test_section_lines_drawn_one_path_per_dash_do_not_end_the_dimensions_they_cross():
    # AutoCAD's PDF export writes each dash of a dash-dot line as its own short path: the
    # dashes that cross a dimension chain must not pass for its extension lines.
    plan = multilingual_flat()  # at 1:50, dimensioned in chains with 45 degree ticks
    pdf = render_stamped(plan, [], viewports=[lambda pen: draw_section_lines(pen, plan)])
    page = read_page(get_page(open_document(pdf), 0), 0, Budget(Limits()))
    found = measured_scales(build_lines(page.chars), page.segments)
    assert [m.source for m in found] == ["dimension"]
    assert found[0].ratio == pytest.approx(50, rel=0.01)


def test_room_numbers_in_their_tag_boxes_are_no_dimension_strings():
    # Revit room tags: 2181, 2182, ... each in a box of one width. Read as dimensions, the
    # run of numbers over equal boxes agrees with itself and overrules the printed note.
    plan = multilingual_flat()  # at 1:50, its note printed
    pdf = render_stamped(
        plan, [], dimensions=False, viewports=[lambda pen: draw_room_tags(pen, plan)]
    )
    page = read_page(get_page(open_document(pdf), 0), 0, Budget(Limits()))
    assert {"2181", "2184"} <= {line.text for line in build_lines(page.chars)}
    scale = extract_graph(pdf)["scale"]
    assert scale["source"] == "text"
    assert scale["metres_per_point"] == pytest.approx(PAPER * 50, rel=0.01)


def test_dimension_strings_on_their_text_masks_are_still_measured():
    # An AutoCAD mask frames its string above and below like a tag's box; the dimension
    # line broken around it, running on either side, tells them apart.
    def masked(x0, x1, y, text):
        line, segments = _broken_dimension(x0, x1, y, text)
        mask = [Segment(line.x - 11, y + dy, line.x + 11, y + dy, 0.0, True, True, 9)
                for dy in (-4.0, 3.5)]  # fmt: skip
        return line, segments + mask

    a, sa = masked(100, 550, 40, "46'-1\"")
    b, sb = masked(100, 575, 500, "48'-8 1/4\"")
    found = measured_scales([a, b], sa + sb)
    assert [m.source for m in found] == ["dimension"]
    assert found[0].ratio * PAPER == pytest.approx(14.046 / 450, rel=0.01)
