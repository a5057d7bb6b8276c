"""Test data built the way the application builds it."""

from dataclasses import asdict

from floorplans.models import BOM, Floorplan, Material
from floorplans.services import bom_snapshot_create
from floorplans.takeoff import DEFAULT_CATALOGUE, build_layout, parse_options, price_bom


def bom_for(floorplan: Floorplan, options: dict | None = None) -> BOM:
    """A BOM snapshot as the generate job stores it, priced from the default catalogue."""
    parsed = parse_options(options or {})
    priced = price_bom(build_layout(floorplan.graph, parsed), DEFAULT_CATALOGUE, parsed)
    return bom_snapshot_create(floorplan=floorplan, priced=priced)


def seed_catalogue() -> None:
    """The default catalogue, which the data migration seeds but a transactional test's
    flush removes."""
    if not Material.objects.exists():
        Material.objects.bulk_create(Material(**asdict(item)) for item in DEFAULT_CATALOGUE)
