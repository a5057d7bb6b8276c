"""pdfminer -> ``PagePrimitives``.

A small pdfminer device collects paths and glyphs straight into light dataclasses instead
of building pdfminer's layout objects (faster than ``PDFPageAggregator``), keeping whole
paths together so filled polygons keep their holes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pdfminer import pdfinterp
from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral

from . import display_space
from .display_space import Matrix
from .errors import NoVectorContent, TooComplex
from .limits import SIMPLIFY, Budget
from .pdf_document import pdf_errors
from .primitives import Curve, FilledShape, PagePrimitives, Point, Segment, TextChar

BEZIER_STEPS = 8
# Content-stream tokens are reported to the budget in batches (one call per token would
# cost as much as the parse).
TOKEN_BATCH = 256
# pdfminer grows a token by concatenation, buffer by buffer (quadratic); no real operand
# or operator comes near this (inline image data is not a token).
MAX_TOKEN_BYTES = 1024 * 1024
# A page holding images and fewer painted edges than this is a scan (with a crop mark or
# a frame at most). A sparse sheet without images is a real drawing, however few its lines.
SCAN_MAX_VECTOR_EDGES = 8


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point) -> list[Point]:
    out = []
    for i in range(1, BEZIER_STEPS + 1):
        t = i / BEZIER_STEPS
        u = 1.0 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        out.append(
            (
                a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
            )
        )
    return out


class CountingContentParser(pdfinterp.PDFContentParser):
    """pdfminer's content-stream parser, counting every token (operand or operator) it
    hands the interpreter against the budget of the parse in progress. Installed in
    pdfminer's interpreter below: its ``execute`` builds the parser itself."""

    def __init__(self, streams: Sequence[object]) -> None:
        super().__init__(streams)
        self._budget = Budget.current()
        self._uncounted = 0

    def nextobject(self):
        self._uncounted += 1
        if self._uncounted == TOKEN_BATCH and self._budget is not None:
            self._uncounted = 0
            self._budget.count_operators(TOKEN_BATCH)
        return super().nextobject()

    def fillbuf(self) -> bool:
        if self.charpos < len(self.buf):
            return False  # as pdfminer's own does; called before every token, so kept cheap
        # Once per 4 KB buffer: a single endless token never reaches ``nextobject``.
        if self._budget is not None:
            self._budget.check_time()
            if len(self._curtoken) > MAX_TOKEN_BYTES:
                raise TooComplex(
                    "The page's drawing contains a single instruction larger than "
                    f"{MAX_TOKEN_BYTES // 1024:,} KB; " + SIMPLIFY
                )
        return super().fillbuf()


pdfinterp.PDFContentParser = CountingContentParser


class BoundedInterpreter(PDFPageInterpreter):
    """Refuses what a budget cannot count in time: ever deeper form XObjects (each level
    may draw the next many times), unclosed ``q`` (each copies the graphics state), and
    paths ended with ``n`` (painted nowhere, so no device ever sees them)."""

    budget: Budget
    form_depth = 0

    def subinterp(self) -> PDFPageInterpreter:
        child = super().subinterp()
        child.budget, child.form_depth = self.budget, self.form_depth + 1
        limits = self.budget.limits
        self.budget.check_depth("drawings (form XObjects)", child.form_depth, limits.max_form_depth)
        self.budget.count()  # each drawing of a form costs a fresh interpreter
        return child

    def do_q(self) -> None:
        self.budget.check_depth(
            "graphics states (q)", len(self.gstack) + 1, self.budget.limits.max_q_depth
        )
        super().do_q()

    def do_n(self) -> None:
        self.budget.count(len(self.curpath))
        super().do_n()


