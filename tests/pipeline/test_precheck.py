"""The upload check: what it refuses, what it reports, and that it never decodes a stream."""

import io

import pytest

from floorplans.pipeline import PdfError, precheck_pdf
from floorplans.pipeline.pdf_precheck import MAX_READS, WINDOW
from floorplans.samples import bad_pdfs
from floorplans.samples.catalog import tiny_room
from floorplans.samples.render import render_pdf
from harness.memory import PeakRss


def precheck(data: bytes):
    return precheck_pdf(io.BytesIO(data), len(data))


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (bad_pdfs.zero_bytes, "not_a_pdf"),
        (bad_pdfs.not_a_pdf, "not_a_pdf"),
        (bad_pdfs.truncated, "corrupt_pdf"),
        (bad_pdfs.encrypted, "encrypted_pdf"),
        (bad_pdfs.zero_pages, "empty_pdf"),
    ],
)
def test_certainly_unusable_files_are_refused_with_their_code(make, code):
    with pytest.raises(PdfError) as raised:
        precheck(make())
    assert raised.value.code == code and str(raised.value).endswith(".")


def test_a_plan_shows_its_page_count():
    info = precheck(render_pdf(tiny_room(), "double_line"))
    assert (info.page_count, info.encrypted) == (1, False)


def test_a_file_locked_only_against_editing_is_accepted():
    info = precheck(bad_pdfs.encrypted(user_password=""))
    assert (info.page_count, info.encrypted) == (1, True)


def test_a_compressed_cross_reference_stream_leaves_the_page_count_to_the_worker():
    info = precheck(bad_pdfs.truncated_zlib())
    assert info.page_count is None


class CountingFile(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


@pytest.mark.parametrize("name", sorted(bad_pdfs.HOSTILE))
def test_hostile_files_cost_the_check_a_few_windows_and_no_memory(name):
    data = bad_pdfs.HOSTILE[name]()
    upload = CountingFile(data)
    with PeakRss() as peak:
        info = precheck_pdf(upload, len(data))
    assert info.page_count in (1, None)  # accepted: only the worker's sandbox can tell
    assert upload.bytes_read <= MAX_READS * WINDOW
    assert peak.growth_mb < 20, f"{name}: +{peak.growth_mb:.0f} MB"
