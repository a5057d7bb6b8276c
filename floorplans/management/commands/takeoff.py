import argparse
import json

from django.conf import settings
from django.db import DatabaseError

from floorplans.catalogue import catalogue_items
from floorplans.management.extraction_command import ExtractionCommand
from floorplans.management.progress_bar import ProgressBar
from floorplans.pipeline import PdfError
from floorplans.pipeline.sheets import classify_sheets, takeoff_pages
from floorplans.takeoff import (
    DEFAULT_CATALOGUE,
    CatalogueError,
    NoScaleError,
    OptionError,
    bom_to_csv,
    bom_to_dict,
    build_layout,
    options_schema,
    parse_options,
    price_bom,
)
from floorplans.takeoff.bom_table import bom_to_table
from floorplans.takeoff.building_bom import SheetBom, combine_boms
from floorplans.vision import extract_configured

_ARG_TYPES = {"number": float, "integer": int, "string": str}


def _json_type(spec: dict) -> str:
    kinds = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    return next(kind for kind in kinds if kind != "null")


def _page_or_all(value: str) -> int | str:
    return value if value == "all" else int(value)


class Command(ExtractionCommand):
    help = (
        "Extract a PDF page (or, with --page all, every floor-plan sheet of a drawing set), "
        "lay out the construction and print the priced BOM (one for the building)."
    )
    page_type = staticmethod(_page_or_all)
    page_help = "page index, 0 = first page; `all`: every floor-plan sheet, priced as one BOM"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--format", choices=["json", "csv", "table"], default="table")
        parser.add_argument(
            "--catalogue",
            choices=["db", "default"],
            default="db",
            help="price from the database catalogue (admin-edited) or the built-in defaults",
        )
        # Generator options come from the generator's own schema, so the CLI, the API
        # and the docs can never disagree about their names, types and defaults.
        for name, spec in options_schema()["properties"].items():
            flag = "--" + name.replace("_", "-")
            kind, help_text = _json_type(spec), spec["description"]
            if kind == "boolean":
                parser.add_argument(
                    flag, dest=name, action=argparse.BooleanOptionalAction, help=help_text
                )
            elif kind == "object":
                parser.add_argument(
                    flag,
                    dest=name,
                    action="append",
                    metavar="LABEL=MATERIAL",
                    help=spec["description"],
                )
            else:
                parser.add_argument(
                    flag,
                    dest=name,
                    type=_ARG_TYPES[kind],
                    choices=spec.get("enum"),
                    help=spec["description"],
                )

    def _generator_options(self, options) -> dict:
        chosen = {}
        for name in options_schema()["properties"]:
            value = options.get(name)
            if value is None:
                continue
            if isinstance(value, list):  # LABEL=MATERIAL pairs
                pairs = [item.split("=", 1) for item in value]
                if any(len(pair) != 2 for pair in pairs):
                    self.fail(f"--{name.replace('_', '-')} takes LABEL=MATERIAL")
                value = dict(pairs)
            chosen[name] = value
        return chosen

    def _catalogue(self, source: str):
        if source == "default":
            return list(DEFAULT_CATALOGUE)
        try:
            return catalogue_items()
        except DatabaseError:
            self.fail(
                "the materials catalogue is not in the database; run `manage.py migrate` "
                "or pass --catalogue default"
            )

    def _price(self, graph: dict, generator_options, catalogue):
        return price_bom(
            build_layout(graph, generator_options),
            catalogue,
            generator_options,
            settings.TAKEOFF_CURRENCY,
        )

    def _building(self, options, generator_options, catalogue):
        """Every floor-plan sheet priced, summed into one BOM; sheets that cannot be read
        or priced are named on stderr and left out."""
        data = self.read_pdf(options)
        try:
            plans = [s for s in classify_sheets(data) if s.kind == "floor_plan"]
        except PdfError as exc:
            self.fail(f"{options['pdf']}: {exc}")
        pages = set(takeoff_pages(plans))
        plans = [s for s in plans if s.page in pages]
        bar = ProgressBar(self.stderr._out, len(plans), "sheets")
        priced = []
        for done, sheet in enumerate(plans):
            label = sheet.number or f"page {sheet.page}"
            bar.show(done, label)
            try:
                graph = extract_configured(data, page=sheet.page, scale_text=options["scale"])
                priced.append(SheetBom(label, self._price(graph, generator_options, catalogue)))
            except (PdfError, NoScaleError) as exc:
                self.stderr.write(f"\nwarning: {label} ({sheet.title or 'untitled'}): {exc}")
        bar.show(len(plans))
        bar.close()
        if not priced:
            self.fail(f"{options['pdf']}: no floor-plan sheet could be priced")
        return combine_boms(priced)

    def handle(self, *args, **options) -> None:
        try:
            generator_options = parse_options(self._generator_options(options))
        except OptionError as exc:
            self.fail(f"invalid option {exc}")
        catalogue = self._catalogue(options["catalogue"])
        try:
            if options["page"] == "all":
                bom = self._building(options, generator_options, catalogue)
            else:
                bom = self._price(self.extract(options), generator_options, catalogue)
        except (NoScaleError, CatalogueError) as exc:
            self.fail(str(exc))
        if options["format"] == "json":
            self.stdout.write(json.dumps(bom_to_dict(bom), indent=2))
        elif options["format"] == "csv":
            self.stdout.write(bom_to_csv(bom), ending="")
        else:
            self.stdout.write(bom_to_table(bom))
