"""Ask for a floor plan's BOM (checked now, priced by the generate job) and store what
the job priced as an immutable snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from floorplans.errors import InvalidInput
from floorplans.models import BOM, Floorplan, FloorplanStatus
from floorplans.revisions import graph_at
from floorplans.services.idempotency import create_once, job_for_key, key_reused
from floorplans.services.review import needs_review, no_scale, not_processed, review_refusal
from floorplans.takeoff import Bom, OptionError, bom_to_dict, parse_options
from jobs.models import AsyncJob, JobType
from jobs.services import job_create

_TRUE = (True, "true", "1", "yes", "on")


@dataclass(frozen=True)
class BomRequest:
    job: AsyncJob
    replayed: bool


def _replayed_generate(job: AsyncJob, floorplan: Floorplan) -> BomRequest:
    if job.job_type != JobType.GENERATE or job.floorplan_id != floorplan.id:
        raise key_reused()
    return BomRequest(job, replayed=True)


def _requested_revision(floorplan: Floorplan, options: Any) -> tuple[int, Any]:
    """`revision` in the request body names the graph revision to price (default: the
    current one); the rest are generator options."""
    if not isinstance(options, dict) or "revision" not in options:
        return floorplan.revision, options
    options = dict(options)
    number = options.pop("revision")
    if isinstance(number, str) and number.isdigit():
        number = int(number)  # form-encoded bodies carry text
    if isinstance(number, bool) or not isinstance(number, int):
        raise InvalidInput(
            "revision must be a revision number.", code="invalid_option", field="revision"
        )
    return number, options


def checked_options(options: dict) -> None:
    """The generator options as ``parse_options`` judges them, as an ``invalid_option``."""
    try:
        parse_options(options)
    except OptionError as exc:
        raise InvalidInput(exc.message, code="invalid_option", field=exc.field) from exc


def bom_generate_request(
    *, floorplan: Floorplan, owner, options: Any, idempotency_key: str = ""
) -> BomRequest:
    """Check the options and the floor plan now, so the job can only fail for reasons
    nobody could have known at request time; then queue the generate job.

    A floor plan flagged for review is refused (409 `review_required`, naming the
    problems) unless the request says `accept_review`: a BOM from rooms nobody checked
    must be asked for, never handed out as if it were sound.
    """
    earlier = job_for_key(owner, idempotency_key)
    if earlier is not None:
        return _replayed_generate(earlier, floorplan)
    options = dict(options or {}) if isinstance(options, dict) else options
    accept_review = isinstance(options, dict) and options.pop("accept_review", False) in _TRUE
    revision, options = _requested_revision(floorplan, options)
    checked_options(options if options is not None else {})
    if floorplan.status != FloorplanStatus.PROCESSED or floorplan.graph is None:
        raise not_processed(floorplan, "generate")
    if not graph_at(floorplan, revision).get("scale"):
        raise no_scale()
    if needs_review(floorplan, revision) and not accept_review:
        raise review_refusal(floorplan)

    def create() -> BomRequest:
        job = job_create(
            job_type=JobType.GENERATE,
            owner=owner,
            payload={
                "options": dict(options or {}),
                "revision": revision,
                **({"accept_review": True} if accept_review else {}),  # who asked, recorded
            },
            floorplan=floorplan,
            idempotency_key=idempotency_key,
        )
        return BomRequest(job, replayed=False)

    return create_once(
        create,
        owner=owner,
        idempotency_key=idempotency_key,
        replay=lambda winner: _replayed_generate(winner, floorplan),
    )


def bom_snapshot_create(
    *, floorplan: Floorplan, priced: Bom, unreviewed: bool = False, revision: int | None = None
) -> BOM:
    """Store a priced BOM as an immutable snapshot: lines, options and the catalogue
    prices it used are copied in, so later catalogue edits never change it. `revision` is
    the graph revision it was priced from (default: the floor plan's current one); a BOM
    priced from an extraction flagged for review (`unreviewed`) carries the reasons."""
    snapshot = bom_to_dict(priced)
    summary: dict[str, Any] = {"warnings": snapshot["warnings"]}
    if unreviewed:
        summary["review_required"] = True
        summary["review_reasons"] = list(floorplan.review_reasons)
    return BOM.objects.create(
        floorplan=floorplan,
        revision=floorplan.revision if revision is None else revision,
        owner=floorplan.owner,
        options=snapshot["options"],
        line_items=snapshot["lines"],
        subtotals=snapshot["subtotals"],
        total=priced.total,
        currency=snapshot["currency"],
        catalogue_snapshot=snapshot["catalogue"],
        layout_summary=summary,
    )
