"""OpenAPI descriptions of every route: examples, the error codes each can return.

Kept apart from views.py so the views stay readable; each decorator here is applied to
one view class. Error responses all use ErrorSerializer (config/api_errors.py's shape).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from config.api_errors import body_too_large
from floorplans.api.serializers import (
    AcceptedOutput,
    BomDetailOutput,
    BomListOutput,
    ErrorSerializer,
    FloorplanLifecycleOutput,
    FloorplanOutput,
    FloorplanSummaryOutput,
    FloorplanUploadInput,
    JobFilterInput,
    JobOutput,
    TokenRequest,
    TokenResponse,
    UploadAcceptedOutput,
)
from floorplans.api.uploads import file_too_large
from floorplans.errors import ApplicationError
from floorplans.models import Floorplan, FloorplanStatus
from floorplans.pipeline import CorruptPdf, EmptyPdf, EncryptedPdf, NotAPdf
from floorplans.services.idempotency import key_reused
from floorplans.services.review import no_scale, not_processed, review_refusal
from floorplans.services.uploads import checked_scale
from floorplans.spatialgraph import SCHEMA_VERSION, SpatialGraph
from floorplans.takeoff import options_schema

# What the upload's PDF check (services, `inspect_pdf`) refuses, with the classes' messages.
UPLOAD_PDF_ERRORS = (NotAPdf, CorruptPdf, EncryptedPdf, EmptyPdf)

FP = "3f6c1c2e-8b1d-4f7e-9a53-2b6f0d1c4a10"
JOB = "9b2e5a7c-1f3d-4c8e-b6a2-7d0e3f5a9c11"
BOM_ID = "c4d8e2f1-6a3b-4d9c-8e7f-1a2b3c4d5e6f"
BASE = "https://takeoff.example.com/api/v1"

# --- error responses ------------------------------------------------------------------

# Written from the error classes themselves, so the documented texts are the real ones.
_TOO_LARGE = file_too_large(50 * 1024 * 1024)  # UPLOAD_MAX_BYTES's default
_BODY_TOO_LARGE = body_too_large()

_ERRORS: dict[int, tuple[str, list[tuple[str, str]]]] = {
    400: (
        "The request is invalid.",
        [("invalid", "Ensure this field has no more than 200 characters.")],
    ),
    401: (
        "Not authenticated: send `Authorization: Token <key>` or log in.",
        [
            ("not_authenticated", "Authentication credentials were not provided."),
            ("authentication_failed", "Invalid token."),
            ("token_expired", "The token has expired; log in again (POST /api/v1/auth/token/)."),
        ],
    ),
    403: (
        "Authenticated but not allowed (e.g. a missing CSRF token on a session request).",
        [("permission_denied", "CSRF Failed: CSRF token missing.")],
    ),
    404: (
        "No such object among yours (another user's id is a 404 too).",
        [("not_found", "Not found.")],
    ),
    409: ("The object is not in a state that allows this.", []),
    413: (
        "The upload is larger than UPLOAD_MAX_BYTES, or a JSON/form body larger than "
        "DATA_UPLOAD_MAX_MEMORY_SIZE.",
        [(e.code, e.detail) for e in (_TOO_LARGE, _BODY_TOO_LARGE)],
    ),
    415: (
        "The request body's media type is not accepted here.",
        [("unsupported_media_type", 'Unsupported media type "text/plain" in request.')],
    ),
    429: (
        "Too many requests of this kind; retry after `Retry-After` seconds.",
        [("throttled", "Request was throttled. Expected available in 42 seconds.")],
    ),
}


def refusal(error: ApplicationError) -> tuple[str, str, str | None]:
    """A domain error as an example (code, detail, field): the service's own words."""
    return error.code, error.detail, error.field


def refused_by(check: Callable[..., Any], *args: Any) -> tuple[str, str, str | None]:
    """What ``check(*args)`` refuses, as an example."""
    try:
        check(*args)
    except ApplicationError as error:
        return refusal(error)
    raise ValueError(f"{check.__name__}{args!r} refuses nothing")


