"""The pipeline: one PDF page -> SpatialGraph dict. Stages run in order, each timed-out."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from .drawn_partitions import partition_lines
from .faces import from_frame
from .graph import PlacedOpening, build_graph
from .lettering import read_lettering
from .limits import Budget, Limits
from .open_bays import close_open_bays
from .openings import OpeningSpan, bridging_pieces, find_doors, find_windows, polyline_arcs
from .pdf_document import get_page, open_document, read_source
from .reader import read_page
from .review import review_extraction
from .rooms import WallRect, find_rooms
from .scale import ScaleResult, parse_scale, scale_notes
from .scale_check import ScaleDecision, check_against_rooms, choose_scale, measured_scales
from .sibling_scales import borrowed_warning
from .solid_hatch import fill_solid_hatches
from .stamped_rooms import assess_rooms, printed_room, stamp_rooms
from .stamps import read_stamps
from .text import TextLine, build_lines
from .viewports import on_plans
from .vision_helper import VisionHelper
from .wall_cleanup import (
    centreline,
    close_open_corners,
    drop_furnishings,
    drop_non_walls,
    merge_collinear_pieces,
    snap_junctions,
    walls_through_columns,
)
from .wall_detection import ThicknessRange, WallPiece, detect_wall_pieces, typical_thickness
from .wall_networks import largest_networks

Progress = Callable[[str, int], None]

# Real-world ranges (metres) that make a wall a wall and a door a door once scale is known.
WALL_THICKNESS_M = (0.07, 0.6)
DOOR_WIDTH_M = (0.5, 1.3)
WINDOW_WIDTH_M = (0.3, 4.0)
# Without a scale, assume the sheet is drawn near 1:50..1:100 and judge in points.
UNSCALED_WALL_THICKNESS_PTS = (2.0, 40.0)
# Collinear pieces of one wall split by a junction are at most this many thicknesses apart.
JUNCTION_GAP_FACTOR = 2.0


def _determine_scale(
    scale_text: str | None,
    lines: list[TextLine],
    page_segments: list,
    data: bytes,
    page: int,
    vision: VisionHelper | None,
    sibling_scale: ScaleResult | None,
    warnings: list[str],
) -> ScaleDecision:
    if scale_text:
        mpp = parse_scale(scale_text)
        if mpp:
            return ScaleDecision(ScaleResult(mpp, "override", scale_text))
        warnings.append(f"The scale {scale_text!r} was not understood; detecting it instead.")
    notes = scale_notes(lines, page_segments)
    decision = choose_scale(notes, measured_scales(lines, page_segments, notes))
    if decision.scale is None and sibling_scale is not None:
        # Another sheet of the set draws this plan at this size and prints its scale
        # (sibling_scales.py): better evidence than a guess from the page's image.
        decision.scale = sibling_scale
        warnings.append(borrowed_warning(sibling_scale))
    if decision.scale is None and vision is not None:
        try:
            hints = vision.suggest(data, page)
        except Exception as exc:  # the helper is optional; its outage must not fail a job
            warnings.append(f"The vision helper failed ({type(exc).__name__}); scale unknown.")
        else:
            mpp = parse_scale(hints.scale_text or "")
            if mpp:
                decision.scale = ScaleResult(mpp, "vision", hints.scale_text)
    return decision


def _in_points(range_m: tuple[float, float], scale: ScaleResult) -> tuple[float, float]:
    return range_m[0] / scale.metres_per_point, range_m[1] / scale.metres_per_point


def _opening_ranges(
    scale: ScaleResult | None, typical: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Door and window widths in points; without a scale, in multiples of the typical wall
    (which may be the exterior walls: a 0.6 m door is about 2.6 of a 0.23 m wall)."""
    if scale:
        return _in_points(DOOR_WIDTH_M, scale), _in_points(WINDOW_WIDTH_M, scale)
    return (2 * typical, 10 * typical), (2 * typical, 30 * typical)


def _reading_order(piece: WallPiece) -> tuple[int, float]:
    """Walls top to bottom (by their upper end), then left to right."""
    x1, y1, _, y2 = centreline(piece)
    return round(min(y1, y2)), x1


def _host_of(opening: OpeningSpan, walls: list[WallPiece]) -> int | None:
    middle = (opening.t0 + opening.t1) / 2
    for i, wall in enumerate(walls):
        if (
            wall.angle_key == opening.angle_key
            and abs(wall.offset - opening.offset) <= wall.thickness / 2
            and wall.t0 - 1 <= middle <= wall.t1 + 1
        ):
            return i
    return None


