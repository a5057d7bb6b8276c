"""Request (Input) and response (Output) shapes. Output serializers only read; links are
absolute URLs built from the request so clients never assemble paths themselves."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.reverse import reverse

from floorplans.errors import InvalidInput
from floorplans.models import BOM, Floorplan, FloorplanRevision, FloorplanStatus
from jobs.models import AsyncJob, JobStatus, JobType
from jobs.registry import parse_result_ref

IDEMPOTENCY_KEY_MAX = 200


def api_url(view_name: str, pk: Any, context: dict) -> str:
    return reverse(f"api:{view_name}", kwargs={"pk": pk}, request=context.get("request"))


def job_url(job: AsyncJob, context: dict) -> str:
    return api_url("job-detail", job.pk, context)


def result_url(result_ref: str, context: dict) -> str | None:
    """A job's result link (``jobs.registry.result_ref``) -> the resource URL."""
    kind, pk = parse_result_ref(result_ref) or ("", "")
    view_name = {
        "floorplan": "floorplan-detail",
        "bom": "bom-detail",
        "drawing_set": "drawing-set-detail",
        "drawing_set_bom": "drawing-set-bom",  # the set's latest building BOM
    }.get(kind)
    return api_url(view_name, pk, context) if view_name else None


# --- shared pieces --------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """Every error the API returns."""

    code = serializers.CharField(help_text="Stable machine-readable reason, e.g. `not_a_pdf`.")
    detail = serializers.CharField(help_text="What went wrong and what to do, for people.")
    field = serializers.CharField(required=False, help_text="The input at fault, if one is.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Validation errors (code `invalid`): every field with its messages.",
    )


class ProblemSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class ProgressSerializer(serializers.Serializer):
    stage = serializers.CharField(source="progress_stage")
    percent = serializers.IntegerField(source="progress_percent", min_value=0, max_value=100)


# --- jobs -----------------------------------------------------------------------------


class JobOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    progress = ProgressSerializer(source="*")
    error = serializers.SerializerMethodField(help_text="Set when the job failed.")
    result_url = serializers.SerializerMethodField(
        help_text="The floor plan (ingest) or BOM (generate) the job produced, once succeeded."
    )
    job_type = serializers.ChoiceField(choices=JobType.choices)
    status = serializers.ChoiceField(choices=JobStatus.choices)

    class Meta:
        model = AsyncJob
        fields = (
            "id",
            "url",
            "job_type",
            "status",
            "progress",
            "attempts",
            "max_attempts",
            "floorplan",
            "created_at",
            "started_at",
            "finished_at",
            "updated_at",
            "error",
            "result_url",
        )
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, job: AsyncJob) -> str:
        return job_url(job, self.context)

    @extend_schema_field(ProblemSerializer(allow_null=True))
    def get_error(self, job: AsyncJob) -> dict | None:
        if job.status != JobStatus.FAILED:
            return None
        return {"code": job.error_code or "job_failed", "detail": job.error_message}

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_result_url(self, job: AsyncJob) -> str | None:
        if job.status != JobStatus.SUCCEEDED or not job.result_ref:
            return None
        return result_url(job.result_ref, self.context)


class JobFilterInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=JobStatus.choices, required=False)
    job_type = serializers.ChoiceField(choices=JobType.choices, required=False)
    floorplan = serializers.UUIDField(required=False, help_text="Only this floor plan's jobs.")


# --- floor plans ----------------------------------------------------------------------


class UploadFileField(serializers.FileField):
    """Required; a missing file is reported as `file_required`, its own error code."""

    def validate_empty_values(self, data):
        if data is empty or data is None or data == "":
            raise InvalidInput(
                "Attach the floor-plan PDF as the multipart field `file`.",
                code="file_required",
                field="file",
            )
        return super().validate_empty_values(data)


class FloorplanUploadInput(serializers.Serializer):
    file = UploadFileField(
        allow_empty_file=True,  # refused by the PDF check, with a better message
        help_text="The floor-plan PDF (at most UPLOAD_MAX_BYTES, 50 MB).",
    )
    name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="",
        help_text="Display name; defaults to the file name.",
    )  # fmt: skip
    page = serializers.IntegerField(
        min_value=0, max_value=100_000, required=False, default=0,
        help_text="Which page holds the plan, numbered from 0.",
    )  # fmt: skip
    scale = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default="",
        help_text="Scale override as printed on drawings: 1/4\"=1'-0\", 1:100, 1:50. "
        "Leave empty to read it from the drawing.",
    )  # fmt: skip


