"""The drawing-set CLI: `sheets` (contract JSON) and `takeoff --page all`."""

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from floorplans.samples.catalog import sample_plans
from floorplans.samples.drawing_set import building_set, render_set
from tests.floorplans.test_commands import manage


@pytest.fixture(scope="module")
def set_file(tmp_path_factory) -> Path:
    specs = building_set(levels=1)
    flat = replace(specs[1], plan=sample_plans()[2], title="SECOND FLOOR PLAN", number="A-102")
    specs[2:2] = [flat, replace(specs[1], kind="raster_only")]
    path = tmp_path_factory.mktemp("sets") / "house set.pdf"
    path.write_bytes(render_set(specs))
    return path


def test_sheets_prints_every_page_with_its_kind_number_title_and_scale(set_file):
    result = manage("sheets", str(set_file))
    assert result.returncode == 0, result.stderr
    sheets = json.loads(result.stdout)["sheets"]
    assert [s["page"] for s in sheets] == list(range(len(sheets)))
    assert all({"page", "kind", "number", "title", "scale"} <= set(s) for s in sheets)
    assert [s["kind"] for s in sheets[:4]] == [
        "cover_or_notes",
        "floor_plan",
        "floor_plan",
        "raster_only",
    ]
    assert (sheets[2]["number"], sheets[2]["title"], sheets[2]["scale"]) == (
        "A-102", "SECOND FLOOR PLAN", "1:50",
    )  # fmt: skip


def test_sheets_of_a_file_that_is_not_a_pdf_fails_with_one_line(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"just text")
    result = manage("sheets", str(path))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().count("\n") == 0 and "not a PDF" in result.stderr


def test_takeoff_page_all_prices_every_plan_sheet_as_one_bom(set_file):
    per_sheet = [
        json.loads(manage("takeoff", str(set_file), "--page", page, "--format", "json",
                          "--catalogue", "default").stdout)
        for page in ("1", "2")
    ]  # fmt: skip
    result = manage("takeoff", str(set_file), "--page", "all", "--format", "json",
                    "--catalogue", "default")  # fmt: skip
    assert result.returncode == 0, result.stderr
    building = json.loads(result.stdout)
    assert Decimal(building["total"]) == sum(Decimal(b["total"]) for b in per_sheet) > 0
    for category, value in building["subtotals"].items():
        assert Decimal(value) == sum(Decimal(b["subtotals"][category]) for b in per_sheet)
    assert building["lines"][0]["derivation"].startswith("sum of sheets: A-101: ")
    assert "[#" not in result.stderr  # no progress bar when stderr is not a terminal
