import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def upload_path(floorplan: "Floorplan", filename: str) -> str:
    # The stored name never uses the client's filename (kept in `original_filename`).
    return f"floorplans/{floorplan.owner_id}/{floorplan.id}.pdf"


class FloorplanStatus(models.TextChoices):
    UPLOADED = "uploaded"
    PROCESSING = "processing"
    PROCESSED = "processed"
    ERROR = "error"


class Floorplan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="floorplans"
    )
    name = models.CharField(max_length=200)
    file = models.FileField(upload_to=upload_path, max_length=300)
    original_filename = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)  # looked up with its owner: floorplan_owner_sha256
    page_count = models.PositiveIntegerField(default=0)
    page_index = models.PositiveIntegerField(default=0)
    scale_override = models.CharField(max_length=60, blank=True)
    status = models.CharField(
        max_length=12, choices=FloorplanStatus.choices, default=FloorplanStatus.UPLOADED
    )
    graph = models.JSONField(null=True, blank=True)  # the current revision's SpatialGraph
    revision = models.PositiveIntegerField(
        default=0, help_text="Current revision of the graph; 0 = as extracted, no corrections."
    )
    # Copied from the graph at ingest so lists can filter on it: the extraction explains
    # too little of the drawing to price it unseen (see SpatialGraph review_required).
    review_required = models.BooleanField(default=False)
    review_reasons = models.JSONField(default=list, blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "created_at"], name="floorplan_owner_created"),
            models.Index(fields=["owner", "sha256"], name="floorplan_owner_sha256"),
            models.Index(fields=["status"], name="floorplan_status"),
        ]

    def __str__(self) -> str:
        return self.name


class BOM(models.Model):
    """An immutable priced bill of materials: prices and options are copied in."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    floorplan = models.ForeignKey(Floorplan, on_delete=models.CASCADE, related_name="boms")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="boms"
    )
    options = models.JSONField(default=dict)
    line_items = models.JSONField(default=list)
    subtotals = models.JSONField(default=dict)
    total = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    catalogue_snapshot = models.JSONField(default=list)
    layout_summary = models.JSONField(default=dict, blank=True)
    revision = models.PositiveIntegerField(
        default=0, help_text="The floor plan's graph revision this BOM was priced from."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "BOM"
        verbose_name_plural = "BOMs"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "created_at"], name="bom_owner_created")]

    def __str__(self) -> str:
        # Not the floor plan's name: admin pages show this title to users who may not
        # be allowed to see floor plans.
        return f"BOM {self.id}"


class FloorplanRevision(models.Model):
    """One immutable correction of a floor plan's graph: the operations asked for and the
    graph they produced. Revision 0 holds the graph as extracted (written with revision 1)."""

    floorplan = models.ForeignKey(Floorplan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    operations = models.JSONField(default=list)
    changes = models.JSONField(default=list, help_text="One sentence per operation.")
    graph = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["floorplan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["floorplan", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"revision {self.number}"


class MaterialCategory(models.TextChoices):
    FRAMING = "framing"
    DRYWALL = "drywall"
    FLOORING = "flooring"
    PAINT = "paint"
    TRIM = "trim"


class Material(models.Model):
    """A catalogue entry the generator prices BOM lines with (edited in the admin)."""

    sku = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=12, choices=MaterialCategory.choices)
    role = models.CharField(
        max_length=40, help_text="What the generator uses it for: stud, plate, drywall_sheet ..."
    )
    unit = models.CharField(max_length=10)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    stock_length_m = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    sheet_width_m = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    sheet_length_m = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    unit_system = models.CharField(
        max_length=8,
        blank=True,
        choices=[("imperial", "imperial"), ("metric", "metric")],
        help_text="Which takeoffs buy it; blank = either (then its unit decides).",
    )
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "role", "sku"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="material_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"


# Drawing sets live in their own module; imported here so Django registers them.
from floorplans.drawing_set_models import BuildingBOM, DrawingSet, DrawingSheet  # noqa: E402, F401
