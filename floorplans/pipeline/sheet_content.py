"""What is on one page, read quickly with PDFium for sheet classification.

Classification must cost a fraction of an extraction, and pdfminer's Python interpreter is
most of an extraction's time. PDFium (C, already used for rendering) reads the same
content ten times faster; this module turns its objects into the pipeline's own
``PagePrimitives`` (display space) plus the page's text runs and image coverage, so the
classifier can reuse the pipeline's wall detection on them.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pypdfium2
import pypdfium2.raw as pdfium_c

from . import display_space
from .display_space import Matrix
from .errors import CorruptPdf, EncryptedPdf, NotAPdf
from .limits import Budget
from .primitives import FilledShape, PagePrimitives, Point, Segment
from .text import TextLine

MAX_FORM_DEPTH = 8  # forms nested deeper are not drawn by any CAD export


@dataclass
class PageContent:
    primitives: PagePrimitives
    runs: list[TextLine] = field(default_factory=list)
    flow: list[str] = field(default_factory=list)  # the text as lines, in reading order
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


def _read_text(page: pypdfium2.PdfPage, to_display: Matrix, content: PageContent) -> None:
    """PDFium's text runs (one box of text on a line each, with its glyph height) for
    titles and sheet numbers, and its text flow for scale notes and prose: it joins
    glyphs that CAD exports place one by one ("SCALE 1:50") where the runs split them."""
    textpage = page.get_textpage()
    try:
        for k in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(k)
            text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
            if text:
                # A run's narrow side is its glyph height whichever way it is written.
                size = min(right - left, top - bottom)
                length = max(right - left, top - bottom)
                x, y = display_space.apply(to_display, (left + right) / 2, (bottom + top) / 2)
                content.runs.append(TextLine(text, x, y, 0.0, size, length))
        content.flow = [" ".join(line.split()) for line in textpage.get_text_range().splitlines()]
    finally:
        textpage.close()


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
        content = PageContent(self.primitives)
        _read_text(self.page, self.to_display, content)
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
