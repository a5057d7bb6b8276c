"""What every upload (a floor plan, a drawing set) must pass before anything is stored,
and how its file is stored.

Of the PDF itself only ``precheck_pdf`` runs here: header, end of file, the classic
cross-reference table and a few small dictionaries, read through bounded windows. No
stream is ever decoded in the web process (a 2 KB file can inflate to gigabytes); the
ingest job's sandboxed parse finds everything else, including the page range when the
page tree is compressed.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import TypeVar

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from floorplans.errors import InvalidInput, TooLarge, Unavailable
from floorplans.pipeline import PdfError, parse_scale, precheck_pdf
from floorplans.services.idempotency import create_once
from jobs.models import AsyncJob

logger = logging.getLogger(__name__)

FALLBACK_FILENAME = "floorplan.pdf"
_UNSAFE_FILENAME_CHARS = re.compile(r"[<>:\"|?*]")
T = TypeVar("T")


def clean_filename(raw: str | None) -> str:
    """The client's filename as something safe to store and show: no path, no control or
    format characters (a right-to-left override can disguise "fdp.exe"), NFC, at most 255
    characters (keeping the extension)."""
    name = unicodedata.normalize("NFC", raw or "")
    name = PurePosixPath(name.replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    name = _UNSAFE_FILENAME_CHARS.sub("", name)
    name = " ".join(name.split()).strip(". ")
    if not name:
        return FALLBACK_FILENAME
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: 254 - len(ext)]}.{ext}" if dot and len(ext) <= 10 else name[:255]
    return name


def default_name(filename: str) -> str:
    """The name shown when the upload names none: the file's, without ``.pdf``."""
    stem = filename.rsplit(".", 1)[0] if filename.lower().endswith(".pdf") else filename
    return stem[:200] or "Floor plan"


def checked_scale(scale: str) -> str:
    """A scale override, stripped; ``invalid_scale`` when it is not a drawing scale."""
    scale = scale.strip()
    if scale and parse_scale(scale) is None:
        raise InvalidInput(
            f"'{scale}' is not a drawing scale; use a form such as 1/4\"=1'-0\", 1:100 or 1:50.",
            code="invalid_scale",
            field="scale",
        )
    return scale


def check_size(upload: UploadedFile) -> None:
    # The upload handler already stops oversized bodies while streaming; this covers
    # callers that hand the service a file directly (commands, tests, other views).
    if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        raise TooLarge(
            f"The file is larger than the {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB limit.",
            code="file_too_large",
            field="file",
        )


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def store_then_create(
    file,
    upload: UploadedFile,
    create: Callable[[], T],
    *,
    owner,
    idempotency_key: str,
    replay: Callable[[AsyncJob], T],
) -> T:
    """Save the upload to its file field's storage as ``<pk>.pdf``, then ``create`` the
    rows once (``idempotency.create_once``); the file is deleted again if they are not
    written. The file goes first: storage may be remote and slow, and no transaction is
    held open for it. A read-only or full disk or a storage service that is down is
    worth trying again later (``storage_unavailable``), not a crash."""
    try:
        file.save(f"{file.instance.pk}.pdf", upload, save=False)
    except OSError as exc:
        logger.error("Could not store upload for %s: %s", owner, exc)
        raise Unavailable(
            "The file could not be stored right now; please try again in a few minutes.",
            code="storage_unavailable",
        ) from exc
    return create_once(
        create,
        owner=owner,
        idempotency_key=idempotency_key,
        replay=replay,
        discard=lambda: file.delete(save=False),
    )


def checked_page_count(upload: UploadedFile, page: int) -> int:
    """The page count when the file shows it cheaply (0 when only the worker can tell);
    an ``InvalidInput`` for a file that is certainly unusable or lacks ``page``."""
    upload.seek(0)
    try:
        info = precheck_pdf(upload, upload.size)
    except PdfError as exc:
        raise InvalidInput(str(exc), code=exc.code, field="file") from exc
    finally:
        upload.seek(0)
    if info.page_count is None:
        return 0  # Floorplan.page_count's "not known yet"; the ingest job checks the page
    if not 0 <= page < info.page_count:
        raise InvalidInput(
            f"Page {page} does not exist; this PDF has {info.page_count} page(s), numbered from 0.",
            code="page_out_of_range",
            field="page",
        )
    return info.page_count
