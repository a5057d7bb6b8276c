import time

import pytest

from floorplans.pipeline import Limits, PdfError, extract_graph
from floorplans.pipeline.errors import TooComplex
from floorplans.pipeline.limits import Budget
from floorplans.samples import bad_pdfs
from floorplans.samples.catalog import tiny_room
from floorplans.samples.render import render_pdf
from harness.memory import PeakRss

MIB = 1024 * 1024


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (bad_pdfs.zero_bytes, "not_a_pdf"),
        (bad_pdfs.not_a_pdf, "not_a_pdf"),
        (bad_pdfs.truncated, "corrupt_pdf"),
        (bad_pdfs.encrypted, "encrypted_pdf"),
        (bad_pdfs.zero_pages, "empty_pdf"),
        (bad_pdfs.raster_only, "no_vector_content"),
        (bad_pdfs.deeply_nested, "too_complex"),
    ],
)
def test_bad_pdf_fails_with_its_error_code(make, code):
    with pytest.raises(PdfError) as raised:
        extract_graph(make())
    assert raised.value.code == code
    assert str(raised.value).endswith(".")


def test_too_many_objects_is_too_complex():
    with pytest.raises(PdfError) as raised:
        extract_graph(bad_pdfs.huge_object_count(5_000), limits=Limits(max_objects=2_000))
    assert raised.value.code == "too_complex"


def test_time_limit_is_too_complex():
    with pytest.raises(PdfError) as raised:
        extract_graph(render_pdf(tiny_room(), "double_line"), limits=Limits(max_seconds=0))
    assert raised.value.code == "too_complex"


def test_the_time_limit_counts_cpu_time_not_waiting():
    # A loaded machine (the parse waiting for a core) must not refuse a drawing that an
    # idle one reads: only the parse's own CPU time counts.
    budget = Budget(Limits(max_seconds=0.2))
    time.sleep(0.3)
    budget.check_time()
    started = time.process_time()
    while time.process_time() - started < 0.3:
        pass
    with pytest.raises(TooComplex):
        budget.check_time()


def test_page_out_of_range_names_the_page_count():
    with pytest.raises(PdfError) as raised:
        extract_graph(render_pdf(tiny_room(), "double_line"), page=3)
    assert raised.value.code == "page_out_of_range"
    assert "1 page" in str(raised.value)


# --- hostile files: each limit inside the parse (the sandbox adds the kernel's) ------------


def too_complex(data: bytes, **limits) -> str:
    with pytest.raises(PdfError) as raised:
        extract_graph(data, limits=Limits(**limits))
    assert raised.value.code == "too_complex"
    return str(raised.value)


def test_unclosed_q_is_refused_before_the_state_stack_grows():
    with PeakRss() as peak:
        message = too_complex(bad_pdfs.unclosed_q())
    assert "graphics states (q) more than 1,000 deep" in message
    assert peak.growth_mb < 50  # unbounded, it was +123 MB


def test_a_few_unclosed_q_are_fine():
    graph = extract_graph(bad_pdfs.unclosed_q(50))
    assert len(graph["walls"]) == 4


def test_unpainted_paths_are_counted():
    assert "drawing objects" in too_complex(bad_pdfs.unpainted_paths(300_000))


def test_form_nesting_depth_is_limited():
    message = too_complex(bad_pdfs.nested_forms(depth=8, fanout=1), max_form_depth=5)
    assert "form XObjects" in message


def test_the_clock_fires_inside_a_page_of_nested_forms():
    """A million form drawings with nothing painted: only the clock can stop it in time."""
    started = time.monotonic()
    assert "longer than 0.5 seconds" in too_complex(bad_pdfs.nested_forms(depth=6), max_seconds=0.5)
    assert time.monotonic() - started < 10  # generous; without the clock it ran for minutes


def test_every_content_token_is_counted():
    assert "drawing operations" in too_complex(bad_pdfs.tiny_paths(200_000), max_operators=100_000)


def test_flate_bomb_in_the_content_stops_at_the_stream_cap():
    with PeakRss() as peak:
        message = too_complex(bad_pdfs.flate_bomb(3), max_stream_bytes=16 * MIB)
    assert "expands to more than 16 MB" in message
    assert peak.growth_mb < 100


def test_flate_bomb_in_the_cross_reference_stream_stops_at_the_stream_cap():
    with PeakRss() as peak:
        too_complex(bad_pdfs.flate_bomb(2, in_xref=True), max_stream_bytes=16 * MIB)
    assert peak.growth_mb < 100  # unbounded, it was the whole 512 MB (a GB with 2 GB)


def test_truncated_zlib_is_recovered_in_linear_time():
    started = time.monotonic()
    graph = extract_graph(bad_pdfs.truncated_zlib())
    assert len(graph["walls"]) == 4
    assert time.monotonic() - started < 20  # generous; quadratic, it took minutes


def test_a_huge_page_is_read_like_any_other():
    graph = extract_graph(bad_pdfs.huge_page())
    assert graph["page"]["width"] == 1e9 and len(graph["walls"]) == 4
