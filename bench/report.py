"""What every bench script prints and writes: its command line, log lines, statistics,
the JSON result, and the machine and load it ran on."""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from bench.environment import PG_HOST, PG_USER, SYSTEM_REDIS


def log(*parts) -> None:
    print(*parts, flush=True)


def percentile(values: Iterable[float], pct: float) -> float | None:
    data = sorted(values)
    if not data:
        return None
    k = (len(data) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def spread(values: Iterable[float | None]) -> dict:
    """Median with min/max of repeated runs (the form every figure is reported in)."""
    data = [v for v in values if v is not None]
    if not data:
        return {"median": None, "min": None, "max": None, "runs": []}
    return {
        "median": statistics.median(data),
        "min": min(data),
        "max": max(data),
        "runs": data,
    }


def base_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--json", type=Path, help="write the results to this JSON file")
    parser.add_argument("--quick", action="store_true", help="shorter run (used by run_all)")
    return parser


def write_json(path: Path | None, data: dict) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, default=str) + "\n")
    tmp.replace(path)
    log(f"wrote {path}")


def machine_info() -> dict:
    import psutil

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(cmd: list[str]) -> str:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout
            return out.strip().splitlines()[0] if out.strip() else "unknown"
        except Exception:
            return "unknown"

    pg = version(["psql", "-h", PG_HOST, "-U", PG_USER, "-Atc", "SHOW server_version"])
    redis_v = "unknown"
    try:
        import redis

        redis_v = redis.Redis.from_url(SYSTEM_REDIS, socket_timeout=2).info()["redis_version"]
    except Exception as exc:
        log(f"note: Redis version unknown ({exc})")
    return {
        "cores": os.cpu_count(),
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "postgresql": pg,
        "redis": redis_v,
        "os": platform.platform(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []
