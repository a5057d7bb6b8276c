import pytest

from floorplans.pipeline import parse_scale
from floorplans.pipeline.dimensions import parse_dimension
from floorplans.pipeline.scale import scale_from_notes, snap_ratio
from floorplans.pipeline.text import TextLine

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
    ],
)
def test_printed_scale_notes_parse_to_metres_per_point(text, ratio):
    assert parse_scale(text) == pytest.approx(PAPER * ratio)


@pytest.mark.parametrize("text", ["", "KITCHEN", "NTS", "10:30", "12'-6\""])
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
    [("12'-6\"", 3.81), ("12' 6\"", 3.81), ("3600", 3.6), ("3600mm", 3.6), ("3.60", 3.6)],
)
def test_dimension_strings_parse_to_metres(text, metres):
    assert parse_dimension(text) == pytest.approx(metres)


def test_estimates_close_to_a_standard_ratio_snap_to_it():
    assert snap_ratio(47.3) == 48
    assert snap_ratio(70.0) == 70.0