def _error_example(code: str, detail: str, field: str | None = None) -> OpenApiExample:
    value: dict[str, Any] = {"code": code, "detail": detail}
    if field:
        value["field"] = field
    return OpenApiExample(code, value=value, response_only=True)


def errors(*statuses: int, codes: dict[int, list[tuple[str, str, str | None]]] | None = None):
    """Error responses for `statuses`, plus 401 which every authenticated route can return.

    `codes` adds route-specific (code, detail, field) examples to a status.
    """
    responses = {}
    for status in sorted({401, *statuses}):
        description, common = _ERRORS[status]
        examples = [_error_example(code, detail) for code, detail in common]
        examples += [_error_example(*example) for example in (codes or {}).get(status, [])]
        listed = ", ".join(f"`{example.name}`" for example in examples)
        responses[status] = OpenApiResponse(
            ErrorSerializer,
            description=f"{description} Codes: {listed}." if listed else description,
            examples=examples,
        )
    return responses


# --- examples of successful answers ---------------------------------------------------

GRAPH_EXAMPLE: SpatialGraph = {
    "schema_version": SCHEMA_VERSION,
    "page": {"index": 0, "width": 1224.0, "height": 792.0, "rotation": 0},
    "scale": {"metres_per_point": 0.016933, "source": "text", "text": '1/4" = 1\'-0"'},
    "walls": [
        {
            "id": "w1",
            "x1": 100.0,
            "y1": 100.0,
            "x2": 500.0,
            "y2": 100.0,
            "length_pts": 400.0,
            "thickness": 6.0,
        }
    ],
    "openings": [
        {"id": "o1", "wall_id": "w1", "kind": "door", "x": 220.0, "y": 100.0, "width_pts": 36.0}
    ],
    "rooms": [
        {
            "id": "r1",
            "label": "KITCHEN",
            "polygon": [[100, 100], [300, 100], [300, 260], [100, 260]],
            "area_pts2": 32000.0,
            "perimeter_pts": 720.0,
        }
    ],
    "warnings": [],
}

