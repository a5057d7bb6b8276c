"""When a floor plan's extraction may be used: processed, and reviewed or accepted as is."""

from __future__ import annotations

from typing import Any

from floorplans.errors import Conflict
from floorplans.models import Floorplan


def review_fields(graph: dict | None) -> dict[str, Any]:
    """The floor plan's review columns, as the graph states them (older graphs: none)."""
    graph = graph or {}
    return {
        "review_required": bool(graph.get("review_required")),
        "review_reasons": list(graph.get("review_reasons") or []),
    }


def needs_review(floorplan: Floorplan, revision: int) -> bool:
    """The extraction as read (revision 0) was flagged; a revision is the estimator's own
    correction of it, so pricing one is pricing a reviewed graph."""
    return floorplan.review_required and revision == 0


def review_refusal(floorplan: Floorplan) -> Conflict:
    reasons = "; ".join(floorplan.review_reasons) or "the extraction explains too little"
    return Conflict(
        f"This floor plan's extraction needs review before it is priced: {reasons}. "
        "Correct it (a scale override, room corrections) or send accept_review=true to "
        "price it as it is; the BOM is then marked as priced from an unreviewed extraction.",
        code="review_required",
    )


def no_scale() -> Conflict:
    return Conflict(
        "The drawing's scale could not be determined; upload it again with a scale "
        'such as 1/4"=1\'-0" or 1:100.',
        code="no_scale",
    )


def not_processed(floorplan: Floorplan, what: str) -> Conflict:
    return Conflict(
        f"The floor plan is {floorplan.status}, not processed; {what} once its ingest job "
        "has succeeded.",
        code="floorplan_not_ready",
    )
