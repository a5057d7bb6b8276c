"""The project's admin site: the stock one, with the jobs dashboard on its index page and
its login throttled like the API's (per client address and per username)."""

import math

from django.contrib import admin
from django.http import HttpResponse

from config.logins import login_throttle_wait
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

    def login(self, request, extra_context=None):
        if request.method == "POST":
            wait = login_throttle_wait(request)
            if wait is not None:
                response = HttpResponse(
                    "Too many login attempts; try again later.",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(math.ceil(wait))
                return response
        return super().login(request, extra_context)
