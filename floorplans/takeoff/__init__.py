"""Construction layout and priced bill of materials from a SpatialGraph (pure Python).

options = parse_options(request_json)        # OptionError names the bad field
layout = build_layout(graph, options)        # NoScaleError when graph["scale"] is null
bom = price_bom(layout, DEFAULT_CATALOGUE, options)
bom_to_csv(bom); bom_to_dict(bom); render_layout_svg(graph, layout)
"""

from .bom import Bom, BomLine, price_bom
from .bom_export import bom_from_dict, bom_lines_from_csv, bom_to_csv, bom_to_dict
from .catalogue import DEFAULT_CATALOGUE, CatalogueItem
from .errors import CatalogueError, NoScaleError, OptionError
from .layout import Layout, WallLayout, build_layout
from .options import GeneratorOptions, options_schema, options_to_dict, parse_options
from .svg import render_layout_svg

__all__ = [
    "DEFAULT_CATALOGUE",
    "Bom",
    "BomLine",
    "CatalogueError",
    "CatalogueItem",
    "GeneratorOptions",
    "Layout",
    "NoScaleError",
    "OptionError",
    "WallLayout",
    "bom_from_dict",
    "bom_lines_from_csv",
    "bom_to_csv",
    "bom_to_dict",
    "build_layout",
    "options_schema",
    "options_to_dict",
    "parse_options",
    "price_bom",
    "render_layout_svg",
]
