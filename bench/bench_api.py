"""HTTP API under load: uploads, job polling, and web-worker memory for a 50 MB upload.

Starts gunicorn with the Procfile's settings (``config/gunicorn.conf.py``: 2 sync
workers; ``WEB_THREADS=4`` compares threaded ones) on a loopback port against a scratch
SQLite database (a scratch PostgreSQL database ``bench_api`` if DATABASE_URL is set;
Redis db 11 as the broker if REDIS_URL is set, else the ORM broker). No cluster runs:
this measures the web side only, so jobs stay queued. Each figure is measured side by
side with a bare DRF view served by the same workers (same middleware, token auth and
permission; it returns a constant), so the ratio is the cost of our code, not of Django:

* POST floorplans/ with a ~1 MB PDF, 20 concurrent clients: p50/p95/p99 latency, vs the
  bare view receiving the same multipart body;
* GET jobs/{id}/ requests per second, 20 concurrent clients, vs the bare view;
* peak RSS growth of the web workers while one ~50 MB upload (just under the limit) is
  received, checked and stored; and for a 60 MB upload, which must be refused (413)
  without the worker holding it.

The two load figures are measured in ``--rounds`` rounds (3; 2 with ``--quick``), each
bare then real, after a short untimed warm-up; the table reports median (min-max) over
the rounds and the real / bare ratio of each round. Each round also sends 30 uploads
(and 30 to the bare view) from one client: their p50 is the service time, whose ratio
is the floor of the loaded ratio while the web CPU is the limit. Targets: upload p99 at
most 1.5x the bare view's under the same load,
job GET throughput at least half the bare view's, RSS growth under 20 MB for the 50 MB
upload, and a 413 for the 60 MB one.

Usage: python bench/bench_api.py [--json out.json] [--quick] [--rounds N]
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import (
    make_var_dir,
    prepare_django,
)
from bench.report import base_parser, log, percentile, spread, write_json
from bench.web_server import bench_environment, gunicorn_server

DB_NAME = "bench_api"
CLIENTS = 20
MB = 1024 * 1024
NOISE_WIDTH = 1024  # pixels per row of the padding image
UPLOAD_P99_RATIO_TARGET = 1.5  # of the bare view's p99 under the same load
JOB_GET_RATIO_TARGET = 0.5  # of the bare view's requests per second
RSS_GROWTH_TARGET_MB = 20
WARM_UP = 2 * CLIENTS  # untimed requests per endpoint before the first round
SERIAL = 30  # one-client requests per round that give the service time
# What each round measures; a baseline that answers an error measures nothing.
MEASURED = ("upload_bare", "upload_floor", "upload", "upload_bare_serial", "upload_floor_serial",
            "upload_serial", "job_get_bare", "job_get")  # fmt: skip

# --- the bench-only WSGI app (runs inside the gunicorn workers) -------------------------

urlpatterns: list = []  # this module is the urlconf of /bench/ paths; filled by wsgi_app()


def wsgi_app():
    """``gunicorn 'bench.bench_api:wsgi_app()'``: the project's app, plus the baselines of
    ``bench.upload_baselines`` under /bench/, which only this bench serves."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.wsgi import get_wsgi_application

    get_wsgi_application()  # django.setup()
    from django.urls import path

    from bench.upload_baselines import ConstantView, RequiredWorkView

    urlpatterns[:] = [
        path("bench/constant/<uuid:pk>/", ConstantView.as_view()),
        path("bench/floor/", RequiredWorkView.as_view()),
    ]

    class BenchHandler(WSGIHandler):
        def get_response(self, request):
            if request.path.startswith("/bench/"):
                request.urlconf = __name__
            return super().get_response(request)

    return BenchHandler()


# --- PDFs -------------------------------------------------------------------------------


