"""The parse sandbox: a child process with memory, CPU and wall-clock limits."""

import psutil
import pytest

from floorplans.pipeline import (
    EncryptedPdf,
    Limits,
    SandboxCrash,
    SandboxLimits,
    TooComplex,
    extract_graph,
)
from floorplans.pipeline.bounded import extract_bounded, render_page_png_bounded
from floorplans.pipeline.sandbox import run_sandboxed
from floorplans.samples import bad_pdfs
from floorplans.samples.catalog import tiny_room
from floorplans.samples.render import render_pdf
from harness.memory import PeakRss
from harness.processes import wait_for
from tests.pipeline import sandbox_targets as targets

# Generous where the test is not about the limit: the child's start-up (imports) takes
# seconds on a loaded machine.
TIGHT = SandboxLimits(memory_mb=800, cpu_seconds=30, wall_seconds=60, poll_seconds=0.2)


def test_extraction_in_the_sandbox_equals_extraction_in_process():
    pdf = render_pdf(tiny_room(), "double_line")
    stages = []
    graph = extract_bounded(
        pdf,
        0,
        "1:50",
        limits=Limits(),
        sandbox=SandboxLimits(),
        progress=lambda *s: stages.append(s),
    )
    assert graph == extract_graph(pdf, 0, "1:50")
    assert stages[0] == ("reading", 0) and stages[-1] == ("graph", 100)


def test_memory_beyond_the_limit_is_too_complex():
    assert run_sandboxed(targets.allocate, 100, limits=TIGHT) == 100
    with pytest.raises(TooComplex) as raised:
        run_sandboxed(targets.allocate, 2000, limits=TIGHT)
    assert "800 MB of memory" in str(raised.value)


def test_cpu_beyond_the_limit_is_too_complex():
    with pytest.raises(TooComplex) as raised:
        run_sandboxed(targets.burn_cpu, limits=SandboxLimits(cpu_seconds=3, wall_seconds=60))
    assert "3 s of CPU" in str(raised.value)


def test_a_silent_child_is_killed_at_the_wall_clock():
    with pytest.raises(TooComplex) as raised:
        run_sandboxed(targets.report_pid_then_spin, limits=SandboxLimits(wall_seconds=4))
    assert "longer than 4 seconds" in str(raised.value)


class Canceled(Exception):
    pass


def test_a_progress_callback_that_raises_kills_the_child_mid_way():
    seen = []

    def progress(stage, percent):
        seen.append(stage)
        if len(seen) >= 3:  # the job was canceled while the child was busy
            raise Canceled

    with pytest.raises(Canceled):
        run_sandboxed(targets.report_pid_then_spin, limits=TIGHT, progress=progress)
    child = int(seen[0])
    assert set(seen) == {seen[0]}  # the last report, repeated while the child was silent
    wait_for(lambda: not psutil.pid_exists(child), 5, "the child to be gone")


def test_pdf_errors_keep_their_class_and_bugs_their_traceback():
    with pytest.raises(EncryptedPdf):
        run_sandboxed(targets.refuse, limits=TIGHT)
    with pytest.raises(SandboxCrash) as raised:
        run_sandboxed(targets.crash, limits=TIGHT)
    assert "ValueError: a bug in the child" in str(raised.value)


def test_services_run_in_the_parent_and_bytes_come_back_as_bytes():
    double = {"double": lambda x: 2 * x}
    result = run_sandboxed(targets.ask_parent, 21, limits=TIGHT, services=double)
    assert result == {"doubled": 42, "bytes_back": True}
    assert run_sandboxed(targets.give_bytes, limits=TIGHT) == b"\x89PNG\x00\xff"


def test_a_three_layer_flate_bomb_costs_the_parent_nothing():
    with PeakRss() as peak, pytest.raises(TooComplex):
        bomb = bad_pdfs.flate_bomb(3)
        extract_bounded(bomb, limits=Limits(), sandbox=SandboxLimits(memory_mb=700))
    assert peak.growth_mb < 20


def test_the_vision_render_runs_in_the_sandbox():
    png = render_page_png_bounded(bad_pdfs.huge_page(), 0, sandbox=TIGHT)
    assert png.startswith(b"\x89PNG")
