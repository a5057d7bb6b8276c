"""Draw in display space (points, y down) whatever the PDF's own coordinate system is.

A Pen takes display coordinates and writes the content-stream coordinates a particular CAD
export would: plain PDF space (y up), a space under a scaling CTM, or the unrotated space of
a `/Rotate 90` page. Every painted path or glyph is counted so sheets can report their size.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Protocol

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
FONT = "Helvetica"
KAPPA = 0.5522847498  # bezier handle length for a quarter circle of radius 1


class StrokeFont(Protocol):
    """A font that letters in lines (`stroke_font`, `hershey_lettering.HersheyLettering`)."""

    def text_width(self, text: str, size: float) -> float: ...

    def strokes(
        self, text: str, at: Point, size: float, angle: float = 0.0
    ) -> list[list[Point]]: ...


def _font_width(text: str, size: float) -> float:
    return stringWidth(text, FONT, size)


class Pen:
    def __init__(self, canvas: Canvas, display_height: float, matrix: Matrix = IDENTITY) -> None:
        """`matrix` maps y-up page coordinates to the coordinates written in the stream."""
        self.canvas = canvas
        self.display_height = display_height
        self.matrix = matrix
        self.unit = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))
        self.text_angle = math.degrees(math.atan2(matrix[1], matrix[0]))
        self.count = 0
        # Letter in lines in this font (`stroke_font`, a `HersheyLettering`), as CAD plots
        # SHX fonts: the sheet has no text objects. None: text objects.
        self.stroke_font: StrokeFont | None = None

    def map(self, p: Point) -> Point:
        a, b, c, d, e, f = self.matrix
        x, y = p[0], self.display_height - p[1]
        return (a * x + c * y + e, b * x + d * y + f)

    def _style(self, width: float, dash: Sequence[float] | None) -> None:
        self.canvas.setLineWidth(width * self.unit)
        self.canvas.setDash([v * self.unit for v in dash] if dash else [])

    def line(
        self, p: Point, q: Point, width: float = 0.5, dash: Sequence[float] | None = None
    ) -> None:
        self._style(width, dash)
        (x1, y1), (x2, y2) = self.map(p), self.map(q)
        self.canvas.line(x1, y1, x2, y2)
        self.count += 1

    def polyline(self, points: Sequence[Point], width: float = 0.5, closed: bool = False) -> None:
        self._style(width, None)
        path = self.canvas.beginPath()
        path.moveTo(*self.map(points[0]))
        for p in points[1:]:
            path.lineTo(*self.map(p))
        if closed:
            path.close()
        self.canvas.drawPath(path, stroke=1, fill=0)
        self.count += 1

    def fill_rings(self, rings: Iterable[Sequence[Point]]) -> None:
        """One filled path of several closed rings; even-odd so inner rings become holes."""
        path = self.canvas.beginPath()
        for ring in rings:
            path.moveTo(*self.map(ring[0]))
            for p in ring[1:]:
                path.lineTo(*self.map(p))
            path.close()
        self.canvas.drawPath(path, stroke=0, fill=1, fillMode=0)
        self.count += 1

    def curve(self, p0: Point, c1: Point, c2: Point, p3: Point, width: float = 0.35) -> None:
        self._style(width, None)
        path = self.canvas.beginPath()
        path.moveTo(*self.map(p0))
        path.curveTo(*self.map(c1), *self.map(c2), *self.map(p3))
        self.canvas.drawPath(path, stroke=1, fill=0)
        self.count += 1

    def ellipse(self, centre: Point, rx: float, ry: float, width: float = 0.35) -> None:
        """Four bezier quarters, mapped point by point so any page transform stays exact."""
        cx, cy = centre
        kx, ky = rx * KAPPA, ry * KAPPA
        quads = [
            ((cx + rx, cy), (cx + rx, cy + ky), (cx + kx, cy + ry), (cx, cy + ry)),
            ((cx, cy + ry), (cx - kx, cy + ry), (cx - rx, cy + ky), (cx - rx, cy)),
            ((cx - rx, cy), (cx - rx, cy - ky), (cx - kx, cy - ry), (cx, cy - ry)),
            ((cx, cy - ry), (cx + kx, cy - ry), (cx + rx, cy - ky), (cx + rx, cy)),
        ]
        self._style(width, None)
        path = self.canvas.beginPath()
        path.moveTo(*self.map(quads[0][0]))
        for _, c1, c2, p3 in quads:
            path.curveTo(*self.map(c1), *self.map(c2), *self.map(p3))
        path.close()
        self.canvas.drawPath(path, stroke=1, fill=0)
        self.count += 1

    def circle(self, centre: Point, r: float, width: float = 0.35) -> None:
        self.ellipse(centre, r, r, width)

    def rect(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.35) -> None:
        self.polyline([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], width, closed=True)

    def text_width(self, text: str, size: float, per_char: bool = False) -> float:
        """How wide `text` is drawn (per_char: as ``text`` draws it glyph by glyph)."""
        if self.stroke_font is not None:
            return self.stroke_font.text_width(text, size)
        pieces = _pieces(text, size, per_char)
        return sum(_font_width(piece, piece_size) for _, _, piece, piece_size in pieces)

    def mask(self, ring: Sequence[Point]) -> None:
        """A white filled shape that hides what it covers (AutoCAD's text masks)."""
        self.canvas.saveState()
        self.canvas.setFillColorRGB(1, 1, 1)
        self.fill_rings([ring])
        self.canvas.restoreState()

    def text(
        self,
        at: Point,
        text: str,
        size: float = 8.0,
        *,
        angle: float = 0.0,
        centred: bool = False,
        per_char: bool = False,
    ) -> None:
        """Text whose baseline starts (or is centred) at `at`; `angle` is CCW as displayed.

        Superscript digits (`m²`, the half centimetre of `3,65⁵`) are drawn as CAD programs
        draw them: the plain digit, smaller and lifted, as a glyph of its own.
        """
        pieces = _pieces(text, size, per_char)
        width = self.text_width(text, size, per_char)
        rad = math.radians(angle)
        ux, uy = math.cos(rad), -math.sin(rad)  # baseline direction in display space (y down)
        start = (at[0] - ux * width / 2, at[1] - uy * width / 2) if centred else at
        if self.stroke_font is not None:
            for line in self.stroke_font.strokes(text, start, size, angle):
                self.polyline(line, width=size * 0.06)
            return
        for advance, lift, piece, piece_size in pieces:
            base = (start[0] + ux * advance + uy * lift, start[1] + uy * advance - ux * lift)
            x, y = self.map(base)
            self.canvas.saveState()
            self.canvas.translate(x, y)
            self.canvas.rotate(self.text_angle + angle)
            self.canvas.setFont(FONT, piece_size * self.unit)
            self.canvas.drawString(0, 0, piece)
            self.canvas.restoreState()
            self.count += sum(1 for ch in piece if not ch.isspace())


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_SIZE, SUPERSCRIPT_LIFT = 0.6, 0.4  # of the text's size


def _pieces(text: str, size: float, per_char: bool) -> list[tuple[float, float, str, float]]:
    """(advance along the baseline, lift above it, text, font size) of each drawn piece:
    one per character when `per_char`, else one per run of plain or superscript text."""
    pieces: list[tuple[float, float, str, float]] = []
    advance = 0.0
    for ch in text:
        raised = ch in _SUPERSCRIPTS
        glyph = str(_SUPERSCRIPTS.index(ch)) if raised else ch
        piece_size = size * SUPERSCRIPT_SIZE if raised else size
        lift = size * SUPERSCRIPT_LIFT if raised else 0.0
        joins = pieces and not per_char and pieces[-1][1] == lift
        if joins:
            start, _, run, _ = pieces[-1]
            pieces[-1] = (start, lift, run + glyph, piece_size)
        elif not (per_char and ch == " "):
            pieces.append((advance, lift, glyph, piece_size))
        advance += stringWidth(glyph, FONT, piece_size)
    return pieces
