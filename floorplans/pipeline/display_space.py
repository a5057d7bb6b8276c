"""Map PDF user space to the SpatialGraph's display space.

Display space is what a person sees: origin at the top-left corner of the CropBox after
``/Rotate`` is applied, x to the right, y down. We hand this matrix to pdfminer as the
page's initial CTM, so every path, form XObject and glyph arrives already transformed
and no stage ever has to think about rotation or crop offsets again.
"""

from __future__ import annotations

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]


def normalise_box(box: Box) -> Box:
    x0, y0, x1, y1 = box
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def display_matrix(cropbox: Box, rotation: int) -> Matrix:
    """Matrix (pdfminer convention: x' = a*x + c*y + e, y' = b*x + d*y + f) to display space.

    ``/Rotate`` turns the page clockwise when shown.
    """
    x0, y0, x1, y1 = normalise_box(cropbox)
    rotation %= 360
    if rotation == 90:
        return (0.0, 1.0, 1.0, 0.0, -y0, -x0)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, 1.0, x1, -y0)
    if rotation == 270:
        return (0.0, -1.0, -1.0, 0.0, y1, x1)
    return (1.0, 0.0, 0.0, -1.0, -x0, y1)


def display_size(cropbox: Box, rotation: int) -> tuple[float, float]:
    x0, y0, x1, y1 = normalise_box(cropbox)
    width, height = x1 - x0, y1 - y0
    if rotation % 180 == 90:
        return height, width
    return width, height


def apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return (a * x + c * y + e, b * x + d * y + f)
