"""A scale note is a claim: check it against what the drawing measures.

Sheets plotted "fit to page" still print `1:50`, and title blocks carry a different note
than the viewport. The drawing's own geometry is the independent evidence: dimension
strings against the lines they label, a scale bar against its ticks, and (once rooms are
found) the rooms' printed sizes against their rectangles and printed areas against
their measured areas. The scale used is the one the evidence agrees on; `source` names
that evidence, `evidence` lists the checks, and a warning says when a note was overruled.
When nothing settles it, the doubt is returned for the review (review_required).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .dimensions import dimension_scale
from .primitives import Segment
from .scale import METRES_PER_POINT_ON_PAPER, ScaleNote, ScaleResult, snap_ratio
from .scale_bar import find_bar
from .text import TextLine

# Two scales within this relative difference are the same scale.
AGREEMENT = 0.03
# Printed room areas must agree with each other (linear factor) this closely ...
ROOMS_AGREE = 0.05
# ... and the rooms needed before they can overrule or set a scale (a wrong scale also
# loses doors and rooms, so a badly plotted sheet may keep only a few).
MIN_ROOMS = 2


@dataclass(frozen=True)
class Measured:
    """Scale evidence measured off the drawing (not read from a note)."""

    source: str  # dimension | scale_bar
    ratio: float
    what: str  # "4 dimension strings", "the scale bar"


@dataclass
class ScaleDecision:
    scale: ScaleResult | None
    warnings: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)  # reasons the scale is not settled


def _agree(a: float, b: float) -> bool:
    return abs(a - b) <= AGREEMENT * b


def ratio_text(ratio: float) -> str:
    return f"1:{ratio:.0f}" if abs(ratio - round(ratio)) < 0.05 else f"1:{ratio:.1f}"


def _result(ratio: float, source: str, text: str | None, evidence: list[str]) -> ScaleResult:
    return ScaleResult(ratio * METRES_PER_POINT_ON_PAPER, source, text, tuple(evidence))


def measured_scales(
    lines: list[TextLine], segments: list[Segment], notes: list[ScaleNote] = ()
) -> list[Measured]:
    """The scales the dimension strings and a scale bar give, where the sheet has them.

    A bar's labels (`4'` over the box from 4 to 8 feet) are no dimension strings.
    """
    measured = []
    bar = find_bar(lines, segments, notes)
    if bar:
        labels = {id(line) for line in bar.labels}
        lines = [line for line in lines if id(line) not in labels]
    if found := dimension_scale(lines, segments, tuple(n.ratio for n in notes)):
        ratio, count, unit = found
        what = f"{count} dimension strings" + (f" (whole numbers in {unit})" if unit else "")
        measured.append(Measured("dimension", ratio, what))
    if bar:
        ratio = bar.scale.metres_per_point / METRES_PER_POINT_ON_PAPER
        measured.append(Measured("scale_bar", ratio, "the scale bar"))
    return measured


def choose_scale(notes: list[ScaleNote], measured: list[Measured]) -> ScaleDecision:
    """The scale the sheet's notes and measured evidence agree on (see the module doc)."""
    consistent = all(_agree(m.ratio, measured[0].ratio) for m in measured)
    for note in notes:
        if measured and all(_agree(note.ratio, m.ratio) for m in measured):
            evidence = [f"agrees with {m.what}" for m in measured]
            return ScaleDecision(_result(note.ratio, "text", note.text, evidence))
    if not measured:
        if not notes:
            return ScaleDecision(None)
        note = notes[0]
        return ScaleDecision(
            _result(note.ratio, "text", note.text, ["not checked: no dimension strings or bar"])
        )
    if consistent:
        best = measured[0]
        evidence = [f"measured from {m.what}" for m in measured]
        if notes:
            evidence.append(f"note {notes[0].text!r} overruled")
        decision = ScaleDecision(_result(best.ratio, best.source, None, evidence))
        if notes:
            note = notes[0]
            decision.warnings.append(
                f"The scale note {note.text!r} disagrees with {best.what} on the sheet "
                f"(they give {ratio_text(best.ratio)}); the drawing's own measure is used."
            )
        return decision
    # The measured evidence disagrees with itself: a note siding with one part settles it.
    for note in notes:
        siding = [m for m in measured if _agree(note.ratio, m.ratio)]
        if siding:
            others = ", ".join(m.what for m in measured if m not in siding)
            evidence = [f"agrees with {m.what}" for m in siding] + [f"disagrees with {others}"]
            decision = ScaleDecision(_result(note.ratio, "text", note.text, evidence))
            decision.warnings.append(
                f"The scale note {note.text!r} agrees with {siding[0].what} but not with "
                f"{others}; the note is used."
            )
            return decision
    best = measured[0]
    listing = " and ".join(f"{m.what} ({ratio_text(m.ratio)})" for m in measured)
    doubt = f"the scale evidence disagrees: {listing}"
    decision = ScaleDecision(_result(best.ratio, best.source, None, [doubt]))
    decision.warnings.append(f"Scale not settled: {doubt}; {best.what} is used.")
    decision.doubts.append(doubt)
    return decision


@dataclass(frozen=True)
class PrintedRoom:
    """What a room's stamp prints against what the drawing measures of the room.

    A printed size is checked side by side against the room's rectangle, so it holds for
    a room we cut out of a larger region too; a printed area only for a room kept whole
    (our cut decides its area, not the architect).
    """

    area_pts2: float
    sides_pts: tuple[float, float]  # the room's (minimum rotated) rectangle
    size_m: tuple[float, float] | None  # printed width x depth
    area_m2: float | None  # printed area (or the size's area); None for a room we cut


def _size_factor(room: PrintedRoom, mpp: float) -> float | None:
    """The linear factor both printed sides give, in either orientation, if they agree."""
    if room.size_m is None or min(room.sides_pts) <= 0:
        return None
    (a, b), (w, h) = sorted(room.size_m), sorted(room.sides_pts)
    fa, fb = a / (w * mpp), b / (h * mpp)
    return math.sqrt(fa * fb) if abs(fa - fb) <= ROOMS_AGREE * max(fa, fb) else None


def _room_factors(rooms: list[PrintedRoom], mpp: float) -> list[tuple[float, str]]:
    """(factor, "size" | "area") for every room that gives one."""
    factors = []
    for room in rooms:
        if (factor := _size_factor(room, mpp)) is not None:
            factors.append((factor, "size"))
        elif room.area_m2 and room.area_pts2 > 0:
            factors.append((math.sqrt(room.area_m2 / (room.area_pts2 * mpp * mpp)), "area"))
    return factors


def _counted(kinds: list[str]) -> str:
    """ "3 printed room sizes and 1 printed room area" """
    counts = [(kinds.count(kind), kind) for kind in ("size", "area")]
    return " and ".join(f"{n} printed room {kind}{'s' if n > 1 else ''}" for n, kind in counts if n)


def _agreeing_factors(rooms: list[PrintedRoom], mpp: float) -> list[tuple[float, str]]:
    """The largest set of rooms' factors that agree with each other, if it is the rooms'
    verdict: at least MIN_ROOMS rooms, and most of those that print one; else []."""
    factors = _room_factors(rooms, mpp)
    best: list[tuple[float, str]] = []
    for f, _ in factors:
        agreeing = [(g, kind) for g, kind in factors if abs(g - f) <= ROOMS_AGREE * f]
        if len(agreeing) > len(best):
            best = agreeing
    return [] if len(best) < MIN_ROOMS or len(best) < 0.6 * len(factors) else best


def room_scale_factor(
    rooms: list[PrintedRoom], mpp: float, at_centres: Sequence[PrintedRoom] = ()
) -> tuple[float, str] | None:
    """The linear factor by which the scale must change for the rooms' printed sizes and
    areas to match what is measured, and what agrees on it ("3 printed room sizes");
    None unless at least MIN_ROOMS rooms, and most of those that print one, agree.

    `at_centres` are the same rooms grown to their wall centres: a sheet whose sizes more
    rooms agree on that way prints its sizes between wall centres.
    """
    best = _agreeing_factors(rooms, mpp)
    centred = _agreeing_factors(list(at_centres), mpp)
    suffix = ""
    if len(centred) > len(best):
        best, suffix = centred, " between wall centres"
    if not best:
        return None
    return statistics.median(g for g, _ in best), _counted([kind for _, kind in best]) + suffix


def check_against_rooms(
    scale: ScaleResult | None, rooms: list[PrintedRoom], at_centres: Sequence[PrintedRoom] = ()
) -> ScaleDecision:
    """Confirm, correct or doubt `scale` with the rooms' printed sizes and areas (read
    between the inside faces, or between the wall centres, `at_centres`).

    A scale only read from a note (or missing) is corrected when the rooms agree on
    another; one measured off the drawing or given by the user is kept and doubted.
    """
    found = room_scale_factor(rooms, scale.metres_per_point if scale else 1.0, at_centres)
    if found is None:
        return ScaleDecision(scale)
    factor, what = found
    if scale is None:
        ratio = snap_ratio(factor / METRES_PER_POINT_ON_PAPER)
        decision = ScaleDecision(_result(ratio, "room_areas", None, [f"measured from {what}"]))
        decision.warnings.append(
            f"No scale is printed; {ratio_text(ratio)} is worked out from {what}."
        )
        return decision
    if abs(factor - 1) <= ROOMS_AGREE:
        return ScaleDecision(replace(scale, evidence=(*scale.evidence, f"agrees with {what}")))
    ratio = snap_ratio(factor * scale.metres_per_point / METRES_PER_POINT_ON_PAPER)
    unchecked = scale.source in ("text", "vision") and not any(
        e.startswith("agrees with") for e in scale.evidence
    )
    if unchecked:
        said = scale.text or ratio_text(scale.metres_per_point / METRES_PER_POINT_ON_PAPER)
        evidence = [*scale.evidence, f"note {said!r} overruled by {what}"]
        decision = ScaleDecision(_result(ratio, "room_areas", scale.text, evidence))
        decision.warnings.append(
            f"The scale {said!r} disagrees with {what} (they give {ratio_text(ratio)}); "
            "the rooms' printed sizes and areas are used."
        )
        return decision
    doubt = f"{what} give {ratio_text(ratio)}, not the {scale.source} scale"
    decision = ScaleDecision(replace(scale, evidence=(*scale.evidence, doubt)))
    decision.warnings.append(f"Scale not settled: {doubt}.")
    decision.doubts.append(doubt)
    return decision
