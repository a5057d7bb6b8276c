"""Stage-level units: display space, text rebuilding, face merging, progress and cancel."""

import pytest

from floorplans.pipeline import extract_graph
from floorplans.pipeline.display_space import apply, display_matrix, display_size
from floorplans.pipeline.faces import FaceLine, merge_collinear
from floorplans.pipeline.primitives import TextChar
from floorplans.pipeline.text import build_lines
from floorplans.samples.catalog import tiny_room
from floorplans.samples.render import render_pdf

CROP = (10.0, 20.0, 110.0, 220.0)  # 100 wide, 200 tall, offset from the origin


@pytest.mark.parametrize(
    ("rotation", "user_point", "display_point", "size"),
    [
        (0, (10, 220), (0, 0), (100, 200)),  # top-left of the crop box is the origin
        (90, (10, 20), (0, 0), (200, 100)),  # turned clockwise: bottom-left comes to the top
        (180, (110, 20), (0, 0), (100, 200)),
        (270, (110, 220), (0, 0), (200, 100)),
    ],
)
def test_display_space_puts_the_visible_top_left_at_the_origin(
    rotation, user_point, display_point, size
):
    assert apply(display_matrix(CROP, rotation), *user_point) == pytest.approx(display_point)
    assert display_size(CROP, rotation) == size


def _glyphs(text: str, x: float, y: float, dx: float, dy: float) -> list[TextChar]:
    return [
        TextChar(ch, x + i * dx, y + i * dy, dx, dy, 10.0) for i, ch in enumerate(text) if ch != " "
    ]


def test_per_glyph_text_is_rebuilt_into_lines_with_spaces():
    lines = build_lines(_glyphs("BEDROOM 2", 100, 50, 6, 0))
    assert [ln.text for ln in lines] == ["BEDROOM 2"]


def test_rotated_text_reads_along_its_own_baseline():
    lines = build_lines(_glyphs("12'-6\"", 40, 300, 0, -6))  # written bottom to top
    assert [ln.text for ln in lines] == ["12'-6\""]
    assert lines[0].angle == 270.0


def test_fragmented_duplicated_faces_merge_into_one_line():
    pieces = [
        FaceLine(0, 100.0, a, b, 0.7, False) for a, b in [(0, 40), (38, 90), (38, 90), (89, 150)]
    ]
    merged = merge_collinear(pieces, offset_tolerance=0.6, gap_tolerance=1.0)
    assert [(m.t0, m.t1) for m in merged] == [(0, 150)]


def test_thin_lines_do_not_extend_a_heavier_face():
    pieces = [FaceLine(0, 100.0, 0, 50, 0.7, False), FaceLine(0, 100.0, 50, 90, 0.2, False)]
    assert len(merge_collinear(pieces, offset_tolerance=0.6, gap_tolerance=1.0)) == 2


def test_progress_reports_stages_in_order():
    seen: list[str] = []
    extract_graph(render_pdf(tiny_room(), "double_line"), progress=lambda s, p: seen.append(s))
    assert seen[0] == "reading"
    assert {"scale", "walls", "openings", "rooms"} <= set(seen)


def test_an_exception_raised_by_progress_cancels_untouched():
    class Cancelled(Exception):
        pass

    def cancel(stage: str, percent: int) -> None:
        if stage == "walls":
            raise Cancelled

    with pytest.raises(Cancelled):
        extract_graph(render_pdf(tiny_room(), "double_line"), progress=cancel)


def test_scale_override_wins_and_vision_is_not_asked_when_the_sheet_has_a_note():
    class Vision:
        def suggest(self, pdf_bytes: bytes, page: int):
            raise AssertionError("vision must only be asked when no scale is found")

    pdf = render_pdf(tiny_room(), "double_line")
    assert extract_graph(pdf, scale_text="1:100")["scale"]["source"] == "override"
    assert extract_graph(pdf, vision=Vision())["scale"]["source"] == "text"
