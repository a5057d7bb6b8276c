"""What an estimator takes away: the BOM as CSV and as a workbook, and the marked-up sheet.

Each is built from stored rows only: the BOM snapshot (lines, options, prices as priced)
and the graph of the revision it was priced from, so a download never changes after the
fact, whatever is corrected or re-priced later.
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

from django.http import HttpResponse

from floorplans.drawing_set_models import BuildingBOM
from floorplans.errors import Conflict
from floorplans.models import BOM, Floorplan, FloorplanStatus
from floorplans.revisions import graph_at
from floorplans.services.review import not_processed
from floorplans.takeoff import Bom, bom_from_dict, bom_to_csv, build_layout, parse_options
from floorplans.takeoff.bom_workbook import bom_to_xlsx
from floorplans.takeoff.catalogue import CATEGORIES
from floorplans.takeoff.layout import Layout
from floorplans.takeoff.markup import SheetMarkup, bom_quantities, markup_pdf
from floorplans.takeoff.takeoff_items import takeoff_items

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NOT_IN_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def attachment(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    """A download response (used by the API and the admin alike)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def stored_bom(bom: BOM | BuildingBOM) -> Bom:
    """The priced BOM a snapshot holds; a building BOM (sheets summed) has no catalogue
    snapshot or layout warnings of its own."""
    # PostgreSQL's jsonb does not keep key order: put the categories back in the generator's.
    subtotals = sorted(
        bom.subtotals.items(),
        key=lambda item: CATEGORIES.index(item[0]) if item[0] in CATEGORIES else len(CATEGORIES),
    )
    return bom_from_dict(
        {
            "currency": bom.currency,
            "lines": bom.line_items,
            "subtotals": dict(subtotals),
            "total": str(bom.total),
            "options": bom.options,
            "catalogue": getattr(bom, "catalogue_snapshot", []),
            "warnings": (getattr(bom, "layout_summary", None) or {}).get("warnings", []),
        }
    )


def priced_graph(bom: BOM) -> dict[str, Any]:
    return graph_at(bom.floorplan, bom.revision)


def priced_layout(bom: BOM, graph: dict[str, Any]) -> Layout:
    """The layout the BOM was priced from, rebuilt from its graph revision and options."""
    return build_layout(graph, parse_options(bom.options))


def _slug(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_IN_FILENAME.sub("-", ascii_text).strip("-.")[:limit] or "plan"


def sheet_name(floorplan: Floorplan, graph: dict[str, Any] | None) -> str:
    """The sheet number from the title block (when the extraction read one), else the page."""
    sheet = (graph or {}).get("sheet") or {}
    number = sheet.get("number") if isinstance(sheet, dict) else None
    return str(number) if number else f"p{floorplan.page_index + 1}"


def download_name(bom: BOM, graph: dict[str, Any], extension: str) -> str:
    """plan-sheet-revision, e.g. `smith-house-A101-r2.xlsx`: several downloads of one
    project stay apart in a Downloads folder."""
    floorplan = bom.floorplan
    return (
        f"{_slug(floorplan.name)}-{_slug(sheet_name(floorplan, graph), 20)}"
        f"-r{bom.revision}.{extension}"
    )


def bom_export_csv(bom: BOM) -> tuple[str, str]:
    """The CSV text and its file name."""
    graph = priced_graph(bom)
    return bom_to_csv(stored_bom(bom)), download_name(bom, graph, "csv")


def building_bom_csv(bom: BuildingBOM) -> str:
    """A drawing set's building BOM (its sheets' lines summed) as the same CSV."""
    return bom_to_csv(stored_bom(bom))


def _summary(bom: BOM, graph: dict[str, Any]) -> dict[str, Any]:
    floorplan = bom.floorplan
    scale = graph.get("scale") or {}
    sheet = graph.get("sheet") or {}
    return {
        "Project": floorplan.name,
        "File": floorplan.original_filename,
        "Sheet": " ".join(
            str(part) for part in (sheet_name(floorplan, graph), sheet.get("title")) if part
        ),
        "Scale": f"{scale.get('text', '')} ({scale.get('source', '')}, "
        f"{scale.get('metres_per_point', 0):.6g} m per point)",
        "Revision": f"{bom.revision} (the floor plan is at revision {floorplan.revision})",
        "Currency": bom.currency,
        "Catalogue prices as of": bom.created_at.strftime("%Y-%m-%d %H:%M UTC"),
        "BOM": str(bom.id),
        "Warnings": "; ".join((bom.layout_summary or {}).get("warnings", [])) or "none",
    }


def bom_export_xlsx(bom: BOM) -> tuple[bytes, str]:
    """The workbook bytes and its file name."""
    graph = priced_graph(bom)
    items = takeoff_items(graph, priced_layout(bom, graph))
    workbook = bom_to_xlsx(stored_bom(bom), items, _summary(bom, graph))
    return workbook, download_name(bom, graph, "xlsx")


def _original_pdf(floorplan: Floorplan) -> bytes:
    with floorplan.file.open("rb") as upload:  # storage API: works for any backend
        return upload.read()


def bom_markup_pdf(bom: BOM) -> tuple[bytes, str]:
    """The sheet with the BOM's takeoff (its revision and options) over it, and a name."""
    graph = priced_graph(bom)
    items = takeoff_items(graph, priced_layout(bom, graph))
    floorplan = bom.floorplan
    sheet = SheetMarkup(
        page_index=floorplan.page_index,
        items=items,
        title=f"{floorplan.name} - revision {bom.revision} - BOM {bom.id}",
        quantities=bom_quantities(stored_bom(bom), items),
    )
    return markup_pdf(_original_pdf(floorplan), [sheet]), download_name(bom, graph, "pdf")


def floorplan_markup_pdf(floorplan: Floorplan) -> tuple[bytes, str]:
    """The sheet with the current revision's extraction over it (default options)."""
    if floorplan.status != FloorplanStatus.PROCESSED or floorplan.graph is None:
        raise not_processed(floorplan, "the markup is available")
    if not (floorplan.graph.get("scale") or {}).get("metres_per_point"):
        raise Conflict(
            "The drawing has no scale, so nothing can be measured; correct it with a "
            "set_scale revision first.",
            code="no_scale",
        )
    graph = floorplan.graph
    items = takeoff_items(graph, build_layout(graph, parse_options({})))
    sheet = SheetMarkup(floorplan.page_index, items, f"{floorplan.name} - revision "
                        f"{floorplan.revision}")  # fmt: skip
    name = (
        f"{_slug(floorplan.name)}-{_slug(sheet_name(floorplan, graph), 20)}"
        f"-r{floorplan.revision}-markup.pdf"
    )
    return markup_pdf(_original_pdf(floorplan), [sheet]), name


def floorplan_markup_png(floorplan: Floorplan, *, scale: float = 1.0) -> bytes:
    """The marked-up sheet rasterised (pypdfium2), for the admin's floor plan page."""
    import pypdfium2  # only the admin needs rendering

    pdf, _ = floorplan_markup_pdf(floorplan)
    page = pypdfium2.PdfDocument(pdf)[0]
    out = io.BytesIO()
    page.render(scale=scale).to_pil().save(out, format="PNG", optimize=True)
    return out.getvalue()
