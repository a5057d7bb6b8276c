"""Run a parse of an untrusted PDF in a child process the kernel keeps within limits.

The limits inside the parse (``Limits``: objects, tokens, nesting, decoded bytes, time)
cannot catch everything: a C library can allocate or loop on its own, and Python's own
memory is not counted. So every parse runs here, in a fresh interpreter with

* an address-space limit (``RLIMIT_AS``): allocation beyond it fails, and the parse ends
  as ``too_complex`` instead of the kernel's OOM killer ending the worker;
* a CPU limit (``RLIMIT_CPU``) and a wall-clock kill by the parent;
* death with its parent (``PR_SET_PDEATHSIG``), so a killed worker leaves no orphan.

The parent relays progress reports from the child to its own ``progress`` callback, and
between reports repeats the last one every ``poll_seconds``: a callback that raises (a
canceled job) kills the child at once. ``services`` are parent-side callables the child
may call by name (the vision helper's network call stays in the parent).

Pure Python; usable by anything that parses a PDF (the ingest job, the CLI, the vision
helper's page render). The child speaks JSON lines on its stdout, so a child subverted
by a hostile file can send the parent nothing but data; the parent sends it pickles.
"""

from __future__ import annotations

import base64
import contextlib
import importlib
import json
import logging
import os
import pickle
import resource
import selectors
import signal
import struct
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CorruptPdf, PdfError, TooComplex
from .stream_limits import MIB

logger = logging.getLogger(__name__)

# The package root's parent: the child imports the pipeline from the same tree.
_IMPORT_ROOT = str(Path(__file__).resolve().parents[2])
_MEMORY_EXIT = 86  # the child's exit status after a MemoryError (nothing left to report)
_LENGTH = struct.Struct(">Q")
_MAX_FRAME_BYTES = 512 * MIB  # a result bigger than this is not a floor plan's graph


@dataclass(frozen=True)
class SandboxLimits:
    memory_mb: int = 2048  # address space, including the interpreter (about 300 MB)
    cpu_seconds: float = 150
    wall_seconds: float = 180
    poll_seconds: float = 2.0  # how often a long silent stage re-reports (cancel checks)


class SandboxCrash(RuntimeError):
    """The code in the child failed with a bug (not a PDF problem). The message is the
    exception's last line (it may reach a job record); the traceback is logged here."""


def run_sandboxed(
    target: Callable,
    *args: Any,
    limits: SandboxLimits,
    progress: Callable[[str, int], None] | None = None,
    services: dict[str, Callable] | None = None,
) -> Any:
    """``target(*args, progress=..., **services)`` in a bounded child; its return value
    (JSON-able, or bytes). A ``PdfError`` in the child is raised here as the same class;
    exceeding a limit raises ``TooComplex``."""
    services = services or {}
    request = {
        "target": f"{target.__module__}:{target.__qualname__}",
        "args": args,
        "services": sorted(services),
        "limits": limits,
    }
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no input
        [sys.executable, "-c", f"from {__name__} import child_main; child_main()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=_IMPORT_ROOT,
        env={**os.environ, "PYTHONPATH": _IMPORT_ROOT, "OPENBLAS_NUM_THREADS": "1"},
    )
    try:
        return _Parent(child, limits, progress, services).run(request)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        with contextlib.suppress(BrokenPipeError):  # unsent bytes of a child that died
            child.stdin.close()
        child.stdout.close()


