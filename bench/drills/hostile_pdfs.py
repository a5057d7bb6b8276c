"""Drill: hostile PDFs (Flate bombs in content and cross-reference streams, truncated zlib,
nested forms, unclosed q, a huge page, millions of tiny or unpainted paths) uploaded
through the real API view in this process, which plays the web process, and ingested by
a real cluster whose parses run in the sandbox.

Measured per upload: this process's peak RSS growth and the time to answer (bounds: +50
MB and 1 s), against a good plan's upload in the same run as the baseline. Per job: its
outcome and attempts (one attempt, a clear code). Then: worker processes replaced while
the hostile jobs ran (must be 0), and a good plan uploaded after them (must succeed).
"""

import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.drills.drill import Drill, RecoveryLoop
from bench.drills.drill_common import drill_args
from bench.workloads import sample_sheets

# The parse limit for the drill: the endless pages run into it (the default is 120 s).
PARSE_SECONDS = 10


def upload(client, name: str, data: bytes) -> tuple[dict, uuid.UUID | None]:
    """POST one file; (figures, the job id or None if refused)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from harness.memory import PeakRss

    file = SimpleUploadedFile(f"{name}.pdf", data, "application/pdf")
    with PeakRss() as peak:
        response = client.post("/api/v1/floorplans/", {"file": file}, HTTP_HOST="127.0.0.1")
    body = response.json()
    figures = {
        "bytes": len(data),
        "status": response.status_code,
        "code": body.get("code", ""),
        "web_rss_growth_mb": round(peak.growth_mb, 1),
        "answer_seconds": round(peak.seconds, 3),
    }
    return figures, uuid.UUID(body["job"]["id"]) if response.status_code == 202 else None


def main() -> int:
    args = drill_args(__doc__, {})
    with Drill("hostile_pdfs", args, PIPELINE_MAX_SECONDS=PARSE_SECONDS) as drill:
        from rest_framework.test import APIClient

        from floorplans.samples.bad_pdfs import HOSTILE
        from jobs.models import AsyncJob

        client = APIClient()
        client.force_authenticate(drill.user)
        files = {name: make() for name, make in HOSTILE.items()}  # made before measuring
        ((_, good_pdf),) = sample_sheets(1)
        cluster = drill.cluster()
        workers_before = set(cluster.task_worker_pids())
        baseline, _ = upload(client, "good_plan", good_pdf)
        drill.note(f"baseline: good plan upload {baseline}")
        uploads, ids = {}, {}
        for name, data in files.items():
            uploads[name], job_id = upload(client, name, data)
            drill.note(f"upload {name}: {uploads[name]}")
            if job_id:
                ids[job_id] = name
        with RecoveryLoop() as recovery:
            cluster = drill.wait_recovered(list(ids), cluster, recovery, timeout=300, stall=90)
            workers_after = set(cluster.task_worker_pids())
            _, after_id = upload(client, "good_plan_after", good_pdf)
            drill.wait_recovered([after_id], cluster, recovery, timeout=120, what="good plan")
        outcomes = {}
        for job in AsyncJob.objects.filter(id__in=list(ids)):
            outcomes[ids[job.id]] = {
                "outcome": f"{job.status} {job.error_code}".strip(),
                "attempts": job.attempts,
                "message": job.error_message[:160],
            }
            drill.note(f"  {ids[job.id]}: {outcomes[ids[job.id]]}")
        restarts = len(workers_before - workers_after) + len(drill.clusters) - 1
        serving = AsyncJob.objects.get(id=after_id).status == "succeeded"
        worst_rss = max(u["web_rss_growth_mb"] for u in uploads.values())
        slowest = max(u["answer_seconds"] for u in uploads.values())
        drill.note(
            f"largest web RSS growth {worst_rss:.1f} MB (good plan {baseline['web_rss_growth_mb']}"
            f" MB); slowest answer {slowest:.3f} s (good plan {baseline['answer_seconds']} s); "
            f"worker restarts = {restarts}; good plan after them succeeded: {serving}"
        )
        return drill.finish(
            [*ids, after_id],
            drill.served_without_restart(serving) and restarts == 0,
            uploads=uploads,
            baseline_upload=baseline,
            outcomes=outcomes,
            web_rss_growth_max_mb=worst_rss,
            slowest_answer_seconds=slowest,
            worker_restarts=restarts,
            more_than_one_attempt=sorted(n for n, o in outcomes.items() if o["attempts"] > 1),
        )


if __name__ == "__main__":
    sys.exit(main())
