"""Drawing-set admin: sheets with thumbnails, kinds, evidence, floor plan status and
preview, building BOMs; the dashboard counts sets; permissions hold."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from floorplans import drawing_set_services
from floorplans.models import DrawingSet
from floorplans.samples.drawing_set import building_set, render_set
from tests.factories import seed_catalogue
from tests.floorplans.test_drawing_sets import drain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def drawing_set(user, settings, tmp_path) -> DrawingSet:
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_catalogue()
    pdf = SimpleUploadedFile("set.pdf", render_set(building_set(levels=1)))
    result = drawing_set_services.drawing_set_create(owner=user, upload=pdf, name="Tower")
    drain()
    drawing_set_services.building_bom_request(
        drawing_set=result.drawing_set, owner=user, options={}
    )
    drain()
    return result.drawing_set


def test_set_page_shows_every_sheet_with_kind_evidence_and_plan_preview(admin_client, drawing_set):
    response = admin_client.get(
        reverse("admin:floorplans_drawingset_change", args=[drawing_set.pk])
    )
    assert response.status_code == 200
    rows = response.context["sheet_rows"]
    assert [row["sheet"].kind for row in rows] == [spec.kind for spec in building_set(levels=1)]
    html = response.content.decode()
    assert html.count("thumbnail.png") == len(rows)
    assert "title &#x27;FIRST FLOOR PLAN&#x27;" in html
    plan = rows[1]
    assert plan["floorplan"].status == "processed" and "<svg" in str(plan["preview"])
    assert all(not row["preview"] for row in rows if row["sheet"].kind != "floor_plan")
    assert "Building BOM" in html or str(drawing_set.boms.get().pk) in html


def test_a_sheet_thumbnail_is_a_png_of_that_page(admin_client, drawing_set):
    url = reverse("admin:floorplans_drawingset_thumbnail", args=[drawing_set.pk, 1])
    response = admin_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    missing = reverse("admin:floorplans_drawingset_thumbnail", args=[drawing_set.pk, 99])
    assert admin_client.get(missing).status_code == 404


def test_staff_without_the_permission_see_neither_sets_nor_thumbnails(make_staff, drawing_set):
    client = make_staff("jobs.view_asyncjob")
    page = reverse("admin:floorplans_drawingset_change", args=[drawing_set.pk])
    assert client.get(page).status_code == 403
    thumbnail = reverse("admin:floorplans_drawingset_thumbnail", args=[drawing_set.pk, 0])
    assert client.get(thumbnail).status_code == 403
    assert 'id="drawing-set-counts"' not in client.get(reverse("admin:index")).content.decode()


def test_dashboard_counts_sets_by_status(admin_client, drawing_set):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert 'id="drawing-set-counts"' in html
    assert "Drawing sets</a>: 1 (0 processing, 1 processed, 0 failed)" in html
