"""drawing-sets/ (DESIGN.md "Drawing sets"): upload a whole set, see its sheets, price the
building. The same thin-view shape, upload limit, throttles, idempotency and 202 answer
as floorplans/ (``floorplans.api.views``)."""

from __future__ import annotations

import json

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from floorplans import deliverables, drawing_set_services, selectors
from floorplans.api import drawing_set_docs
from floorplans.api.serializers import (
    ErrorSerializer,
    JobOutput,
    UploadFileField,
    api_url,
    job_url,
)
from floorplans.api.throttles import ActionScopedRateThrottle
from floorplans.api.uploads import install_upload_limit
from floorplans.api.views import RETRY_AFTER_SECONDS, FileResponseMixin, idempotency_key
from floorplans.drawing_set_models import BuildingBOM, DrawingSet, DrawingSheet
from floorplans.errors import Conflict, InvalidInput

# --- shapes -------------------------------------------------------------------------------


class DrawingSetUploadInput(serializers.Serializer):
    file = UploadFileField(allow_empty_file=True, help_text="The drawing-set PDF, every page.")
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    scale = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default="",
        help_text="Scale override for every plan sheet (1/4\"=1'-0\", 1:100).",
    )  # fmt: skip
    sheet_scales = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text='Per-sheet scale overrides as JSON, page index from 0: {"3": "1:50"}.',
    )  # fmt: skip

    def validate_sheet_scales(self, value: str):
        if not value:
            return {}
        try:
            return json.loads(value)
        except ValueError as exc:
            raise InvalidInput(
                'sheet_scales must be JSON such as {"3": "1:50"}.',
                code="invalid_scale",
                field="sheet_scales",
            ) from exc


class SheetOutput(serializers.ModelSerializer):
    floorplan = serializers.UUIDField(source="floorplan_id", allow_null=True)
    status = serializers.SerializerMethodField(help_text="The sheet floor plan's status.")
    error = serializers.SerializerMethodField(help_text="Why the sheet was not taken off.")
    number = serializers.CharField(allow_null=True)
    title = serializers.CharField(allow_null=True)
    scale = serializers.CharField(allow_null=True, help_text="The scale note printed on it.")

    class Meta:
        model = DrawingSheet
        fields = ("page", "kind", "number", "title", "scale", "evidence", "floorplan",
                  "status", "error")  # fmt: skip
        read_only_fields = fields

    def to_representation(self, sheet):
        data = super().to_representation(sheet)
        for key in ("number", "title", "scale"):
            data[key] = data[key] or None
        return data

    def get_status(self, sheet: DrawingSheet) -> str | None:
        return sheet.floorplan.status if sheet.floorplan_id else None

    @extend_schema_field(ErrorSerializer(allow_null=True))
    def get_error(self, sheet: DrawingSheet) -> dict | None:
        if sheet.floorplan_id and sheet.floorplan.error_message:
            return {"code": sheet.floorplan.error_code, "detail": sheet.floorplan.error_message}
        if sheet.error:
            return {"code": f"sheet_{sheet.kind}", "detail": sheet.error}
        return None


class DrawingSetOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    job = serializers.SerializerMethodField()
    bom_url = serializers.SerializerMethodField(help_text="The latest building BOM, if any.")
    error = serializers.SerializerMethodField()
    scale = serializers.CharField(source="scale_override")

    class Meta:
        model = DrawingSet
        fields = ("id", "url", "name", "original_filename", "file_size", "page_count", "scale",
                  "sheet_scales", "status", "error", "job", "bom_url", "created_at",
                  "finished_at")  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, drawing_set: DrawingSet) -> str:
        return api_url("drawing-set-detail", drawing_set.pk, self.context)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_job(self, drawing_set: DrawingSet) -> str | None:
        return job_url(drawing_set.job, self.context) if drawing_set.job_id else None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_bom_url(self, drawing_set: DrawingSet) -> str | None:
        latest = drawing_set.boms.first()
        return api_url("drawing-set-bom", drawing_set.pk, self.context) if latest else None

    @extend_schema_field(ErrorSerializer(allow_null=True))
    def get_error(self, drawing_set: DrawingSet) -> dict | None:
        if not drawing_set.error_message:
            return None
        return {"code": drawing_set.error_code, "detail": drawing_set.error_message}


