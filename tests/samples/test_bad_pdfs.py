"""Each bad PDF is broken in exactly the way its name says."""

from __future__ import annotations

import io
import re

import pytest
from pdfminer.layout import LTFigure, LTImage
from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.psexceptions import PSException

from floorplans.samples import bad_pdfs
from tests.samples.pdf_objects import drawing_objects, leaves, pages, raw_content


def test_zero_bytes_is_empty_and_unparseable() -> None:
    assert bad_pdfs.zero_bytes() == b""
    with pytest.raises(PSException):
        pages(bad_pdfs.zero_bytes())


def test_not_a_pdf_is_a_png() -> None:
    data = bad_pdfs.not_a_pdf()
    assert data.startswith(b"\x89PNG") and b"%PDF" not in data
    with pytest.raises(PSException):
        pages(data)


def test_truncated_starts_like_a_pdf_but_has_no_end() -> None:
    data = bad_pdfs.truncated()
    assert data.startswith(b"%PDF-") and b"%%EOF" not in data and b"startxref" not in data
    with pytest.raises(PSException):
        pages(data)


def test_encrypted_needs_its_user_password() -> None:
    data = bad_pdfs.encrypted()
    document = PDFDocument(PDFParser(io.BytesIO(data)), password=bad_pdfs.USER_PASSWORD)
    assert document.encryption is not None
    with pytest.raises(PDFPasswordIncorrect):
        PDFDocument(PDFParser(io.BytesIO(data)))


def test_zero_pages_is_valid_but_has_no_page() -> None:
    document = PDFDocument(PDFParser(io.BytesIO(bad_pdfs.zero_pages())))
    assert document.catalog["Type"].name == "Catalog"
    assert list(PDFPage.create_pages(document)) == []


def test_raster_only_has_an_image_and_no_vectors() -> None:
    (page,) = pages(bad_pdfs.raster_only())
    assert drawing_objects(page) == []
    assert any(isinstance(o, LTImage) for o in leaves(page)) or any(
        isinstance(o, LTFigure) for o in page
    )


def test_huge_object_count_has_that_many_paths() -> None:
    (page,) = pages(bad_pdfs.huge_object_count(5000))
    assert len(drawing_objects(page)) == 5000


def test_deeply_nested_forms_exhaust_a_recursive_interpreter() -> None:
    data = bad_pdfs.deeply_nested()
    assert raw_content(data).strip() == b"/F5 Do"
    assert data.count(b"/Subtype /Form") == 500
    with pytest.raises(RecursionError):  # each level costs pdfminer several Python frames
        pages(data)


def test_shallow_nesting_still_parses_to_the_one_innermost_line() -> None:
    (page,) = pages(bad_pdfs.deeply_nested(depth=3, q_depth=10))
    assert len(drawing_objects(page)) == 1


# --- hostile files: small on disk, each hostile in the way its name says -------------------


def last_stream(data: bytes) -> bytes:
    """The raw (still encoded) data of the file's last stream object."""
    return re.findall(rb"stream\n(.*?)\nendstream", data, re.S)[-1]


@pytest.mark.parametrize("name", sorted(bad_pdfs.HOSTILE))
def test_hostile_files_are_small_enough_for_any_upload_limit(name) -> None:
    assert len(bad_pdfs.HOSTILE[name]()) < 200_000


@pytest.mark.parametrize("layers", [2, 3])
def test_flate_bombs_expand_layer_by_layer(layers) -> None:
    import zlib

    data = bad_pdfs.flate_bomb(layers, size=8 << 20)
    assert data.count(b"/FlateDecode") == layers
    packed = last_stream(data)
    for _ in range(layers):
        packed = zlib.decompress(packed)
    assert packed == bytes(8 << 20)


def test_the_xref_bomb_opens_once_inflated() -> None:
    data = bad_pdfs.flate_bomb(2, size=1 << 20, in_xref=True)
    assert b"/Type /XRef" in data and b"\nxref\n" not in data
    (page,) = pages(data)
    assert len(drawing_objects(page)) == 4  # the room's four walls


def test_truncated_zlib_lacks_its_end() -> None:
    import zlib

    data = bad_pdfs.truncated_zlib(size=1 << 20)
    packed = last_stream(data)
    with pytest.raises(zlib.error, match="incomplete or truncated"):
        zlib.decompress(packed)


def test_nested_forms_draw_the_next_level_fanout_times() -> None:
    data = bad_pdfs.nested_forms(depth=3, fanout=4)
    assert data.count(b"/Subtype /Form") == 3 and data.count(b"/F Do") == 1 + 4 * 2


def test_unclosed_q_saves_and_never_restores() -> None:
    content = raw_content(bad_pdfs.unclosed_q(1000))
    assert content.count(b"q\n") == 1000 and b"Q" not in content


def test_tiny_and_unpainted_paths_have_that_many_paths() -> None:
    assert raw_content(bad_pdfs.tiny_paths(500)).count(b" S\n") == 500
    assert raw_content(bad_pdfs.unpainted_paths(500)).count(b" n\n") == 500
