"""The floorplans app's use cases, one module per use case.

Everything a caller could get wrong is checked before anything is stored, so a refused
request leaves no file, no row and no job behind; refusals are the domain errors of
``floorplans.errors`` (the API gives them their HTTP status). Views, the admin and the
commands call the names below.

- ``uploads``: what every upload (floor plan or drawing set) must pass; storing its file
- ``idempotency``: Idempotency-Key replays, and the race of two requests with one key
- ``floorplan_uploads``: upload a floor plan (its ingest job queued), delete one
- ``review``: when an extraction may be priced (processed; reviewed or accepted)
- ``bom_requests``: ask for a BOM (the generate job), store the priced snapshot
- ``rendering``: the preview and the BOM's layout SVG
- ``job_actions``: cancel and retry a job

The drawing-set use cases are ``floorplans.drawing_set_services``, built on the same
``uploads`` and ``idempotency``.
"""

from floorplans.services.bom_requests import BomRequest, bom_generate_request, bom_snapshot_create
from floorplans.services.floorplan_uploads import (
    FloorplanUpload,
    floorplan_create,
    floorplan_delete,
)
from floorplans.services.job_actions import job_cancel_request, job_retry_request
from floorplans.services.rendering import bom_layout_svg, floorplan_preview_svg
from floorplans.services.review import needs_review, review_fields
from floorplans.services.uploads import clean_filename

__all__ = [
    "BomRequest",
    "FloorplanUpload",
    "bom_generate_request",
    "bom_layout_svg",
    "bom_snapshot_create",
    "clean_filename",
    "floorplan_create",
    "floorplan_delete",
    "floorplan_preview_svg",
    "job_cancel_request",
    "job_retry_request",
    "needs_review",
    "review_fields",
]