def padded_pdf(size: int) -> bytes:
    """A valid one-page PDF of about `size` bytes (from a few kB up): a line drawing over an
    embedded grey image of random noise (incompressible, like a scan), drawn with
    reportlab as the sample plans are."""
    from PIL import Image
    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    # Random pixels deflate to stored blocks (5 bytes more per 16 KiB); the rest of the
    # file (page, image dictionary, xref) is about 1.5 kB.
    rows = max(1, (max(0, size - 1500) * 16384 // 16389) // NOISE_WIDTH)
    noise = Image.frombytes("L", (NOISE_WIDTH, rows), os.urandom(NOISE_WIDTH * rows))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(612, 792))
    saved, rl_config.useA85 = rl_config.useA85, 0  # raw deflate, no ASCII85 (+25%)
    try:
        canvas.drawImage(ImageReader(noise), 72, 72, width=468, height=648)
        canvas.rect(72, 72, 468, 648)
        canvas.showPage()
        canvas.save()
    finally:
        rl_config.useA85 = saved
    return buffer.getvalue()


# --- load generation --------------------------------------------------------------------


def _session(token: str):
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    return session


def run_requests(token: str, total: int, send, clients: int = CLIENTS) -> dict:
    """`total` requests from `clients` threads; `send(session) -> status`. Latencies in ms."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    remaining = [total]

    def client() -> None:
        session = _session(token)
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            started = time.perf_counter()
            status = send(session)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    wall = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - wall
    return {
        "requests": total,
        "statuses": statuses,
        "seconds": round(wall, 3),
        "per_second": round(total / wall, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
    }


def worker_pids(master_pid: int) -> list[int]:
    import psutil

    return [p.pid for p in psutil.Process(master_pid).children()]


def peak_rss_growth(master_pid: int, action) -> tuple[float, object]:
    """Run `action()` while sampling the workers' RSS; return (peak growth MB, result)."""
    import psutil

    procs = [psutil.Process(pid) for pid in worker_pids(master_pid)]
    before = {p.pid: p.memory_info().rss for p in procs}
    peak = dict(before)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for proc in procs:
                with contextlib.suppress(psutil.NoSuchProcess):
                    peak[proc.pid] = max(peak[proc.pid], proc.memory_info().rss)
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        result = action()
    finally:
        done.set()
        sampler.join()
    growth = max(peak[pid] - before[pid] for pid in before)
    return round(growth / MB, 1), result


# --- the run ----------------------------------------------------------------------------


def served_by(server: subprocess.Popen, var_dir: Path) -> dict:
    """What gunicorn actually runs (its settings file and environment), from its log."""
    found = re.search(r"Using worker: (\S+)", (var_dir / "gunicorn.log").read_text())
    return {"workers": len(worker_pids(server.pid)), "worker_class": found and found.group(1)}


def _measure(base: str, token: str, job_id: str, quick: bool, rounds: int, gets: int) -> dict:
    upload = padded_pdf(1 * MB)
    n_posts = 100 if quick else 200
    n_gets = gets or (1000 if quick else 3000)

    def post_to(url: str):
        def send(session) -> int:
            files = {"file": ("plan.pdf", upload, "application/pdf")}
            return session.post(url, files=files, timeout=60).status_code

        return send

    def get(url: str):
        return lambda session: session.get(url, timeout=30).status_code

    constant = f"{base}/bench/constant/{job_id}/"
    senders = {
        "upload_bare": (n_posts, post_to(constant)),
        "upload_floor": (n_posts, post_to(f"{base}/bench/floor/")),
        "upload": (n_posts, post_to(f"{base}/api/v1/floorplans/")),
        "job_get_bare": (n_gets, get(constant)),
        "job_get": (n_gets, get(f"{base}/api/v1/jobs/{job_id}/")),
    }
    for _, send in senders.values():  # both workers import and connect before timing
        run_requests(token, WARM_UP, send)
    all_rounds = []
    for number in range(1, rounds + 1):
        # Bare then real, each round, so drift on a shared machine hits both alike.
        log(f"round {number}/{rounds}: POST floorplans/ (1 MB PDF) and GET jobs/{{id}}/, "
            f"{CLIENTS} clients, {n_posts} / {n_gets} requests, each vs the bare view")  # fmt: skip
        results = {
            name: run_requests(token, total, send) for name, (total, send) in senders.items()
        }
        # One client: no queueing, so p50 is the service time. Under load every request
        # waits for those ahead of it, so the 20-client ratio tends to this one.
        for name in ("upload_bare", "upload_floor", "upload"):
            results[f"{name}_serial"] = run_requests(token, SERIAL, senders[name][1], clients=1)
        results["ratios"] = {
            f"{name}_{p}_vs_bare": round(
                results[name][f"{p}_ms"] / results["upload_bare"][f"{p}_ms"], 2
            )
            for name in ("upload", "upload_floor")
            for p in ("p50", "p95", "p99")
        }
        for name in ("upload", "upload_floor"):
            results["ratios"][f"{name}_service_time_vs_bare"] = round(
                results[f"{name}_serial"]["p50_ms"] / results["upload_bare_serial"]["p50_ms"], 2
            )
        results["ratios"]["job_get_rps_vs_bare"] = round(
            results["job_get"]["per_second"] / results["job_get_bare"]["per_second"], 2
        )
        all_rounds.append(results)
    return {
        "rounds": all_rounds,
        "median_over_rounds": _over_rounds(all_rounds),
        "requests_per_round": {"upload": n_posts, "job_get": n_gets},
    }


def _over_rounds(rounds: list[dict]) -> dict:
    """Each figure as median (min-max) over the rounds."""
    out: dict = {}
    for name in MEASURED:
        out[name] = {
            key: spread(r[name][key] for r in rounds)
            for key in ("p50_ms", "p95_ms", "p99_ms", "per_second")
        }
    out["ratios"] = {key: spread(r["ratios"][key] for r in rounds) for key in rounds[0]["ratios"]}
    return out


def _measure_memory(base: str, token: str, master_pid: int, limit: int) -> dict:
    import requests

    def upload(size: int):
        data = padded_pdf(size)

        def send():
            started = time.perf_counter()
            try:
                response = _session(token).post(
                    f"{base}/api/v1/floorplans/",
                    files={"file": ("big.pdf", data, "application/pdf")},
                    timeout=120,
                )
                outcome = response.status_code
            except requests.ConnectionError:
                outcome = "connection closed by the server"  # refused before the body was read
            return outcome, round(time.perf_counter() - started, 2)

        return send

    accepted_size = limit - 128 * 1024
    log(f"peak worker RSS growth during one {accepted_size / MB:.1f} MB upload")
    growth, (status, seconds) = peak_rss_growth(master_pid, upload(accepted_size))
    too_big = 60 * MB
    log("... and during a refused 60 MB upload")
    refused_growth, (refused_status, refused_seconds) = peak_rss_growth(master_pid, upload(too_big))
    return {
        "upload_mb": round(accepted_size / MB, 1),
        "status": status,
        "seconds": seconds,
        "peak_rss_growth_mb": growth,
        "refused_upload_mb": too_big // MB,
        "refused_status": refused_status,
        "refused_seconds": refused_seconds,
        "refused_peak_rss_growth_mb": refused_growth,
    }


def main() -> None:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, help="load rounds (default 3; 2 with --quick)")
    parser.add_argument(
        "--gets", type=int, help="GET jobs/{id}/ requests per round (default 3,000; 1,000 quick)"
    )
    args = parser.parse_args()
    rounds = args.rounds or (2 if args.quick else 3)
    var_dir = make_var_dir("api")
    env, use_pg = bench_environment(var_dir, DB_NAME)
    user = prepare_django(env)  # emptied Redis db 11 (if used), migrated
    from django.conf import settings
    from rest_framework.authtoken.models import Token

    from jobs.models import AsyncJob, JobType

    token = Token.objects.get_or_create(user=user)[0].key
    job_id = str(AsyncJob.objects.create(job_type=JobType.INGEST, owner=user).id)

    with gunicorn_server(env, var_dir, DB_NAME, use_pg) as (server, base):
        server_config = served_by(server, var_dir)
        results = _measure(base, token, job_id, args.quick, rounds, args.gets)
        results["memory"] = _measure_memory(base, token, server.pid, settings.UPLOAD_MAX_BYTES)

    results["config"] = {
        "database": "postgresql" if use_pg else "sqlite",
        "broker": "redis" if env.get("REDIS_URL") else "orm",
        "web_workers": server_config["workers"],
        "worker_class": server_config["worker_class"],
        "clients": CLIENTS,
        "cpus": os.cpu_count(),
    }
    results["summary"] = summary_rows(results)
    _print(results)
    write_json(args.json, results)


