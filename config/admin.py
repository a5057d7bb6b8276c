"""The project's admin site: the stock one, with the jobs dashboard on its index page."""

from django.contrib import admin

from floorplans.selectors import drawing_set_counts
from jobs.admin_dashboard import dashboard_context


class TakeoffAdminSite(admin.AdminSite):
    site_header = "Floor-plan takeoff"
    site_title = "Takeoff admin"

    def index(self, request, extra_context=None):
        context = dashboard_context(request)
        if request.user.has_perm("floorplans.view_drawingset"):
            context["drawing_set_counts"] = drawing_set_counts()
        return super().index(request, {**context, **(extra_context or {})})
