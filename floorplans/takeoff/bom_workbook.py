"""The BOM as an Excel workbook (openpyxl) an estimator can keep working in.

Sheet BOM: one row per line; line total = ROUND(quantity x unit price, 2) and the category
subtotals and grand total are formulas, so editing a price or a quantity updates them
(the same half-up cent rounding as price_bom, so the untouched workbook shows the JSON
BOM's figures). Sheets Rooms, Walls and Openings list every item of the graph, excluded
ones too; Summary says where the figures come from.

Text from the drawing or the user (labels, names) is always written as text: a room
labelled "=HYPERLINK(...)" must not become a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .bom import Bom
from .takeoff_items import UNIT_LABEL, TakeoffItems

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_TOTAL_FONT = Font(bold=True)
_QUANTITY = "#,##0"
_MEASURE = "#,##0.00"
_PERCENT = "0%"
BOM_COLUMNS = (  # header, width (characters)
    ("Category", 11),
    ("SKU", 18),
    ("Description", 42),
    ("Quantity", 10),
    ("Unit", 7),
    ("Unit price", 13),
    ("Line total", 14),
    ("Derivation", 90),
)


def _money(currency: str) -> str:
    return f'#,##0.00 "{currency}"'


def _put(sheet: Worksheet, row: int, column: int, value: Any, number_format: str = ""):
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text, whatever it starts with
    if number_format:
        cell.number_format = number_format
    return cell


def _formula(sheet: Worksheet, row: int, column: int, formula: str, number_format: str):
    cell = sheet.cell(row=row, column=column, value=formula)
    cell.number_format = number_format
    return cell


def _table(
    sheet: Worksheet,
    columns: Sequence[tuple[str, int]],
    rows: Iterable[Sequence[Any]],
    formats: Mapping[int, str] | None = None,
) -> int:
    """Header row (frozen, styled, sized) then the rows; returns the last row written."""
    for column, (title, width) in enumerate(columns, start=1):
        cell = _put(sheet, 1, column, title)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    # Printed (or exported to PDF) landscape, all columns on one page wide.
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    last = 1
    for last, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            _put(sheet, last, column, value, (formats or {}).get(column, ""))
    if last > 1:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    return last


def _bom_sheet(sheet: Worksheet, bom: Bom) -> str:
    """Lines, then per-category subtotals (SUMIF over the category column) and the total.
    Returns the grand total's cell reference for the summary."""
    money = _money(bom.currency)
    columns = list(BOM_COLUMNS)
    columns[5] = (f"Unit price ({bom.currency})", 15)
    columns[6] = (f"Line total ({bom.currency})", 16)
    rows = (
        (
            line.category,
            line.sku,
            line.description,
            float(line.quantity),
            line.unit,
            float(line.unit_price),
            None,
            line.derivation,
        )
        for line in bom.lines
    )
    last = _table(sheet, columns, rows, {4: _QUANTITY, 6: money})
    for row in range(2, last + 1):
        _formula(sheet, row, 7, f"=ROUND(D{row}*F{row},2)", money)
    data = f"2:{last}" if last > 1 else "2:2"
    first, end = data.split(":")
    row = last + 2
    subtotal_cells = []
    for category in bom.subtotals:
        _put(sheet, row, 1, category)
        _put(sheet, row, 3, f"Subtotal {category}").font = _TOTAL_FONT
        _formula(
            sheet, row, 7, f'=SUMIF($A${first}:$A${end},"{category}",$G${first}:$G${end})', money
        ).font = _TOTAL_FONT
        subtotal_cells.append(f"G{row}")
        row += 1
    _put(sheet, row, 3, "Total").font = _TOTAL_FONT
    total = _formula(sheet, row, 7, f"=SUM({','.join(subtotal_cells)})", money)
    total.font = _TOTAL_FONT
    return f"BOM!$G${row}"


