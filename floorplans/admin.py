"""Floor plan, BOM and material catalogue admin.

Pages that show another model's data (a BOM's floor plan, a floor plan's layout from its
BOM) show it only to users who may view that model; everything user-influenced goes
through the template engine or ``format_html``.
"""

import base64
import json
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from floorplans import revisions
from floorplans.deliverables import (
    XLSX_TYPE,
    attachment,
    bom_export_csv,
    bom_export_xlsx,
    bom_markup_pdf,
    floorplan_markup_pdf,
    floorplan_markup_png,
)
from floorplans.errors import ApplicationError
from floorplans.models import BOM, Floorplan, Material
from floorplans.services import bom_layout_svg
from floorplans.takeoff import (
    NoScaleError,
    OptionError,
    render_layout_svg,
)
from floorplans.takeoff.catalogue import ROLES, UNITS
from jobs import services
from jobs.admin_display import (
    ReadOnlyInline,
    can_view,
    pretty_json,
    register_result_ref,
    status_badge,
)
from jobs.models import AsyncJob, JobType

register_result_ref("bom", BOM)


def plan_svg(graph: dict[str, Any]) -> str:
    """Inline SVG of the plan, cropped to the drawing: without a page size the renderer
    frames the walls and rooms, which on a large sheet is a small part of the page.

    render_layout_svg escapes every label it draws (room names come from the PDF), so
    its output is markup we can trust as is.
    """
    return mark_safe(render_layout_svg({**graph, "page": None}))  # noqa: S308


def warnings_list(warnings: list[str] | None) -> str:
    if not warnings:
        return "none"
    return render_to_string("admin/floorplans/warnings.html", {"warnings": warnings})


class JobInline(ReadOnlyInline):
    model = AsyncJob
    fields = ("id", "job_type", "status_badge", "attempts", "created_at", "finished_at",
              "error_message")  # fmt: skip
    show_change_link = True
    ordering = ("-created_at",)

    @admin.display(description="status")
    def status_badge(self, job: AsyncJob) -> str:
        return status_badge(job.status)


class BOMInline(ReadOnlyInline):
    model = BOM
    fields = ("id", "total", "currency", "created_at")
    show_change_link = True


