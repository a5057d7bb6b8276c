"""The project's admin site: the stock one, with the jobs dashboard on its index page."""

from django.contrib import admin

from jobs.admin_dashboard import dashboard_context


class TakeoffAdminSite(admin.AdminSite):
    site_header = "Floor-plan takeoff"
    site_title = "Takeoff admin"

    def index(self, request, extra_context=None):
        return super().index(request, {**dashboard_context(request), **(extra_context or {})})
