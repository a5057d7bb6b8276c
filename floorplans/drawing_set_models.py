"""A drawing set: one multi-page PDF, its classified sheets, and its building BOMs.

Each floor-plan sheet becomes an ordinary ``Floorplan`` (same file, its own page), so the
single-sheet ingest, preview and BOM code serve sets unchanged.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def set_upload_path(drawing_set: "DrawingSet", filename: str) -> str:
    return f"drawing_sets/{drawing_set.owner_id}/{drawing_set.id}.pdf"


class DrawingSetStatus(models.TextChoices):
    UPLOADED = "uploaded"
    PROCESSING = "processing"
    PROCESSED = "processed"  # every floor-plan sheet ended; some may have failed (named)
    ERROR = "error"  # the set could not be read, or no floor plan in it could


class DrawingSet(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drawing_sets"
    )
    name = models.CharField(max_length=200)
    file = models.FileField(upload_to=set_upload_path, max_length=300)
    original_filename = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField(default=0)
    scale_override = models.CharField(max_length=60, blank=True)
    sheet_scales = models.JSONField(default=dict, blank=True)  # {"page index": "1:50"}
    status = models.CharField(
        max_length=12, choices=DrawingSetStatus.choices, default=DrawingSetStatus.UPLOADED
    )
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    # The set's ingest job: it classifies the pages, then waits for one child per plan.
    job = models.ForeignKey(
        "jobs.AsyncJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "created_at"], name="drawingset_owner_created")]

    def __str__(self) -> str:
        return self.name


class DrawingSheet(models.Model):
    """One page of a set as classified (``floorplans.pipeline.sheets``)."""

    drawing_set = models.ForeignKey(DrawingSet, on_delete=models.CASCADE, related_name="sheets")
    page = models.PositiveIntegerField()
    kind = models.CharField(max_length=24)
    number = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200, blank=True)
    scale = models.CharField(max_length=60, blank=True)  # the scale note printed on it
    evidence = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)  # why the page could not be read
    floorplan = models.OneToOneField(
        "floorplans.Floorplan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sheet",
    )

    class Meta:
        ordering = ["drawing_set", "page"]
        constraints = [
            models.UniqueConstraint(fields=["drawing_set", "page"], name="sheet_unique_page")
        ]

    def __str__(self) -> str:
        return f"page {self.page + 1}: {self.kind}"


class BuildingBOM(models.Model):
    """One priced BOM for the whole building: the sum of its sheets' BOM snapshots."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    drawing_set = models.ForeignKey(DrawingSet, on_delete=models.CASCADE, related_name="boms")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="building_boms"
    )
    options = models.JSONField(default=dict)
    # Per sheet: page, number, title, floorplan and BOM ids, subtotals and total.
    sheets = models.JSONField(default=list)
    line_items = models.JSONField(default=list)
    subtotals = models.JSONField(default=dict)
    total = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "building BOM"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Building BOM {self.id}"
