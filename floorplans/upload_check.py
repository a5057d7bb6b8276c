"""The upload's PDF check, as the web process may afford it.

Only ``pdf_precheck`` runs here: header, end of file, the classic cross-reference table
and a few small dictionaries, read through bounded windows. No stream is ever decoded in
the web process (a 2 KB file can inflate to gigabytes); the ingest job's sandboxed parse
finds everything else, including the page range when the page tree is compressed.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from config.api_errors import InvalidRequest
from floorplans.pipeline import PdfError, precheck_pdf


def checked_page_count(upload: UploadedFile, page: int) -> int:
    """The page count when the file shows it cheaply (0 when only the worker can tell);
    ``InvalidRequest`` for a file that is certainly unusable or lacks ``page``."""
    upload.seek(0)
    try:
        info = precheck_pdf(upload, upload.size)
    except PdfError as exc:
        raise InvalidRequest(str(exc), code=exc.code, field="file") from exc
    finally:
        upload.seek(0)
    if info.page_count is None:
        return 0  # Floorplan.page_count's "not known yet"; the ingest job checks the page
    if not 0 <= page < info.page_count:
        raise InvalidRequest(
            f"Page {page} does not exist; this PDF has {info.page_count} page(s), numbered from 0.",
            code="page_out_of_range",
            field="page",
        )
    return info.page_count
