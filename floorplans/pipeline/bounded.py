"""The pipeline's entry points for untrusted PDFs: each runs in the parse sandbox.

``extract_bounded`` is ``extract_graph`` in a bounded child process; the optional vision
helper stays in the parent (it calls a web API) and is reached from the child as a
sandbox service, so the child holds no credentials and makes no network calls.
"""

from __future__ import annotations

from collections.abc import Callable

from .extract import extract_graph
from .limits import Limits
from .page_image import MAX_RENDER_PIXELS, render_page_png
from .sandbox import SandboxLimits, run_sandboxed
from .scale import ScaleResult
from .sheets import Sheet, classify_sheets
from .vision_helper import VisionHelper, VisionHints


def extract_bounded(
    data: bytes,
    page: int = 0,
    scale_text: str | None = None,
    *,
    limits: Limits,
    sandbox: SandboxLimits,
    progress: Callable[[str, int], None] | None = None,
    vision: VisionHelper | None = None,
    sibling_scale: ScaleResult | None = None,
) -> dict:
    services = {"vision": lambda page: vision.suggest(data, page)} if vision else {}
    return run_sandboxed(
        _extract_in_child,
        data,
        page,
        scale_text,
        limits,
        sibling_scale,
        limits=sandbox,
        progress=progress,
        services=services,
    )


def render_page_png_bounded(
    data: bytes, page: int, *, sandbox: SandboxLimits, max_pixels: int = MAX_RENDER_PIXELS
) -> bytes:
    return run_sandboxed(render_page_png, data, page, max_pixels, limits=sandbox)


def _classify_in_child(data: bytes, page_count: int, *, progress) -> list[dict]:
    sheets = []
    for sheet in classify_sheets(data):
        sheets.append(sheet.to_dict())
        progress(f"classified page {sheet.page + 1}", 1 + 98 * len(sheets) // max(page_count, 1))
    return sheets


def classify_sheets_bounded(
    data: bytes, page_count: int, *, sandbox: SandboxLimits, progress=None
) -> list[Sheet]:
    """``classify_sheets`` of a whole set in one bounded child (pages still one at a time
    inside it); ``page_count`` only scales the progress reports."""
    rows = run_sandboxed(_classify_in_child, data, page_count, limits=sandbox, progress=progress)
    return [Sheet(**row) for row in rows]


class _VisionInParent:
    """The child's stand-in for the parent's vision helper (the parent has the bytes)."""

    def __init__(self, call: Callable[[int], VisionHints]) -> None:
        self._call = call

    def suggest(self, pdf_bytes: bytes, page: int) -> VisionHints:
        return self._call(page)


def _extract_in_child(
    data, page, scale_text, limits, sibling_scale, *, progress, vision=None
) -> dict:
    helper = _VisionInParent(vision) if vision is not None else None
    return extract_graph(
        data,
        page,
        scale_text,
        limits=limits,
        progress=progress,
        vision=helper,
        sibling_scale=sibling_scale,
    )
