from django.contrib import admin
from django.urls import include, path

from config.health import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("api/v1/", include("floorplans.api.urls")),
]

# JSON (the API's error shape) for /api/ paths, Django's pages elsewhere; DEBUG off only.
handler404 = "config.api_errors.not_found"
handler500 = "config.api_errors.server_error"