JOB_QUEUED = {
    "id": JOB,
    "url": f"{BASE}/jobs/{JOB}/",
    "job_type": "ingest",
    "status": "queued",
    "progress": {"stage": "", "percent": 0},
    "attempts": 0,
    "max_attempts": 4,
    "floorplan": FP,
    "created_at": "2025-05-01T09:30:00Z",
    "started_at": None,
    "finished_at": None,
    "updated_at": "2025-05-01T09:30:00Z",
    "error": None,
    "result_url": None,
}
JOB_SUCCEEDED = {
    **JOB_QUEUED,
    "status": "succeeded",
    "progress": {"stage": "done", "percent": 100},
    "attempts": 1,
    "started_at": "2025-05-01T09:30:01Z",
    "finished_at": "2025-05-01T09:30:04Z",
    "updated_at": "2025-05-01T09:30:04Z",
    "result_url": f"{BASE}/floorplans/{FP}/",
}
JOB_FAILED = {
    **JOB_QUEUED,
    "status": "failed",
    "attempts": 1,
    "started_at": "2025-05-01T09:30:01Z",
    "finished_at": "2025-05-01T09:30:02Z",
    "error": {
        "code": "no_vector_content",
        "detail": "This page has no vector drawing (it looks scanned or image-only); please "
        "upload the PDF exported from the CAD program.",
    },
}
FLOORPLAN_UPLOADED = {
    "id": FP,
    "url": f"{BASE}/floorplans/{FP}/",
    "name": "Ground floor",
    "original_filename": "ground-floor.pdf",
    "file_size": 184_320,
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "page_count": 2,
    "page_index": 0,
    "scale": '1/4"=1\'-0"',
    "status": "uploaded",
    "error": None,
    "review_required": False,
    "review_reasons": [],
    "revision": 0,
    "graph": None,
    "preview_url": None,
    "markup_url": None,
    "created_at": "2025-05-01T09:30:00Z",
    "updated_at": "2025-05-01T09:30:00Z",
    "processed_at": None,
}
FLOORPLAN_PROCESSED = {
    **FLOORPLAN_UPLOADED,
    "status": "processed",
    "graph": GRAPH_EXAMPLE,
    "preview_url": f"{BASE}/floorplans/{FP}/preview.svg",
    "markup_url": f"{BASE}/floorplans/{FP}/markup.pdf",
    "updated_at": "2025-05-01T09:30:04Z",
    "processed_at": "2025-05-01T09:30:04Z",
}
FLOORPLAN_SUMMARY = {
    **{
        k: FLOORPLAN_PROCESSED[k]
        for k in FloorplanSummaryOutput.Meta.fields
        if k in FLOORPLAN_PROCESSED
    },
    "drawing_scale": GRAPH_EXAMPLE["scale"],
    "counts": {"walls": 1, "openings": 1, "rooms": 1},
    "review_required": False,
    "status_url": f"{BASE}/status/{FP}/",
}
ACCEPTED_UPLOAD = {
    "floorplan": FLOORPLAN_UPLOADED,
    "job": JOB_QUEUED,
    "status_url": f"{BASE}/jobs/{JOB}/",
    "reused_graph_from": None,
}
ACCEPTED_GENERATE = {
    "floorplan": FLOORPLAN_PROCESSED,
    "job": {**JOB_QUEUED, "job_type": "generate"},
    "status_url": f"{BASE}/jobs/{JOB}/",
}
BOM_SUMMARY = {
    "id": BOM_ID,
    "url": f"{BASE}/boms/{BOM_ID}/",
    "floorplan": FP,
    "revision": 0,
    "total": "4182.37",
    "currency": "USD",
    "options": {"unit_system": "imperial", "wall_height": 8.0, "stud_spacing": 16},
    "created_at": "2025-05-01T09:31:10Z",
    "export_url": f"{BASE}/boms/{BOM_ID}/export.csv",
    "layout_url": f"{BASE}/boms/{BOM_ID}/layout.svg",
    "xlsx_url": f"{BASE}/boms/{BOM_ID}/export.xlsx",
    "markup_url": f"{BASE}/boms/{BOM_ID}/markup.pdf",
}
BOM_DETAIL = {
    **BOM_SUMMARY,
    "line_items": [
        {
            "sku": "LUM-2X4-8",
            "description": "2x4 stud, 8 ft",
            "category": "framing",
            "quantity": "212",
            "unit": "ea",
            "unit_price": "4.28",
            "line_total": "907.36",
            "derivation": "193 studs at 16 in o.c. incl. kings, jacks, cripples + 10% waste",
        }
    ],
    "subtotals": {
        "framing": "1630.12",
        "drywall": "1120.40",
        "flooring": "980.55",
        "paint": "310.00",
        "trim": "141.30",
    },
    "layout_summary": {"warnings": []},
}


def ok(name: str, value: Any) -> OpenApiExample:
    """A response example; for list routes give one item (spectacular adds the page)."""
    return OpenApiExample(name, value=value, response_only=True)


# --- parameters and request bodies ----------------------------------------------------

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Repeat a POST safely: the same key from the same user answers with the "
    "original job (202, header `Idempotent-Replayed: true`) instead of starting another. "
    "At most 200 printable characters.",
)
ACCEPTED_HEADERS = [
    OpenApiParameter(
        "Location",
        OpenApiTypes.URI,
        OpenApiParameter.HEADER,
        description="The job URL to poll.",
        response=[202],
    ),
    OpenApiParameter(
        "Retry-After",
        OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        description="Seconds to wait before polling.",
        response=[202],
    ),
]