class _Parent:
    def __init__(self, child, limits, progress, services) -> None:
        self.child, self.limits, self.progress, self.services = child, limits, progress, services
        self.deadline = time.monotonic() + limits.wall_seconds
        self.last_report: tuple[str, int] | None = None

    def send(self, message: object) -> None:
        data = pickle.dumps(message)
        try:
            self.child.stdin.write(_LENGTH.pack(len(data)) + data)
            self.child.stdin.flush()
        except BrokenPipeError:
            pass  # it died; its exit status says why

    def run(self, request: dict) -> Any:
        self.send(request)
        for frame in self.frames():
            if "progress" in frame:
                self.last_report = tuple(frame["progress"])
                if self.progress is not None:
                    self.progress(*self.last_report)
            elif "call" in frame:
                self.serve(frame)
            elif "result" in frame:
                result = frame["result"]
                return base64.b64decode(result["bytes"]) if frame.get("bytes") else result
            elif "error" in frame:
                raise _pdf_error(frame["error"], frame["message"])
            elif "crash" in frame:
                logger.error("The parse process crashed:\n%s", frame["crash"])
                raise SandboxCrash(frame["crash"].strip().splitlines()[-1])
        raise self.death()

    def serve(self, frame: dict) -> None:
        started = time.monotonic()
        try:
            reply = {"value": self.services[frame["call"]](*frame["args"])}
        except Exception as exc:  # the child decides what a failed service means
            reply = {"raised": f"{type(exc).__name__}: {exc}"}
        self.deadline += time.monotonic() - started  # the child waited, it did not work
        self.send(reply)

    def frames(self):
        """JSON frames from the child until it closes its end; enforces the wall clock
        and repeats the last progress report while the child is silent."""
        fd = self.child.stdout.fileno()
        buffer = bytearray()
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while True:
                now = time.monotonic()
                if now >= self.deadline:
                    raise TooComplex(
                        f"Reading the PDF took longer than {self.limits.wall_seconds:g} "
                        "seconds; please upload a single, simplified floor-plan sheet."
                    )
                wait = min(self.limits.poll_seconds, self.deadline - now)
                if not selector.select(wait):
                    if self.progress is not None and self.last_report is not None:
                        self.progress(*self.last_report)  # raises if the job was canceled
                    continue
                chunk = os.read(fd, MIB)
                if not chunk:
                    return
                buffer += chunk
                *lines, rest = buffer.split(b"\n")
                if len(rest) > _MAX_FRAME_BYTES:
                    raise TooComplex("The PDF's extraction result is too large to keep.")
                buffer = bytearray(rest)
                for line in lines:
                    yield json.loads(line)

    def death(self) -> Exception:
        status = self.child.wait()
        if status == _MEMORY_EXIT or status in (-signal.SIGKILL, -signal.SIGXCPU):
            return TooComplex(
                "Reading the PDF needed more than the worker's limits "
                f"({self.limits.memory_mb:,} MB of memory, {self.limits.cpu_seconds:g} s of "
                "CPU); please upload a single, simplified floor-plan sheet."
            )
        if status > 0:  # Python ended without a frame: a bug, its traceback is on stderr
            return SandboxCrash(f"The parse process exited with status {status}.")
        return CorruptPdf(  # killed by a signal of its own (a crash in C code)
            f"The PDF made the reader crash (signal {-status}); please export it again."
        )


def _pdf_error(code: str, message: str) -> PdfError:
    classes = [PdfError]
    for cls in classes:
        if cls.code == code:
            return cls(message)
        classes.extend(cls.__subclasses__())
    return PdfError(message)


# --- the child ----------------------------------------------------------------------


class _Channel:
    def __init__(self, out, incoming) -> None:
        self.out, self.incoming = out, incoming

    def write(self, frame: dict) -> None:
        self.out.write(json.dumps(frame).encode() + b"\n")
        self.out.flush()

    def read(self) -> Any:
        (length,) = _LENGTH.unpack(self.incoming.read(_LENGTH.size))
        return pickle.loads(self.incoming.read(length))  # noqa: S301 - from our parent

    def progress(self, stage: str, percent: int) -> None:
        self.write({"progress": [stage, percent]})

    def service(self, name: str) -> Callable:
        def call(*args: Any) -> Any:
            self.write({"call": name, "args": list(args)})
            reply = self.read()
            if "raised" in reply:
                raise RuntimeError(f"{name} failed in the parent: {reply['raised']}")
            return reply["value"]

        return call


def _limit_self(limits: SandboxLimits) -> None:
    memory = limits.memory_mb * MIB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = max(1, int(limits.cpu_seconds + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))  # SIGXCPU, then SIGKILL
    try:  # Linux: die with the parent, whatever killed it
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def child_main() -> None:
    """The child's side: read the request, limit itself, run the target, report."""
    # Frames go to the real stdout; anything the libraries print goes to stderr instead.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    channel = _Channel(out, sys.stdin.buffer)
    request = channel.read()
    _limit_self(request["limits"])
    try:
        module, name = request["target"].split(":")
        target = getattr(importlib.import_module(module), name)
        services = {name: channel.service(name) for name in request["services"]}
        result = target(*request["args"], progress=channel.progress, **services)
        if isinstance(result, bytes):
            channel.write({"result": {"bytes": base64.b64encode(result).decode()}, "bytes": 1})
        else:
            channel.write({"result": result})
    except MemoryError:
        os._exit(_MEMORY_EXIT)
    except PdfError as exc:
        channel.write({"error": exc.code, "message": str(exc)})
    except Exception:
        channel.write({"crash": traceback.format_exc()})
