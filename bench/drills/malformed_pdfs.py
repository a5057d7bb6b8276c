"""Drill: malformed PDFs (zero-byte, not a PDF, truncated, encrypted, no pages, raster
only, deeply nested, huge object count) mixed into good plans, through the real upload
service (``floorplans.services.floorplan_create``) and the real ingest handler.

A malformed file is either refused at upload with a clear error, or accepted and then
its ingest job fails at once with a clear message; it must never crash, hang, retry
forever or take good jobs with it. Files refused at upload are also pushed straight into
an ingest job (as if the upload check had a gap) to test the worker path on them too.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.drills.drill import Drill, RecoveryLoop
from bench.drills.drill_common import drill_args
from bench.job_accounting import cluster_serves
from bench.workloads import sample_sheets


def bad_files(count: int) -> list[tuple[str, bytes]]:
    from floorplans.samples import bad_pdfs

    makers = (
        bad_pdfs.zero_bytes,
        bad_pdfs.not_a_pdf,
        bad_pdfs.truncated,
        bad_pdfs.encrypted,
        bad_pdfs.zero_pages,
        bad_pdfs.raster_only,
        bad_pdfs.deeply_nested,
        bad_pdfs.huge_object_count,
    )
    files = [(make.__name__, make()) for make in makers]  # each made once
    return [files[i % len(files)] for i in range(count)]


def main() -> int:
    args = drill_args(__doc__, {"good": 40, "bad": 16}, good=(int, 200), bad=(int, 50))
    with Drill("malformed_pdfs", args, PIPELINE_MAX_SECONDS=30) as drill:
        import random

        from django.core.files.uploadedfile import SimpleUploadedFile

        from floorplans.models import Floorplan
        from floorplans.services import floorplan_create
        from jobs.models import AsyncJob, JobType
        from jobs.services import job_create

        files = sample_sheets(args.good) + bad_files(args.bad)
        random.Random(7).shuffle(files)
        drill.note(f"{args.good} good plans and {args.bad} malformed files, shuffled")
        cluster = drill.cluster()
        ids, kinds, refused = [], {}, {}
        for i, (kind, data) in enumerate(files):
            upload = SimpleUploadedFile(f"{kind}-{i}.pdf", data, "application/pdf")
            try:
                created = floorplan_create(owner=drill.user, upload=upload)
                ids.append(created.job.id)
                kinds[created.job.id] = kind
            except Exception as exc:
                code = getattr(exc, "code", type(exc).__name__)
                refused.setdefault(kind, set()).add(f"{code}: {str(exc)[:100]}")
                # The same bytes straight into an ingest job, bypassing the upload check.
                floorplan = Floorplan(owner=drill.user, name=kind, sha256="0" * 64)
                floorplan.file.save(f"bypass-{i}.pdf", SimpleUploadedFile("x.pdf", data))
                job = job_create(job_type=JobType.INGEST, owner=drill.user, floorplan=floorplan)
                ids.append(job.id)
                kinds[job.id] = f"{kind} (bypassed upload check)"
        drill.note(f"refused at upload: { {k: sorted(v) for k, v in refused.items()} }")
        with RecoveryLoop() as recovery:
            cluster = drill.wait_recovered(ids, cluster, recovery, timeout=400, stall=60)
        by_kind = {}
        for job in AsyncJob.objects.filter(id__in=ids):
            entry = by_kind.setdefault(kinds[job.id], {})
            key = f"{job.status} {job.error_code}".strip()
            entry[key] = entry.get(key, 0) + 1
        for kind, outcome in sorted(by_kind.items()):
            drill.note(f"  {kind}: {outcome}")
        good_failed = sum(
            n for kind, o in by_kind.items() if kind.startswith("good") for k, n in o.items()
            if not k.startswith("succeeded")
        )  # fmt: skip
        serving = cluster_serves(drill.user)
        drill.note(f"good plans not succeeded: {good_failed}; fresh probe job ran: {serving}")
        return drill.finish(
            ids,
            drill.served_without_restart(serving),
            refused_at_upload={k: sorted(v) for k, v in refused.items()},
            outcomes_by_kind=by_kind,
            good_plans_not_succeeded=good_failed,
            recovery=recovery.totals,
        )


if __name__ == "__main__":
    sys.exit(main())
