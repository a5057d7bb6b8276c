"""Drawing-set admin: the set with a thumbnail, kind and evidence per sheet, each plan
sheet's floor plan status and preview, and the set's building BOMs."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.cache import cache_control

from floorplans.admin import plan_svg
from floorplans.drawing_set_models import BuildingBOM, DrawingSet
from floorplans.models import Floorplan
from floorplans.pipeline.bounded import render_page_png_bounded
from floorplans.vision import configured_sandbox
from jobs.admin_display import admin_change_url, can_view, pretty_json, register_result_ref

register_result_ref("drawing_set", DrawingSet)
THUMBNAIL_PIXELS = 320


class BuildingBOMInline(admin.TabularInline):
    model = BuildingBOM
    fields = ("id", "total", "currency", "created_at")
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DrawingSet)
class DrawingSetAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "status", "page_count", "plan_sheets", "created_at",
                    "finished_at")  # fmt: skip
    list_filter = ("status", "created_at")
    search_fields = ("name", "owner__username")
    list_select_related = ("owner",)
    fields = ("id", "name", "owner", "status", "original_filename", "file", "file_size",
              "page_count", "scale_override", "sheet_scales", "job", "error_code",
              "error_message", "created_at", "finished_at")  # fmt: skip
    readonly_fields = [f for f in fields if f != "name"]
    inlines = [BuildingBOMInline]

    def has_add_permission(self, request) -> bool:
        return False  # sets are uploaded through the API (hashing, page count, job)

    def get_queryset(self, request: HttpRequest) -> QuerySet[DrawingSet]:
        plans = Count("sheets", filter=Q(sheets__floorplan__isnull=False))
        return super().get_queryset(request).annotate(plan_count=plans)

    @admin.display(description="plan sheets", ordering="plan_count")
    def plan_sheets(self, drawing_set: DrawingSet) -> int:
        return drawing_set.plan_count

    def get_urls(self):
        thumbnail = self.admin_site.admin_view(self.thumbnail_view)
        return [
            path(
                "<path:object_id>/sheet/<int:page>/thumbnail.png",
                thumbnail,
                name="floorplans_drawingset_thumbnail",
            ),
            *super().get_urls(),
        ]

    @method_decorator(cache_control(private=True, max_age=3600))
    def thumbnail_view(self, request: HttpRequest, object_id: str, page: int) -> HttpResponse:
        drawing_set = self.get_object(request, unquote(object_id))
        if drawing_set is None:
            raise Http404("No such drawing set")
        if not self.has_view_permission(request, drawing_set):
            raise PermissionDenied
        if not 0 <= page < drawing_set.page_count:
            raise Http404("No such page")
        with drawing_set.file.open("rb") as upload:
            data = upload.read()
        png = render_page_png_bounded(
            data, page, sandbox=configured_sandbox(), max_pixels=THUMBNAIL_PIXELS
        )
        return HttpResponse(png, content_type="image/png")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        drawing_set = self.get_object(request, unquote(object_id))
        extra = {"sheet_rows": self._sheet_rows(request, drawing_set)} if drawing_set else {}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def _sheet_rows(self, request: HttpRequest, drawing_set: DrawingSet) -> list[dict[str, Any]]:
        show_plans = can_view(request, Floorplan)
        sheets = drawing_set.sheets.select_related("floorplan").order_by("page")
        rows = []
        for sheet in sheets:
            floorplan = sheet.floorplan if show_plans else None
            rows.append(
                {
                    "sheet": sheet,
                    "thumbnail_url": reverse(
                        "admin:floorplans_drawingset_thumbnail", args=[drawing_set.pk, sheet.page]
                    ),
                    "floorplan": floorplan,
                    "floorplan_url": admin_change_url(Floorplan, floorplan.pk) if floorplan else "",
                    "preview": plan_svg(floorplan.graph) if floorplan and floorplan.graph else "",
                }
            )
        return rows


@admin.register(BuildingBOM)
class BuildingBOMAdmin(admin.ModelAdmin):
    list_display = ("id", "drawing_set", "owner", "total", "currency", "created_at")
    list_select_related = ("drawing_set", "owner")
    fields = ("id", "drawing_set", "owner", "total", "currency", "created_at", "per_sheet",
              "subtotals_pretty", "options_pretty")  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # snapshots are immutable

    @admin.display(description="per sheet")
    def per_sheet(self, bom: BuildingBOM) -> str:
        return format_html(
            "<table><tr><th>page</th><th>sheet</th><th>title</th><th>total</th><th>BOM</th></tr>"
            "{}</table>",
            format_html_join(
                "",
                '<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><a href="{}">{}</a></td></tr>',
                (
                    (
                        row["page"] + 1,
                        row["number"],
                        row["title"],
                        row["total"],
                        reverse("admin:floorplans_bom_change", args=[row["bom"]]),
                        row["bom"],
                    )
                    for row in bom.sheets
                ),
            ),
        )

    @admin.display(description="subtotals")
    def subtotals_pretty(self, bom: BuildingBOM) -> str:
        return pretty_json(bom.subtotals)

    @admin.display(description="options")
    def options_pretty(self, bom: BuildingBOM) -> str:
        return pretty_json(bom.options)
