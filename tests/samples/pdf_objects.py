"""Read sample PDFs back with pdfminer.six, the parser the product itself uses."""

from __future__ import annotations

import io
from collections.abc import Iterator

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTComponent, LTContainer, LTCurve, LTPage
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser


def pages(data: bytes) -> list[LTPage]:
    return list(extract_pages(io.BytesIO(data)))


def leaves(container: LTContainer) -> Iterator[LTComponent]:
    """Every drawn object, descending into form XObject figures."""
    for item in container:
        if isinstance(item, LTContainer) and not isinstance(item, LTChar):
            yield from leaves(item)
        else:
            yield item


def drawing_objects(page: LTPage) -> list[LTComponent]:
    """Paths (LTLine/LTRect/LTCurve are all LTCurve) and glyphs."""
    return [o for o in leaves(page) if isinstance(o, LTCurve | LTChar)]


def page_text(page: LTPage) -> str:
    return "".join(o.get_text() for o in leaves(page) if isinstance(o, LTChar))


def raw_page(data: bytes) -> PDFPage:
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    return next(PDFPage.create_pages(document))


def raw_content(data: bytes) -> bytes:
    """The first page's content stream, decompressed, exactly as the producer wrote it."""
    return b"".join(stream.get_data() for stream in raw_page(data).contents)
