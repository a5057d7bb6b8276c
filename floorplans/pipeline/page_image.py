"""One PDF page as a PNG (for the vision helper and sheet thumbnails). Run it through
``bounded`` only: pdfium is C code that a hostile file can make allocate or loop as it likes."""

from __future__ import annotations

import io

import pypdfium2

RENDER_DPI = 100
MAX_RENDER_PIXELS = 2400  # longest side; enough to read title-block text, small upload


def render_page_png(
    pdf_bytes: bytes, page: int, max_pixels: int = MAX_RENDER_PIXELS, *, progress=None
) -> bytes:
    """``progress`` is accepted for the sandbox's calling convention; rendering is one
    call into pdfium with nothing to report in between."""
    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        pdf_page = document[page]
        width, height = pdf_page.get_size()
        scale = min(RENDER_DPI / 72, max_pixels / max(width, height, 1))
        image = pdf_page.render(scale=scale).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
