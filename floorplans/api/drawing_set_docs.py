"""OpenAPI descriptions of drawing-sets/, built from the floor-plan routes' pieces."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view

from floorplans.api.docs import (
    ACCEPTED_HEADERS,
    BASE,
    FP,
    IDEMPOTENCY_KEY,
    JOB_QUEUED,
    KEY_REUSED,
    PDF_REJECTIONS,
    errors,
    generator_options_schema,
    ok,
)

SET_ID = "5e1d7a3b-2c4f-4e8a-9b6d-3f2a1c0e9d87"
SET = {
    "id": SET_ID,
    "url": f"{BASE}/drawing-sets/{SET_ID}/",
    "name": "Tower",
    "original_filename": "tower.pdf",
    "file_size": 3145728,
    "page_count": 12,
    "scale": "",
    "sheet_scales": {},
    "status": "processed",
    "error": {
        "code": "children_failed",
        "detail": "1 of 3 failed: page 5 (A-103): failed (This page is too complex ...)",
    },
    "job": f"{BASE}/jobs/{JOB_QUEUED['id']}/",
    "bom_url": f"{BASE}/drawing-sets/{SET_ID}/bom/",
    "created_at": "2026-03-18T09:12:44Z",
    "finished_at": "2026-03-18T09:13:31Z",
}
SET_DETAIL = {
    **SET,
    "sheets": [
        {"page": 0, "kind": "cover_or_notes", "number": "A-000", "title": "COVER SHEET",
         "scale": None, "evidence": ["title 'COVER SHEET'"], "floorplan": None,
         "status": None, "error": None},
        {"page": 1, "kind": "floor_plan", "number": "A-101", "title": "FIRST FLOOR PLAN",
         "scale": '1/4" = 1\'-0"', "evidence": ["title 'FIRST FLOOR PLAN'"], "floorplan": FP,
         "status": "processed", "error": None},
        {"page": 2, "kind": "raster_only", "number": None, "title": None, "scale": None,
         "evidence": ["an image covers 100% of the page; no vector drawing or text"],
         "floorplan": None, "status": None,
         "error": {"code": "sheet_raster_only", "detail": "The page is a scanned image."}},
    ],
}  # fmt: skip
ACCEPTED_SET = {"drawing_set": {**SET, "status": "uploaded", "error": None, "bom_url": None},
                "job": {**JOB_QUEUED, "job_type": "ingest_set", "floorplan": None},
                "status_url": f"{BASE}/jobs/{JOB_QUEUED['id']}/"}  # fmt: skip
BUILDING_BOM = {
    "id": "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d",
    "drawing_set": SET_ID,
    "currency": "USD",
    "total": "17010.70",
    "subtotals": {"framing": "2100.10", "drywall": "3000.20", "flooring": "9000.00",
                  "paint": "2010.40", "trim": "900.00"},
    "sheets": [{"page": 1, "number": "A-101", "title": "FIRST FLOOR PLAN", "floorplan": FP,
                "bom": "c4d8e2f1-6a3b-4d9c-8e7f-1a2b3c4d5e6f", "subtotals": {},
                "total": "8505.35"}],
    "options": {},
    "line_items": [{"sku": "FR-2X4-08-ST", "description": "2x4 SPF #2 stud, 8 ft",
                    "category": "framing", "quantity": "396", "unit": "ea",
                    "unit_price": "4.28", "line_total": "1694.88",
                    "derivation": "sum of sheets: A-101: 198 ea; A-102: 198 ea"}],
    "created_at": "2026-03-18T09:20:02Z",
    "export_url": f"{BASE}/drawing-sets/{SET_ID}/bom.csv",
}  # fmt: skip
NO_BOM = ("no_bom", "This set has no building BOM yet; POST to its generate/ first.", None)

drawing_set_viewset = extend_schema_view(
    list=extend_schema(
        summary="List your drawing sets",
        responses={200: OpenApiResponse(description="Newest first."), **errors(400)},
        examples=[ok("A page of sets", SET)],
    ),
    retrieve=extend_schema(
        summary="A drawing set with its sheets",
        description="`sheets[]`: every page's kind, number, title, printed scale, the "
        "evidence for the kind, and for plan sheets the floor plan with its status/error.",
        responses={200: OpenApiResponse(description="The set."), **errors(404)},
        examples=[ok("Processed, one sheet failed", SET_DETAIL)],
    ),
    create=extend_schema(
        summary="Upload a drawing set (every page)",
        description="Multipart. Checked at once like a floor-plan upload. The set's job "
        "classifies the pages, then takes off every floor-plan sheet as a child job.",
        parameters=[IDEMPOTENCY_KEY, *ACCEPTED_HEADERS],
        responses={
            (202, "application/json"): OpenApiResponse(
                description="Stored; the set's job is queued.",
                examples=[ok("Queued", ACCEPTED_SET)],
            ),
            **errors(400, 409, 413, 415, 429, codes={400: PDF_REJECTIONS, 409: [KEY_REUSED]}),
        },
    ),
    destroy=extend_schema(
        summary="Delete a set",
        description="The set, its sheets' floor plans, their jobs and BOMs, and the file.",
        responses={204: OpenApiResponse(description="Deleted."), **errors(404)},
    ),
    generate=extend_schema(
        summary="Price the building: one BOM, a subtotal per sheet",
        description="Generator options as for a floor plan, plus optional `floorplans` "
        "(ids of this set's sheets; default every processed one).",
        request={"application/json": generator_options_schema()},
        parameters=[IDEMPOTENCY_KEY, *ACCEPTED_HEADERS],
        responses={
            (202, "application/json"): OpenApiResponse(
                description="The job is queued; its `result_url` is the set's bom/.",
                examples=[
                    ok(
                        "Queued",
                        {**ACCEPTED_SET, "job": {**JOB_QUEUED, "job_type": "generate_set"}},
                    )
                ],
            ),
            **errors(
                400,
                404,
                409,
                415,
                429,
                codes={
                    409: [
                        (
                            "drawing_set_not_ready",
                            "No floor-plan sheet of this set is processed yet.",
                            None,
                        ),
                        (
                            "same_plan_twice",
                            "Tower - page 1 and Tower - page 2 draw the same plan at the "
                            "same size (the first takes its scale from the other): if they "
                            "show one floor, leave one out with `floorplans`; if two "
                            "identical floors, list both in `floorplans`.",
                            None,
                        ),
                        KEY_REUSED,
                    ]
                },
            ),
        },
    ),
    bom=extend_schema(
        summary="The set's latest building BOM",
        responses={
            200: OpenApiResponse(description="The BOM.", examples=[ok("BOM", BUILDING_BOM)]),
            **errors(404, 409, codes={409: [NO_BOM]}),
        },
    ),
)

# Routed by path (no trailing slash), so decorated on the method itself.
drawing_set_bom_export = extend_schema(
    summary="Download the building BOM as CSV",
    responses={
        (200, "text/csv"): OpenApiResponse(
            OpenApiTypes.STR,
            description="`Content-Disposition: attachment`.",
            examples=[ok("CSV", "SKU,Description,Category,Quantity,...\r\n")],
        ),
        **errors(404, 409, codes={409: [NO_BOM]}),
    },
)
