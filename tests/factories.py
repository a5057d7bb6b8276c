"""Test data built the way the application builds it."""

from floorplans.models import BOM, Floorplan
from floorplans.services import bom_snapshot_create
from floorplans.takeoff import DEFAULT_CATALOGUE, build_layout, parse_options, price_bom


def bom_for(floorplan: Floorplan, options: dict | None = None) -> BOM:
    """A BOM snapshot as the generate job stores it, priced from the default catalogue."""
    parsed = parse_options(options or {})
    priced = price_bom(build_layout(floorplan.graph, parsed), DEFAULT_CATALOGUE, parsed)
    return bom_snapshot_create(floorplan=floorplan, priced=priced)
