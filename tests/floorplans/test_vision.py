"""The Gemini helper, through a fake HTTP transport (no network, no real API)."""

import base64
import io
import json

import httpx2
import pytest
from reportlab.pdfgen.canvas import Canvas

from floorplans.pipeline import extract_graph
from floorplans.vision import GeminiVisionHelper


def gemini_reply(payload: dict) -> dict:
    return {
        "candidates": [
            {"content": {"role": "model", "parts": [{"text": json.dumps(payload)}]},
             "finishReason": "STOP"}
        ]
    }  # fmt: skip


class FakeGemini:
    def __init__(self, *responses: httpx2.Response) -> None:
        self.responses = list(responses)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        return self.responses.pop(0)

    def client(self) -> httpx2.Client:
        return httpx2.Client(transport=httpx2.MockTransport(self))


def test_helper_sends_the_page_image_and_a_response_schema(tiny_pdf):
    fake = FakeGemini(httpx2.Response(200, json=gemini_reply(
        {"scale_text": "1/4\" = 1'-0\"", "room_labels": ["KITCHEN"]}
    )))  # fmt: skip
    helper = GeminiVisionHelper("test-key", "gemini-test", http_client=fake.client())
    hints = helper.suggest(tiny_pdf, 0)
    assert hints.scale_text == '1/4" = 1\'-0"' and hints.room_labels == ["KITCHEN"]
    request = fake.requests[0]
    assert "gemini-test:generateContent" in str(request.url)
    body = json.loads(request.content)
    image = body["contents"][0]["parts"][0]["inlineData"]
    assert image["mime_type"] == "image/png"
    assert base64.urlsafe_b64decode(image["data"] + "==").startswith(b"\x89PNG")
    config = body["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert "scale_text" in json.dumps(config)


def test_helper_retries_a_server_error_then_succeeds(tiny_pdf):
    fake = FakeGemini(
        httpx2.Response(503, json={"error": {"code": 503, "message": "overloaded"}}),
        httpx2.Response(200, json=gemini_reply({"scale_text": "1:100", "room_labels": []})),
    )
    helper = GeminiVisionHelper("k", "m", attempts=2, http_client=fake.client())
    assert helper.suggest(tiny_pdf, 0).scale_text == "1:100"
    assert len(fake.requests) == 2


def test_pipeline_survives_a_failing_helper_with_a_warning(tiny_pdf):
    fake = FakeGemini(*[httpx2.Response(500, json={"error": {"message": "down"}})] * 3)
    helper = GeminiVisionHelper("k", "m", attempts=1, http_client=fake.client())
    unscaled = tiny_pdf_without_scale()
    graph = extract_graph(unscaled, vision=helper)
    assert graph["scale"] is None
    assert any("vision helper failed" in warning for warning in graph["warnings"])


def test_pipeline_takes_the_scale_from_the_helper_when_the_sheet_has_none():
    fake = FakeGemini(httpx2.Response(200, json=gemini_reply(
        {"scale_text": "1:50", "room_labels": []}
    )))  # fmt: skip
    helper = GeminiVisionHelper("k", "m", http_client=fake.client())
    graph = extract_graph(tiny_pdf_without_scale(), vision=helper)
    assert graph["scale"]["source"] == "vision"
    assert graph["scale"]["metres_per_point"] == pytest.approx(0.0254 / 72 * 50, rel=1e-4)


def tiny_pdf_without_scale() -> bytes:
    """A plan whose only scale clue is gone: walls drawn, no note, no dimensions."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(792, 612))
    canvas.setLineWidth(0.7)
    for inset in (100, 110):  # a 10 pt thick rectangular room, drawn as double lines
        canvas.rect(inset, inset, 592 - 2 * (inset - 100), 412 - 2 * (inset - 100))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
