import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from floorplans.pipeline import PdfError
from floorplans.pipeline.sheets import classify_sheets


class Command(BaseCommand):
    help = "Classify every page of a drawing set and print the sheets as JSON (no database)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("pdf", help="path of the drawing-set PDF")

    def handle(self, *args, **options) -> None:
        path = Path(options["pdf"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.stderr.write(f"error: cannot read {path}: {exc.strerror}")
            sys.exit(1)
        try:
            sheets = [sheet.to_dict() for sheet in classify_sheets(data)]
        except PdfError as exc:
            self.stderr.write(f"error: {path}: {exc}")
            sys.exit(1)
        self.stdout.write(json.dumps({"sheets": sheets}, indent=2))
