"""A drawing set end to end in-process: classification, one ingest child per plan sheet,
bad pages named, the set's outcome, and the building BOM as the sum of its sheets."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from shapely.geometry import Polygon

from floorplans import drawing_set_services
from floorplans.errors import Conflict
from floorplans.models import BOM, BuildingBOM, DrawingSet, Floorplan
from floorplans.pipeline.scale import METRES_PER_POINT_ON_PAPER as PAPER
from floorplans.samples.catalog import sample_plans
from floorplans.samples.drawing_set import building_set, render_set
from floorplans.samples.european_sheets import european_flat, stamps_printing
from floorplans.samples.large_sheet import large_sheet_plan
from floorplans.samples.stamped_sheets import render_stamped_set
from floorplans.services import floorplan_delete
from jobs.models import AsyncJob, JobStatus, JobType
from jobs.runner import run_job
from jobs.services import job_cancel, job_retry

pytestmark = pytest.mark.django_db(transaction=True)


def drain() -> int:
    """Run every due queued job in-process, as a worker would; returns how many ran."""
    ran = 0
    while True:
        due = AsyncJob.objects.filter(status=JobStatus.QUEUED, next_attempt_at__lte=timezone.now())
        ids = list(due.values_list("id", flat=True))
        if not ids:
            return ran
        for job_id in ids:
            run_job(job_id)
            ran += 1


def upload(owner, specs, **fields):
    return upload_pdf(owner, render_set(specs), **fields)


def upload_pdf(owner, data: bytes, **fields):
    pdf = SimpleUploadedFile("tower.pdf", data, content_type="application/pdf")
    return drawing_set_services.drawing_set_create(owner=owner, upload=pdf, **fields)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def mixed_set():
    """Two good plans with a scan, a broken page and a plan too big to read between them."""
    specs = building_set(levels=2)
    big = replace(specs[1], plan=large_sheet_plan(6000), title="THIRD FLOOR PLAN", number="A-103")
    specs[2:2] = [replace(specs[1], kind="raster_only"), replace(specs[1], kind="broken"), big]
    return specs


def test_each_plan_sheet_is_ingested_by_its_own_child_and_bad_pages_are_named(
    user, media, mixed_set, settings
):
    settings.PIPELINE_MAX_OBJECTS = 5_000  # the big plan's extraction fails, the others fit
    result = upload(user, mixed_set, name="Tower")
    drawing_set, job = result.drawing_set, result.job
    assert drain() == 1 + 3  # the set's job, then one ingest per floor-plan sheet
    drawing_set.refresh_from_db()
    job.refresh_from_db()
    sheets = list(drawing_set.sheets.order_by("page"))
    assert [s.kind for s in sheets] == [
        "cover_or_notes", "floor_plan", "raster_only", "unknown", "floor_plan", "floor_plan",
        "site_plan", "reflected_ceiling_plan", "elevation", "elevation", "section", "detail",
        "schedule",
    ]  # fmt: skip
    assert "scanned image" in sheets[2].error and sheets[3].error
    plans = [s for s in sheets if s.floorplan_id]
    assert [s.page for s in plans] == [1, 4, 5]
    assert all(s.floorplan.page_index == s.page for s in plans)
    assert all(s.floorplan.file.name == drawing_set.file.name for s in plans)  # no copies
    children = AsyncJob.objects.filter(parent=job)
    assert sorted(c.floorplan.page_index for c in children) == [1, 4, 5]
    assert all(c.attempts == 1 and c.job_type == JobType.INGEST for c in children)
    assert [s.floorplan.status for s in plans] == ["processed", "error", "processed"]
    assert plans[1].floorplan.error_code == "too_complex"
    # The set succeeded, with the sheet that failed named and why.
    assert job.status == JobStatus.SUCCEEDED and drawing_set.status == "processed"
    assert job.error_message.startswith("1 of 3 failed: page 5 (A-103): failed (")
    assert drawing_set.error_message == job.error_message
    assert drawing_set.finished_at is not None


def test_a_set_with_no_readable_plan_fails_and_says_why(user, media):
    specs = [spec for spec in building_set(levels=1) if spec.kind != "floor_plan"]
    result = upload(user, specs)
    drain()
    result.job.refresh_from_db()
    result.drawing_set.refresh_from_db()
    assert result.job.status == JobStatus.FAILED and result.job.error_code == "no_floor_plans"
    assert result.drawing_set.status == "error"
    assert "No floor-plan sheet was found" in result.drawing_set.error_message


def test_a_canceled_set_says_so_and_a_retry_processes_it(user, media):
    result = upload(user, building_set(levels=1))
    assert job_cancel(result.job)
    drawing_set = DrawingSet.objects.get(id=result.drawing_set.id)
    assert (drawing_set.status, drawing_set.error_code) == ("error", "ingest_canceled")
    assert "canceled" in drawing_set.error_message

    job_retry(result.job)
    drain()
    drawing_set.refresh_from_db()
    assert drawing_set.status == "processed" and drawing_set.error_code == ""


def test_per_set_and_per_sheet_scale_overrides_reach_the_sheet_floor_plans(user, media):
    result = upload(user, building_set(levels=2), scale="1:50", sheet_scales={"2": "1:100"})
    drain()
    fps = {
        fp.page_index: fp for fp in Floorplan.objects.filter(sheet__drawing_set=result.drawing_set)
    }
    assert (fps[1].scale_override, fps[2].scale_override) == ("1:50", "1:100")
    assert fps[2].graph["scale"]["source"] == "override"


def test_the_building_bom_is_the_sum_of_the_sheet_boms(user, media):
    house, flat = sample_plans()[1], sample_plans()[2]
    specs = building_set(levels=1, plan=house)
    specs.insert(2, replace(specs[1], plan=flat, title="SECOND FLOOR PLAN", number="A-102"))
    result = upload(user, specs)
    drain()
    request = drawing_set_services.building_bom_request(
        drawing_set=result.drawing_set, owner=user, options={}
    )
    drain()
    request.job.refresh_from_db()
    assert request.job.status == JobStatus.SUCCEEDED, request.job.error_message
    building = BuildingBOM.objects.get(drawing_set=result.drawing_set)
    assert request.job.result_ref == f"drawing_set_bom:{result.drawing_set.id}"
    sheet_boms = [BOM.objects.get(id=row["bom"]) for row in building.sheets]
    assert [row["number"] for row in building.sheets] == ["A-101", "A-102"]
    assert building.total == sum(b.total for b in sheet_boms) > 0
    for category, value in building.subtotals.items():
        assert Decimal(value) == sum(Decimal(b.subtotals[category]) for b in sheet_boms)
    quantities = {}
    for bom in sheet_boms:
        for line in bom.line_items:
            quantities[line["sku"]] = quantities.get(line["sku"], 0) + Decimal(line["quantity"])
    assert {x["sku"]: Decimal(x["quantity"]) for x in building.line_items} == quantities


def test_deleting_a_sheet_floor_plan_keeps_the_set_file_and_deleting_the_set_removes_all(
    user, media
):
    result = upload(user, building_set(levels=2))
    drain()
    drawing_set = result.drawing_set
    storage, name = drawing_set.file.storage, drawing_set.file.name
    floorplan_delete(Floorplan.objects.filter(sheet__drawing_set=drawing_set).first())
    assert storage.exists(name)
    drawing_set_services.drawing_set_delete(drawing_set)
    assert not storage.exists(name)
    assert not DrawingSet.objects.exists() and not Floorplan.objects.exists()
    assert not AsyncJob.objects.exists()


def flat_sheets(*dimensioned: bool) -> tuple[bytes, dict[str, float]]:
    """One flat on several sheets, none with a scale note, with or without dimension
    strings, each sheet placing the plan a little elsewhere; and the flat's net areas."""
    plan = replace(european_flat(scale_text=""), sheet_title="FLOOR PLAN")
    names = stamps_printing(plan, lambda area: ())
    sheets = []
    for i, dimensions in enumerate(dimensioned):
        moved = replace(plan, origin=(plan.origin[0] + 40 * i, plan.origin[1] + 15 * i))
        sheets.append((moved, names, {"dimensions": dimensions}))
    return render_stamped_set(sheets), {
        room.label: Polygon(room.polygon).area for room in plan.rooms
    }


