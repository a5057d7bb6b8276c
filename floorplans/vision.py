"""The pipeline as configured here, and its optional Gemini vision helper, which reads
the scale note and room labels off a page image.

Used only when GEMINI_API_KEY is set, and only for what the vector pass could not find
(the pipeline asks it for a scale as the last resort). It implements the pipeline's
``VisionHelper`` protocol; any failure here surfaces as a warning, never a failed job.
"""

import io
import json

import pypdfium2
from django.conf import settings
from google import genai
from google.genai import types
from pydantic import BaseModel

from floorplans.pipeline import Limits, VisionHints, extract_graph

PROMPT = (
    "This is one sheet of an architectural floor plan. Return the drawing scale exactly as "
    'printed on the sheet (for example 1/4" = 1\'-0" or 1:100), or null if none is printed, '
    "and the room names written inside rooms."
)
RENDER_DPI = 100
MAX_RENDER_PIXELS = 2400  # longest side; enough to read title-block text, small upload


class _SheetReading(BaseModel):
    scale_text: str | None
    room_labels: list[str]


def render_page_png(pdf_bytes: bytes, page: int, *, max_pixels: int = MAX_RENDER_PIXELS) -> bytes:
    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        pdf_page = document[page]
        width, height = pdf_page.get_size()
        scale = min(RENDER_DPI / 72, max_pixels / max(width, height))
        image = pdf_page.render(scale=scale).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class GeminiVisionHelper:
    def __init__(
        self,
        api_key: str,
        model: str,
        *,
        timeout_seconds: float = 30,
        attempts: int = 2,
        http_client=None,  # an httpx-compatible client; tests pass one with a fake transport
    ) -> None:
        self._model = model
        self._client = genai.Client(
            api_key=api_key,
            http_options=types.HttpOptions(
                timeout=int(timeout_seconds * 1000),
                retry_options=types.HttpRetryOptions(attempts=attempts),
                httpx_client=http_client,
            ),
        )

    def suggest(self, pdf_bytes: bytes, page: int) -> VisionHints:
        response = self._client.models.generate_content(
            model=self._model,
            contents=[
                types.Part.from_bytes(data=render_page_png(pdf_bytes, page), mime_type="image/png"),
                PROMPT,
            ],
            config=types.GenerateContentConfig(
                response_mime_type="application/json",
                response_schema=_SheetReading,
                temperature=0,
            ),
        )
        reading = _SheetReading.model_validate(json.loads(response.text))
        return VisionHints(scale_text=reading.scale_text, room_labels=reading.room_labels)


def configured_vision_helper() -> GeminiVisionHelper | None:
    """The helper when GEMINI_API_KEY is set; None (vector pass only) otherwise."""
    if not settings.GEMINI_API_KEY:
        return None
    return GeminiVisionHelper(settings.GEMINI_API_KEY, settings.GEMINI_MODEL)


def extract_configured(data: bytes, *, page: int, scale_text: str | None, progress=None) -> dict:
    """The pipeline as this deployment runs it: the configured limits, and the vision
    helper when one is configured. Used by the ingest job and the CLI alike."""
    return extract_graph(
        data,
        page=page,
        scale_text=scale_text,
        limits=Limits(settings.PIPELINE_MAX_OBJECTS, settings.PIPELINE_MAX_SECONDS),
        progress=progress,
        vision=configured_vision_helper(),
    )
