"""Broken or hostile inputs, each broken in one known way, for the pipeline's error paths."""

from __future__ import annotations

import functools
import io
import zlib
from collections.abc import Callable

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


def encrypted(user_password: str = USER_PASSWORD) -> bytes:
    """A plan that needs a user password to open (RC4/AES via reportlab's standard handler).
    With ``user_password=""`` it opens without one and is only locked against editing."""
    buffer = io.BytesIO()
    security = pdfencrypt.StandardEncryption(
        user_password, ownerPassword="owner-" + USER_PASSWORD, canModify=0
    )
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


# --- hostile files: tiny on disk, enormous or endless to parse ------------------------------
# Each is small enough to pass any upload size limit; what they cost a naive parser is in
# the docstring. They are what the bounded upload check and the parse sandbox are for.

PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1224 792] /Contents 4 0 R >>"
CATALOG_AND_PAGES = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
]
# A walled room (four filled wall rectangles), so each hostile file is otherwise a plan.
ROOM = b"".join(
    b"%d %d %d %d re f\n" % rect
    for rect in ((100, 100, 1000, 10), (100, 690, 1000, 10), (100, 100, 10, 600),
                 (1090, 100, 10, 600))
)  # fmt: skip


@functools.lru_cache(maxsize=4)  # a few seconds per GiB; tests and drills reuse it
def _deflate_zeros(size: int, prefix: bytes = b"") -> bytes:
    """zlib of ``prefix`` and ``size`` zero bytes, compressed piecewise (never ``size``
    bytes in memory)."""
    packer = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    parts = [packer.compress(prefix)]
    parts += [packer.compress(chunk) for _ in range(size >> 20)]
    parts.append(packer.compress(bytes(size & ((1 << 20) - 1))))
    parts.append(packer.flush())
    return b"".join(parts)


def _flate_layers(inner: bytes, layers: int) -> bytes:
    """``inner`` compressed ``layers - 1`` more times (inner is already one layer)."""
    for _ in range(layers - 1):
        inner = zlib.compress(inner, 9)
    return inner


def _flate_filter(layers: int) -> bytes:
    return b"/Filter [" + b" /FlateDecode" * layers + b" ]"


def _single_page(content: bytes, page: bytes = PAGE) -> bytes:
    """One page whose content stream is ``content``, Flate-compressed (files stay small)."""
    return _write_pdf(
        [*CATALOG_AND_PAGES, page, _stream(zlib.compress(content, 9), b"/Filter /FlateDecode ")]
    )