def _fig(figure: dict, unit: str = "", digits: int = 1) -> dict:
    """A row's median/min/max from a ``spread``, rounded."""
    row = {k: round(figure[k], digits) for k in ("median", "min", "max")}
    return row | {"unit": unit} if unit else row


def failed_requests(rounds: list[dict]) -> int:
    """Answers other than 2xx, of the real requests and of their baselines alike."""
    return sum(
        count
        for r in rounds
        for key in MEASURED
        for status, count in r[key]["statuses"].items()
        if int(status) >= 300
    )


def summary_rows(results: dict) -> list[dict]:
    """The rows run_all.py puts in the bench table."""
    agg, mem, n = results["median_over_rounds"], results["memory"], len(results["rounds"])
    up, up0, ratios = agg["upload"], agg["upload_bare"], agg["ratios"]
    config = results["config"]
    load = (
        f"{config['web_workers']} {config['worker_class']} workers, {config['database']}, "
        f"{config['broker']} broker; {n} round(s)"
    )
    failed = failed_requests(results["rounds"])
    if failed:
        load += f"; {failed} request(s) NOT 2xx"
    rows = [
        {
            "figure": f"POST floorplans/ (1 MB PDF), {CLIENTS} concurrent clients, {p} latency",
            **_fig(up[f"{p}_ms"], "ms"),
            "baseline": f"bare DRF view, same body ({up0[f'{p}_ms']['median']:.0f} ms)",
            "ratio": _fig(ratios[f"upload_{p}_vs_bare"], digits=2),
            "note": f"{load}, {results['requests_per_round']['upload']} uploads each",
        }
        for p in ("p50", "p95", "p99")
    ]
    p99_ratio = ratios["upload_p99_vs_bare"]["median"]
    rows[-1]["target"] = (
        f"p99 ≤ {UPLOAD_P99_RATIO_TARGET}x bare: "
        f"{'meets' if p99_ratio <= UPLOAD_P99_RATIO_TARGET else 'MISSES'}"
    )
    serial, serial0 = agg["upload_serial"], agg["upload_bare_serial"]
    rows.append(
        {
            "figure": "POST floorplans/ (1 MB PDF), 1 client, p50 (the service time)",
            **_fig(serial["p50_ms"], "ms"),
            "baseline": f"bare DRF view, same body ({serial0['p50_ms']['median']:.0f} ms)",
            "ratio": _fig(ratios["upload_service_time_vs_bare"], digits=2),
            "note": "the floor of the 20-client p99 ratio while the web CPU is the limit",
        }
    )
    floor = agg["upload_floor"]
    floor_p99 = ratios["upload_floor_p99_vs_bare"]["median"]
    rows.append(
        {
            "figure": f"the required work alone, {CLIENTS} concurrent clients, p99 latency",
            **_fig(floor["p99_ms"], "ms"),
            "baseline": f"bare DRF view, same body ({up0['p99_ms']['median']:.0f} ms)",
            "ratio": _fig(ratios["upload_floor_p99_vs_bare"], digits=2),
            "note": "bench/upload_baselines.py: hash, store, two rows in one commit, enqueue "
            f"(1 client: {agg['upload_floor_serial']['p50_ms']['median']:.0f} ms); "
            f"the upload's p99 is {p99_ratio / floor_p99:.2f}x this",
        }
    )
    get_ratio = ratios["job_get_rps_vs_bare"]["median"]
    rows.append(
        {
            "figure": f"GET jobs/{{id}}/, {CLIENTS} concurrent clients, requests/s",
            **_fig(agg["job_get"]["per_second"], "req/s", 0),
            "baseline": f"bare DRF view ({agg['job_get_bare']['per_second']['median']:.0f} req/s)",
            "ratio": _fig(ratios["job_get_rps_vs_bare"], digits=2),
            "target": f"≥ {JOB_GET_RATIO_TARGET}x bare: "
            f"{'meets' if get_ratio >= JOB_GET_RATIO_TARGET else 'MISSES'}",
            "note": f"p99 {agg['job_get']['p99_ms']['median']:.0f} ms; {load}, "
            f"{results['requests_per_round']['job_get']} requests each",
        }
    )
    growth = mem["peak_rss_growth_mb"]
    rows.append(
        {
            "figure": f"peak web-worker RSS growth, one {mem['upload_mb']} MB upload",
            "value": growth,
            "unit": "MB",
            "target": f"< +{RSS_GROWTH_TARGET_MB} MB: "
            f"{'meets' if growth < RSS_GROWTH_TARGET_MB else 'MISSES'}",
            "note": f"answered {mem['status']} in {mem['seconds']} s; one upload",
        }
    )
    refused = mem["refused_status"]
    rows.append(
        {
            "figure": f"{mem['refused_upload_mb']} MB upload (over the limit)",
            "value": refused,
            "target": f"413: {'ok' if refused == 413 else 'FAILED'}",
            "note": f"in {mem['refused_seconds']} s, worker RSS "
            f"+{mem['refused_peak_rss_growth_mb']} MB",
        }
    )
    return rows


