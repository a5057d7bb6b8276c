"""Sheet classification on generated sets whose every page's kind is known."""

from dataclasses import replace

import pytest

from floorplans.pipeline import PdfError, parse_scale
from floorplans.pipeline.sheets import Sheet, classify_sheets, takeoff_pages
from floorplans.samples.catalog import sample_plans
from floorplans.samples.drawing_set import building_set, render_set


@pytest.fixture(scope="module")
def lettered_set():
    specs = building_set(levels=2)
    return specs, list(classify_sheets(render_set(specs)))


def test_every_kind_of_lettered_sheet_is_recognised_by_its_title(lettered_set):
    specs, sheets = lettered_set
    assert [s.kind for s in sheets] == [spec.kind for spec in specs]
    assert {s.kind for s in sheets} >= {
        "cover_or_notes", "floor_plan", "site_plan", "reflected_ceiling_plan", "elevation",
        "section", "detail", "schedule",
    }  # fmt: skip
    for spec, sheet in zip(specs, sheets, strict=True):
        assert sheet.title == spec.title
        assert sheet.number == spec.number  # the title block's, not the cover's index
        assert sheet.evidence == [f"title {spec.title!r}"]


def test_title_block_scale_note_is_read_on_scaled_sheets_only(lettered_set):
    specs, sheets = lettered_set
    by_kind = {s.kind: s for s in sheets}
    plan = specs[1].plan
    assert parse_scale(by_kind["floor_plan"].scale) == pytest.approx(plan.metres_per_point)
    assert by_kind["elevation"].scales == [by_kind["floor_plan"].scale]
    assert by_kind["schedule"].scale is None


@pytest.mark.parametrize("plan", sample_plans()[1:], ids=lambda p: p.name)
def test_text_less_floor_plan_is_found_by_its_wall_network(plan):
    specs = [replace(spec, lettered=False) for spec in building_set(levels=1, plan=plan)]
    sheets = list(classify_sheets(render_set(specs)))
    plans = [s.page for s in sheets if s.kind == "floor_plan"]
    assert plans == [1]  # only the plan: no elevation, section or detail is taken off
    assert sheets[1].title is None and sheets[1].number is None
    assert sheets[1].evidence[0].startswith("wall network: ")
    ceiling = next(
        s for s, spec in zip(sheets, specs, strict=True) if spec.kind == "reflected_ceiling_plan"
    )
    assert ceiling.kind == "reflected_ceiling_plan"
    assert "dashed ceiling-grid lines" in ceiling.evidence[-1]


def test_raster_and_broken_pages_are_named_and_the_rest_still_classified():
    specs = building_set(levels=2)
    specs.insert(2, replace(specs[1], kind="raster_only"))
    specs.insert(3, replace(specs[1], kind="broken"))
    sheets = list(classify_sheets(render_set(specs)))
    assert sheets[2].kind == "raster_only"
    assert "scanned image" in sheets[2].error
    assert sheets[3].kind == "unknown"
    assert sheets[3].error
    assert [s.page for s in sheets if s.kind == "floor_plan"] == [1, 4]


def test_pages_are_classified_one_at_a_time():
    sheets = classify_sheets(render_set(building_set(levels=1)))
    first = next(sheets)  # a generator: later pages are not read yet
    assert first.kind == "cover_or_notes"
    assert len(list(sheets)) == len(building_set(levels=1)) - 1


def test_a_file_that_is_not_a_pdf_raises_its_error():
    with pytest.raises(PdfError) as raised:
        list(classify_sheets(b"GIF89a not a drawing"))
    assert raised.value.code == "not_a_pdf"


def test_a_key_plan_of_levels_that_have_their_own_sheets_is_not_taken_off():
    sheets = [
        Sheet(0, "floor_plan", levels=["MAIN FLOOR", "2ND FLOOR"]),
        Sheet(1, "floor_plan", levels=["MAIN FLOOR"]),
        Sheet(2, "floor_plan", levels=["2ND FLOOR"]),
        Sheet(3, "elevation"),
        Sheet(4, "floor_plan", levels=["ROOF", "ATTIC FLOOR"]),  # no sheets of their own
        Sheet(5, "floor_plan"),
    ]
    assert takeoff_pages(sheets) == [1, 2, 4, 5]
