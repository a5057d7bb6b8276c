"""The pipeline as configured here, and its optional Gemini vision helper, which reads
the scale note and room labels off a page image.

Used only when GEMINI_API_KEY is set, and only for what the vector pass could not find
(the pipeline asks it for a scale as the last resort). It implements the pipeline's
``VisionHelper`` protocol; any failure here surfaces as a warning, never a failed job.
"""

import json

from django.conf import settings
from google import genai
from google.genai import types
from pydantic import BaseModel

from floorplans.pipeline import Limits, SandboxLimits, VisionHints
from floorplans.pipeline.bounded import extract_bounded, render_page_png_bounded

PROMPT = (
    "This is one sheet of an architectural floor plan. Return the drawing scale exactly as "
    'printed on the sheet (for example 1/4" = 1\'-0" or 1:100), or null if none is printed, '
    "and the room names written inside rooms."
)


class _SheetReading(BaseModel):
    scale_text: str | None
    room_labels: list[str]


class GeminiVisionHelper:
    def __init__(
        self,
        api_key: str,
        model: str,
        *,
        timeout_seconds: float = 30,
        attempts: int = 2,
        http_client=None,  # an httpx-compatible client; tests pass one with a fake transport
        sandbox: SandboxLimits = SandboxLimits(),  # noqa: B008 - frozen dataclass
    ) -> None:
        self._model = model
        self._sandbox = sandbox
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
                types.Part.from_bytes(
                    data=render_page_png_bounded(pdf_bytes, page, sandbox=self._sandbox),
                    mime_type="image/png",
                ),
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
    return GeminiVisionHelper(
        settings.GEMINI_API_KEY, settings.GEMINI_MODEL, sandbox=configured_sandbox()
    )


def configured_limits() -> Limits:
    mib = 1024 * 1024
    return Limits(
        max_objects=settings.PIPELINE_MAX_OBJECTS,
        max_seconds=settings.PIPELINE_MAX_SECONDS,
        max_operators=settings.PIPELINE_MAX_OPERATORS,
        max_stream_bytes=settings.PIPELINE_MAX_STREAM_MB * mib,
        max_decoded_bytes=settings.PIPELINE_MAX_DECODED_MB * mib,
    )


def configured_sandbox() -> SandboxLimits:
    return SandboxLimits(
        memory_mb=settings.PIPELINE_MAX_MEMORY_MB,
        cpu_seconds=settings.PIPELINE_KILL_SECONDS,
        wall_seconds=settings.PIPELINE_KILL_SECONDS,
    )


def extract_configured(
    data: bytes, *, page: int, scale_text: str | None, progress=None, sibling_scale=None
) -> dict:
    """The pipeline as this deployment runs it: in the parse sandbox with the configured
    limits, and the vision helper when one is configured. Used by the ingest job and the
    CLI alike; a drawing set passes the ``sibling_scale`` a sheet borrows."""
    return extract_bounded(
        data,
        page,
        scale_text,
        limits=configured_limits(),
        sandbox=configured_sandbox(),
        progress=progress,
        vision=configured_vision_helper(),
        sibling_scale=sibling_scale,
    )
