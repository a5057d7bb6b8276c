import argparse
import json
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError

from floorplans.catalogue import catalogue_items
from floorplans.management.extraction_command import ExtractionCommand
from floorplans.management.progress_bar import ProgressBar
from floorplans.pipeline import PdfError
from floorplans.pipeline.bounded import classify_sheets_bounded
from floorplans.pipeline.sheets import takeoff_pages
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
from floorplans.takeoff.bom_workbook import bom_to_xlsx
from floorplans.takeoff.building_bom import SheetBom, combine_boms
from floorplans.takeoff.markup import SheetMarkup, bom_quantities, markup_pdf
from floorplans.takeoff.takeoff_items import takeoff_items
from floorplans.vision import configured_sandbox, extract_configured

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
        parser.add_argument("--format", choices=["json", "csv", "table", "xlsx"], default="table")
        parser.add_argument(
            "--output", metavar="FILE", help="write the BOM here instead of stdout (xlsx needs it)"
        )
        parser.add_argument(
            "--markup", metavar="FILE", help="also write the sheet with the takeoff over it (PDF)"
        )
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
            sheets = classify_sheets_bounded(data, 0, sandbox=configured_sandbox())
        except PdfError as exc:
            self.fail(f"{options['pdf']}: {exc}")
        pages = set(takeoff_pages(sheets))
        plans = [s for s in sheets if s.page in pages]
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
        if options["format"] == "xlsx" and not options["output"]:
            self.fail("--format xlsx writes a file: give --output FILE")
        if options["page"] == "all" and (options["format"] == "xlsx" or options["markup"]):
            self.fail("--format xlsx and --markup take one sheet: give --page N")
        try:
            generator_options = parse_options(self._generator_options(options))
        except OptionError as exc:
            self.fail(f"invalid option {exc}")
        catalogue = self._catalogue(options["catalogue"])
        if options["page"] == "all":
            try:
                bom = self._building(options, generator_options, catalogue)
            except CatalogueError as exc:
                self.fail(str(exc))
            self._write(options["output"], self._rendered(bom, [], None, options))
            return
        graph = self.extract(options)
        try:
            layout = build_layout(graph, generator_options)
            bom = price_bom(layout, catalogue, generator_options, settings.TAKEOFF_CURRENCY)
        except (NoScaleError, CatalogueError) as exc:
            self.fail(str(exc))
        # The command prices what it found (stdout stays the BOM); the API would refuse.
        if graph.get("review_required"):
            for reason in graph.get("review_reasons") or []:
                self.stderr.write(f"review required: {reason}")
        items = takeoff_items(graph, layout)
        self._write(options["output"], self._rendered(bom, items, graph, options))
        if options["markup"]:
            title = f"{Path(options['pdf']).name} - page {options['page']}"
            sheet = SheetMarkup(options["page"], items, title, bom_quantities(bom, items))
            pdf = markup_pdf(Path(options["pdf"]).read_bytes(), [sheet])
            self._write(options["markup"], pdf)

    def _rendered(self, bom, items, graph: dict | None, options) -> str | bytes:
        kind = options["format"]
        if kind == "json":
            return json.dumps(bom_to_dict(bom), indent=2) + "\n"
        if kind == "csv":
            return bom_to_csv(bom)
        if kind == "xlsx":
            scale = graph["scale"]
            summary = {
                "Project": Path(options["pdf"]).name,
                "Sheet": f"page {options['page']}",
                "Scale": f"{scale.get('text', '')} ({scale.get('source', '')})",
                "Revision": "0 (as extracted)",
            }
            return bom_to_xlsx(bom, items, summary)
        return bom_to_table(bom) + "\n"

    def _write(self, path: str | None, content: str | bytes) -> None:
        if path is None:
            self.stdout.write(content, ending="")
            return
        try:
            if isinstance(content, bytes):
                Path(path).write_bytes(content)
            else:
                Path(path).write_text(content, encoding="utf-8")
        except OSError as exc:
            self.fail(f"cannot write {path}: {exc.strerror}")
        self.stderr.write(f"wrote {path}")
