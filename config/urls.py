from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from config import health

urlpatterns = [
    # The admin's "View site" leads here: links to everything a newcomer looks for.
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),
    path("health/live/", health.live, name="health-live"),
    path("health/ready/", health.ready, name="health-ready"),
    path("api/v1/", include("floorplans.api.urls")),
]

# JSON (the API's error shape) for /api/ paths, Django's pages elsewhere; DEBUG off only.
handler404 = "config.api_errors.not_found"
handler500 = "config.api_errors.server_error"