def _write_pdf_with_xref_stream(
    objects: list[bytes], encode: Callable[[bytes], bytes], filters: bytes
) -> bytes:
    """Like ``_write_pdf`` but the cross-reference table is a stream object: ``encode``
    turns its correct entries into the stream's data (as hostile as the caller likes)."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    entries = [b"\x00" + bytes(4) + b"\xff\xff"]
    for number, body in enumerate(objects, start=1):
        entries.append(b"\x01" + len(out).to_bytes(4, "big") + bytes(2))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_number = len(objects) + 1
    xref = len(out)
    entries.append(b"\x01" + xref.to_bytes(4, "big") + bytes(2))
    attrs = b"/Type /XRef /Size %d /W [1 4 2] /Root 1 0 R %s " % (xref_number + 1, filters)
    data = encode(b"".join(entries))
    out += b"%d 0 obj\n" % xref_number + _stream(data, attrs) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def flate_bomb(layers: int = 2, size: int = 512 << 20, *, in_xref: bool = False) -> bytes:
    """``size`` zero bytes behind ``layers`` of Flate, as the page's content stream or (with
    ``in_xref``) as the cross-reference stream every reader must decode to open the file.

    Two layers of 512 MiB are about 2 KB; each further layer multiplies what the
    same bytes expand to. A reader that inflates in one call needs all of it in memory.
    """
    if in_xref:
        # The real entries come first, so a reader that survives the inflation opens it.
        return _write_pdf_with_xref_stream(
            [*CATALOG_AND_PAGES, PAGE, _stream(ROOM)],
            lambda entries: _flate_layers(_deflate_zeros(size, entries), layers),
            _flate_filter(layers),
        )
    content = _stream(_flate_layers(_deflate_zeros(size), layers), _flate_filter(layers) + b" ")
    return _write_pdf([*CATALOG_AND_PAGES, PAGE, content])


def truncated_zlib(size: int = 32 << 20) -> bytes:
    """A cross-reference stream whose zlib data stops a few bytes early (about 32 KB for
    the default 32 MiB of output). pdfminer's fallback for damaged zlib
    (``decompress_corrupted``) then inflates it one input byte at a time, re-copying all
    output so far each time: quadratic in the output."""
    return _write_pdf_with_xref_stream(
        [*CATALOG_AND_PAGES, PAGE, _stream(ROOM)],
        lambda entries: _deflate_zeros(size, entries)[:-8],
        _flate_filter(1),
    )


def nested_forms(depth: int = 9, fanout: int = 10) -> bytes:
    """Form XObjects ``depth`` deep, each drawing the next ``fanout`` times: under 2 KB,
    ``fanout ** depth`` form drawings for a reader that expands forms (a billion by
    default). The innermost draws an unpainted path, which no device ever sees."""
    first = 5
    forms = []
    for level in range(depth):
        number = first + level
        if level == depth - 1:
            body, resources = b"0 0 m 1 1 l n\n", b""
        else:
            body = b"/F Do\n" * fanout
            resources = b"/Resources << /XObject << /F %d 0 R >> >> " % (number + 1)
        forms.append(_stream(body, b"/Subtype /Form /BBox [0 0 1224 792] " + resources))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1224 792] /Contents 4 0 R "
        b"/Resources << /XObject << /F %d 0 R >> >> >>" % first
    )
    return _write_pdf([*CATALOG_AND_PAGES, page, _stream(b"/F Do\n"), *forms])


def unclosed_q(count: int = 300_000) -> bytes:
    """``count`` graphics-state saves (``q``) that are never restored, then a room:
    each ``q`` copies the graphics state onto a stack that only grows (about 1 KB file)."""
    return _single_page(b"q\n" * count + ROOM)


def huge_page(points: int = 10**9) -> bytes:
    """A walled room on a page ``points`` wide and high (the PDF limit is 14,400)."""
    page = PAGE.replace(b"[0 0 1224 792]", b"[0 0 %d %d]" % (points, points))
    return _single_page(ROOM, page)


def tiny_paths(count: int = 3_000_000) -> bytes:
    """``count`` one-point stroked paths in a compressed content stream (a few hundred KB)."""
    return _single_page(b"0.1 w\n" + b"5 5 m 5 6 l S\n" * count)


def unpainted_paths(count: int = 3_000_000) -> bytes:
    """``count`` paths ended with ``n`` (neither stroked nor filled): no ink at all, but a
    reader still builds every one of them."""
    return _single_page(b"5 5 m 5 6 l 6 6 l h n\n" * count)


# Every hostile file by name, as the tests and the hostile_pdfs drill upload them.
HOSTILE: dict[str, Callable[[], bytes]] = {
    "flate_bomb_2": lambda: flate_bomb(2),
    "flate_bomb_3": lambda: flate_bomb(3),
    "flate_bomb_xref_2": lambda: flate_bomb(2, in_xref=True),
    "flate_bomb_xref_3": lambda: flate_bomb(3, in_xref=True),
    "truncated_zlib": truncated_zlib,
    "nested_forms": nested_forms,
    "unclosed_q": unclosed_q,
    "huge_page": huge_page,
    "tiny_paths": tiny_paths,
    "unpainted_paths": unpainted_paths,
    "deeply_nested": deeply_nested,
}
