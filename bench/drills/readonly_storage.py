"""Drill: the upload storage turns read-only, then full, while plans are uploaded and
ingested.

MEDIA_ROOT is a small tmpfs mounted for the drill (root only; skipped otherwise). Phase 1
uploads good plans normally; then the mount is remounted read-only and more plans are
uploaded; then it is remounted read-write but nearly full (a filler file) and more are
uploaded. An upload that cannot be stored must be refused with an error (and leave no
job behind); ingest jobs already accepted only read their file and must still succeed.
"""

import contextlib
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.drills.drill import Drill, RecoveryLoop, skip
from bench.drills.drill_common import drill_args
from bench.workloads import sample_sheets

SIZE_MB = 16


def mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=20)


def main() -> int:
    args = drill_args(__doc__, {"per_phase": 12}, per_phase=(int, 30))
    if os.geteuid() != 0:
        return skip(args, "readonly_storage", "needs root to mount a throwaway tmpfs")
    media = Path(f"/tmp/bench-media-{os.getpid()}")
    media.mkdir()
    try:
        mount("-t", "tmpfs", "-o", f"size={SIZE_MB}m", "tmpfs", str(media))
    except Exception as exc:
        media.rmdir()
        return skip(args, "readonly_storage", f"cannot mount a tmpfs: {exc}")
    try:
        with Drill("readonly_storage", args, MEDIA_ROOT=str(media)) as drill:
            return run(drill, args, media)
    finally:
        subprocess.run(["umount", "-l", str(media)], capture_output=True, timeout=20)
        media.rmdir()


def run(drill, args, media: Path) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from floorplans.services import floorplan_create
    from jobs.models import AsyncJob

    files = sample_sheets(args.per_phase * 3)
    cluster = drill.cluster()
    ids, refused = [], {}

    def upload(phase: str, batch) -> None:
        for i, (kind, data) in enumerate(batch):
            before = AsyncJob.objects.count()
            try:
                created = floorplan_create(
                    owner=drill.user,
                    upload=SimpleUploadedFile(f"{phase}-{kind}-{i}.pdf", data, "application/pdf"),
                )
                ids.append(created.job.id)
            except Exception as exc:
                code = getattr(exc, "code", None)
                key = f"{phase}: {type(exc).__name__}" + (f" [{code}]" if code else "")
                refused.setdefault(key, {"count": 0, "example": str(exc)[:120], "orphans": 0})
                refused[key]["count"] += 1
                refused[key]["orphans"] += AsyncJob.objects.count() - before

    n = args.per_phase
    with RecoveryLoop() as recovery:
        upload("writable", files[:n])
        drill.note(f"phase 1, writable storage: {len(ids)} uploads accepted")
        mount("-o", "remount,ro", str(media))
        upload("read-only", files[n : 2 * n])
        drill.note(f"phase 2, read-only storage: refused {refused}")
        mount("-o", "remount,rw", str(media))
        filler = media / "filler.bin"
        with filler.open("wb") as out, contextlib.suppress(OSError):  # leave ~100 kB free
            out.write(b"\0" * (SIZE_MB * 2**20 - 100_000))
        accepted_before = len(ids)
        upload("disk-full", files[2 * n :])
        drill.note(
            f"phase 3, storage full: accepted {len(ids) - accepted_before}, refused "
            f"{ {k: v for k, v in refused.items() if k.startswith('disk-full')} }"
        )
        cluster = drill.wait_recovered(
            ids, cluster, recovery, timeout=240, stall=60, what="all accepted jobs"
        )
    filler.unlink(missing_ok=True)
    serving = drill.probe("fresh probe job ran")
    clear = all(v["orphans"] == 0 for v in refused.values())
    drill.note(f"every refused upload left no job behind: {clear}")
    return drill.finish(
        ids,
        drill.served_without_restart(serving),
        uploads_attempted=len(files),
        uploads_refused=refused,
        refused_uploads_left_no_job=clear,
        recovery=recovery.totals,
    )


if __name__ == "__main__":
    sys.exit(main())
