"""Errors a caller can show to the person who uploaded the PDF.

Every failure of the pipeline surfaces as a ``PdfError`` subclass with a stable ``code``
(for APIs and job records) and a one-sentence message that says what to do about it.
"""

from __future__ import annotations


class PdfError(Exception):
    code = "pdf_error"
    default_message = "The PDF could not be read; please upload a different file."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class NotAPdf(PdfError):
    code = "not_a_pdf"
    default_message = "The file is not a PDF; please upload the floor plan as a PDF document."


class CorruptPdf(PdfError):
    code = "corrupt_pdf"
    default_message = (
        "The PDF is damaged or incomplete; please export or download it again and re-upload."
    )


class EncryptedPdf(PdfError):
    code = "encrypted_pdf"
    default_message = "The PDF is password-protected; please upload a copy without a password."


class EmptyPdf(PdfError):
    code = "empty_pdf"
    default_message = "The PDF has no pages; please upload a PDF that contains the floor plan."


class PageOutOfRange(PdfError):
    code = "page_out_of_range"
    default_message = "The requested page does not exist in this PDF; please pick another page."


class NoVectorContent(PdfError):
    code = "no_vector_content"
    default_message = (
        "This page has no vector drawing (it looks scanned or image-only); please upload "
        "the PDF exported from the CAD program."
    )


class TooComplex(PdfError):
    code = "too_complex"
    default_message = (
        "This page is too complex to process within the limits; please upload a single "
        "floor-plan sheet or a simplified export."
    )
