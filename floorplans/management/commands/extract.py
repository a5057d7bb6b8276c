import json

from floorplans.management.extraction_command import ExtractionCommand


class Command(ExtractionCommand):
    help = "Print the SpatialGraph of one PDF page as JSON (no database, no cluster)."

    def handle(self, *args, **options) -> None:
        graph = self.extract(options)
        self.stdout.write(json.dumps(graph, indent=2))
