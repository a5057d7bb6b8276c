"""The read API under load: GET jobs/{id}/ and GET floorplans/{id}/ (a large graph) at 20
and 100 concurrent clients, each against the bare view in the same run.

The server is what production runs: gunicorn with ``config/gunicorn.conf.py`` (the
Procfile's settings) serving the project plus bench_api.py's bare DRF view (same
middleware, token auth and permission; returns a constant), on a scratch database as
bench_api.py sets it up. The clients are one asyncio process (aiohttp), each client a task
that sends its next request as soon as the last is answered, on its own keep-alive
connection. The floor plan holds the graph extracted from the large generated sheet
(``--objects`` drawing objects), so its detail answer is hundreds of kB of JSON: the
ratio to the bare view is then mostly the cost of serializing it.

Per concurrency and endpoint: requests/s, p50/p95/p99 latency, errors (non-2xx answers
and failed connections; the target is 0), and real / bare for requests/s and p99.

Usage: python bench/bench_api_load.py [--json out.json] [--quick] [--objects N]
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import make_var_dir, prepare_django
from bench.report import base_parser, log, percentile, write_json
from bench.web_server import bench_environment, gunicorn_server

DB_NAME = "bench_api_load"
CONCURRENCY = (20, 100)


async def _load(url: str, token: str, clients: int, total: int) -> dict:
    import aiohttp

    latencies: list[float] = []
    statuses: dict[str, int] = {}
    remaining = total

    async def client(session) -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            try:
                async with session.get(url) as response:
                    await response.read()
                    outcome = str(response.status)
            except (aiohttp.ClientError, TimeoutError) as exc:
                outcome = type(exc).__name__
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[outcome] = statuses.get(outcome, 0) + 1

    connector = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=60)
    headers = {"Authorization": f"Token {token}"}
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, headers=headers
    ) as session:
        wall = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(clients)))
        wall = time.perf_counter() - wall
    errors = sum(n for status, n in statuses.items() if not status.startswith("2"))
    return {
        "requests": total,
        "statuses": statuses,
        "errors": errors,
        "per_second": round(total / wall, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
    }


def load(url: str, token: str, clients: int, total: int) -> dict:
    return asyncio.run(_load(url, token, clients, total))


def _large_floorplan(user, objects: int):
    from floorplans.models import Floorplan, FloorplanStatus
    from floorplans.pipeline import extract_graph
    from floorplans.samples.large_sheet import large_sheet_plan
    from floorplans.samples.render import render_pdf

    log(f"extracting the large sheet ({objects} drawing objects) for its graph")
    graph = extract_graph(render_pdf(large_sheet_plan(objects), "double_line"), 0, "1:96")
    return Floorplan.objects.create(
        owner=user,
        name="large sheet",
        original_filename="large.pdf",
        sha256="0" * 64,
        page_count=1,
        status=FloorplanStatus.PROCESSED,
        graph=graph,
    )


def _measure(base: str, token: str, targets: dict[str, str], quick: bool) -> dict:
    results: dict = {}
    for clients in CONCURRENCY:
        total = (10 if quick else 25) * clients
        for path in targets.values():  # warm-up: every connection opened, code paths hot
            load(f"{base}{path}", token, clients, clients)
        row: dict = {}
        for name, path in targets.items():
            n = total // 5 if name == "floorplan" else total
            log(f"{clients} clients: {n} x GET {path}")
            row[name] = load(f"{base}{path}", token, clients, n)
        for name in ("job", "floorplan"):
            row[name]["rps_vs_bare"] = round(row[name]["per_second"] / row["bare"]["per_second"], 2)
            row[name]["p99_vs_bare"] = round(row[name]["p99_ms"] / row["bare"]["p99_ms"], 2)
        results[str(clients)] = row
    return results


def main() -> None:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=20000, help="drawing objects of the sheet")
    args = parser.parse_args()
    var_dir = make_var_dir("api-load")
    env, use_pg = bench_environment(var_dir, DB_NAME)
    user = prepare_django(env)
    from rest_framework.authtoken.models import Token

    from jobs.models import AsyncJob, JobType

    token = Token.objects.get_or_create(user=user)[0].key
    floorplan = _large_floorplan(user, args.objects)
    job = AsyncJob.objects.create(job_type=JobType.INGEST, owner=user, floorplan=floorplan)
    graph_size = {k: len(floorplan.graph[k]) for k in ("walls", "openings", "rooms")}
    targets = {
        "bare": f"/bench/constant/{job.id}/",
        "job": f"/api/v1/jobs/{job.id}/",
        "floorplan": f"/api/v1/floorplans/{floorplan.id}/",
    }

    with gunicorn_server(env, var_dir, DB_NAME, use_pg) as (_, base):
        import requests

        body_bytes = len(
            requests.get(
                f"{base}{targets['floorplan']}",
                headers={"Authorization": f"Token {token}"},
                timeout=60,
            ).content
        )
        results = {"load": _measure(base, token, targets, args.quick)}

    results["config"] = {
        "database": "postgresql" if use_pg else "sqlite",
        "broker": "redis" if env.get("REDIS_URL") else "orm",
        "server": "gunicorn, config/gunicorn.conf.py",
        "graph": graph_size,
        "floorplan_body_bytes": body_bytes,
        "cpus": os.cpu_count(),
    }
    results["summary"] = summary_rows(results)
    for row in results["summary"]:
        log(f"{row['figure']}: {row['value']} {row['unit']} ({row['ratio']}x; {row['note']})")
    write_json(args.json, results)


def summary_rows(results: dict) -> list[dict]:
    """The rows run_all.py puts in the bench table."""
    config, rows = results["config"], []
    for clients, row in results["load"].items():
        bare = row["bare"]
        for name, label in (("job", "GET jobs/{id}/"), ("floorplan", "GET floorplans/{id}/")):
            real = row[name]
            clean = real["errors"] + bare["errors"] == 0
            what = f", large graph ({config['floorplan_body_bytes'] // 1024} kB)" * (
                name == "floorplan"
            )
            rows.append(
                {
                    "figure": f"{label}{what}, {clients} concurrent clients, requests/s",
                    "value": real["per_second"],
                    "unit": "req/s",
                    "baseline": f"bare DRF view ({bare['per_second']:.0f} req/s, "
                    f"p99 {bare['p99_ms']:.0f} ms)",
                    "ratio": real["rps_vs_bare"],
                    "target": f"errors 0: {'ok' if clean else 'FAILED'}",
                    "note": f"p50 {real['p50_ms']:.0f} / p99 {real['p99_ms']:.0f} ms "
                    f"(p99 {real['p99_vs_bare']}x bare); errors {real['errors']}; "
                    f"{config['database']}, {config['broker']} broker",
                }
            )
    return rows


if __name__ == "__main__":
    main()
