"""The materials catalogue as the pure generator sees it."""

from floorplans.models import Material
from floorplans.takeoff import CatalogueItem


def _optional_float(value) -> float | None:
    return None if value is None else float(value)


def catalogue_items() -> list[CatalogueItem]:
    """Active catalogue rows, in the admin's order (which breaks ties between products)."""
    return [
        CatalogueItem(
            sku=m.sku,
            name=m.name,
            category=m.category,
            role=m.role,
            unit=m.unit,
            unit_price=m.unit_price,
            currency=m.currency,
            stock_length_m=_optional_float(m.stock_length_m),
            sheet_width_m=_optional_float(m.sheet_width_m),
            sheet_length_m=_optional_float(m.sheet_length_m),
            unit_system=m.unit_system,
        )
        for m in Material.objects.filter(active=True)
    ]
