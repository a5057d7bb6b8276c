"""Corrections of a floor plan's graph, stored as numbered, immutable revisions.

`Floorplan.graph` always holds the current revision's graph (so every reader sees the
corrected plan) and `Floorplan.revision` its number; each `FloorplanRevision` row keeps a
revision's operations and resulting graph. Revision 0 (the graph as extracted) is written
together with revision 1, so a floor plan nobody corrected has no revision rows.

A new revision is claimed with a conditional UPDATE on the revision number it was based
on: two corrections sent at once cannot both become revision n + 1; the loser gets 409.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from floorplans.corrections import InvalidOperation, apply_operations
from floorplans.errors import Conflict, InvalidInput
from floorplans.models import Floorplan, FloorplanRevision, FloorplanStatus


def require_processed(floorplan: Floorplan) -> None:
    if floorplan.status != FloorplanStatus.PROCESSED or floorplan.graph is None:
        raise Conflict(
            f"The floor plan is {floorplan.status}, not processed; correct it once its "
            "ingest job has succeeded.",
            code="floorplan_not_ready",
        )


def graph_at(floorplan: Floorplan, number: int) -> dict[str, Any]:
    """The graph of revision `number` (the current one without a query)."""
    if number == floorplan.revision:
        return floorplan.graph
    stored = FloorplanRevision.objects.filter(floorplan=floorplan, number=number).first()
    if stored is None or not 0 <= number <= floorplan.revision:
        raise InvalidInput(
            f"Revision {number} does not exist; this floor plan is at revision "
            f"{floorplan.revision}.",
            code="revision_not_found",
            field="revision",
        )
    return stored.graph


def _store(
    floorplan: Floorplan,
    *,
    base: int,
    graph: dict[str, Any],
    operations: list,
    changes: list[str],
    author,
) -> FloorplanRevision:
    extracted = floorplan.graph
    with transaction.atomic():
        claimed = Floorplan.objects.filter(id=floorplan.id, revision=base).update(
            revision=base + 1, graph=graph
        )
        if claimed != 1:
            raise Conflict(
                "The floor plan was corrected by someone else meanwhile; reload its "
                "revisions and apply your operations to the newest one.",
                code="revision_conflict",
            )
        if base == 0:
            FloorplanRevision.objects.create(
                floorplan=floorplan, number=0, graph=extracted, changes=["as extracted"]
            )
        revision = FloorplanRevision.objects.create(
            floorplan=floorplan,
            number=base + 1,
            operations=operations,
            changes=changes,
            graph=graph,
            created_by=author,
        )
    floorplan.revision, floorplan.graph = base + 1, graph
    return revision


def revision_create(
    *, floorplan: Floorplan, operations: Any, author, base_revision: int | None = None
) -> FloorplanRevision:
    """Apply `operations` to the current revision (or refuse: 400 `invalid_operation`
    naming the bad one; 409 if `base_revision` is given and no longer current)."""
    require_processed(floorplan)
    base = floorplan.revision
    if base_revision is not None and base_revision != base:
        raise Conflict(
            f"Revision {base_revision} is not the current one ({base}); apply the "
            "operations to the current revision.",
            code="revision_conflict",
            field="base_revision",
        )
    try:
        graph, changes = apply_operations(floorplan.graph, operations)
    except InvalidOperation as exc:
        raise InvalidInput(
            str(exc), code="invalid_operation", field=f"operations[{exc.index}]"
        ) from exc
    return _store(
        floorplan, base=base, graph=graph, operations=operations, changes=changes, author=author
    )


def revision_revert(*, floorplan: Floorplan, number: int, author) -> FloorplanRevision:
    """A new revision whose graph is that of revision `number` (history is never rewritten)."""
    require_processed(floorplan)
    base = floorplan.revision
    if number == base:
        raise Conflict(f"Revision {number} is already the current one.", code="revision_current")
    graph = graph_at(floorplan, number)
    return _store(
        floorplan,
        base=base,
        graph=graph,
        operations=[{"op": "revert", "revision": number}],
        changes=[f"reverted to revision {number}"],
        author=author,
    )
