"""/api/v1/ routes (README.md "HTTP API"). Included under the `api` namespace."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from floorplans.api import drawing_sets, views

app_name = "api"


class Router(DefaultRouter):
    # `.svg` / `.csv` / `.xlsx` / `.pdf` are part of route names, not DRF format suffixes.
    include_format_suffixes = False


router = Router(use_regex_path=False)
router.register("floorplans", views.FloorplanViewSet, basename="floorplan")
router.register("jobs", views.JobViewSet, basename="job")
router.register("boms", views.BomViewSet, basename="bom")
router.register("drawing-sets", drawing_sets.DrawingSetViewSet, basename="drawing-set")

urlpatterns = [
    # Written out because the contract spells them without a trailing slash.
    path(
        "floorplans/<uuid:pk>/preview.svg",
        views.FloorplanViewSet.as_view({"get": "preview"}),
        name="floorplan-preview",
    ),
    path(
        "floorplans/<uuid:pk>/markup.pdf",
        views.FloorplanViewSet.as_view({"get": "markup"}),
        name="floorplan-markup",
    ),
    path(
        "boms/<uuid:pk>/markup.pdf",
        views.BomViewSet.as_view({"get": "markup"}),
        name="bom-markup",
    ),
    path(
        "boms/<uuid:pk>/export.csv",
        views.BomViewSet.as_view({"get": "export"}),
        name="bom-export",
    ),
    path(
        "boms/<uuid:pk>/export.xlsx",
        views.BomViewSet.as_view({"get": "export_xlsx"}),
        name="bom-export-xlsx",
    ),
    path(
        "boms/<uuid:pk>/layout.svg",
        views.BomViewSet.as_view({"get": "layout"}),
        name="bom-layout",
    ),
    path(
        "drawing-sets/<uuid:pk>/bom.csv",
        drawing_sets.DrawingSetViewSet.as_view({"get": "export"}),
        name="drawing-set-bom-export",
    ),
    path("status/<uuid:floorplan_id>/", views.FloorplanStatusView.as_view(), name="status"),
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("auth/token/revoke/", views.TokenRevokeView.as_view(), name="token-revoke"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