class PrimitiveCollector(PDFTextDevice):
    def __init__(self, rsrcmgr: PDFResourceManager, page: PagePrimitives, budget: Budget):
        super().__init__(rsrcmgr)
        self.page = page
        self.budget = budget
        self._next_path_id = 0
        self.images = 0
        self.layer_names: dict[str, str] = {}  # marked-content property name -> layer name
        self._layers: list[str | None] = []  # open marked-content sequences, innermost last

    def begin_tag(self, tag: PSLiteral, props: object = None) -> None:
        layer = None
        if tag.name == "OC" and isinstance(props, PSLiteral):
            layer = self.layer_names.get(props.name)
        self._layers.append(layer)

    def end_tag(self) -> None:
        if self._layers:
            self._layers.pop()

    def _current_layer(self) -> str | None:
        return next((name for name in reversed(self._layers) if name), None)

    def render_image(self, name: str, stream: object) -> None:
        self.images += 1

    def paint_path(
        self,
        gstate: PDFGraphicState,
        stroke: bool,
        fill: bool,
        evenodd: bool,
        path: Sequence[tuple],
    ) -> None:
        self.budget.count(len(path))  # painted or not, it was built
        if not (stroke or fill):
            return  # clipping paths and invisible construction
        ctm = self.ctm
        a, b, c, d, e, f = ctm
        # pdfminer already scales the width by the CTM in force when 'w' was set.
        width = gstate.linewidth or 0.0
        dashed = bool(gstate.dash and gstate.dash[0])
        path_id = self._next_path_id
        self._next_path_id += 1
        segments = self.page.segments
        rings: list[list[Point]] = []
        ring: list[Point] = []
        curve: list[Point] = []
        start: Point | None = None
        current: Point | None = None

        def tx(x: float, y: float) -> Point:
            return (a * x + c * y + e, b * x + d * y + f)

        def flush_curve() -> None:
            nonlocal curve
            if len(curve) > 1:
                self.page.curves.append(Curve(curve, width, path_id))
            curve = []

        def line_to(p: Point) -> None:
            flush_curve()
            if current is not None and p != current:
                segments.append(
                    Segment(
                        current[0], current[1], p[0], p[1], width, stroke, fill, path_id, dashed
                    )
                )

        for op in path:
            kind = op[0]
            if kind == "m":
                flush_curve()
                if len(ring) > 1:
                    rings.append(ring)
                current = start = tx(op[1], op[2])
                ring = [current]
            elif kind == "l":
                p = tx(op[1], op[2])
                line_to(p)
                current = p
                ring.append(p)
            elif kind in ("c", "v", "y") and current is not None:
                if kind == "c":
                    c1, c2, p = tx(op[1], op[2]), tx(op[3], op[4]), tx(op[5], op[6])
                elif kind == "v":
                    c1, c2, p = current, tx(op[1], op[2]), tx(op[3], op[4])
                else:
                    c1, p = tx(op[1], op[2]), tx(op[3], op[4])
                    c2 = p
                pts = _bezier(current, c1, c2, p)
                if not curve:
                    curve = [current]
                curve.extend(pts)
                ring.extend(pts)
                current = p
            elif kind == "h" and current is not None and start is not None:
                line_to(start)
                current = start
        flush_curve()
        if len(ring) > 1:
            rings.append(ring)
        layer = self._current_layer()
        if layer is not None:
            self.page.path_layers[path_id] = layer
        if fill and rings:
            self.page.fills.append(FilledShape(path_id, rings, evenodd))

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: object,
        graphicstate: PDFGraphicState,
    ) -> float:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = ""
        adv = font.char_width(cid) * fontsize * scaling
        a, b, c, d, e, f = matrix
        self.budget.count()
        if text and not text.isspace():
            ox, oy = c * rise + e, d * rise + f
            size = abs(fontsize) * math.hypot(c, d)
            self.page.chars.append(TextChar(text, ox, oy, a * adv, b * adv, size))
        return adv


def _text_string(raw: bytes) -> str:
    """A PDF text string: UTF-16 with a byte-order mark, else PDFDocEncoding (~Latin-1)."""
    if raw[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return raw.decode("utf-16", "replace")
    return raw.decode("latin-1")


def _layer_names(resources: object) -> dict[str, str]:
    """Optional-content groups named in the page's (and its forms') property lists.

    CAD exports put each layer (``A-WALL``, ``MUR``, ``Furniture``) in an optional-content
    group; marked content refers to it by a resource name such as ``/MC0``.
    """
    names: dict[str, str] = {}
    pending, seen = [resolve1(resources)], 0
    while pending and seen < 64:  # forms nest; a hostile file must not make this unbounded
        seen += 1
        res = pending.pop()
        if not isinstance(res, dict):
            continue
        for key, value in (resolve1(res.get("Properties")) or {}).items():
            group = resolve1(value)
            name = resolve1(group.get("Name")) if isinstance(group, dict) else None
            if isinstance(name, bytes):
                names[key] = _text_string(name)
        for xobject in (resolve1(res.get("XObject")) or {}).values():
            form = resolve1(xobject)
            attrs = getattr(form, "attrs", None)
            if attrs is not None:
                pending.append(resolve1(attrs.get("Resources")))
    return names


def read_page(page: PDFPage, index: int, budget: Budget) -> PagePrimitives:
    cropbox = display_space.normalise_box(tuple(page.cropbox or page.mediabox))
    rotation = int(page.rotate or 0) % 360
    width, height = display_space.display_size(cropbox, rotation)
    primitives = PagePrimitives(index=index, width=width, height=height, rotation=rotation)
    ctm = display_space.display_matrix(cropbox, rotation)
    with pdf_errors(), budget.active():
        rsrcmgr = PDFResourceManager(caching=True)
        device = PrimitiveCollector(rsrcmgr, primitives, budget)
        device.layer_names = _layer_names(page.resources)
        interpreter = BoundedInterpreter(rsrcmgr, device)
        interpreter.budget = budget
        # What PDFPageInterpreter.process_page does, but with our display-space CTM.
        device.begin_page(page, ctm)
        interpreter.render_contents(page.resources, page.contents, ctm=ctm)
        device.end_page(page)
    edges = len(primitives.segments) + len(primitives.curves)
    if device.images and edges < SCAN_MAX_VECTOR_EDGES:
        raise NoVectorContent()
    return primitives