class DrawingSetDetailOutput(DrawingSetOutput):
    sheets = SheetOutput(many=True, read_only=True)

    class Meta(DrawingSetOutput.Meta):
        fields = (*DrawingSetOutput.Meta.fields, "sheets")
        read_only_fields = fields


class DrawingSetAcceptedOutput(serializers.Serializer):
    drawing_set = DrawingSetOutput()
    job = JobOutput()
    status_url = serializers.URLField(help_text="Poll this (the set's job) until it finishes.")


class BuildingBomOutput(serializers.ModelSerializer):
    total = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)
    export_url = serializers.SerializerMethodField()

    class Meta:
        model = BuildingBOM
        fields = ("id", "drawing_set", "currency", "total", "subtotals", "sheets", "options",
                  "line_items", "created_at", "export_url")  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_export_url(self, bom: BuildingBOM) -> str:
        return api_url("drawing-set-bom-export", bom.drawing_set_id, self.context)


def _accepted(request, *, job, drawing_set, replayed: bool) -> Response:
    context = {"request": request}
    body = DrawingSetAcceptedOutput(
        {"drawing_set": drawing_set, "job": job, "status_url": job_url(job, context)},
        context=context,
    ).data
    headers = {"Location": body["status_url"], "Retry-After": RETRY_AFTER_SECONDS}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return Response(body, status=status.HTTP_202_ACCEPTED, headers=headers)


# --- views --------------------------------------------------------------------------------


@drawing_set_docs.drawing_set_viewset
class DrawingSetViewSet(
    FileResponseMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_converter = "uuid"
    parser_classes = [MultiPartParser]  # the upload; generate declares JSON itself
    throttle_classes = [ActionScopedRateThrottle]
    throttle_scopes = {"create": "uploads", "generate": "jobs"}
    file_actions = ("export",)

    def initialize_request(self, request, *args, **kwargs):
        if request.method == "POST":
            install_upload_limit(request)
        return super().initialize_request(request, *args, **kwargs)

    def get_queryset(self):
        if self.action == "list":
            return selectors.drawing_set_list(user=self.request.user)
        return selectors.drawing_set_detail(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return DrawingSetUploadInput
        return DrawingSetOutput if self.action == "list" else DrawingSetDetailOutput

    def create(self, request: Request) -> Response:
        params = DrawingSetUploadInput(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        upload = drawing_set_services.drawing_set_create(
            owner=request.user,
            upload=data["file"],
            name=data["name"],
            scale=data["scale"],
            sheet_scales=data["sheet_scales"],
            idempotency_key=idempotency_key(request),
        )
        return _accepted(
            request, job=upload.job, drawing_set=upload.drawing_set, replayed=upload.replayed
        )

    def destroy(self, request: Request, pk=None) -> Response:
        drawing_set_services.drawing_set_delete(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def generate(self, request: Request, pk=None) -> Response:
        drawing_set = self.get_object()
        result = drawing_set_services.building_bom_request(
            drawing_set=drawing_set,
            owner=request.user,
            options=request.data,
            idempotency_key=idempotency_key(request),
        )
        return _accepted(request, job=result.job, drawing_set=drawing_set, replayed=result.replayed)

    def _latest_bom(self) -> BuildingBOM:
        bom = self.get_object().boms.first()
        if bom is None:
            raise Conflict(
                "This set has no building BOM yet; POST to its generate/ first.", code="no_bom"
            )
        return bom

    @action(detail=True, methods=["get"])
    def bom(self, request: Request, pk=None) -> Response:
        return Response(BuildingBomOutput(self._latest_bom(), context={"request": request}).data)

    @drawing_set_docs.drawing_set_bom_export
    def export(self, request: Request, pk=None) -> HttpResponse:
        bom = self._latest_bom()
        # A building BOM has the snapshot fields of a sheet's BOM, so one exporter serves.
        response = HttpResponse(
            deliverables.building_bom_csv(bom), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="building-bom-{bom.pk}.csv"'
        return response
