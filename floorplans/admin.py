from django.contrib import admin

from floorplans.models import BOM, Floorplan
from jobs.models import AsyncJob


class JobInline(admin.TabularInline):
    model = AsyncJob
    extra = 0
    can_delete = False
    fields = ("id", "job_type", "status", "attempts", "created_at", "finished_at", "error_message")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Floorplan)
class FloorplanAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "status", "page_index", "created_at")
    list_filter = ("status",)
    search_fields = ("name", "owner__username", "sha256")
    list_select_related = ("owner",)
    readonly_fields = ("id", "sha256", "file_size", "page_count", "graph", "created_at",
                       "updated_at", "processed_at")  # fmt: skip
    inlines = [JobInline]


@admin.register(BOM)
class BOMAdmin(admin.ModelAdmin):
    list_display = ("id", "floorplan", "owner", "total", "currency", "created_at")
    list_select_related = ("floorplan", "owner")
    readonly_fields = [f.name for f in BOM._meta.fields]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # snapshots are immutable
