"""The seeded catalogue knows each item's unit system, and a metric BOM priced from the
database buys only metric products."""

import pytest

from floorplans.catalogue import catalogue_items
from floorplans.models import Material
from floorplans.takeoff import build_layout, parse_options, price_bom
from tests.takeoff.plans import CM_PER_POINT, two_room_plan

pytestmark = pytest.mark.django_db


def test_every_seeded_item_names_its_unit_system():
    assert not Material.objects.filter(unit_system="").exists()
    assert Material.objects.get(sku="DW-SCREW-M-1000").unit_system == "metric"
    assert Material.objects.get(sku="DW-SCREW-1000").unit_system == "imperial"


@pytest.mark.parametrize("system", ["metric", "imperial"])
def test_a_bom_priced_from_the_database_stays_in_its_unit_system(system):
    options = parse_options({"unit_system": system})
    catalogue = catalogue_items()
    systems = {item.sku: item.unit_system for item in catalogue}

    bom = price_bom(build_layout(two_room_plan(CM_PER_POINT), options), catalogue, options)

    assert {systems[line.sku] for line in bom.lines} == {system}
