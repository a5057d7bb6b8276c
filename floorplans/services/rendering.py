"""The drawings the app serves: a processed floor plan's preview, a BOM's layout."""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache

from floorplans.models import BOM, Floorplan, FloorplanStatus
from floorplans.revisions import graph_at
from floorplans.services.review import not_processed
from floorplans.takeoff import build_layout, parse_options, render_layout_svg

LAYOUT_SVG_CACHE_SECONDS = 24 * 3600


def floorplan_preview_svg(floorplan: Floorplan) -> str:
    if floorplan.status != FloorplanStatus.PROCESSED or floorplan.graph is None:
        raise not_processed(floorplan, "the preview is available")
    return render_layout_svg(floorplan.graph)


def bom_layout_svg(bom: BOM, *, crop_to_drawing: bool = False) -> str:
    """The plan with the BOM's construction layout drawn on it (studs, openings, rooms),
    built from the graph revision and the options the BOM was generated with.

    Cached: building the layout costs far more than serving it, and every reload of a
    page would redo it. The key is what the drawing is made of (the graph as stored now,
    the options, the framing), so a re-processed graph is drawn anew.
    """
    graph = graph_at(bom.floorplan, bom.revision)
    content = json.dumps([graph, bom.options, crop_to_drawing], sort_keys=True, default=str)
    key = f"bom-layout-svg:{hashlib.sha256(content.encode()).hexdigest()}"

    def draw() -> str:
        layout = build_layout(graph, parse_options(bom.options))
        # Without a page size the renderer frames the drawing itself (small on a big sheet).
        return render_layout_svg({**graph, "page": None} if crop_to_drawing else graph, layout)

    return cache.get_or_set(key, draw, LAYOUT_SVG_CACHE_SECONDS)