class DrawingScaleOutput(serializers.Serializer):
    metres_per_point = serializers.FloatField()
    source = serializers.CharField(
        help_text="override, text, dimension, scale_bar, room_areas, vision, correction, or "
        "sibling_sheet (another sheet of the drawing set draws the same plan at this size)"
    )
    text = serializers.CharField(allow_null=True, help_text="The scale as printed or given.")


class GraphCountsOutput(serializers.Serializer):
    walls = serializers.IntegerField()
    openings = serializers.IntegerField()
    rooms = serializers.IntegerField()


class FloorplanCommonOutput(serializers.ModelSerializer):
    """The fields every floor-plan shape shares: links, status and why it failed."""

    url = serializers.SerializerMethodField()
    preview_url = serializers.SerializerMethodField(help_text="SVG preview, once processed.")
    markup_url = serializers.SerializerMethodField(help_text="The sheet marked up (PDF).")
    error = serializers.SerializerMethodField(help_text="Why ingest failed (status `error`).")
    status = serializers.ChoiceField(choices=FloorplanStatus.choices)
    scale = serializers.CharField(source="scale_override", help_text="The scale override given.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, floorplan: Floorplan) -> str:
        return api_url("floorplan-detail", floorplan.pk, self.context)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_preview_url(self, floorplan: Floorplan) -> str | None:
        if floorplan.status != FloorplanStatus.PROCESSED:
            return None
        return api_url("floorplan-preview", floorplan.pk, self.context)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_markup_url(self, floorplan: Floorplan) -> str | None:
        if floorplan.status != FloorplanStatus.PROCESSED:
            return None
        return api_url("floorplan-markup", floorplan.pk, self.context)

    @extend_schema_field(ProblemSerializer(allow_null=True))
    def get_error(self, floorplan: Floorplan) -> dict | None:
        if floorplan.status != FloorplanStatus.ERROR:
            return None
        return {"code": floorplan.error_code or "ingest_failed", "detail": floorplan.error_message}


class FloorplanSummaryOutput(FloorplanCommonOutput):
    """A list row: what the graph holds, not the graph (the detail has it). Reads the
    annotations of ``selectors.floorplan_summaries``."""

    drawing_scale = DrawingScaleOutput(
        source="graph_scale", allow_null=True, help_text="The scale the graph was measured in."
    )
    counts = serializers.SerializerMethodField(help_text="What was found, once processed.")
    review_required = serializers.SerializerMethodField(
        help_text="The extraction explains too little of the drawing; check it (once processed)."
    )
    status_url = serializers.SerializerMethodField(help_text="The plan with all its jobs.")

    class Meta:
        model = Floorplan
        fields = ("id", "url", "name", "original_filename", "page_index", "scale", "status",
                  "error", "drawing_scale", "counts", "review_required", "preview_url",
                  "markup_url", "status_url", "created_at", "processed_at")  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(GraphCountsOutput(allow_null=True))
    def get_counts(self, floorplan: Floorplan) -> dict | None:
        if floorplan.wall_count is None:
            return None
        return {
            "walls": floorplan.wall_count,
            "openings": floorplan.opening_count or 0,
            "rooms": floorplan.room_count or 0,
        }

    @extend_schema_field({"type": "boolean", "nullable": True})
    def get_review_required(self, floorplan: Floorplan) -> bool | None:
        if floorplan.wall_count is None:
            return None
        return floorplan.review_required  # set from the graph at ingest

    @extend_schema_field(OpenApiTypes.URI)
    def get_status_url(self, floorplan: Floorplan) -> str:
        return reverse(
            "api:status", kwargs={"floorplan_id": floorplan.pk}, request=self.context["request"]
        )


class FloorplanOutput(FloorplanCommonOutput):
    graph = serializers.JSONField(
        allow_null=True,
        help_text="The SpatialGraph (schema_version 1) of the current revision, once processed.",
    )
    review_required = serializers.BooleanField(
        help_text="The extraction explains too little of the drawing to price it unseen; "
        "generate refuses it (409 `review_required`) unless asked with accept_review=true."
    )
    review_reasons = serializers.ListField(
        child=serializers.CharField(), help_text="Why review is required, in words."
    )

    class Meta:
        model = Floorplan
        fields = (
            "id",
            "url",
            "name",
            "original_filename",
            "file_size",
            "sha256",
            "page_count",
            "page_index",
            "scale",
            "status",
            "error",
            "review_required",
            "review_reasons",
            "revision",
            "graph",
            "preview_url",
            "markup_url",
            "created_at",
            "updated_at",
            "processed_at",
        )
        read_only_fields = fields


class BomLinkOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = BOM
        fields = ("id", "url", "created_at")
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, bom: BOM) -> str:
        return api_url("bom-detail", bom.pk, self.context)


