"""A bounded look at an upload: what can be known about a PDF without decoding a stream.

The web process answers uploads, so it must never inflate, interpret or repair a PDF:
a 2 KB file can expand to gigabytes there. This check reads the header, the end of the
file, the cross-reference table and the few small dictionaries it points to (trailer,
catalog, page-tree root, encryption dictionary), each through a window of at most
``WINDOW`` bytes, and at most ``MAX_READS`` windows in all. Whatever it cannot see that
way (a compressed cross-reference stream, objects inside object streams, a damaged
table pdfminer would have to rebuild) it leaves to the worker's sandboxed parse and says
so by answering ``None``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import BinaryIO

from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef
from pdfminer.psexceptions import PSException

from .errors import CorruptPdf, EmptyPdf, EncryptedPdf, NotAPdf
from .pdf_document import HEADER_SEARCH_BYTES

# The spec wants %%EOF in the last 1024 bytes; some writers append a little junk.
TAIL_BYTES = 4096
WINDOW = 64 * 1024  # one dictionary, or a slice of the xref table, never more
MAX_READS = 200  # windows per upload: sections of incremental updates, object look-ups
MAX_SUBSECTIONS = 1000  # per xref table; more is not a real writer's table
XREF_ENTRY_BYTES = 20  # "oooooooooo ggggg n\r\n", fixed width by the spec

_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_SUBSECTION = re.compile(rb"\s*(\d+)\s+(\d+)[ \t]*\r?\n?")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_OBJ_HEADER = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj")


@dataclass(frozen=True)
class Precheck:
    """``page_count`` is None when it is not visible without decoding a stream (the
    worker then checks the page); ``encrypted`` says an /Encrypt entry is present."""

    page_count: int | None
    encrypted: bool


class _Unknown(Exception):
    """Not visible without decoding a stream or repairing the file: the worker decides."""


class _Reader:
    """Bounded random access to the upload: a budget of ``MAX_READS`` small windows."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        self.stream, self.size, self.reads = stream, size, 0

    def window(self, offset: int, length: int = WINDOW) -> bytes:
        if not 0 <= offset < self.size:
            raise _Unknown(f"offset {offset} outside the file")
        self.reads += 1
        if self.reads > MAX_READS:
            raise _Unknown("too many look-ups")
        self.stream.seek(offset)
        return self.stream.read(length)

    def object_at(self, window: bytes, start: int = 0):
        """The first PDF object in ``window`` from ``start`` (a dict, a number ...).
        pdfminer's tokenizer over at most ``WINDOW`` bytes; a ``stream`` keyword is never
        reached because parsing stops after the first complete object."""
        parser = PDFParser(io.BytesIO(window))
        parser.seek(start)
        try:
            return parser.nextobject()[1]
        except (PSException, ValueError, TypeError, KeyError) as exc:
            raise _Unknown("unparseable object") from exc


@dataclass
class _XrefTable:
    """The classic tables of the file, newest first (incremental updates add sections)."""

    sections: list[list[tuple[int, int, int]]]  # per section: (first, count, entries_at)
    trailer: dict


def precheck_pdf(stream: BinaryIO, size: int) -> Precheck:
    """Refuse what is certainly unusable (not a PDF, cut short, empty, needs a password);
    report the page count when the page tree is visible without decoding streams."""
    reader = _Reader(stream, size)
    head = reader.window(0, HEADER_SEARCH_BYTES) if size else b""
    if not head.strip():
        raise NotAPdf("The file is empty; please upload the floor plan as a PDF document.")
    if b"%PDF-" not in head:
        raise NotAPdf()
    tail = reader.window(max(0, size - TAIL_BYTES), TAIL_BYTES)
    found = list(_STARTXREF.finditer(tail))
    if b"%%EOF" not in tail or not found:
        raise CorruptPdf(
            "The PDF is incomplete (its end is missing, as after an interrupted download); "
            "please download or export it again and re-upload."
        )
    startxref = int(found[-1].group(1))
    try:
        table = _read_xref(reader, startxref)
    except _Unknown:
        # A cross-reference stream (compressed) or a damaged table: only a full parse can
        # say more, and that happens in the worker's sandbox.
        return Precheck(page_count=None, encrypted=_mentions_encrypt(reader, startxref))
    encrypted = "Encrypt" in table.trailer
    if encrypted:
        _check_empty_password(reader, table)
    try:
        count = _page_count(reader, table)
    except _Unknown:
        count = None
    if count == 0:
        raise EmptyPdf()
    return Precheck(page_count=count, encrypted=encrypted)


