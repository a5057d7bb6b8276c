"""The floor plan admin page: the sheet rendered with the extraction over it, revisions
with their operations and a revert, and links to the workbook and markup downloads."""

from __future__ import annotations

import base64
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from floorplans.models import FloorplanRevision
from floorplans.revisions import revision_create
from floorplans.samples.catalog import demo_plan
from floorplans.samples.render import render_pdf
from tests.factories import bom_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored_floorplan(floorplan, settings, tmp_path):
    """The admin fixture's floor plan with its PDF really in storage."""
    settings.MEDIA_ROOT = tmp_path
    floorplan.file.save("demo.pdf", ContentFile(render_pdf(demo_plan(), "double_line")))
    return floorplan


def page(admin_client, floorplan):
    response = admin_client.get(reverse("admin:floorplans_floorplan_change", args=[floorplan.pk]))
    assert response.status_code == 200
    return response


def test_the_sheet_is_drawn_with_the_extraction_over_it(admin_client, stored_floorplan):
    response = page(admin_client, stored_floorplan)

    data_uri = response.context["sheet_png"]
    assert data_uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1])))
    width = stored_floorplan.graph["page"]["width"]
    assert image.size[0] == pytest.approx(width, abs=1)  # the whole sheet, at 72 dpi
    assert 'id="sheet-preview"' in response.content.decode()


def test_revisions_are_listed_and_staff_can_revert(admin_client, admin_user, stored_floorplan):
    room = stored_floorplan.graph["rooms"][0]["id"]
    rename = {"op": "rename_room", "room": room, "label": "STUDIO"}
    revision_create(floorplan=stored_floorplan, author=admin_user, operations=[rename])

    html = page(admin_client, stored_floorplan).content.decode()
    assert "renamed" in html and "STUDIO" in html and "&quot;rename_room&quot;" in html
    revert = reverse("admin:floorplans_floorplan_revert", args=[stored_floorplan.pk, 0])
    assert f'action="{revert}"' in html

    response = admin_client.post(revert)

    assert response.status_code == 302
    stored_floorplan.refresh_from_db()
    assert stored_floorplan.revision == 2
    assert stored_floorplan.graph == FloorplanRevision.objects.get(number=0).graph
    assert FloorplanRevision.objects.get(number=2).operations == [{"op": "revert", "revision": 0}]
    assert admin_client.get(revert).status_code == 403  # only by POST


def test_downloads_are_linked_and_served(admin_client, stored_floorplan):
    bom = bom_for(stored_floorplan)
    html = page(admin_client, stored_floorplan).content.decode()

    for name, args, content_type in (
        ("floorplans_floorplan_markup", [stored_floorplan.pk], "application/pdf"),
        ("floorplans_bom_xlsx", [bom.pk], "application/vnd.openxmlformats"),
        ("floorplans_bom_markup", [bom.pk], "application/pdf"),
    ):
        url = reverse(f"admin:{name}", args=args)
        assert f'href="{url}"' in html
        response = admin_client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith(content_type)
        assert response["Content-Disposition"].startswith("attachment;")
