"""GET boms/{id}/export.xlsx: the workbook re-read with openpyxl and computed by LibreOffice."""

from __future__ import annotations

import copy
import io
from decimal import Decimal

import openpyxl
import pytest

from tests.libreoffice import needs_libreoffice, sheets_as_csv

SHEETS = ["BOM", "Rooms", "Walls", "Openings", "Summary"]


@pytest.fixture
def bom(user, make_floorplan, make_bom):
    floorplan = make_floorplan(user, name="Smith house")
    return make_bom(floorplan, {"unit_system": "metric"})


def download(api, bom) -> bytes:
    response = api.get(f"/api/v1/boms/{bom.id}/export.xlsx")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="Smith-house-p1-r0.xlsx"'
    return response.content


def test_the_bom_sheet_computes_with_formulas(api, bom):
    book = openpyxl.load_workbook(io.BytesIO(download(api, bom)))

    assert book.sheetnames == SHEETS
    sheet = book["BOM"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["H"].width >= 60  # the derivation is readable
    lines = bom.line_items
    for row, line in enumerate(lines, start=2):
        assert sheet[f"B{row}"].value == line["sku"]
        assert Decimal(str(sheet[f"D{row}"].value)) == Decimal(line["quantity"])
        assert sheet[f"G{row}"].value == f"=ROUND(D{row}*F{row},2)"
        assert sheet[f"H{row}"].value == line["derivation"]
    assert sheet["F2"].number_format == '#,##0.00 "USD"'
    last = len(lines) + 1
    subtotal = sheet.cell(row=last + 2, column=7).value
    assert subtotal == f'=SUMIF($A$2:$A${last},"framing",$G$2:$G${last})'
    total_row = last + 2 + len(bom.subtotals)
    assert sheet.cell(row=total_row, column=3).value == "Total"
    assert sheet.cell(row=total_row, column=7).value.startswith("=SUM(G")


def test_rooms_walls_openings_and_summary_describe_the_takeoff(api, bom):
    book = openpyxl.load_workbook(io.BytesIO(download(api, bom)))
    graph = bom.floorplan.graph
    mpp = graph["scale"]["metres_per_point"]

    rooms = list(book["Rooms"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rooms] == [r["id"] for r in graph["rooms"]]
    assert rooms[0][3] == pytest.approx(graph["rooms"][0]["area_pts2"] * mpp * mpp)
    assert book["Rooms"]["D1"].value == "Net area (m²)"
    assert len(list(book["Walls"].iter_rows(min_row=2))) == len(graph["walls"])
    assert len(list(book["Openings"].iter_rows(min_row=2))) == len(graph["openings"])
    summary = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["Project"] == "Smith house"
    assert summary["Scale"].startswith("1:50 (override")
    assert summary["Revision"].startswith("0")
    assert summary["option unit_system"] == "metric"
    assert summary["Catalogue prices as of"] == bom.created_at.strftime("%Y-%m-%d %H:%M UTC")


def test_text_from_the_drawing_never_becomes_a_formula(
    api, user, make_floorplan, make_bom, plan_graph
):
    graph = copy.deepcopy(plan_graph)  # the fixture's graph is shared by the session
    graph["rooms"][0]["label"] = "=1+2"
    floorplan = make_floorplan(user, name='=HYPERLINK("http://evil")', graph=graph)
    book = openpyxl.load_workbook(io.BytesIO(api.get(
        f"/api/v1/boms/{make_bom(floorplan).id}/export.xlsx").content))  # fmt: skip

    assert book["Rooms"]["B2"].value == "=1+2" and book["Rooms"]["B2"].data_type == "s"
    assert book["Summary"]["B2"].data_type == "s"


def test_another_users_workbook_is_not_found(other_api, bom):
    assert other_api.get(f"/api/v1/boms/{bom.id}/export.xlsx").status_code == 404


@needs_libreoffice
def test_libreoffice_opens_it_and_computes_the_json_totals(api, bom, tmp_path):
    sheets = sheets_as_csv(download(api, bom), tmp_path)

    rows = sheets["BOM"]
    lines = rows[1 : 1 + len(bom.line_items)]
    assert [Decimal(r[6]) for r in lines] == [Decimal(i["line_total"]) for i in bom.line_items]
    computed = {r[0]: Decimal(r[6]) for r in rows if r[2].startswith("Subtotal ")}
    assert computed == {k: Decimal(v) for k, v in bom.subtotals.items()}
    assert next(Decimal(r[6]) for r in rows if r[2] == "Total") == bom.total
    assert sheets["Summary"][-1] == ["Total (USD)", str(bom.total)]


@needs_libreoffice
def test_an_edited_price_flows_into_the_totals(api, bom, tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(download(api, bom)))
    quantity = Decimal(str(book["BOM"]["D2"].value))
    old_line = Decimal(bom.line_items[0]["line_total"])
    book["BOM"]["F2"] = 100  # the estimator's own price for the first line
    edited = io.BytesIO()
    book.save(edited)

    rows = sheets_as_csv(edited.getvalue(), tmp_path)["BOM"]

    assert Decimal(rows[1][6]) == quantity * 100
    total = next(Decimal(r[6]) for r in rows if r[2] == "Total")
    assert total == bom.total - old_line + quantity * 100


def test_subtotals_follow_the_generators_category_order(api, bom):
    # PostgreSQL's jsonb returns keys in its own order (shortest first); SQLite keeps them.
    bom.subtotals = dict(reversed(list(bom.subtotals.items())))
    bom.save()
    book = openpyxl.load_workbook(io.BytesIO(download(api, bom)))

    rows = list(book["BOM"].iter_rows(values_only=True))
    subtotals = [row[2].removeprefix("Subtotal ") for row in rows if str(row[2]).startswith("Sub")]
    assert subtotals == ["framing", "drywall", "flooring", "paint", "trim"]