def _mentions_encrypt(reader: _Reader, offset: int) -> bool:
    try:
        return b"/Encrypt" in reader.window(offset, 4096).split(b"stream", 1)[0]
    except _Unknown:
        return False


def _read_xref(reader: _Reader, offset: int) -> _XrefTable:
    sections, trailer, seen = [], {}, set()
    while offset is not None:
        if offset in seen:
            raise _Unknown("xref sections form a loop")
        seen.add(offset)
        subsections, section_trailer = _read_section(reader, offset)
        if "XRefStm" in section_trailer:
            raise _Unknown("hybrid file: part of the table is a compressed stream")
        sections.append(subsections)
        for key, value in section_trailer.items():
            trailer.setdefault(key, value)  # the newest section's entries win
        prev = section_trailer.get("Prev")
        offset = prev if isinstance(prev, int) else None
    return _XrefTable(sections, trailer)


def _read_section(reader: _Reader, offset: int) -> tuple[list[tuple[int, int, int]], dict]:
    window = reader.window(offset)
    if not window.startswith(b"xref"):
        raise _Unknown("no classic xref table at startxref")
    subsections, pos, base = [], 4, offset
    while len(subsections) < MAX_SUBSECTIONS:
        match = _SUBSECTION.match(window, pos)
        if match is None:
            break
        first, count = int(match.group(1)), int(match.group(2))
        entries_at = base + match.end()
        subsections.append((first, count, entries_at))
        # The next subsection header follows the entries; read on from there.
        base = entries_at + count * XREF_ENTRY_BYTES
        window, pos = reader.window(base), 0
    rest = window[pos:].lstrip()
    if not rest.startswith(b"trailer"):
        raise _Unknown("xref table without a trailer")
    trailer = reader.object_at(rest, len(b"trailer"))
    if not isinstance(trailer, dict):
        raise _Unknown("trailer is not a dictionary")
    return subsections, trailer


def _offset_of(reader: _Reader, table: _XrefTable, number: int) -> int:
    for subsections in table.sections:
        for first, count, entries_at in subsections:
            if first <= number < first + count:
                at = entries_at + (number - first) * XREF_ENTRY_BYTES
                entry = _ENTRY.match(reader.window(at, XREF_ENTRY_BYTES))
                if entry is None:
                    raise _Unknown("malformed xref entry")
                if entry.group(3) == b"f":
                    raise _Unknown("object is free")
                return int(entry.group(1))
    raise _Unknown(f"object {number} is not in the table")


def _resolve(reader: _Reader, table: _XrefTable, value):
    if not isinstance(value, PDFObjRef):
        return value
    window = reader.window(_offset_of(reader, table, value.objid))
    header = _OBJ_HEADER.match(window)
    if header is None or int(header.group(1)) != value.objid:
        raise _Unknown("xref offset does not point at the object")
    return reader.object_at(window, header.end())


def _page_count(reader: _Reader, table: _XrefTable) -> int:
    catalog = _resolve(reader, table, table.trailer.get("Root"))
    if not isinstance(catalog, dict):
        raise _Unknown("no catalog")
    pages = _resolve(reader, table, catalog.get("Pages"))
    if not isinstance(pages, dict):
        raise _Unknown("no page tree")
    count = _resolve(reader, table, pages.get("Count"))
    if not isinstance(count, int) or count < 0:
        raise _Unknown("no page count")
    return count


def _check_empty_password(reader: _Reader, table: _XrefTable) -> None:
    """Files locked only against editing open with the empty user password and are fine
    to process; anything else needs a password we do not have. The check is pdfminer's
    own security handler on the small encryption dictionary: a few hashes, no streams."""
    try:
        param = _resolve(reader, table, table.trailer["Encrypt"])
        doc_id = _resolve(reader, table, table.trailer.get("ID")) or [b"", b""]
    except _Unknown:
        return  # left to the worker, which fails the job if a password is needed
    if not isinstance(param, dict):
        return
    version = param.get("V", 0)
    handler_class = PDFDocument.security_handler_registry.get(version)
    if getattr(param.get("Filter"), "name", None) != "Standard" or handler_class is None:
        raise EncryptedPdf()  # a handler pdfminer cannot open, as the worker would find
    try:
        handler_class(doc_id, param, "")
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedPdf() from exc
    except (PSException, ValueError, TypeError, KeyError):
        return
