"""Functions the sandbox tests run in the child (the child imports them by name)."""

import os
import time

from floorplans.pipeline import EncryptedPdf


def report_pid_then_spin(*, progress) -> None:
    progress(str(os.getpid()), 1)
    while True:
        time.sleep(0.01)


def burn_cpu(*, progress) -> None:
    while True:
        pass


def allocate(megabytes: int, *, progress) -> int:
    blocks = [bytearray(1024 * 1024) for _ in range(megabytes)]
    return len(blocks)


def refuse(*, progress) -> None:
    raise EncryptedPdf()


def crash(*, progress) -> None:
    raise ValueError("a bug in the child")


def ask_parent(x: int, *, progress, double) -> dict:
    progress("asking", 50)
    return {"doubled": double(x), "bytes_back": True}


def give_bytes(*, progress) -> bytes:
    return b"\x89PNG\x00\xff"
