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
from .pdf_precheck import Precheck, precheck_pdf
from .sandbox import SandboxCrash, SandboxLimits
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
    "Precheck",
    "SandboxCrash",
    "SandboxLimits",
    "TooComplex",
    "VisionHelper",
    "VisionHints",
    "extract_graph",
    "parse_scale",
    "precheck_pdf",
]
