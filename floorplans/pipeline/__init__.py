"""PDF floor plan -> SpatialGraph (docs/spatialgraph.schema.json). Pure Python, no Django."""

from .errors import (
    CorruptPdf,
    EmptyPdf,
    EncryptedPdf,
    NotAPdf,
    NoVectorContent,
    PageOutOfRange,
    PdfError,
    TooComplex,
)
from .extract import extract_graph
from .limits import Limits
from .pdf_document import PdfInfo, inspect_pdf
from .scale import parse_scale
from .vision_helper import VisionHelper, VisionHints

__all__ = [
    "CorruptPdf",
    "EmptyPdf",
    "EncryptedPdf",
    "Limits",
    "NoVectorContent",
    "NotAPdf",
    "PageOutOfRange",
    "PdfError",
    "PdfInfo",
    "TooComplex",
    "VisionHelper",
    "VisionHints",
    "extract_graph",
    "inspect_pdf",
    "parse_scale",
]
