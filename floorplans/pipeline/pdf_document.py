"""Open a PDF with pdfminer and translate every way that can fail into a ``PdfError``."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from typing import BinaryIO

from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSException

from . import stream_limits
from .errors import (
    CorruptPdf,
    EmptyPdf,
    EncryptedPdf,
    NotAPdf,
    PageOutOfRange,
    PdfError,
    TooComplex,
)

# Every stream pdfminer decodes in this process is capped from here on.
stream_limits.install()

# Real PDFs may carry a few bytes of junk before the header; readers accept up to 1 KiB.
HEADER_SEARCH_BYTES = 1024


def read_source(source: bytes | bytearray | memoryview | BinaryIO) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    return source.read()


@contextmanager
def pdf_errors() -> Iterator[None]:
    """Re-raise anything pdfminer (or malformed input inside it) throws as a ``PdfError``."""
    try:
        yield
    except PdfError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedPdf() from exc
    except RecursionError as exc:
        raise TooComplex(
            "The PDF nests its drawing objects too deeply to process; please re-export "
            "the floor plan flattened."
        ) from exc
    except MemoryError as exc:
        raise TooComplex() from exc
    except (PSException, Exception) as exc:
        # pdfminer signals damaged files with a zoo of exceptions (KeyError, TypeError,
        # struct.error, zlib.error ...); to a user they all mean the same thing.
        raise CorruptPdf() from exc


def open_document(data: bytes | BinaryIO) -> PDFDocument:
    """Open from bytes or a seekable file; a file is parsed in place, never copied whole,
    so validating a 50 MB upload does not cost 50 MB (or twice that) of memory."""
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
    stream.seek(0)
    head = stream.read(HEADER_SEARCH_BYTES)
    if not head.strip():
        raise NotAPdf("The file is empty; please upload the floor plan as a PDF document.")
    if b"%PDF-" not in head:
        raise NotAPdf()
    stream.seek(0)
    with pdf_errors():
        return PDFDocument(PDFParser(stream))


def page_count(document: PDFDocument) -> int:
    with pdf_errors():
        pages = resolve1(document.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
        if isinstance(count, int) and count >= 0:
            return count
        return sum(1 for _ in PDFPage.create_pages(document))


def get_page(document: PDFDocument, index: int) -> PDFPage:
    count = page_count(document)
    if count == 0:
        raise EmptyPdf()
    if index < 0 or index >= count:
        raise PageOutOfRange(
            f"Page {index} does not exist; this PDF has {count} page(s), numbered from 0."
        )
    with pdf_errors():
        page = next(islice(PDFPage.create_pages(document), index, None), None)
    if page is None:
        raise CorruptPdf("The PDF's page tree is damaged; please export the PDF again.")
    return page
