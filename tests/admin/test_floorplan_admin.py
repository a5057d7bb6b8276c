"""Floor plan, BOM and material admin: previews, tables, CSV, validation, permissions."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from floorplans.models import BOM, Floorplan, Material
from jobs.models import AsyncJob, JobStatus, JobType
from tests.admin.conftest import make_job
from tests.factories import bom_for

pytestmark = pytest.mark.django_db


def floorplan_url(floorplan: Floorplan) -> str:
    return reverse("admin:floorplans_floorplan_change", args=[floorplan.pk])


def bom_url(bom: BOM) -> str:
    return reverse("admin:floorplans_bom_change", args=[bom.pk])


def csv_url(bom: BOM) -> str:
    return reverse("admin:floorplans_bom_csv", args=[bom.pk])


def test_floorplan_page_previews_plan_and_layout(admin_client, floorplan, bom, demo_graph):
    response = admin_client.get(floorplan_url(floorplan))
    assert response.status_code == 200
    html = response.content.decode()
    plan_svg = str(response.context["plan_svg"])
    assert plan_svg.count("<line") >= len(demo_graph["walls"])
    assert '<g id="walls"' in plan_svg and '<g id="rooms"' in plan_svg
    assert 'id="plan-preview"' in html and 'id="layout-preview"' in html
    assert 'class="stud' in str(response.context["layout_svg"])  # the layout draws studs
    assert response.context["layout_bom"] == bom


def test_floorplan_page_shows_scale_warnings_jobs_and_boms(admin_client, floorplan, bom):
    job = make_job(floorplan.owner, JobStatus.FAILED, job_type=JobType.INGEST,
                   floorplan=floorplan, error_message="Bad <PDF>")  # fmt: skip
    html = admin_client.get(floorplan_url(floorplan)).content.decode()
    mpp = floorplan.graph["scale"]["metres_per_point"]
    assert f"1 pt = {mpp:.6f} m" in html
    assert f"source: <strong>{floorplan.graph['scale']['source']}</strong>" in html
    assert f"{len(floorplan.graph['walls'])} walls" in html
    assert "Text &lt;i&gt;overlaps&lt;/i&gt; a wall" in html  # warnings are escaped
    assert "Bad &lt;PDF&gt;" in html  # the jobs inline
    assert str(job.pk) in html
    assert f"/admin/floorplans/bom/{bom.pk}/change/" in html  # the BOMs inline


def test_floorplan_without_graph_or_scale(admin_client, floorplan):
    floorplan.graph = {**floorplan.graph, "scale": None}
    floorplan.save()
    response = admin_client.get(floorplan_url(floorplan))
    assert "unknown (no scale found" in response.content.decode()
    Floorplan.objects.filter(pk=floorplan.pk).update(graph=None)
    response = admin_client.get(floorplan_url(floorplan))
    assert response.status_code == 200 and "plan_svg" not in response.context


def test_room_labels_from_the_pdf_are_escaped_in_the_preview(admin_client, floorplan):
    graph = floorplan.graph
    graph["rooms"][0]["label"] = "<script>alert(1)</script>"
    floorplan.save()
    html = admin_client.get(floorplan_url(floorplan)).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_floorplan_list_filter_and_search(admin_client, floorplan, other_user):
    Floorplan.objects.create(owner=other_user, name="Warehouse", file="x.pdf", sha256="cd" * 32)
    changelist = reverse("admin:floorplans_floorplan_changelist")
    for query, expected in [
        ("status__exact=processed", ["Demo house"]),
        ("q=Demo", ["Demo house"]),
        ("q=intruder", ["Warehouse"]),  # owner's username
        (f"q={'cd' * 32}", ["Warehouse"]),
    ]:
        response = admin_client.get(f"{changelist}?{query}")
        assert [fp.name for fp in response.context["cl"].result_list] == expected, query


def test_floorplan_rerun_ingest_action(admin_client, floorplan):
    response = admin_client.post(
        reverse("admin:floorplans_floorplan_changelist"),
        {"action": "rerun_ingest", "_selected_action": [floorplan.pk]},
        follow=True,
    )
    assert "1 ingest job(s) queued." in response.content.decode()
    job = AsyncJob.objects.get(floorplan=floorplan)
    assert (job.job_type, job.status, job.owner_id) == ("ingest", "queued", floorplan.owner_id)


def test_bom_page_groups_line_items_with_subtotals_and_total(admin_client, bom):
    response = admin_client.get(bom_url(bom))
    assert response.status_code == 200
    html = response.content.decode()
    categories = [item["category"] for item in bom.line_items]
    assert html.count('class="bom-category"') == len(dict.fromkeys(categories))
    for category, subtotal in bom.subtotals.items():
        assert f"Subtotal {category}" in html and subtotal in html
    assert f"{bom.total} {bom.currency}" in html
    assert all(item["sku"] in html for item in bom.line_items)
    # The options used, one row each, not a JSON dump.
    assert f'<th scope="row">unit_system</th><td>{bom.options["unit_system"]}</td>' in html
    assert "&quot;unit_system&quot;" not in html
    assert f'href="{csv_url(bom)}"' in html


def test_bom_csv_download(admin_client, bom):
    response = admin_client.get(csv_url(bom))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        f'filename="{bom.floorplan.name.replace(" ", "-")}-p1-r0.csv"'
        in response["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "SKU"
    assert [row[0] for row in rows[1 : 1 + len(bom.line_items)]] == [
        item["sku"] for item in bom.line_items
    ]
    assert sum(Decimal(row[6]) for row in rows[1:]) == bom.total


def test_boms_are_read_only(admin_client, bom):
    response = admin_client.get(bom_url(bom))
    assert response.context["adminform"].form.fields == {}
    assert admin_client.get(reverse("admin:floorplans_bom_add")).status_code == 403


def material_form(**overrides) -> dict:
    data = {
        "sku": "FR-TEST", "name": "Test stud", "category": "framing", "role": "stud",
        "unit": "ea", "unit_price": "4.50", "currency": "usd", "stock_length_m": "2.438",
        "sheet_width_m": "", "sheet_length_m": "", "active": "on",
    }  # fmt: skip
    return {**data, **overrides}


def test_material_is_created_with_valid_values(admin_client):
    response = admin_client.post(reverse("admin:floorplans_material_add"), material_form())
    assert response.status_code == 302
    material = Material.objects.get(sku="FR-TEST")
    assert (material.unit_price, material.currency) == (Decimal("4.50"), "USD")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"unit_price": "-1"}, "unit_price"),
        ({"unit": "furlong"}, "unit"),
        ({"role": "spaceship"}, "role"),
        ({"stock_length_m": "0"}, "stock_length_m"),
        ({"sheet_width_m": "-1.2", "sheet_length_m": "2.4"}, "sheet_width_m"),
        ({"sheet_width_m": "1.2"}, "sheet_length_m"),
        ({"currency": "dollars"}, "currency"),
    ],
)
def test_material_validation_refuses_bad_values(admin_client, overrides, field):
    response = admin_client.post(
        reverse("admin:floorplans_material_add"), material_form(**overrides)
    )
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Material.objects.filter(sku="FR-TEST").exists()


def test_material_changelist(admin_client):
    Material.objects.create(sku="PT-1", name="Paint", category="paint", role="paint",
                            unit="gal", unit_price=Decimal("30"))  # fmt: skip
    response = admin_client.get(reverse("admin:floorplans_material_changelist") + "?q=PT-1")
    assert [m.sku for m in response.context["cl"].result_list] == ["PT-1"]


# --- permissions ----------------------------------------------------------------------


def test_bom_viewer_without_floorplan_rights_sees_no_floorplan_data(make_staff, bom):
    client = make_staff("floorplans.view_bom")
    html = client.get(reverse("admin:floorplans_bom_changelist")).content.decode()
    assert "Demo house" not in html
    response = client.get(bom_url(bom))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Demo house" not in html and str(bom.floorplan_id) in html
    assert client.get(csv_url(bom)).status_code == 200
    history = reverse("admin:floorplans_bom_history", args=[bom.pk])
    assert client.get(history).status_code == 403  # titled with str(bom), the plan's name
    response = client.get(reverse("admin:floorplans_bom_changelist") + "?q=Demo")
    assert response.context["cl"].result_count == 0  # no searching by what one cannot see


def test_csv_and_pages_refused_without_view_permission(make_staff, floorplan, bom):
    client = make_staff("floorplans.view_floorplan")
    assert client.get(csv_url(bom)).status_code == 403
    assert client.get(bom_url(bom)).status_code == 403
    assert client.get(reverse("admin:floorplans_material_changelist")).status_code == 403
    make_job(floorplan.owner, JobStatus.FAILED, floorplan=floorplan, error_message="secret job")
    response = client.get(floorplan_url(floorplan))
    html = response.content.decode()
    assert response.status_code == 200 and "plan_svg" in response.context
    assert "layout_svg" not in response.context  # the layout comes from a BOM
    assert str(bom.pk) not in html and "secret job" not in html  # no BOM or job inlines


def test_staff_without_floorplan_rights_is_refused(make_staff, floorplan):
    client = make_staff("jobs.view_asyncjob")
    assert client.get(floorplan_url(floorplan)).status_code == 403
    assert client.get(reverse("admin:floorplans_floorplan_changelist")).status_code == 403


def test_bom_page_reads_nested_options_and_layout_warnings_in_words(admin_client, floorplan):
    bom = bom_for(floorplan, {"flooring": {"HALL": "tile"}, "ceilings": False})
    bom.layout_summary = {"warnings": ["Wall w3 is shorter than a stud <b>spacing</b>."]}
    bom.save(update_fields=["layout_summary"])

    html = admin_client.get(bom_url(bom)).content.decode()

    (flooring,) = re.findall(r'<th scope="row">flooring</th><td>([^<]*)</td>', html)
    assert {"HALL \u2192 tile", "BATH \u2192 tile"} <= set(flooring.split(", "))
    assert '<th scope="row">ceilings</th><td>no</td>' in html
    assert "<li>Wall w3 is shorter than a stud &lt;b&gt;spacing&lt;/b&gt;.</li>" in html


def test_floorplan_page_and_list_show_why_review_is_required(admin_client, floorplan):
    reasons = ["only 40% of the wall network encloses a room", "no <b>scale</b>"]
    coverage = {"walls_enclosed_share": 0.4, "stamps": 5, "stamps_without_room": 3,
                "rooms_without_stamp": 1, "rooms_with_printed_area": 2}  # fmt: skip
    Floorplan.objects.filter(pk=floorplan.pk).update(
        review_required=True,
        review_reasons=reasons,
        graph={**floorplan.graph, "coverage": coverage},
    )
    html = admin_client.get(floorplan_url(floorplan)).content.decode()
    assert "only 40% of the wall network encloses a room" in html
    assert "no &lt;b&gt;scale&lt;/b&gt;" in html  # reasons quote the PDF: escaped
    assert "3 of 5 room stamps lie in no room" in html
    listing = admin_client.get(
        reverse("admin:floorplans_floorplan_changelist") + "?review_required__exact=1"
    )
    assert floorplan.name in listing.content.decode()
