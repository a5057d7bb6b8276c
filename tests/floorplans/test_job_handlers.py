"""The ingest and generate jobs, run in-process on real PDFs and the real catalogue."""

from decimal import Decimal

import pytest

from floorplans.models import BOM, Floorplan, Material
from floorplans.samples import bad_pdfs
from floorplans.samples.catalog import demo_plan
from floorplans.samples.render import ground_truth
from floorplans.samples.scoring import score
from jobs.models import AsyncJob, JobStatus, JobType
from jobs.runner import run_job
from jobs.services import job_create

pytestmark = pytest.mark.django_db(transaction=True)


def run(job: AsyncJob) -> AsyncJob:
    run_job(job.id)
    job.refresh_from_db()
    return job


def ingest(owner, floorplan) -> AsyncJob:
    return run(job_create(job_type=JobType.INGEST, owner=owner, floorplan=floorplan))


def test_ingest_stores_the_graph_and_marks_the_plan_processed(user, make_floorplan, demo_pdf):
    floorplan = make_floorplan(user, demo_pdf)
    job = ingest(user, floorplan)
    assert (job.status, job.result_ref) == ("succeeded", f"floorplan:{floorplan.id}")
    floorplan.refresh_from_db()
    assert floorplan.status == "processed" and floorplan.processed_at
    graph = floorplan.graph
    assert graph["schema_version"] == 1
    assert graph["scale"]["source"] == "text"
    quality = score(ground_truth(demo_plan(), "double_line"), graph)
    assert quality.wall_f1 > 0.9
    assert quality.rooms_found >= 0.8 * quality.rooms_expected
    assert "KITCHEN" in {room["label"] for room in graph["rooms"]}
    stages = job.progress_stage, job.progress_percent
    assert stages == ("done", 100)


def test_ingest_applies_the_scale_override(user, make_floorplan, tiny_pdf):
    floorplan = make_floorplan(user, tiny_pdf, scale_override="1:100")
    ingest(user, floorplan)
    floorplan.refresh_from_db()
    assert floorplan.graph["scale"]["source"] == "override"
    assert floorplan.graph["scale"]["metres_per_point"] == pytest.approx(0.0254 / 72 * 100, 1e-4)


@pytest.mark.parametrize(
    ("make_pdf", "code"),
    [
        (bad_pdfs.not_a_pdf, "not_a_pdf"),
        (bad_pdfs.truncated, "corrupt_pdf"),
        (bad_pdfs.encrypted, "encrypted_pdf"),
        (bad_pdfs.raster_only, "no_vector_content"),
    ],
)
def test_a_bad_pdf_fails_the_job_at_once_and_marks_the_plan(user, make_floorplan, make_pdf, code):
    floorplan = make_floorplan(user, make_pdf())
    job = ingest(user, floorplan)
    assert (job.status, job.attempts, job.error_code) == ("failed", 1, code)
    floorplan.refresh_from_db()
    assert (floorplan.status, floorplan.error_code) == ("error", code)
    assert floorplan.error_message == job.error_message and "please" in job.error_message


def test_ingest_of_a_page_that_does_not_exist_names_the_problem(user, make_floorplan, tiny_pdf):
    job = ingest(user, make_floorplan(user, tiny_pdf, page_index=5))
    assert (job.status, job.error_code) == ("failed", "page_out_of_range")


def test_a_missing_upload_is_retried_as_a_storage_fault(user, make_floorplan, tiny_pdf, settings):
    settings.JOB_RETRY_BACKOFF_SECONDS = [60]
    floorplan = make_floorplan(user, tiny_pdf)
    floorplan.file.storage.delete(floorplan.file.name)
    job = ingest(user, floorplan)
    assert (job.status, job.attempts) == ("queued", 1)
    assert "FileNotFoundError" in job.error_message


def generate(owner, floorplan, options) -> AsyncJob:
    payload = {"options": options}
    return run(job_create(job_type=JobType.GENERATE, owner=owner, floorplan=floorplan,
                          payload=payload))  # fmt: skip


def test_generate_saves_a_priced_bom_snapshot(user, make_floorplan, demo_pdf):
    floorplan = make_floorplan(user, demo_pdf)
    ingest(user, floorplan)
    job = generate(user, floorplan, {"unit_system": "imperial", "paint_coats": 2})
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    bom = BOM.objects.get(id=job.result_ref.removeprefix("bom:"))
    assert bom.owner == user and bom.currency == "USD"
    assert bom.total == sum(Decimal(line["line_total"]) for line in bom.line_items)
    assert set(bom.subtotals) >= {"framing", "drywall", "flooring", "paint", "trim"}
    assert bom.options["paint_coats"] == 2


def test_a_catalogue_price_edit_never_changes_an_existing_bom(user, make_floorplan, demo_pdf):
    floorplan = make_floorplan(user, demo_pdf)
    ingest(user, floorplan)
    first = BOM.objects.get(id=generate(user, floorplan, {}).result_ref.removeprefix("bom:"))
    stud = next(line for line in first.line_items if line["category"] == "framing")
    Material.objects.filter(sku=stud["sku"]).update(unit_price=Decimal("99.00"))
    second = BOM.objects.get(id=generate(user, floorplan, {}).result_ref.removeprefix("bom:"))
    first.refresh_from_db()
    assert next(x for x in first.line_items if x["sku"] == stud["sku"]) == stud
    assert next(x for x in second.line_items if x["sku"] == stud["sku"])["unit_price"] == "99.00"
    assert second.total > first.total


def test_generate_with_a_bad_option_fails_naming_the_option(user, make_floorplan, tiny_pdf):
    floorplan = make_floorplan(user, tiny_pdf)
    ingest(user, floorplan)
    job = generate(user, floorplan, {"stud_spacing": 17})
    assert (job.status, job.attempts, job.error_code) == ("failed", 1, "invalid_option")
    assert "stud_spacing" in job.error_message
    assert not BOM.objects.exists()


def test_generate_refuses_a_plan_without_scale(user, make_floorplan, tiny_pdf):
    floorplan = make_floorplan(user, tiny_pdf)
    ingest(user, floorplan)
    graph = Floorplan.objects.get(id=floorplan.id).graph
    Floorplan.objects.filter(id=floorplan.id).update(graph={**graph, "scale": None})
    job = generate(user, floorplan, {})
    assert (job.status, job.error_code) == ("failed", "no_scale")
    assert "scale override" in job.error_message


def test_ingest_of_a_poor_extraction_flags_the_plan_and_its_bom_carries_the_reasons(
    user, make_floorplan
):
    from floorplans.samples.stamped_sheets import open_walls, render_stamped

    pdf = render_stamped(open_walls(), [("KITCHEN", (3.0, 2.0), ("A: 22.00 m2",))])
    floorplan = make_floorplan(user, pdf)
    ingest(user, floorplan)
    floorplan.refresh_from_db()
    assert floorplan.review_required is True
    assert floorplan.review_reasons == floorplan.graph["review_reasons"]
    assert "no rooms were found" in floorplan.review_reasons
    job = generate(user, floorplan, {})  # asked with accept_review through the API
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    bom = BOM.objects.get(id=job.result_ref.removeprefix("bom:"))
    assert bom.layout_summary["review_required"] is True
    assert bom.layout_summary["review_reasons"] == floorplan.review_reasons