def _rooms_sheet(sheet: Worksheet, items: TakeoffItems) -> None:
    area, length = UNIT_LABEL[items.area_unit], UNIT_LABEL[items.length_unit]
    columns = (
        ("Room", 8),
        ("Label", 24),
        ("Kind", 12),
        (f"Net area ({area})", 14),
        (f"Perimeter ({length})", 14),
        ("Flooring", 11),
        ("Walls painted", 13),
        ("Ceiling", 9),
        ("Printed area (m²)", 17),
        ("Confidence", 11),
        ("Taken off", 10),
    )
    rows = (
        (
            r.id,
            r.label,
            r.kind,
            r.area,
            r.perimeter,
            r.flooring or "-",
            "yes" if r.walls_painted else "no",
            "yes" if r.ceiling else "no",
            r.printed_area_m2,
            r.confidence,
            "excluded" if r.excluded else "yes",
        )
        for r in items.rooms
    )
    _table(sheet, columns, rows, {4: _MEASURE, 5: _MEASURE, 9: _MEASURE, 10: _PERCENT})


def _walls_sheet(sheet: Worksheet, items: TakeoffItems) -> None:
    length = UNIT_LABEL[items.length_unit]
    columns = (
        ("Wall", 8),
        (f"Length ({length})", 13),
        ("Thickness (pt)", 14),
        ("Type", 10),
        (f"Height ({length})", 12),
        ("Studs", 8),
        ("Source", 11),
        ("Taken off", 10),
    )
    rows = (
        (
            w.id,
            w.length,
            w.thickness_pts,
            w.wall_type or "-",
            w.height,
            w.studs,
            "added" if w.added else "extracted",
            "excluded" if w.excluded else "yes",
        )
        for w in items.walls
    )
    _table(sheet, columns, rows, {2: _MEASURE, 3: _MEASURE, 5: _MEASURE, 6: _QUANTITY})


def _openings_sheet(sheet: Worksheet, items: TakeoffItems) -> None:
    length = UNIT_LABEL[items.length_unit]
    columns = (
        ("Opening", 9),
        ("Wall", 8),
        ("Kind", 9),
        (f"Width ({length})", 12),
        ("Taken off", 10),
    )
    rows = (
        (o.id, o.wall_id, o.kind, o.width, "excluded" if o.excluded else "yes")
        for o in items.openings
    )
    _table(sheet, columns, rows, {4: _MEASURE})


def _summary_sheet(
    sheet: Worksheet,
    summary: Mapping[str, Any],
    options: Mapping[str, Any],
    total_ref: str,
    currency: str,
) -> None:
    rows = [(key, value) for key, value in summary.items()]
    rows += [(f"option {name}", _show(value)) for name, value in options.items()]
    _table(sheet, (("Takeoff", 26), ("", 70)), rows)
    for row in range(2, len(rows) + 2):
        sheet.cell(row=row, column=1).font = _TOTAL_FONT
    row = len(rows) + 2
    _put(sheet, row, 1, f"Total ({currency})").font = _TOTAL_FONT
    _formula(sheet, row, 2, f"={total_ref}", _money(currency)).font = _TOTAL_FONT


def _show(value: Any) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={v}" for k, v in value.items()) or "-"
    return str(value)


def bom_to_xlsx(bom: Bom, items: TakeoffItems, summary: Mapping[str, Any]) -> bytes:
    """The workbook as bytes. `summary` is shown first on the Summary sheet, in order
    (project, sheet, scale, revision, priced on, ...)."""
    book = Workbook()
    bom_sheet = book.active
    bom_sheet.title = "BOM"
    total_ref = _bom_sheet(bom_sheet, bom)
    _rooms_sheet(book.create_sheet("Rooms"), items)
    _walls_sheet(book.create_sheet("Walls"), items)
    _openings_sheet(book.create_sheet("Openings"), items)
    _summary_sheet(book.create_sheet("Summary"), summary, bom.options, total_ref, bom.currency)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
