"""The sample sheets are real, parseable vector PDFs drawn the way each style promises."""

from __future__ import annotations

import math
from functools import cache

import pytest
from pdfminer.layout import LTCurve

from floorplans.samples.catalog import apartment, demo_plan, office, sample_plans, small_house
from floorplans.samples.large_sheet import render_large_sheet
from floorplans.samples.plan import Plan
from floorplans.samples.render import STYLES, drawing_object_count, ground_truth, render_pdf
from tests.samples.pdf_objects import drawing_objects, page_text, pages, raw_content, raw_page

CASES = [(plan, style) for plan in sample_plans() for style in STYLES]


@cache
def _pdf(plan: Plan, style: str) -> bytes:
    return render_pdf(plan, style)


def _id(case: object) -> str:
    return case.name.split()[0] if isinstance(case, Plan) else str(case)


@pytest.mark.parametrize(("plan", "style"), CASES, ids=_id)
def test_every_sheet_parses_to_one_page_of_plausible_size(plan: Plan, style: str) -> None:
    (page,) = pages(_pdf(plan, style))
    objects = drawing_objects(page)
    assert len(objects) >= 700
    # pdfminer also counts spaces as glyphs, so it sees a little more than the pen painted.
    assert (
        drawing_object_count(plan, style) <= len(objects) <= drawing_object_count(plan, style) * 1.2
    )
    assert (page.width, page.height) == plan.page_size  # display size, after any /Rotate


def test_sheets_are_reproducible_for_a_seed() -> None:
    plan = demo_plan()
    assert render_pdf(plan, "fragmented", seed=3) != render_pdf(plan, "fragmented", seed=4)
    assert drawing_object_count(plan, "fragmented", seed=3) == drawing_object_count(
        plan, "fragmented", seed=3
    )


@pytest.mark.parametrize("style", STYLES)
def test_only_the_rotated_style_carries_a_page_rotation(style: str) -> None:
    page = raw_page(_pdf(small_house(), style))
    assert page.rotate == (90 if style == "rotated" else 0)
    if style == "rotated":
        assert tuple(page.mediabox[2:]) == (1296, 1728)  # stored portrait, displayed landscape


def test_transformed_style_draws_through_a_scaling_ctm_and_a_form() -> None:
    data = _pdf(small_house(), "transformed")
    content = raw_content(data)
    assert b"Do" in content
    assert b".283465 0 0 .283465" in content  # 0.1 mm CAD units
    assert b"/Subtype /Form" in data


@pytest.mark.parametrize("style", ["double_line", "fragmented", "transformed", "rotated"])
def test_wall_faces_land_where_ground_truth_says(style: str) -> None:
    """Each expected wall has drawn face geometry half a thickness either side of it."""
    plan = small_house()
    (page,) = pages(_pdf(plan, style))
    height = page.height
    segments = []
    for obj in drawing_objects(page):
        if isinstance(obj, LTCurve):
            pts = [(x, height - y) for x, y in obj.pts]
            segments += list(zip(pts, pts[1:] + pts[:1], strict=True))
    for wall in ground_truth(plan, style)["walls"]:
        dx, dy = wall["x2"] - wall["x1"], wall["y2"] - wall["y1"]
        nx, ny = -dy / wall["length_pts"], dx / wall["length_pts"]
        for side in (-1, 1):
            ox, oy = (
                wall["x1"] + nx * side * wall["thickness"] / 2,
                wall["y1"] + ny * side * wall["thickness"] / 2,
            )
            on_face = [
                (p, q)
                for p, q in segments
                if all(abs((x - ox) * nx + (y - oy) * ny) < 0.05 for x, y in (p, q))
                and math.dist(p, q) > 1
            ]
            assert on_face, f"{style}: no face line for {wall['id']} side {side}"


def test_scale_notes_are_printed_as_the_catalog_says() -> None:
    house_text = page_text(pages(_pdf(small_house(), "double_line"))[0])
    assert '1/4" = 1\u2019-0"' in house_text  # typographic right single quote survives
    office_text = page_text(pages(_pdf(office(), "double_line"))[0])
    assert "SCALE 1 : 100" in office_text


def test_apartment_scale_note_is_one_text_object_per_character() -> None:
    content = raw_content(_pdf(apartment(), "double_line"))
    assert b"(SCALE 1:50)" not in content
    assert content.count(b"(S) Tj") >= 1 and b"(:) Tj" in content


def test_large_sheet_paints_at_least_the_requested_objects() -> None:
    (page,) = pages(render_large_sheet(4000))
    assert len(drawing_objects(page)) >= 4000
