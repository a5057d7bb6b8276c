import io

import pytest

from floorplans.pipeline import Limits, PdfError, extract_graph, inspect_pdf
from floorplans.samples import bad_pdfs
from floorplans.samples.catalog import tiny_room
from floorplans.samples.render import render_pdf


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


def test_page_out_of_range_names_the_page_count():
    with pytest.raises(PdfError) as raised:
        extract_graph(render_pdf(tiny_room(), "double_line"), page=3)
    assert raised.value.code == "page_out_of_range"
    assert "1 page" in str(raised.value)


@pytest.mark.parametrize(
    ("make", "code"),
    [(bad_pdfs.not_a_pdf, "not_a_pdf"), (bad_pdfs.encrypted, "encrypted_pdf")],
)
def test_inspect_rejects_unusable_uploads(make, code):
    with pytest.raises(PdfError) as raised:
        inspect_pdf(make())
    assert raised.value.code == code


def test_inspect_reads_page_count_from_a_file_object():
    info = inspect_pdf(io.BytesIO(render_pdf(tiny_room(), "double_line")))
    assert info.page_count == 1
    assert info.encrypted is False