def sheet_floorplans(drawing_set) -> dict[int, Floorplan]:
    return {fp.page_index: fp for fp in Floorplan.objects.filter(sheet__drawing_set=drawing_set)}


def test_a_sheet_without_a_scale_takes_it_from_a_sibling_drawing_the_same_plan(user, media):
    pdf, net_areas = flat_sheets(False, True)
    result = upload_pdf(user, pdf, name="Flat")
    assert drain() == 1 + 2 + 1  # the set, its two sheets, then page 1 again with the scale
    fps = sheet_floorplans(result.drawing_set)
    lent, own = fps[0].graph["scale"], fps[1].graph["scale"]
    assert (lent["source"], own["source"]) == ("sibling_sheet", "dimension")
    assert lent["metres_per_point"] == own["metres_per_point"]
    assert "page 2" in lent["evidence"][0]
    assert fps[0].status == "processed" and not fps[0].review_required
    mpp = lent["metres_per_point"]
    areas = {r["label"]: r["area_pts2"] * mpp * mpp for r in fps[0].graph["rooms"]}
    assert areas == pytest.approx(net_areas, rel=0.02)
    again = AsyncJob.objects.get(parent=result.job, payload__has_key="sibling_scale")
    assert again.floorplan_id == fps[0].id and again.status == JobStatus.SUCCEEDED
    result.job.refresh_from_db()
    result.drawing_set.refresh_from_db()
    assert result.job.status == JobStatus.SUCCEEDED and result.drawing_set.status == "processed"
    # No sheet is unscaled any more, but the same plan twice may be one floor drawn twice:
    # the building BOM asks which sheets to price, then prices them without `sheet_scales`.
    with pytest.raises(Conflict) as refused:
        drawing_set_services.building_bom_request(
            drawing_set=result.drawing_set, owner=user, options={}
        )
    assert refused.value.code == "same_plan_twice"
    assert refused.value.detail.startswith(f"{fps[0].name} and {fps[1].name} draw the same plan")
    request = drawing_set_services.building_bom_request(
        drawing_set=result.drawing_set, owner=user, options={"floorplans": [str(fps[0].id)]}
    )
    drain()
    request.job.refresh_from_db()
    assert request.job.status == JobStatus.SUCCEEDED, request.job.error_message


def test_a_scale_the_user_gave_a_sheet_wins_over_its_siblings(user, media):
    pdf, _ = flat_sheets(False, True, False)
    result = upload_pdf(user, pdf, sheet_scales={"2": "1:50"})
    assert drain() == 1 + 3 + 1  # only page 1 is taken off again
    fps = sheet_floorplans(result.drawing_set)
    assert fps[0].graph["scale"]["source"] == "sibling_sheet"
    assert fps[0].graph["scale"]["metres_per_point"] / PAPER == pytest.approx(100)
    assert fps[2].graph["scale"]["source"] == "override"
    assert fps[2].graph["scale"]["metres_per_point"] / PAPER == pytest.approx(50)
