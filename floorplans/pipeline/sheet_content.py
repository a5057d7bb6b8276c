"""What is on one page, read quickly with PDFium for sheet classification.

Classification must cost a fraction of an extraction, and pdfminer's Python interpreter is
most of an extraction's time. PDFium (C, already used for rendering) reads the same
content ten times faster; this module turns its objects into the pipeline's own
``PagePrimitives`` (display space) plus the page's text runs and image coverage, so the
classifier can reuse the pipeline's wall detection on them.
"""

from __future__ import annotations

import ctypes
import itertools
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pypdfium2
import pypdfium2.raw as pdfium_c

from . import display_space
from .display_space import Matrix
from .errors import CorruptPdf, EncryptedPdf, NotAPdf
from .limits import Budget
from .primitives import FilledShape, PagePrimitives, Point, Segment, TextChar
from .text import TextLine, build_lines

MAX_FORM_DEPTH = 8  # forms nested deeper are not drawn by any CAD export
# A next glyph this far (in font sizes) past a glyph's box still continues its word.
NEXT_GLYPH_REACH = 0.15  # more joins words that cairo and others space by position


@dataclass
class PageContent:
    primitives: PagePrimitives
    runs: list[TextLine] = field(default_factory=list)
    image_share: float = 0.0  # share of the page area covered by images
    path_objects: int = 0
    truncated: bool = False  # the object budget ran out; what was read so far is kept


