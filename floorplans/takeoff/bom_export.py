"""BOM as CSV (for spreadsheets) and as a JSON-safe dict (stored snapshot, API), lossless.

Decimals travel as strings in the dict so no float ever touches money.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, fields
from decimal import Decimal
from typing import Any

from .bom import Bom, BomLine
from .catalogue import CatalogueItem

_LINE_DECIMALS = ("quantity", "unit_price", "line_total")


def csv_headers(currency: str) -> list[str]:
    return [
        "SKU",
        "Description",
        "Category",
        "Quantity",
        "Unit",
        f"Unit price ({currency})",
        f"Line total ({currency})",
        "Derivation",
    ]


UTF8_BOM = "\ufeff"  # Excel reads the file as UTF-8 only with it (m², ø, é survive)
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection):
# text from the catalogue or a drawing is written with a leading apostrophe instead.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def bom_to_csv(bom: Bom) -> str:
    """One row per line item and nothing else (the Category column groups them; subtotals
    and the total are the workbook's job), so a spreadsheet can sort and filter it.

    Numbers are plain (no currency symbols or thousands separators) so spreadsheets read
    them as numbers; text cells cannot start a formula.
    """
    out = io.StringIO()
    out.write(UTF8_BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_headers(bom.currency))
    for line in bom.lines:
        writer.writerow(
            [
                _text_cell(line.sku),
                _text_cell(line.description),
                _text_cell(line.category),
                str(line.quantity),
                _text_cell(line.unit),
                str(line.unit_price),
                str(line.line_total),
                _text_cell(line.derivation),
            ]
        )
    return out.getvalue()


def _from_text_cell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS) else text


def bom_lines_from_csv(text: str) -> list[BomLine]:
    """Line items back from bom_to_csv output."""
    reader = csv.reader(io.StringIO(text.removeprefix(UTF8_BOM)))
    next(reader)  # headers
    lines = []
    for row in reader:
        sku, description, category, quantity, unit, unit_price, line_total, derivation = map(
            _from_text_cell, row
        )
        lines.append(
            BomLine(
                sku=sku,
                description=description,
                category=category,
                quantity=Decimal(quantity),
                unit=unit,
                unit_price=Decimal(unit_price),
                line_total=Decimal(line_total),
                derivation=derivation,
            )
        )
    return lines


def bom_to_dict(bom: Bom) -> dict[str, Any]:
    return {
        "currency": bom.currency,
        "lines": [
            {k: str(v) if k in _LINE_DECIMALS else v for k, v in asdict(line).items()}
            for line in bom.lines
        ],
        "subtotals": {category: str(value) for category, value in bom.subtotals.items()},
        "total": str(bom.total),
        "options": dict(bom.options),
        "catalogue": [catalogue_item_to_dict(item) for item in bom.catalogue],
        "warnings": list(bom.warnings),
    }


def bom_from_dict(data: dict[str, Any]) -> Bom:
    return Bom(
        currency=data["currency"],
        lines=tuple(
            BomLine(**{k: Decimal(v) if k in _LINE_DECIMALS else v for k, v in line.items()})
            for line in data["lines"]
        ),
        subtotals={category: Decimal(value) for category, value in data["subtotals"].items()},
        total=Decimal(data["total"]),
        options=dict(data.get("options", {})),
        catalogue=tuple(catalogue_item_from_dict(item) for item in data.get("catalogue", [])),
        warnings=tuple(data.get("warnings", [])),
    )


def catalogue_item_to_dict(item: CatalogueItem) -> dict[str, Any]:
    data = asdict(item)
    data["unit_price"] = str(item.unit_price)
    return data


def catalogue_item_from_dict(data: dict[str, Any]) -> CatalogueItem:
    known = {f.name for f in fields(CatalogueItem)}
    values = {k: v for k, v in data.items() if k in known}
    values["unit_price"] = Decimal(str(values["unit_price"]))
    return CatalogueItem(**values)
