"""The admin in a real browser: log in, read the dashboard, see a floor plan's preview,
retry a failed job. Headless Debian Chromium driven by Playwright (never downloaded).

Screenshots go to test-artifacts/; with UPDATE_SCREENSHOTS=1 the README's two are
refreshed in docs/screenshots/ as well.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from django.utils import timezone

from jobs.models import AsyncJob, JobStatus
from tests.admin.conftest import build_known_jobs, make_job

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
README_SCREENSHOTS = ROOT / "docs" / "screenshots"
PASSWORD = "pw-admin-browser-1"  # noqa: S105 - a throwaway test account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page(settings, transactional_db, monkeypatch):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found; install with: apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, and Django refuses ORM
    # calls (including the test database teardown) from a thread that has one.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # The live server speaks plain HTTP, so the session cookie must not be Secure-only.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    ARTIFACTS.mkdir(exist_ok=True)
    # Code under sync_playwright runs in a greenlet with its own context, where Django's
    # context-local connections are new ones: close them on each side of the switch, or
    # PostgreSQL keeps an idle session that blocks dropping the test database.
    connections.close_all()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()
        connections.close_all()


def save_screenshot(name: str, png: bytes, *, readme: bool = False) -> None:
    (ARTIFACTS / name).write_bytes(png)
    if readme and os.environ.get("UPDATE_SCREENSHOTS") == "1":
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ARTIFACTS / name, README_SCREENSHOTS / name)


@pytest.fixture
def staff_data(user, floorplan, bom) -> dict:
    """Created before the browser starts (tests list it first)."""
    admin = get_user_model().objects.create_superuser("boss", password=PASSWORD)
    build_known_jobs(user, timezone.now())
    failed = make_job(user, JobStatus.FAILED, floorplan=floorplan, attempts=4,
                      finished_at=timezone.now(), error_message="Worker lost twice")  # fmt: skip
    return {"admin": admin, "floorplan": floorplan, "failed": failed}


def test_staff_workflow_in_a_real_browser(staff_data, live_server, browser_page):
    page, base = browser_page, live_server.url
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    page.wait_for_selector("#job-dashboard")
    assert page.inner_text("#fig-queued .figure") == "2"
    assert page.inner_text("#fig-retrying .figure") == "1"
    failed_day = page.inner_text("#status-counts tr[data-status=failed] a.day")
    assert failed_day == "4"  # the 3 known failures and the one to retry
    assert page.locator("#per-minute a").count() == 60
    assert (
        "No cluster running" in page.inner_text("#cluster-health")
        or page.locator("#cluster-health td").count()
    )
    save_screenshot("dashboard.png", page.screenshot(full_page=True), readme=True)

    floorplan = staff_data["floorplan"]
    page.goto(f"{base}/admin/floorplans/floorplan/{floorplan.pk}/change/")
    walls = page.locator("#plan-preview svg #walls line")
    assert walls.count() == len(floorplan.graph["walls"])
    svg_box = page.locator("#plan-preview svg").bounding_box()
    assert svg_box["width"] > 100 and svg_box["height"] > 100
    wall_box = walls.first.bounding_box()
    assert wall_box["width"] > 0 or wall_box["height"] > 0
    assert page.locator("#layout-preview svg .stud").count() > 0
    page.locator("#plan-preview-module").scroll_into_view_if_needed()
    preview = page.locator("#plan-preview-module").screenshot()
    save_screenshot("floorplan-preview.png", preview, readme=True)
    save_screenshot("floorplan-page.png", page.screenshot(full_page=True))

    failed = staff_data["failed"]
    page.goto(f"{base}/admin/jobs/asyncjob/?status__exact=failed")
    page.check(f"input[name=_selected_action][value='{failed.pk}']")
    page.select_option("select[name=action]", "retry_failed")
    page.click("button[name=index]")
    assert "1 job(s) queued again." in page.inner_text("ul.messagelist")
    page.goto(f"{base}/admin/jobs/asyncjob/{failed.pk}/change/")
    assert page.inner_text(".field-status_badge .readonly") == "queued"
    save_screenshot("job-retried.png", page.screenshot(full_page=True))


def test_the_retry_reached_the_database(staff_data, live_server, browser_page):
    """Same action, then the row itself."""
    page, base, failed = browser_page, live_server.url, staff_data["failed"]
    page.goto(f"{base}/admin/login/?next=/admin/jobs/asyncjob/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.check(f"input[name=_selected_action][value='{failed.pk}']")
    page.select_option("select[name=action]", "retry_failed")
    page.click("button[name=index]")
    page.wait_for_selector("ul.messagelist")
    failed = AsyncJob.objects.get(pk=failed.pk)
    assert failed.status == JobStatus.QUEUED
    assert failed.max_attempts - failed.attempts == settings.JOB_MAX_ATTEMPTS  # a fresh budget


def test_the_job_list_fits_a_1600_px_screen_beside_its_filters(
    staff_data, live_server, browser_page
):
    page, base = browser_page, live_server.url
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(f"{base}/admin/login/?next=/admin/jobs/asyncjob/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#result_list")

    table_right, results_width, results_scroll, filter_left = page.evaluate(
        """() => [document.querySelector('#result_list').getBoundingClientRect().right,
                  document.querySelector('#changelist-form .results').clientWidth,
                  document.querySelector('#changelist-form .results').scrollWidth,
                  document.querySelector('#changelist-filter').getBoundingClientRect().left]"""
    )
    assert table_right <= filter_left
    assert results_scroll <= results_width  # nothing hidden behind a scroll bar
    assert page.locator("#result_list thead th.column-duration").is_visible()
    save_screenshot("job-list-1600.png", page.screenshot())