def generator_options_schema() -> dict[str, Any]:
    """options_schema() in OpenAPI 3.0 terms: a nullable type instead of a type list."""
    schema = copy.deepcopy(options_schema())
    for prop in schema["properties"].values():
        if isinstance(prop.get("type"), list):
            types = [t for t in prop["type"] if t != "null"]
            prop["type"] = types[0]
            prop["nullable"] = True
    schema["properties"]["revision"] = {
        "type": "integer",
        "minimum": 0,
        "description": "The graph revision to price (default: the current one).",
    }
    schema["description"] = (
        "Generator options; every one is optional. Unit-dependent options default per "
        "`unit_system` (see `x-by-unit-system`). Unknown names are refused."
    )
    schema["properties"]["accept_review"] = {
        "type": "boolean",
        "default": False,
        "description": "Price a floor plan whose extraction is flagged `review_required` "
        "as it is; the BOM's layout_summary then carries the review reasons.",
    }
    return schema


GENERATE_EXAMPLES = [
    OpenApiExample("Imperial defaults", value={}, request_only=True),
    OpenApiExample(
        "Metric, 600 mm studs, tiled hall",
        value={
            "unit_system": "metric",
            "wall_height": 2.7,
            "stud_spacing": 600,
            "flooring": {"HALL": "tile"},
            "waste_drywall": 12,
        },
        request_only=True,
    ),
]

# --- per view -------------------------------------------------------------------------

PDF_REJECTIONS = [
    ("file_required", "Attach the floor-plan PDF as the multipart field `file`.", "file"),
    *((error.code, error.default_message, "file") for error in UPLOAD_PDF_ERRORS),
    (
        "page_out_of_range",
        "Page 3 does not exist; this PDF has 2 page(s), numbered from 0.",
        "page",
    ),
    refused_by(checked_scale, "1 to 100"),
    (
        "invalid",
        "Idempotency-Key must be printable text of at most 200 characters.",
        "Idempotency-Key",
    ),
]
NOT_READY = refusal(not_processed(Floorplan(status=FloorplanStatus.PROCESSING), "generate"))
KEY_REUSED = refusal(key_reused())

floorplan_viewset = extend_schema_view(
    list=extend_schema(
        summary="List your floor plans",
        description="Newest first, as summaries: what the SpatialGraph holds (counts, "
        "scale, review flag), not the graph itself, which is in the detail.",
        responses={200: FloorplanSummaryOutput(many=True), **errors(400)},
        examples=[ok("A page of floor plans", FLOORPLAN_SUMMARY)],
    ),
    retrieve=extend_schema(
        summary="One floor plan",
        responses={200: FloorplanOutput, **errors(404)},
        examples=[ok("Processed", FLOORPLAN_PROCESSED), ok("Just uploaded", FLOORPLAN_UPLOADED)],
    ),
    create=extend_schema(
        summary="Upload a floor-plan PDF",
        description=(
            "Multipart upload. The PDF is checked at once without decoding any of its "
            "content (size, signature, complete, no user password, has the page when its "
            "page tree is readable that way, else `page_count` is 0 until ingest); nothing "
            "is stored for a refused upload. Anything deeper is the ingest job's, which "
            "fails with a code such as `too_complex` or `page_out_of_range`. The answer "
            "is 202 with the ingest job to poll (`Location`). Uploading the same bytes, "
            "page and scale again reuses the earlier graph (`reused_graph_from`)."
        ),
        request=FloorplanUploadInput,
        parameters=[IDEMPOTENCY_KEY, *ACCEPTED_HEADERS],
        responses={
            (202, "application/json"): OpenApiResponse(
                UploadAcceptedOutput,
                description="Stored; the ingest job is queued.",
                examples=[ok("Queued", ACCEPTED_UPLOAD)],
            ),
            **errors(400, 409, 413, 415, 429, codes={400: PDF_REJECTIONS, 409: [KEY_REUSED]}),
        },
    ),
    destroy=extend_schema(
        summary="Delete a floor plan",
        description="Deletes the floor plan, its jobs and BOMs, and the stored PDF.",
        responses={204: OpenApiResponse(description="Deleted."), **errors(404)},
    ),
    generate=extend_schema(
        summary="Generate the layout and priced BOM",
        description=(
            "JSON body of generator options (all optional). Options are validated now "
            "(400 `invalid_option` names the field); the floor plan must be processed and "
            "have a scale (409), and a floor plan flagged `review_required` is refused "
            "(409 `review_required`, naming the problems) unless `accept_review` is true. "
            "Answers 202 with the generate job; once it succeeds its `result_url` is the BOM."
        ),
        request={"application/json": generator_options_schema()},
        parameters=[IDEMPOTENCY_KEY, *ACCEPTED_HEADERS],
        examples=GENERATE_EXAMPLES,
        responses={
            (202, "application/json"): OpenApiResponse(
                AcceptedOutput,
                description="The generate job is queued.",
                examples=[ok("Queued", ACCEPTED_GENERATE)],
            ),
            **errors(
                400,
                404,
                409,
                415,
                429,
                codes={
                    400: [
                        (
                            "invalid_option",
                            "must be one of 12, 16, 24 in (imperial)",
                            "stud_spacing",
                        )
                    ],
                    409: [
                        NOT_READY,
                        refusal(no_scale()),
                        refusal(review_refusal(Floorplan(review_reasons=["no rooms were found"]))),
                        KEY_REUSED,
                    ],
                },
            ),
        },
    ),
)