def extract_graph(
    source: bytes | BinaryIO,
    page: int = 0,
    scale_text: str | None = None,
    *,
    limits: Limits = Limits(),  # noqa: B008 - frozen dataclass, safe as a default
    progress: Progress | None = None,
    vision: VisionHelper | None = None,
    sibling_scale: ScaleResult | None = None,
) -> dict:
    """The SpatialGraph of ``page``. ``scale_text`` is the caller's override; a
    ``sibling_scale`` (``sibling_scales``) is used when the sheet itself gives none."""

    def report(stage: str, percent: int) -> None:
        budget.check_time()
        if progress is not None:
            progress(stage, percent)  # may raise to cancel; deliberately not caught

    budget = Budget(limits)
    warnings: list[str] = []
    report("reading", 0)
    data = read_source(source)
    primitives = read_page(get_page(open_document(data), page), page, budget)
    # Lettering is read before solid hatches are filled: that takes a letter's closed
    # outline (an O, a 0) for a filled shape.
    if warning := read_lettering(primitives, budget):
        warnings.append(warning)
    fill_solid_hatches(primitives)
    lines = build_lines(primitives.chars)
    report("scale", 30)
    decision = _determine_scale(
        scale_text, lines, primitives.segments, data, page, vision, sibling_scale, warnings
    )
    scale = decision.scale
    report("walls", 40)
    thickness = ThicknessRange(
        *(_in_points(WALL_THICKNESS_M, scale) if scale else UNSCALED_WALL_THICKNESS_PTS)
    )
    pieces = drop_non_walls(
        merge_collinear_pieces(detect_wall_pieces(primitives, thickness), JUNCTION_GAP_FACTOR)
    )
    # Furniture goes before openings are searched, or its boxes would collect false windows.
    widest = _opening_ranges(scale, typical_thickness(pieces) or thickness.minimum)[1][1]
    pieces = walls_through_columns(largest_networks(drop_furnishings(pieces, widest), widest))
    report("openings", 60)
    typical = typical_thickness(pieces) or thickness.minimum
    door_range, window_range = _opening_ranges(scale, typical)
    swings = primitives.curves + polyline_arcs(primitives.segments)
    openings = find_doors(swings, pieces, door_range) + find_windows(
        primitives.segments, pieces, window_range
    )
    # Openings without a recognisable symbol (a plain gap, a cased opening, a window whose
    # lines were not read) are bridged too, up to the widest window: rooms close along
    # the wall line across them.
    pieces = merge_collinear_pieces(
        pieces + bridging_pieces(openings), JUNCTION_GAP_FACTOR, window_range[1]
    )
    pieces = drop_non_walls(pieces)  # window lines now lie inside their bridged wall
    snap_junctions(pieces)
    close_open_corners(pieces)
    pieces = merge_collinear_pieces(pieces, JUNCTION_GAP_FACTOR)
    pieces.sort(key=_reading_order)
    report("rooms", 80)
    walls = [WallRect(*centreline(p), p.thickness) for p in pieces]
    placed = []
    for opening in openings:
        host = _host_of(opening, pieces)
        if host is not None:
            x, y = from_frame(opening.angle_key, (opening.t0 + opening.t1) / 2, pieces[host].offset)
            placed.append(PlacedOpening(opening.kind, host, x, y, opening.width))
    regions = find_rooms(walls, lines, typical_thickness(pieces) or typical)
    if not walls:
        warnings.append("No walls were recognised on this page; is it a floor plan?")
    report("graph", 100)
    # Title-block fields (POLITECNICO DI MILANO, SCALA) read like stamps; they are none.
    stamps = read_stamps(lines)
    kept = on_plans([(s.x, s.y) for s in stamps], primitives.segments, walls)
    stamps = [stamp for stamp, keep in zip(stamps, kept, strict=True) if keep]
    drawn = partition_lines(primitives.segments, lines)
    rooms = stamp_rooms(regions, stamps, scale.metres_per_point if scale else None, walls, drawn)
    decision = _settle_scale(decision, rooms, warnings)
    mpp = decision.scale.metres_per_point if decision.scale else None
    # Bays open on a side are closed at their printed size, so the settled scale is needed.
    bays = close_open_bays(rooms, stamps, walls, mpp)
    rooms = bays.rooms
    warnings.extend(bays.warnings)
    assess_rooms(rooms, mpp)
    review = review_extraction(walls, rooms, stamps, decision.scale, decision.doubts)
    warnings.extend(review.warnings)
    return build_graph(primitives, decision.scale, walls, placed, rooms, warnings, review)


def _settle_scale(decision: ScaleDecision, rooms: list, warnings: list[str]) -> ScaleDecision:
    """Check the scale against the rooms' printed sizes and areas (between the inside
    faces, or between the wall centres where the sheet prints them so)."""
    stamped = [r for r in rooms if r.stamp]
    checked = check_against_rooms(
        decision.scale, [printed_room(r) for r in stamped], [printed_room(r, True) for r in stamped]
    )
    checked.warnings[:0] = decision.warnings
    checked.doubts[:0] = decision.doubts
    warnings.extend(checked.warnings)
    if checked.scale is None:
        warnings.append(
            'No drawing scale was found; pass the printed scale (e.g. 1/4" = 1\'-0") to '
            "get real-world sizes."
        )
    return checked


__all__ = ["extract_graph"]