def _print(results: dict) -> None:
    agg, mem = results["median_over_rounds"], results["memory"]
    ratios = {key: figure["median"] for key, figure in agg["ratios"].items()}
    log("")
    log(f"median over {len(results['rounds'])} round(s)")
    log(f"{'':34} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8}")
    for name, key in (("POST floorplans/ (1 MB PDF)", "upload"),
                      ("  bare view, same body", "upload_bare"),
                      ("  required work alone", "upload_floor"),
                      ("  1 client", "upload_serial"),
                      ("  1 client, bare view", "upload_bare_serial"),
                      ("  1 client, required work alone", "upload_floor_serial"),
                      ("GET jobs/{id}/", "job_get"), ("  bare view", "job_get_bare")):  # fmt: skip
        row = {k: v["median"] for k, v in agg[key].items()}
        log(
            f"{name:34} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['p99_ms']:>8} "
            f"{row['per_second']:>8}"
        )
    statuses = [{k: r[k]["statuses"] for k in MEASURED} for r in results["rounds"]]
    log(f"statuses per round: {statuses}")
    log(
        f"ratios: upload p50 {ratios['upload_p50_vs_bare']}x / p95 {ratios['upload_p95_vs_bare']}x"
        f" / p99 {ratios['upload_p99_vs_bare']}x the bare view (1 client: "
        f"{ratios['upload_service_time_vs_bare']}x); required work alone p99 "
        f"{ratios['upload_floor_p99_vs_bare']}x (1 client: "
        f"{ratios['upload_floor_service_time_vs_bare']}x); job GET throughput "
        f"{ratios['job_get_rps_vs_bare']}x the bare view"
    )
    log(
        f"{mem['upload_mb']} MB upload: {mem['status']} in {mem['seconds']} s, peak worker RSS "
        f"+{mem['peak_rss_growth_mb']} MB; {mem['refused_upload_mb']} MB upload: "
        f"{mem['refused_status']} in {mem['refused_seconds']} s, "
        f"+{mem['refused_peak_rss_growth_mb']} MB"
    )


if __name__ == "__main__":
    main()
