"""OpenAPI descriptions of the corrections and deliverables routes (revisions, workbook,
marked-up PDF); the shared pieces (error responses, examples) come from docs.py."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema

from floorplans.api.docs import errors, ok, refusal, refused_by
from floorplans.api.serializers import RevisionInput, RevisionOutput
from floorplans.models import Floorplan, FloorplanStatus
from floorplans.revisions import require_processed
from floorplans.services.review import not_processed

REVISION_EXAMPLE = {
    "number": 2,
    "operations": [
        {"op": "set_scale", "text": "1:50"},
        {"op": "merge_rooms", "rooms": ["r1", "r2"]},
    ],
    "changes": [
        "scale set to 1:50: lengths x0.5, areas x0.25",
        "rooms LIVING, DINING merged into r1",
    ],
    "created_by": "estimator",
    "created_at": "2026-12-01T09:30:00Z",
}
# The floor plan is not processed yet (the words each refusing use case says).
_PROCESSING = Floorplan(status=FloorplanStatus.PROCESSING)
REVISION_NOT_READY = refused_by(require_processed, _PROCESSING)
MARKUP_NOT_READY = refusal(not_processed(_PROCESSING, "the markup is available"))

revisions_list = extend_schema(
    methods=["GET"],
    summary="The floor plan's revisions",
    description="Newest first: who made each, when, its operations and what they changed. "
    "Revision 0 is the graph as extracted (listed once a correction exists).",
    responses={200: RevisionOutput(many=True), **errors(400, 404)},
    examples=[ok("A revision", REVISION_EXAMPLE)],
)
revisions_create = extend_schema(
    methods=["POST"],
    summary="Correct the graph: a new revision",
    description="The operations are applied in order to the current revision (ids refer "
    "to it; a later operation may use an id an earlier one made). The floor plan's graph "
    "becomes the new revision; BOMs already priced keep theirs. See DESIGN.md for the "
    "operations.",
    request=RevisionInput,
    responses={
        201: OpenApiResponse(RevisionOutput, examples=[ok("Created", REVISION_EXAMPLE)]),
        **errors(
            400,
            404,
            409,
            415,
            429,
            codes={
                400: [
                    (
                        "invalid_operation",
                        "operations[1] (merge_rooms): there is no room 'r7' in this revision",
                        "operations[1]",
                    )
                ],
                409: [
                    REVISION_NOT_READY,
                    ("revision_conflict", "The floor plan was corrected meanwhile; ...", None),
                ],
            },
        ),
    },
)


def _download(summary: str, media_type: str, description: str):
    return extend_schema(
        summary=summary,
        description=description,
        responses={
            (200, media_type): OpenApiResponse(
                OpenApiTypes.BINARY, description="`Content-Disposition: attachment`."
            ),
            **errors(404, 409, 429, codes={409: [MARKUP_NOT_READY]}),
        },
    )


bom_xlsx = _download(
    "Download a BOM as an Excel workbook",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Sheets BOM (line total = quantity x unit price, live subtotal and total formulas), "
    "Rooms, Walls, Openings and Summary (project, sheet, scale, revision, options, "
    "catalogue date).",
)
bom_markup = _download(
    "The sheet with this BOM's takeoff drawn over it",
    "application/pdf",
    "The original PDF page, vector content untouched, with a vector overlay: rooms tinted "
    "with label, net area and confidence, walls by type, openings, excluded items struck "
    "through, a legend and a quantities box.",
)
floorplan_markup = _download(
    "The sheet with the current revision's extraction drawn over it",
    "application/pdf",
    "As the BOM markup, for the floor plan's current revision (no quantities box).",
)