@admin.register(Floorplan)
class FloorplanAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "status", "review_required", "page_index", "file_size",
                    "created_at", "processed_at")  # fmt: skip
    list_filter = ("status", "review_required", "created_at")
    search_fields = ("name", "owner__username", "=sha256")
    list_select_related = ("owner",)
    fieldsets = (
        (None, {"fields": ("id", "name", "owner", "status", "original_filename", "file",
                           "file_size", "sha256", "page_count", "page_index", "scale_override",
                           "error_code", "error_message")}),
        ("Extraction", {"fields": ("review_info", "scale_info", "counts", "coverage_info",
                                   "warnings_list")}),
        ("Timing", {"fields": ("created_at", "updated_at", "processed_at")}),
        ("SpatialGraph JSON", {"classes": ("collapse",), "fields": ("graph_pretty",)}),
    )  # fmt: skip
    # Uploads and status belong to the API and the ingest job; staff edit names and hints.
    readonly_fields = [
        name
        for _, options in fieldsets
        for name in options["fields"]
        if name not in ("name", "page_index", "scale_override")
    ]
    inlines = [JobInline, BOMInline]
    actions = ["rerun_ingest"]

    def get_urls(self):
        return [
            path("<path:object_id>/revert/<int:number>/",
                 self.admin_site.admin_view(self.revert_view), name="floorplans_floorplan_revert"),
            path("<path:object_id>/markup.pdf",
                 self.admin_site.admin_view(self.markup_view), name="floorplans_floorplan_markup"),
            *super().get_urls(),
        ]  # fmt: skip

    def revert_view(self, request: HttpRequest, object_id: str, number: int) -> HttpResponse:
        floorplan = self.get_object(request, unquote(object_id))
        if floorplan is None:
            raise Http404("No such floor plan")
        if request.method != "POST" or not self.has_change_permission(request, floorplan):
            raise PermissionDenied
        try:
            revision = revisions.revision_revert(
                floorplan=floorplan, number=number, author=request.user
            )
        except ApplicationError as exc:
            self.message_user(request, exc.detail, messages.ERROR)
        else:
            self.message_user(request, f"Revision {revision.number} reverts to {number}.")
        return HttpResponseRedirect(reverse("admin:floorplans_floorplan_change", args=[object_id]))

    def markup_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        floorplan = self.get_object(request, unquote(object_id))
        if floorplan is None:
            raise Http404("No such floor plan")
        pdf, filename = floorplan_markup_pdf(floorplan)
        return attachment(pdf, "application/pdf", filename)

    def has_add_permission(self, request) -> bool:
        return False  # floor plans are uploaded through the API (hashing, page count)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Floorplan]:
        # Graphs can be large; the change page loads its one graph on first use.
        return super().get_queryset(request).defer("graph")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        floorplan = self.get_object(request, unquote(object_id))
        extra = self._previews(request, floorplan) if floorplan else {}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def _previews(self, request: HttpRequest, floorplan: Floorplan) -> dict[str, Any]:
        if not floorplan.graph:
            return {}
        context: dict[str, Any] = {
            "plan_svg": plan_svg(floorplan.graph),
            "revisions": [
                {"revision": revision, "operations": json.dumps(revision.operations)}
                for revision in floorplan.revisions.defer("graph")
                .select_related("created_by")
                .order_by("-number")
            ],
            **_sheet_preview(floorplan),
        }
        bom = floorplan.boms.first() if can_view(request, BOM) else None
        if bom is not None:
            try:
                # The renderer escapes every label it draws (room names come from the PDF).
                context["layout_svg"] = mark_safe(  # noqa: S308
                    bom_layout_svg(bom, crop_to_drawing=True)
                )
                context["layout_bom"] = bom
            except (NoScaleError, OptionError) as exc:
                context["layout_error"] = str(exc)
        return context

    @admin.display(description="scale")
    def scale_info(self, floorplan: Floorplan) -> str:
        scale = (floorplan.graph or {}).get("scale")
        if not scale:
            return "unknown (no scale found; set a scale override and re-run ingest)"
        mpp = float(scale["metres_per_point"])
        return format_html(
            "1 pt = {} m (1 m = {} pt); source: <strong>{}</strong>{}",
            f"{mpp:.6f}",
            f"{1 / mpp:.2f}" if mpp else "∞",
            scale.get("source", "?"),
            format_html(", drawing says “{}”", scale["text"]) if scale.get("text") else "",
        )

    @admin.display(description="review")
    def review_info(self, floorplan: Floorplan) -> str:
        if not floorplan.review_required:
            return "not required"
        return render_to_string(
            "admin/floorplans/warnings.html", {"warnings": floorplan.review_reasons}
        )

    @admin.display(description="explained")
    def coverage_info(self, floorplan: Floorplan) -> str:
        coverage = (floorplan.graph or {}).get("coverage")
        if not coverage:
            return "not measured (graph from before coverage was recorded)"
        return (
            f"{coverage['walls_enclosed_share']:.0%} of the wall network encloses a room; "
            f"{coverage['stamps_without_room']} of {coverage['stamps']} room stamps lie in no "
            f"room; {coverage['rooms_without_stamp']} rooms without a stamp; "
            f"{coverage['rooms_with_printed_area']} rooms with a printed area"
        )

    @admin.display(description="found")
    def counts(self, floorplan: Floorplan) -> str:
        graph = floorplan.graph or {}
        return ", ".join(
            f"{len(graph.get(key) or [])} {key}" for key in ("walls", "openings", "rooms")
        )

    @admin.display(description="warnings")
    def warnings_list(self, floorplan: Floorplan) -> str:
        return warnings_list((floorplan.graph or {}).get("warnings"))

    @admin.display(description="SpatialGraph")
    def graph_pretty(self, floorplan: Floorplan) -> str:
        return pretty_json(floorplan.graph)

    @admin.action(description="Re-run ingest of the selected floor plans", permissions=["change"])
    def rerun_ingest(self, request, queryset: QuerySet[Floorplan]) -> None:
        created = services.job_create_per_floorplan(
            job_type=JobType.INGEST, floorplans=queryset.select_related("owner")
        )
        self.message_user(request, f"{created} ingest job(s) queued.", messages.SUCCESS)