job_viewset = extend_schema_view(
    list=extend_schema(
        summary="List your jobs",
        description="Newest first; filter with `status`, `job_type`, `floorplan`.",
        parameters=[JobFilterInput],
        responses={200: JobOutput(many=True), **errors(400)},
        examples=[ok("A page of jobs", JOB_SUCCEEDED)],
    ),
    retrieve=extend_schema(
        summary="One job: status, progress, attempts, error, result link",
        responses={200: JobOutput, **errors(404)},
        examples=[
            ok("Queued", JOB_QUEUED),
            ok("Succeeded", JOB_SUCCEEDED),
            ok("Failed", JOB_FAILED),
        ],
    ),
    cancel=extend_schema(
        summary="Cancel a queued or running job",
        request=None,
        responses={
            200: OpenApiResponse(
                JobOutput, examples=[ok("Canceled", {**JOB_QUEUED, "status": "canceled"})]
            ),
            **errors(
                404,
                409,
                codes={
                    409: [
                        (
                            "job_not_cancelable",
                            "The job is succeeded and can no longer be canceled.",
                            None,
                        )
                    ]
                },
            ),
        },
    ),
    retry=extend_schema(
        summary="Run a failed or canceled job again",
        description="Starts over with a fresh set of attempts; 202 like the POSTs that start jobs.",
        request=None,
        parameters=ACCEPTED_HEADERS,
        responses={
            (202, "application/json"): OpenApiResponse(
                AcceptedOutput,
                examples=[
                    ok(
                        "Queued again",
                        {**ACCEPTED_GENERATE, "job": JOB_QUEUED, "floorplan": FLOORPLAN_UPLOADED},
                    )
                ],
            ),
            **errors(
                404,
                409,
                429,
                codes={
                    409: [
                        (
                            "job_not_retryable",
                            "The job is running; only failed or canceled jobs can be retried.",
                            None,
                        )
                    ]
                },
            ),
        },
    ),
)

status_view = extend_schema_view(
    get=extend_schema(
        summary="A floor plan's lifecycle",
        description="The floor plan's status with all its jobs (oldest first) and its BOMs.",
        responses={200: FloorplanLifecycleOutput, **errors(404)},
        examples=[
            ok(
                "Processed, BOM generated",
                {
                    **{k: v for k, v in FLOORPLAN_PROCESSED.items() if k != "graph"},
                    "jobs": [
                        JOB_SUCCEEDED,
                        {
                            **JOB_SUCCEEDED,
                            "job_type": "generate",
                            "result_url": f"{BASE}/boms/{BOM_ID}/",
                        },
                    ],
                    "boms": [
                        {
                            "id": BOM_ID,
                            "url": f"{BASE}/boms/{BOM_ID}/",
                            "created_at": "2025-05-01T09:31:10Z",
                        }
                    ],
                },
            )
        ],
    )
)

