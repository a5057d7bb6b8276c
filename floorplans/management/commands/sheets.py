import json

from floorplans.management.extraction_command import ExtractionCommand
from floorplans.pipeline import PdfError
from floorplans.pipeline.sheets import classify_sheets


class Command(ExtractionCommand):
    help = "Classify every page of a drawing set and print the sheets as JSON (no database)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("pdf", help="path of the drawing-set PDF")

    def handle(self, *args, **options) -> None:
        data = self.read_pdf(options)
        try:
            sheets = [sheet.to_dict() for sheet in classify_sheets(data)]
        except PdfError as exc:
            self.fail(f"{options['pdf']}: {exc}")
        self.stdout.write(json.dumps({"sheets": sheets}, indent=2))