def _readable(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{key} \u2192 {item}" for key, item in value.items()) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "default" if value is None else str(value)


def options_table(options: dict[str, Any]) -> str:
    """Generator options as name/value rows, the way an estimator reads them."""
    rows = [(name, _readable(value)) for name, value in sorted(options.items())]
    return render_to_string("admin/floorplans/options.html", {"rows": rows})


def _sheet_preview(floorplan: Floorplan) -> dict[str, str]:
    """The rendered sheet with the extraction drawn over it, so a missed wall or room shows
    against the drawing itself, not only what was found."""
    try:
        png = floorplan_markup_png(floorplan)
    except (ApplicationError, OSError) as exc:  # no scale yet, file missing in storage
        return {"sheet_error": getattr(exc, "detail", None) or str(exc)}
    return {"sheet_png": f"data:image/png;base64,{base64.b64encode(png).decode()}"}


def grouped_line_items(bom: BOM) -> list[dict[str, Any]]:
    """Line items per category, in the order of the BOM's subtotals (the generator's)."""
    categories = list(bom.subtotals) + sorted(
        {item["category"] for item in bom.line_items} - set(bom.subtotals)
    )
    return [
        {
            "category": category,
            "items": [item for item in bom.line_items if item["category"] == category],
            "subtotal": Decimal(str(bom.subtotals.get(category, "0"))),
        }
        for category in categories
    ]


@admin.register(BOM)
class BOMAdmin(admin.ModelAdmin):
    list_display = ("id", "floorplan", "owner", "total", "currency", "created_at", "csv_link")
    list_select_related = ("floorplan", "owner")
    list_filter = ("currency", "created_at")
    search_fields = ("=id", "floorplan__name", "owner__username")
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False  # BOMs come from generate jobs

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # snapshots are immutable

    def get_queryset(self, request: HttpRequest) -> QuerySet[BOM]:
        return super().get_queryset(request).defer("catalogue_snapshot")

    def _may_see_floorplan(self, request: HttpRequest) -> bool:
        return can_view(request, Floorplan)

    def get_list_display(self, request):
        if self._may_see_floorplan(request):
            return self.list_display
        return tuple(name for name in self.list_display if name != "floorplan")

    def get_search_fields(self, request):
        if self._may_see_floorplan(request):
            return self.search_fields
        return tuple(name for name in self.search_fields if not name.startswith("floorplan"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {}
        if not self._may_see_floorplan(request):
            label = f"BOM {unquote(object_id)}"  # str(bom) would name the floor plan
            extra = {"subtitle": label, "object_label": label}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def history_view(self, request, object_id, extra_context=None):
        if self._may_see_floorplan(request):
            return super().history_view(request, object_id, extra_context)
        raise PermissionDenied  # its page and log entries are titled with str(bom)

    def get_fieldsets(self, request, obj=None):
        floorplan = "floorplan" if self._may_see_floorplan(request) else "floorplan_ref"
        return (
            (None, {"fields": ("id", floorplan, "owner", "created_at", "total_display",
                               "csv_link")}),
            ("Line items", {"fields": ("line_items_table",)}),
            ("Options used", {"fields": ("options_pretty", "layout_warnings")}),
        )  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return [name for _, opts in self.get_fieldsets(request, obj) for name in opts["fields"]]

    # Downloads: (URL suffix, URL name, builder, content type).
    downloads = (
        ("export.csv", "floorplans_bom_csv", bom_export_csv, "text/csv; charset=utf-8"),
        ("export.xlsx", "floorplans_bom_xlsx", bom_export_xlsx, XLSX_TYPE),
        ("markup.pdf", "floorplans_bom_markup", bom_markup_pdf, "application/pdf"),
    )

    def get_urls(self):
        return [
            *(
                path(f"<path:object_id>/{suffix}",
                     self.admin_site.admin_view(self.download_view(build, content_type)),
                     name=name)
                for suffix, name, build, content_type in self.downloads
            ),
            *super().get_urls(),
        ]  # fmt: skip

    def download_view(self, build, content_type: str):
        def view(request: HttpRequest, object_id: str) -> HttpResponse:
            bom = self.get_object(request, unquote(object_id))
            if not self.has_view_permission(request, bom):
                raise PermissionDenied
            if bom is None:
                raise Http404("No such BOM")
            content, filename = build(bom)
            return attachment(content, content_type, filename)

        return view

    @admin.display(description="floor plan")
    def floorplan_ref(self, bom: BOM) -> str:
        return str(bom.floorplan_id)  # the id only: its name is the floor plan's data

    @admin.display(description="total")
    def total_display(self, bom: BOM) -> str:
        return f"{bom.total} {bom.currency}"

    @admin.display(description="downloads")
    def csv_link(self, bom: BOM) -> str:
        return format_html(
            '<a href="{}" download>CSV</a> · <a href="{}" download>Workbook (.xlsx)</a> · '
            '<a href="{}" download>Marked-up sheet (PDF)</a>',
            *(reverse(f"admin:{name}", args=[bom.pk]) for _, name, _, _ in self.downloads),
        )

    @admin.display(description="line items")
    def line_items_table(self, bom: BOM) -> str:
        return render_to_string(
            "admin/floorplans/bom/line_items.html",
            {"groups": grouped_line_items(bom), "bom": bom},
        )

    @admin.display(description="generator options")
    def options_pretty(self, bom: BOM) -> str:
        return options_table(bom.options) if bom.options else "all defaults"

    @admin.display(description="layout warnings")
    def layout_warnings(self, bom: BOM) -> str:
        return warnings_list((bom.layout_summary or {}).get("warnings"))


class MaterialForm(forms.ModelForm):
    """The generator trusts the catalogue, so bad values are refused here, by name."""

    unit = forms.ChoiceField(choices=[(unit, unit) for unit in UNITS])
    role = forms.ChoiceField(choices=[(role, role) for role in ROLES])
    unit_price = forms.DecimalField(min_value=Decimal("0"), max_digits=10, decimal_places=2)

    class Meta:
        model = Material
        fields = ("sku", "name", "category", "role", "unit", "unit_system", "unit_price",
                  "currency", "stock_length_m", "sheet_width_m", "sheet_length_m",
                  "active")  # fmt: skip

    def clean_currency(self) -> str:
        currency = self.cleaned_data["currency"].upper()
        if len(currency) != 3 or not currency.isalpha():
            raise forms.ValidationError("Use a three-letter ISO 4217 code, e.g. USD.")
        return currency

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("stock_length_m", "sheet_width_m", "sheet_length_m"):
            value = data.get(name)
            if value is not None and value <= 0:
                self.add_error(name, "Must be positive (metres).")
        if (data.get("sheet_width_m") is None) != (data.get("sheet_length_m") is None):
            self.add_error("sheet_length_m", "Give both sheet width and length, or neither.")
        return data


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    form = MaterialForm
    list_display = ("sku", "name", "category", "role", "unit", "unit_system", "unit_price",
                    "currency", "stock_length_m", "sheet_size", "active", "updated_at")  # fmt: skip
    list_filter = ("category", "role", "unit", "unit_system", "active")
    search_fields = ("sku", "name")

    @admin.display(description="sheet (m)")
    def sheet_size(self, material: Material) -> str:
        if material.sheet_width_m is None or material.sheet_length_m is None:
            return ""
        return f"{material.sheet_width_m} x {material.sheet_length_m}"
