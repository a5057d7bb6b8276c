"""Creates the demo floor plan (drawn by the sample generator) with a generated BOM.

Runs both jobs through the real job layer in this process, so `make run` opens on a
processed plan and its BOM; the cluster later receives the same job ids and, finding
them finished, does nothing.
"""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from floorplans.models import Floorplan
from floorplans.samples.catalog import demo_plan
from floorplans.samples.render import render_pdf
from floorplans.services import bom_generate_request, floorplan_create
from jobs.runner import run_job

SAMPLE_NAME = "Sample house (generated)"


class Command(BaseCommand):
    help = "Create the sample floor plan for a user, ingest it and generate its BOM."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        owner = get_user_model().objects.filter(username=username).first()
        if owner is None:
            raise CommandError(f"no user {username!r}; run `manage.py ensure_admin` first")
        floorplan = Floorplan.objects.filter(owner=owner, name=SAMPLE_NAME).first()
        if floorplan is None:
            upload = SimpleUploadedFile(
                "sample-house.pdf", render_pdf(demo_plan(), "double_line"), "application/pdf"
            )
            created = floorplan_create(owner=owner, upload=upload, name=SAMPLE_NAME)
            run_job(created.job.id)
            floorplan = Floorplan.objects.get(id=created.floorplan.id)
            if floorplan.graph is None:
                raise CommandError(f"the sample did not ingest: {floorplan.error_message}")
            run_job(bom_generate_request(floorplan=floorplan, owner=owner, options={}).job.id)
        bom = floorplan.boms.first()
        self.stdout.write(
            f"Sample plan: http://127.0.0.1:8000/admin/floorplans/floorplan/{floorplan.id}/change/"
            + (f"  (BOM total {bom.total} {bom.currency})" if bom else "")
        )
