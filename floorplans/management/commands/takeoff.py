import argparse
import json

from django.conf import settings
from django.db import DatabaseError

from floorplans.catalogue import catalogue_items
from floorplans.management.extraction_command import ExtractionCommand
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

_ARG_TYPES = {"number": float, "integer": int, "string": str}


def _json_type(spec: dict) -> str:
    kinds = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    return next(kind for kind in kinds if kind != "null")


class Command(ExtractionCommand):
    help = "Extract a PDF page, lay out the construction and print the priced BOM."

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

    def handle(self, *args, **options) -> None:
        try:
            generator_options = parse_options(self._generator_options(options))
        except OptionError as exc:
            self.fail(f"invalid option {exc}")
        graph = self.extract(options)
        try:
            layout = build_layout(graph, generator_options)
            bom = price_bom(
                layout,
                self._catalogue(options["catalogue"]),
                generator_options,
                settings.TAKEOFF_CURRENCY,
            )
        except (NoScaleError, CatalogueError) as exc:
            self.fail(str(exc))
        # The command prices what it found (stdout stays the BOM); the API would refuse.
        if graph.get("review_required"):
            for reason in graph.get("review_reasons") or []:
                self.stderr.write(f"review required: {reason}")
        if options["format"] == "json":
            self.stdout.write(json.dumps(bom_to_dict(bom), indent=2))
        elif options["format"] == "csv":
            self.stdout.write(bom_to_csv(bom), ending="")
        else:
            self.stdout.write(bom_to_table(bom))
