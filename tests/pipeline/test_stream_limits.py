"""pdfminer's stream decoding, capped: same output as before, bounded memory and time."""

import random
import time
import zlib

import pytest

from floorplans.pipeline import stream_limits
from floorplans.pipeline.stream_limits import StreamTooLarge, inflate, inflate_damaged
from harness.memory import PeakRss

MIB = 1024 * 1024


@pytest.fixture(autouse=True)
def caps():
    stream_limits.start_document(per_stream=64 * MIB, per_document=96 * MIB)
    yield
    stream_limits.start_document(stream_limits.DEFAULT_STREAM_BYTES, None)


def text(n: int) -> bytes:
    rng = random.Random(n)
    return b"".join(b"%d %d m %d %d l S\n" % tuple(rng.randrange(999) for _ in range(4))
                    for _ in range(n))  # fmt: skip


def test_inflate_is_zlib_decompress_for_good_data():
    data = text(20_000)
    assert inflate(zlib.compress(data)) == data


def test_inflate_raises_zlib_error_for_truncated_data():
    with pytest.raises(zlib.error):
        inflate(zlib.compress(text(5_000))[:-40])


def test_a_flate_bomb_stops_at_the_cap_without_inflating_it():
    bomb = zlib.compress(bytes(1 << 30), 9)  # 1 GiB of zeros, about 1 MB compressed
    with PeakRss() as peak, pytest.raises(StreamTooLarge) as raised:
        inflate(bomb)
    assert "64 MB" in str(raised.value) and raised.value.code == "too_complex"
    assert peak.growth_mb < 200  # the cap (64 MB) and CPython's final copy of it


def test_the_document_cap_counts_all_streams():
    stream = zlib.compress(bytes(40 * MIB))
    inflate(stream)
    inflate(stream)  # 80 MB of 96
    with pytest.raises(StreamTooLarge):
        inflate(stream)


def test_damaged_data_yields_everything_before_the_damage():
    data = text(50_000)
    recovered = inflate_damaged(zlib.compress(data)[:-6])
    assert data.startswith(recovered) and len(recovered) > len(data) - 1000


def pdfminer_decompress_corrupted(data: bytes) -> bytes:
    """pdfminer.six 20260107's ``decompress_corrupted``, the oracle (quadratic: small data)."""
    d, out = zlib.decompressobj(), b""
    for i in range(len(data)):
        try:
            out += d.decompress(data[i : i + 1])
        except zlib.error:
            if i < len(data) - 3:
                raise
            break
    return out


@pytest.mark.parametrize("damage", ["truncated", "bad checksum", "garbage inside", "zeros"])
def test_damaged_data_is_decoded_as_pdfminer_did(damage):
    packed = bytearray(zlib.compress(text(1_500)))
    middle = len(packed) // 2
    if damage == "truncated":
        packed = packed[:-7]
    elif damage == "bad checksum":
        packed[-2] ^= 0xFF
    elif damage == "garbage inside":
        packed[middle : middle + 30] = bytes(range(200, 230))
    else:
        packed[middle : middle + 30] = bytes(30)
    try:
        expected = pdfminer_decompress_corrupted(bytes(packed))
    except zlib.error:
        with pytest.raises(zlib.error):
            inflate_damaged(bytes(packed))
    else:
        assert inflate_damaged(bytes(packed)) == expected


def test_damaged_data_is_recovered_in_linear_time():
    """pdfminer's own fallback re-copies its output for every input byte: minutes here."""
    packed = zlib.compress(bytes(32 * MIB), 9)[:-8]
    started = time.monotonic()
    assert len(inflate_damaged(packed)) > 31 * MIB
    assert time.monotonic() - started < 10  # generous: it takes well under a second


def test_pdfminer_decodes_through_the_caps():
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

    stream = PDFStream({"Filter": LITERALS_FLATE_DECODE[0]}, zlib.compress(bytes(65 * MIB)))
    with pytest.raises(StreamTooLarge):
        stream.get_data()
