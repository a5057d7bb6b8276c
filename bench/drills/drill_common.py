"""What the fault drills share beyond ``bench.drills.drill.Drill``: their command line, and the
burst of job creations around a broker fault (``redis_down``, ``redis_freeze``)."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.drills.drill import Drill, RecoveryLoop
from bench.job_accounting import create_jobs
from bench.report import base_parser


def drill_args(doc: str, quick: dict | None = None, **options: tuple) -> argparse.Namespace:
    """The drill's arguments: ``--json``, ``--quick`` and ``options``, each
    ``name=(type, default[, help])`` (``max_kills`` is ``--max-kills``). With ``--quick``
    the values in ``quick`` replace the parsed ones."""
    parser = base_parser(doc.splitlines()[0])
    for name, (kind, default, *text) in options.items():
        flag = "--" + name.replace("_", "-")
        parser.add_argument(flag, type=kind, default=default, help=text[0] if text else None)
    args = parser.parse_args()
    if args.quick:
        for name, value in (quick or {}).items():
            setattr(args, name, value)
    return args


def burst(drill, seconds: float, rate: float, ids: list, latencies: list) -> None:
    """Create 0.05 s probe jobs at ``rate`` per second for ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch, lat = create_jobs(drill.user, 1, {"seconds": 0.05})
        ids += batch
        latencies += lat
        time.sleep(max(0.0, 1 / rate - lat[0]))


@dataclass
class FaultBursts:
    """Jobs created for 5 s before a fault, during it and for 5 s after it, with the wall
    time of each create+enqueue call in each phase."""

    ids: list = field(default_factory=list)
    before: list[float] = field(default_factory=list)
    during: list[float] = field(default_factory=list)
    after: list[float] = field(default_factory=list)

    @classmethod
    def run(
        cls,
        drill,
        rate: float,
        seconds: float,
        fault: tuple[Callable[[], object], str],
        repair: tuple[Callable[[], object], str],
    ) -> FaultBursts:
        """Create jobs at ``rate``/s; ``fault`` = (action, note) starts ``seconds`` of fault,
        ``repair`` ends it."""
        bursts = cls()
        burst(drill, 5, rate, bursts.ids, bursts.before)
        for (action, message), phase_seconds, latencies in (
            (fault, seconds, bursts.during),
            (repair, 5, bursts.after),
        ):
            action()
            drill.note(message)
            burst(drill, phase_seconds, rate, bursts.ids, latencies)
        return bursts

    def note_latency(self, drill, during: str, detail: str = "") -> None:
        """Note the max create+enqueue latency of each phase (``during`` names the fault,
        ``detail`` follows its figure)."""
        drill.note(
            f"create+enqueue max latency: before {max(self.before) * 1000:.0f} ms, {during} "
            f"{max(self.during) * 1000:.0f} ms{detail}, after {max(self.after) * 1000:.0f} ms"
        )

    def max_create_ms(self, key: str) -> dict:
        """The same, rounded to 0.1 ms, with the fault phase under ``key``."""
        worst = (max(self.before), max(self.during), max(self.after))
        return {k: round(v * 1000, 1) for k, v in zip(("before", key, "after"), worst, strict=True)}


def redis_fault_drill(doc: str, *, freeze: bool) -> int:
    """The ``redis_down`` drill (``freeze=False``: stop the throwaway Redis, start it again
    empty) or the ``redis_freeze`` drill (SIGSTOP it, then SIGCONT) while creating jobs."""
    option, key = ("frozen", "frozen") if freeze else ("down", "redis_down")
    args = drill_args(
        doc,
        {option: 15},
        **{
            option: (float, 30, "seconds Redis is frozen" if freeze else "seconds Redis stays down")
        },
        rate=(float, 10, "jobs created per second"),
    )
    seconds = getattr(args, option)
    with Drill("redis_freeze" if freeze else "redis_down", args) as drill:
        redis = drill.redis
        if freeze:
            fault = (redis.freeze, f"Redis frozen (SIGSTOP); creating jobs for {seconds:.0f} s")
            repair = (redis.thaw, "Redis thawed (SIGCONT)")
        else:
            fault = (redis.stop, f"Redis stopped; creating jobs for {seconds:.0f} s")
            repair = (redis.start, "Redis started again (empty)")
        cluster = drill.cluster()
        with RecoveryLoop() as recovery:
            jobs = FaultBursts.run(drill, args.rate, seconds, fault, repair)
            if freeze:
                jobs.note_latency(drill, "frozen", f" ({len(jobs.during)} creates)")
            else:
                jobs.note_latency(drill, "Redis down")
                drill.note(f"cluster process still running: {cluster.alive()}")
            cluster = drill.wait_recovered(jobs.ids, cluster, recovery, timeout=120)
        serving = drill.probe()
        details = {
            f"{key}_seconds": seconds,
            f"created_while_{option}": len(jobs.during),
            "max_create_ms": jobs.max_create_ms(key),
        }
        if freeze:
            hung = max(jobs.during) > 2
            drill.note(f"job creation hung? {'YES' if hung else 'no'} (limit 2 s)")
            details["creation_hung"] = hung
        return drill.finish(
            jobs.ids,
            drill.served_without_restart(serving),
            **details,
            cluster_restarts=len(drill.clusters) - 1,
            recovery=recovery.totals,
        )