class FloorplanLifecycleOutput(FloorplanOutput):
    jobs = JobOutput(many=True, read_only=True, help_text="Every job of this plan, oldest first.")
    boms = BomLinkOutput(many=True, read_only=True)

    class Meta(FloorplanOutput.Meta):
        fields = (*(f for f in FloorplanOutput.Meta.fields if f != "graph"), "jobs", "boms")
        read_only_fields = fields


class AcceptedOutput(serializers.Serializer):
    """The 202 answer: the job started, and where to poll it (also in `Location`)."""

    floorplan = FloorplanOutput(allow_null=True)
    job = JobOutput()
    status_url = serializers.URLField(help_text="Poll this (the job) until it finishes.")


class UploadAcceptedOutput(AcceptedOutput):
    reused_graph_from = serializers.UUIDField(
        allow_null=True,
        help_text="An earlier upload of the same bytes, page and scale whose graph was reused.",
    )


class RevisionInput(serializers.Serializer):
    operations = serializers.JSONField(
        help_text="Corrections applied in order (DESIGN.md: set_scale, rename_room, "
        "merge_rooms, split_room, exclude_room, exclude_wall, add_wall, set_room_finish, "
        "set_wall_type)."
    )
    base_revision = serializers.IntegerField(
        required=False, min_value=0,
        help_text="The revision the operations were written against; 409 if no longer current.",
    )  # fmt: skip


class RevisionOutput(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = FloorplanRevision
        fields = ("number", "operations", "changes", "created_by", "created_at")
        read_only_fields = fields


# --- BOMs -----------------------------------------------------------------------------


class BomLineSerializer(serializers.Serializer):
    sku = serializers.CharField()
    description = serializers.CharField()
    category = serializers.CharField()
    quantity = serializers.CharField(help_text="Decimal as a string.")
    unit = serializers.CharField()
    unit_price = serializers.CharField(help_text="Decimal as a string.")
    line_total = serializers.CharField(help_text="Decimal as a string.")
    derivation = serializers.CharField(help_text="How the quantity was worked out.")


class BomListOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    export_url = serializers.SerializerMethodField()
    layout_url = serializers.SerializerMethodField(help_text="SVG of the layout on the plan.")
    xlsx_url = serializers.SerializerMethodField(help_text="The BOM as an Excel workbook.")
    markup_url = serializers.SerializerMethodField(help_text="The sheet marked up, as PDF.")
    total = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)

    class Meta:
        model = BOM
        fields = ("id", "url", "floorplan", "revision", "total", "currency", "options",
                  "created_at", "export_url", "xlsx_url", "markup_url", "layout_url")  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, bom: BOM) -> str:
        return api_url("bom-detail", bom.pk, self.context)

    @extend_schema_field(OpenApiTypes.URI)
    def get_export_url(self, bom: BOM) -> str:
        return api_url("bom-export", bom.pk, self.context)

    @extend_schema_field(OpenApiTypes.URI)
    def get_xlsx_url(self, bom: BOM) -> str:
        return api_url("bom-export-xlsx", bom.pk, self.context)

    @extend_schema_field(OpenApiTypes.URI)
    def get_markup_url(self, bom: BOM) -> str:
        return api_url("bom-markup", bom.pk, self.context)

    @extend_schema_field(OpenApiTypes.URI)
    def get_layout_url(self, bom: BOM) -> str:
        return api_url("bom-layout", bom.pk, self.context)


class LayoutSummaryOutput(serializers.Serializer):
    """What `bom_snapshot_create` keeps of the layout beside the priced lines."""

    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="What the layout could not place or assumed."
    )


class BomDetailOutput(BomListOutput):
    line_items = serializers.SerializerMethodField()
    subtotals = serializers.DictField(child=serializers.CharField(), help_text="Per category.")
    layout_summary = LayoutSummaryOutput()

    class Meta(BomListOutput.Meta):
        fields = (*BomListOutput.Meta.fields, "line_items", "subtotals", "layout_summary")
        read_only_fields = fields

    @extend_schema_field(BomLineSerializer(many=True))
    def get_line_items(self, bom: BOM) -> list:
        return bom.line_items


# --- auth -----------------------------------------------------------------------------


class TokenRequest(serializers.Serializer):
    """What DRF's ObtainAuthToken reads (its own serializer is not schema-annotated)."""

    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


class TokenResponse(serializers.Serializer):
    token = serializers.CharField()