bom_viewset = extend_schema_view(
    list=extend_schema(
        summary="List your BOMs",
        description="Newest first; summaries (the line items are in the detail).",
        responses={200: BomListOutput(many=True), **errors(400)},
        examples=[ok("A page of BOMs", BOM_SUMMARY)],
    ),
    retrieve=extend_schema(
        summary="One BOM snapshot",
        description="Line items, category subtotals, total, currency and the options used.",
        responses={200: BomDetailOutput, **errors(404)},
        examples=[ok("A BOM", BOM_DETAIL)],
    ),
)


token_view = extend_schema_view(
    post=extend_schema(
        summary="Get your API token",
        description=(
            "Username and password in, the token out; send it as `Authorization: Token "
            "<key>`. Staff can also issue one with `python manage.py drf_create_token USER`. "
            "Attempts are throttled per client address (THROTTLE_AUTH) and per username "
            "(THROTTLE_AUTH_USERNAME); an expired token is replaced by a new one."
        ),
        auth=[],
        request=TokenRequest,
        responses={
            200: OpenApiResponse(TokenResponse, examples=[ok("Token", {"token": "9944b0..."})]),
            **{
                k: v
                for k, v in errors(
                    400,
                    415,
                    429,
                    codes={400: [("invalid", "Unable to log in with provided credentials.", None)]},
                ).items()
                if k != 401
            },
        },
    )
)


token_revoke_view = extend_schema_view(
    post=extend_schema(
        summary="Revoke your API token (log out)",
        description=(
            "The token stops working at once (every client using it gets 401); log in "
            "again for a new one. Tokens also expire by themselves after "
            "API_TOKEN_LIFETIME_HOURS (401 `token_expired`)."
        ),
        request=None,
        responses={204: OpenApiResponse(description="Revoked."), **errors()},
    )
)


# Routed by path (no trailing slash), so decorated on the method itself.
floorplan_preview = extend_schema(
    summary="SVG preview of the extracted plan",
    description="Walls, openings and rooms drawn over the page outline (PDF points).",
    responses={
        (200, "image/svg+xml"): OpenApiResponse(
            OpenApiTypes.STR,
            description="The SVG, in PDF points (y down, like SVG).",
            examples=[
                ok(
                    "SVG",
                    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="76 76 448 208" '
                    'width="448" height="208" font-family="sans-serif">'
                    "<title>Floor plan layout</title>...</svg>",
                )
            ],
        ),
        **errors(404, 409, 429, codes={409: [NOT_READY]}),
    },
)

bom_layout = extend_schema(
    summary="SVG of the construction layout",
    description="The plan with the layout the BOM was priced from: studs as ticks along "
    "the walls, openings, and rooms filled with their labels and net areas.",
    responses={
        (200, "image/svg+xml"): OpenApiResponse(OpenApiTypes.STR, description="The SVG."),
        **errors(404, 429),
    },
)

bom_export = extend_schema(
    summary="Download a BOM as CSV",
    description="One row per line item, then category subtotals and the total.",
    responses={
        (200, "text/csv"): OpenApiResponse(
            OpenApiTypes.STR,
            description="`Content-Disposition: attachment`.",
            examples=[
                ok(
                    "CSV",
                    "SKU,Description,Category,Quantity,Unit,Unit price (USD),"
                    'Line total (USD),Derivation\r\nLUM-2X4-8,"2x4 stud, 8 ft",'
                    "framing,212,ea,4.28,907.36,193 studs + 10% waste\r\n",
                )
            ],
        ),
        **errors(404),
    },
)
