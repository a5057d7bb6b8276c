"""Refuse oversized uploads while they stream in, before they reach disk or memory.

Django would otherwise write the whole body to a temporary file first and let the view
find out afterwards; a 2 GB body would cost 2 GB of disk and the time to receive it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest

from floorplans.errors import TooLarge

# Multipart framing and the small text fields (name, page, scale) around the file.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


def file_too_large(limit: int) -> TooLarge:
    return TooLarge(
        f"The file is larger than the {limit // (1024 * 1024)} MB limit; "
        "please upload a smaller PDF (one sheet, or a flattened export).",
        code="file_too_large",
        field="file",
    )


class UploadSizeLimitHandler(FileUploadHandler):
    """First in the handler chain: counts each file's bytes and stops at the limit.

    It raises (rather than StopUpload, which would silently drop the file and turn the
    answer into "file required"), after closing the temporary files of the handlers
    behind it so nothing partial is left on disk.
    """

    def __init__(self, request: HttpRequest | None = None, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = settings.UPLOAD_MAX_BYTES if limit is None else limit

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # An honest Content-Length says it all before a single byte is read.
        if content_length and content_length > self.limit + MULTIPART_OVERHEAD_BYTES:
            raise file_too_large(self.limit)
        return None  # let the normal multipart parsing go on

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self._discard_partial_files()
            raise file_too_large(self.limit)
        return raw_data

    def file_complete(self, file_size: int):
        return None  # the next handler (memory or temporary file) builds the file

    def _discard_partial_files(self) -> None:
        for handler in getattr(self.request, "upload_handlers", ()):
            partial = getattr(handler, "file", None)
            if handler is not self and partial is not None:
                partial.close()  # a TemporaryUploadedFile deletes itself on close


def install_upload_limit(request: HttpRequest) -> None:
    """Put the limit first; must run before anything reads ``request.POST``/``FILES``."""
    request.upload_handlers.insert(0, UploadSizeLimitHandler(request))
