"""Broken or hostile inputs, each broken in one known way, for the pipeline's error paths."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw
from reportlab.lib import pdfencrypt
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from floorplans.samples.catalog import tiny_room
from floorplans.samples.render import render_pdf
from floorplans.samples.title_block import TABLOID

USER_PASSWORD = "open-sesame"  # noqa: S105 - a published test fixture, not a secret


def zero_bytes() -> bytes:
    return b""


def not_a_pdf() -> bytes:
    """A PNG someone renamed to .pdf: the commonest "bad PDF" upload."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def truncated() -> bytes:
    """A real plan whose download stopped at 60%: mid content stream, no xref, no trailer."""
    whole = render_pdf(tiny_room(), "double_line")
    return whole[: len(whole) * 3 // 5]


def encrypted() -> bytes:
    """A plan that needs a user password to open (RC4/AES via reportlab's standard handler)."""
    buffer = io.BytesIO()
    security = pdfencrypt.StandardEncryption(USER_PASSWORD, ownerPassword="owner-" + USER_PASSWORD)
    canvas = Canvas(buffer, pagesize=TABLOID, encrypt=security)
    canvas.setLineWidth(6)
    canvas.rect(200, 200, 600, 400)
    canvas.drawString(480, 400, "LOCKED ROOM")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _write_pdf(objects: list[bytes]) -> bytes:
    """Serialise numbered objects (1..n, object 1 the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def zero_pages() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    return _write_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    )


def raster_only() -> bytes:
    """A scanned plan: one embedded image and not a single vector path or text glyph."""
    image = Image.new("L", (1100, 700), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 1000, 600), outline=0, width=14)
    draw.line((550, 100, 550, 600), fill=0, width=8)
    draw.line((100, 380, 550, 380), fill=0, width=8)
    draw.text((250, 230), "LIVING", fill=0)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=TABLOID)
    canvas.drawImage(ImageReader(image), 36, 36, width=TABLOID[0] - 72, height=TABLOID[1] - 72)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def huge_object_count(n: int = 200_000) -> bytes:
    """One page with `n` tiny stroked segments: a stress test for parser limits and memory."""
    cols = 1000
    ops = b"".join(
        b"%d %d m %d %d l S\n"
        % (10 + (i % cols), 10 + (i // cols) % 700, 11 + (i % cols), 10 + (i // cols) % 700)
        for i in range(n)
    )
    return _write_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1224 792] /Contents 4 0 R >>",
            _stream(b"0.1 w\n" + ops),
        ]
    )


def deeply_nested(depth: int = 500, q_depth: int = 5000) -> bytes:
    """Form XObjects nested `depth` deep, the innermost wrapped in `q_depth` levels of q/Q.

    Recursive interpreters blow their stack on the forms; naive ones grow the graphics-state
    stack without bound on the q's.
    """
    # Objects: 1 catalog, 2 pages, 3 page, 4 page content, 5.. forms (5 is outermost).
    first_form = 5
    forms = []
    for level in range(depth):
        number = first_form + level
        if level == depth - 1:
            body = b"q\n" * q_depth + b"100 100 m 200 200 l S\n" + b"Q\n" * q_depth
            resources = b""
        else:
            body = b"q 1 0 0 1 1 1 cm /F%d Do Q\n" % (number + 1)
            resources = b"/Resources << /XObject << /F%d %d 0 R >> >> " % (number + 1, number + 1)
        forms.append(
            _stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 1224 792] " + resources)
        )
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1224 792] /Contents 4 0 R "
        b"/Resources << /XObject << /F%d %d 0 R >> >> >>" % (first_form, first_form)
    )
    return _write_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page,
            _stream(b"/F%d Do\n" % first_form),
            *forms,
        ]
    )
