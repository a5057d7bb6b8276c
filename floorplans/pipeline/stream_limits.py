"""Capped stream decoding for pdfminer.

pdfminer inflates Flate streams with a single ``zlib.decompress`` (a 2 KB stream of two
Flate layers is 2 GB of output, held at once), and retries damaged zlib data in
``decompress_corrupted``, which re-copies all output for every input byte (quadratic: a
16 KB stream costs seconds). ``install`` swaps both, and LZW, for streaming decoders that
stop at a cap per stream and a cap for the whole document, raising ``StreamTooLarge``.

The swap is process-wide and happens when the pipeline is imported, so there is no path
into pdfminer that decodes unbounded. ``start_document`` (called by ``Budget``) sets the
caps for the next parse and resets what it has spent. RunLength (at most 128:1) and the
predictors (no growth) are left as they are; the sandbox's memory limit covers them.
"""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass
from io import BytesIO
from types import SimpleNamespace

from pdfminer import pdftypes
from pdfminer.lzw import LZWDecoder

from .errors import TooComplex

logger = logging.getLogger(__name__)

MIB = 1024 * 1024
DEFAULT_STREAM_BYTES = 256 * MIB
# Damaged data is retried in chunks; only the chunk holding the damage goes byte by byte.
_RETRY_CHUNK = 64 * 1024


class StreamTooLarge(TooComplex):
    pass


@dataclass
class _Caps:
    per_stream: int = DEFAULT_STREAM_BYTES
    per_document: int | None = None  # None until a Budget starts a document
    spent: int = 0

    def room(self) -> int:
        if self.per_document is None:
            return self.per_stream
        return max(0, min(self.per_stream, self.per_document - self.spent))

    def too_large(self) -> StreamTooLarge:
        limit = self.per_stream if self.room() == self.per_stream else self.per_document
        return StreamTooLarge(
            f"The PDF's compressed data expands to more than {limit // MIB:,} MB; please "
            "upload a single, simplified floor-plan sheet."
        )


_caps = _Caps()


def start_document(per_stream: int, per_document: int) -> None:
    """Caps for the parse that starts now (one document), with nothing spent yet."""
    _caps.per_stream, _caps.per_document, _caps.spent = per_stream, per_document, 0


def _spend(data: bytes | bytearray) -> bytes:
    _caps.spent += len(data)
    return data if isinstance(data, bytes) else bytes(data)


def _feed(decoder, data: bytes, room: int) -> bytes:
    """Output of ``data`` through ``decoder``, never more than ``room`` bytes held."""
    out = decoder.decompress(data, room + 1)
    while decoder.unconsumed_tail and len(out) <= room:
        out += decoder.decompress(decoder.unconsumed_tail, room + 1 - len(out))
    if len(out) > room:
        raise _caps.too_large()
    return out


def inflate(data: bytes) -> bytes:
    """``zlib.decompress`` with the caps: the same output, the same ``zlib.error``."""
    decoder = zlib.decompressobj()
    out = _feed(decoder, data, _caps.room())
    if not decoder.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return _spend(out)


def inflate_damaged(data: bytes) -> bytes:
    """What pdfminer's ``decompress_corrupted`` returns (all output up to the damage; an
    error only if the damage is before the 4-byte checksum), in linear time."""
    decoder, out, pos = zlib.decompressobj(), bytearray(), 0
    while pos < len(data) and not decoder.eof:
        chunk = data[pos : pos + _RETRY_CHUNK]
        trial = decoder.copy()
        try:
            out += _feed(trial, chunk, _caps.room() - len(out))
        except zlib.error:
            for i in range(len(chunk)):
                try:
                    out += _feed(decoder, chunk[i : i + 1], _caps.room() - len(out))
                except zlib.error:
                    if pos + i < len(data) - 3:
                        raise
                    logger.warning("Data-loss while decompressing corrupted data")
                    return _spend(out)
            # (byte by byte it went through: ``decoder`` is already past the chunk)
        else:
            decoder = trial
        pos += len(chunk)
    return _spend(out)


def lzw_decode(data: bytes) -> bytes:
    out, room = bytearray(), _caps.room()
    for piece in LZWDecoder(BytesIO(data)).run():
        out += piece
        if len(out) > room:
            raise _caps.too_large()
    return _spend(out)


def install() -> None:
    """Point pdfminer's stream decoding at the capped decoders (idempotent)."""
    pdftypes.zlib = SimpleNamespace(decompress=inflate, error=zlib.error)
    pdftypes.decompress_corrupted = inflate_damaged
    pdftypes.lzwdecode = lzw_decode
