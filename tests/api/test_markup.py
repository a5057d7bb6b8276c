"""GET boms/{id}/markup.pdf and floorplans/{id}/markup.pdf: the original sheet, untouched,
with the takeoff drawn over it; re-read with pdfminer and pypdf, rasterised with pypdfium2."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from pdfminer.high_level import extract_text
from pypdf import PdfReader

from floorplans.models import FloorplanStatus

RENDER_SCALE = 2.0


@pytest.fixture
def floorplan(user, make_floorplan):
    return make_floorplan(user, name="Smith house")


def pdf_of(response) -> bytes:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def pixel(pdf: bytes, x: float, y: float) -> tuple[int, int, int]:
    """The colour at display-space point (x, y) of page 0."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=RENDER_SCALE).to_pil().convert("RGB")
    return image.getpixel((int(x * RENDER_SCALE), int(y * RENDER_SCALE)))


def room_spot(graph, across=0.1, down=0.3) -> tuple[float, float]:
    """A point inside the room, clear of its stamp and the overlay label: near a corner."""
    xs = [x for x, _ in graph["rooms"][0]["polygon"]]
    ys = [y for _, y in graph["rooms"][0]["polygon"]]
    return min(xs) + across * (max(xs) - min(xs)), min(ys) + down * (max(ys) - min(ys))


def test_bom_markup_keeps_the_sheet_and_draws_the_takeoff(api, floorplan, make_bom, plan_pdf):
    bom = make_bom(floorplan)

    response = api.get(f"/api/v1/boms/{bom.id}/markup.pdf")

    pdf = pdf_of(response)
    assert response["Content-Disposition"] == 'attachment; filename="Smith-house-p1-r0.pdf"'
    text = extract_text(io.BytesIO(pdf))
    assert "FLOOR PLAN" in text and "GENERAL NOTES" in text  # the original sheet
    area_ft2 = (
        floorplan.graph["rooms"][0]["area_pts2"]
        * (floorplan.graph["scale"]["metres_per_point"] / 0.3048) ** 2
    )
    assert f"{area_ft2:,.2f} ft²" in text  # the room's overlay label
    assert "Exterior wall" in text and "Quantities" in text  # legend, quantities box
    assert f"Total: {bom.total} USD" in text


def test_the_original_page_content_is_kept_byte_for_byte(api, floorplan, make_bom, plan_pdf):
    pdf = pdf_of(api.get(f"/api/v1/boms/{make_bom(floorplan).id}/markup.pdf"))

    original = PdfReader(io.BytesIO(plan_pdf)).pages[0].get_contents().get_data()
    marked = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    content = marked.get_contents().get_data()
    assert original.strip() in content and len(content) > len(original)


def test_the_overlay_tints_the_rooms_where_they_are(api, floorplan, make_bom, plan_pdf):
    pdf = pdf_of(api.get(f"/api/v1/boms/{make_bom(floorplan).id}/markup.pdf"))
    x, y = room_spot(floorplan.graph)

    before, after = pixel(plan_pdf, x, y), pixel(pdf, x, y)

    assert min(before) > 240  # white paper in the original
    red, _, blue = after
    assert blue < before[2] - 30 and red > blue  # the laminate tint (orange) over it
    outside = pixel(pdf, 60, 380)  # the margin left of the plan: untouched
    assert min(outside) > 240


def test_floorplan_markup_strikes_through_what_a_revision_excluded(api, floorplan):
    api.post(
        f"/api/v1/floorplans/{floorplan.id}/revisions/",
        {"operations": [{"op": "exclude_room", "room": "r1"}]},
        format="json",
    )

    response = api.get(f"/api/v1/floorplans/{floorplan.id}/markup.pdf")

    pdf = pdf_of(response)
    assert response["Content-Disposition"].endswith('"Smith-house-p1-r1-markup.pdf"')
    text = extract_text(io.BytesIO(pdf))
    assert "EXCLUDED" in text and "Smith house - revision 1" in text
    assert min(pixel(pdf, *room_spot(floorplan.graph))) > 240  # excluded: not tinted
    red, green, blue = pixel(pdf, *room_spot(floorplan.graph, 0.3, 0.3))
    assert red > 150 and green < 120 and blue < 120  # on the red strike-through diagonal
    assert (
        api.get(f"/api/v1/floorplans/{floorplan.id}/").json()["markup_url"].endswith("/markup.pdf")
    )


def test_markup_of_an_unprocessed_plan_is_a_conflict(api, user, make_floorplan):
    floorplan = make_floorplan(user, status=FloorplanStatus.PROCESSING)

    response = api.get(f"/api/v1/floorplans/{floorplan.id}/markup.pdf")

    assert response.status_code == 409 and response.json()["code"] == "floorplan_not_ready"


@pytest.mark.parametrize("kind", ["boms", "floorplans"])
def test_another_users_markup_is_not_found(other_api, floorplan, make_bom, kind):
    target = make_bom(floorplan) if kind == "boms" else floorplan

    assert other_api.get(f"/api/v1/{kind}/{target.id}/markup.pdf").status_code == 404