@contextmanager
def open_pdf(data: bytes) -> Iterator[pypdfium2.PdfDocument]:
    """PDFium loads pages on demand, so a 200-page set costs one page's memory at a time."""
    if b"%PDF-" not in data[:1024]:
        raise NotAPdf()
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedPdf() from exc
        raise CorruptPdf() from exc
    try:
        yield document
    finally:
        document.close()


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (row-vector convention, as PDF and pdfminer use)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def _object_matrix(raw) -> Matrix:
    fs = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(raw, ctypes.byref(fs)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (fs.a, fs.b, fs.c, fs.d, fs.e, fs.f)


def _read_path(raw, matrix: Matrix, path_id: int, page: PagePrimitives) -> int:
    """Append the path's straight edges (curves as chords: walls are straight); returns
    how many path segments it had."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(raw, ctypes.byref(fill_mode), ctypes.byref(stroke))
    filled, stroked = fill_mode.value != 0, bool(stroke.value)
    if not (filled or stroked):
        return 0
    width = ctypes.c_float(0.0)
    pdfium_c.FPDFPageObj_GetStrokeWidth(raw, ctypes.byref(width))
    dashed = stroked and pdfium_c.FPDFPageObj_GetDashCount(raw) > 0
    a, b, c, d, e, f = matrix
    scale = abs(a * d - b * c) ** 0.5
    x, y = ctypes.c_float(), ctypes.c_float()
    count = pdfium_c.FPDFPath_CountSegments(raw)
    rings: list[list[Point]] = []
    ring: list[Point] = []
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(raw, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO:
            if len(ring) > 1:
                rings.append(ring)
            ring = [point]
            continue
        if ring and point != ring[-1]:
            p = ring[-1]
            page.segments.append(
                Segment(*p, *point, width.value * scale, stroked, filled, path_id, dashed)
            )
        ring.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(segment) and ring[0] != point:
            page.segments.append(
                Segment(*point, *ring[0], width.value * scale, stroked, filled, path_id, dashed)
            )
    if len(ring) > 1:
        rings.append(ring)
    if filled and rings:
        page.fills.append(
            FilledShape(path_id, rings, fill_mode.value == pdfium_c.FPDF_FILLMODE_ALTERNATE)
        )
    return count


def _text_lines(page: pypdfium2.PdfPage, to_display: Matrix) -> list[TextLine]:
    """The page's glyphs as the pipeline's ``TextChar`` (display space), regrouped into
    lines by its own ``build_lines``: CAD exports place glyphs one by one, so PDFium's
    own runs would split a scale note into single characters."""
    textpage = page.get_textpage()
    raw = textpage.raw
    a, b, c, d, _, _ = to_display
    matrix = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FS_RECTF()
    chars: list[TextChar] = []
    word_ends: set[int] = set()  # chars followed by a space the PDF itself contains
    try:
        for i in range(pdfium_c.FPDFText_CountChars(raw)):
            if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                continue  # spaces and line breaks PDFium inferred
            text = chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 32)
            if text.isspace() or not text.isprintable():
                if chars:
                    word_ends.add(len(chars) - 1)
                continue
            pdfium_c.FPDFText_GetMatrix(raw, i, ctypes.byref(matrix))
            pdfium_c.FPDFText_GetCharOrigin(raw, i, ctypes.byref(x), ctypes.byref(y))
            pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(box))
            left, right, bottom, top = box.left, box.right, box.bottom, box.top
            norm = math.hypot(matrix.a, matrix.b) or 1.0
            ux, uy = matrix.a / norm, matrix.b / norm  # writing direction, user space
            advance = abs(ux) * (right - left) + abs(uy) * (top - bottom)
            ox, oy = display_space.apply(to_display, x.value, y.value)
            chars.append(
                TextChar(
                    text,
                    ox,
                    oy,
                    (a * ux + c * uy) * advance,
                    (b * ux + d * uy) * advance,
                    # The font size times the text matrix's scale, as pdfminer's is.
                    pdfium_c.FPDFText_GetFontSize(raw, i) * math.hypot(matrix.c, matrix.d),
                )
            )
        return build_lines(_advances_to_next(chars, word_ends))
    finally:
        textpage.close()


def _advances_to_next(chars: list[TextChar], word_ends: set[int]) -> list[TextChar]:
    """A glyph's advance is where the next glyph of its word starts (PDFium gives only
    boxes, narrower than the advance for digits and narrow letters, which would open
    false word gaps: "A1 .2")."""
    for i, (ch, nxt) in enumerate(itertools.pairwise(chars)):
        length = math.hypot(ch.dx, ch.dy)
        if length == 0 or i in word_ends:
            continue
        ux, uy = ch.dx / length, ch.dy / length
        along = (nxt.x - ch.x) * ux + (nxt.y - ch.y) * uy
        across = abs((nxt.y - ch.y) * ux - (nxt.x - ch.x) * uy)
        if 0 < along <= length + NEXT_GLYPH_REACH * ch.size and across < 0.2 * ch.size:
            ch.dx, ch.dy = ux * along, uy * along
    return chars


class PageReader:
    """One open page. ``content()`` is cheap (text and object counts); ``read_paths``
    costs most of a classification and is only called when the text did not decide."""

    def __init__(self, page: pypdfium2.PdfPage, index: int) -> None:
        self.page = page
        cropbox = display_space.normalise_box(tuple(page.get_cropbox()))
        rotation = page.get_rotation() % 360
        width, height = display_space.display_size(cropbox, rotation)
        self.to_display = display_space.display_matrix(cropbox, rotation)
        self.primitives = PagePrimitives(index=index, width=width, height=height, rotation=rotation)

    def _objects(self, raw_parent=None, matrix: Matrix | None = None, depth: int = 0):
        """(object, its matrix to display space) for every object, into forms.

        Raw PDFium calls: a helper object per page object costs more than reading it."""
        matrix = matrix or self.to_display
        if raw_parent is None:
            count, get = pdfium_c.FPDFPage_CountObjects(self.page.raw), pdfium_c.FPDFPage_GetObject
            raw_parent = self.page.raw
        else:
            count, get = (
                pdfium_c.FPDFFormObj_CountObjects(raw_parent),
                pdfium_c.FPDFFormObj_GetObject,
            )
        for i in range(count):
            raw = get(raw_parent, i)
            kind = pdfium_c.FPDFPageObj_GetType(raw)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                inner = _multiply(_object_matrix(raw), matrix)
                yield from self._objects(raw, inner, depth + 1)
            elif kind in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE):
                yield raw, kind, matrix

    def content(self) -> PageContent:
        content = PageContent(self.primitives, runs=_text_lines(self.page, self.to_display))
        image_area = 0.0
        for raw, kind, matrix in self._objects():
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                content.path_objects += 1
            else:  # an image fills the unit square of its matrix
                a, b, c, d, _, _ = _multiply(_object_matrix(raw), matrix)
                image_area += abs(a * d - b * c)
        page_area = max(self.primitives.width * self.primitives.height, 1.0)
        content.image_share = min(image_area / page_area, 1.0)
        return content

    def read_paths(self, content: PageContent, budget: Budget, min_size: float) -> None:
        """Fill ``content.primitives`` with the edges of paths at least ``min_size``
        points across (smaller ones are lettering and hatching), up to the budget."""
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        refs = tuple(ctypes.byref(v) for v in (left, bottom, right, top))
        for n, (raw, kind, container) in enumerate(self._objects()):
            if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
                continue
            budget.count()
            pdfium_c.FPDFPageObj_GetBounds(raw, *refs)
            a, b, c, d, _, _ = container
            size = max(right.value - left.value, top.value - bottom.value)
            if size * abs(a * d - b * c) ** 0.5 < min_size:
                continue
            segments = pdfium_c.FPDFPath_CountSegments(raw)
            if budget.objects + segments > budget.limits.max_objects:
                content.truncated = True
                return
            matrix = _multiply(_object_matrix(raw), container)
            budget.count(_read_path(raw, matrix, n, content.primitives))


@contextmanager
def opened_page(document: pypdfium2.PdfDocument, index: int) -> Iterator[PageReader]:
    """The page, closed again on leaving; PDFium's failures become ``CorruptPdf``."""
    damaged = f"Page {index + 1} is damaged and could not be read."
    try:
        page = document[index]
    except (pypdfium2.PdfiumError, IndexError) as exc:
        raise CorruptPdf(damaged) from exc
    try:
        yield PageReader(page, index)
    except pypdfium2.PdfiumError as exc:
        raise CorruptPdf(damaged) from exc
    finally:
        page.close()
