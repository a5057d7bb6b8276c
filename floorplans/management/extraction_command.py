"""What `extract` and `takeoff` share: reading a PDF argument and running the pipeline.

Both keep stdout for the result alone; logs and errors go to stderr, and a bad PDF
ends the process with exit status 1 and one line saying what is wrong.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from floorplans.pipeline import PdfError
from floorplans.vision import extract_configured


class ExtractionCommand(BaseCommand):
    page_type = int  # what --page accepts; `takeoff` also takes "all"
    page_help = "page index, 0 = first page"

    def add_arguments(self, parser) -> None:
        parser.add_argument("pdf", help="path of the floor-plan PDF")
        parser.add_argument("--page", type=self.page_type, default=0, help=self.page_help)
        parser.add_argument(
            "--scale", default=None, help='scale override, e.g. 1/4"=1\'-0" or 1:100'
        )

    def fail(self, message: str) -> None:
        self.stderr.write(f"error: {message}")
        sys.exit(1)

    def read_pdf(self, options) -> bytes:
        path = Path(options["pdf"])
        try:
            return path.read_bytes()
        except OSError as exc:
            self.fail(f"cannot read {path}: {exc.strerror}")

    def extract(self, options) -> dict:
        data = self.read_pdf(options)
        try:
            return extract_configured(data, page=options["page"], scale_text=options["scale"])
        except PdfError as exc:
            self.fail(f"{options['pdf']}: {exc}")
