"""Sheet classification: what each page of a drawing set is, and why we think so.

Evidence is weighed in the order a person reads a sheet: the drawing's title (the
biggest matching words on the page, e.g. ``FIRST FLOOR PLAN``), then the sheet number's
series (``A-1xx`` are plans by the US National CAD Standard), then the drawing itself
(a wall network found by the pipeline's own wall detection, pages of prose, a scan).
Titles are read in English, German, French, Spanish, Italian, Dutch and Slovenian
(``sheet_titles.py``). Words naming a schedule or notes are the one kind of title the
drawing can overrule: a plan's title block prints them too, so a wall network wins.
Every decision carries the evidence that made it, in words, so a wrong call can be
spotted and overridden.

Pages are read one at a time and dropped before the next, so memory stays that of one
page whatever the size of the set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import BinaryIO

from .errors import PdfError, TooComplex
from .faces import ANGLE_BUCKETS_PER_DEGREE
from .limits import Budget, Limits
from .pdf_document import read_source
from .scale import match_scale
from .sheet_content import PageContent, PageReader, open_pdf, opened_page
from .sheet_titles import best_title, levels
from .text import TextLine
from .wall_cleanup import drop_non_walls, merge_collinear_pieces
from .wall_detection import ThicknessRange, detect_wall_pieces
from .wall_networks import largest_networks

KINDS = (
    "floor_plan",
    "reflected_ceiling_plan",
    "site_plan",
    "elevation",
    "section",
    "detail",
    "schedule",
    "cover_or_notes",
    "raster_only",
    "unknown",
)

_SHEET_NUMBER = re.compile(
    r"^(?:SHEET\s*(?:NO\.?|NUMBER)?\s*:?\s*)?"
    r"(?P<number>[A-Z]{1,2}(?:[-.]\d{1,3}(?:\.\d{1,2})?|\d{3}|\d\.\d{1,2}))$"
)
# Glyph-by-glyph exports can leave a gap at a separator: "A1 .2", "A -101".
_SEPARATOR_GAPS = re.compile(r"\s*([-.])\s*")
# National CAD Standard sheet types: the digit after the discipline letter(s).
_SERIES = {
    "0": "cover_or_notes",
    "1": "floor_plan",
    "2": "elevation",
    "3": "section",
    "4": "detail",  # large-scale views
    "5": "detail",
    "6": "schedule",
}
# Pages of prose: many words in long lines and no drawing to speak of.
PROSE_WORDS = 150
# Wall evidence: this much wall centreline (in page diagonals) in a connected network.
PLAN_WALL_DIAGONALS = 1.5
MIN_WALLS = 6
MIN_WALL_FACE_PTS = 6.0
UNSCALED_WALL_THICKNESS_PTS = ThicknessRange(2.0, 40.0)  # as the pipeline assumes unscaled
# Walls of a plan run both ways; a detail's layered build-up runs one way.
MIN_DIRECTION_BALANCE = 0.2
# Dashed lines at least this share of the longest wall, this many: a ceiling grid.
CEILING_GRID_LINE_SHARE = 0.5
MIN_CEILING_GRID_LINES = 6
RASTER_SHARE = 0.5  # of the page covered by images
# Kinds of sheet that are words and tables, which a plan's title block prints too (a door
# schedule, general notes, a legend): words naming them give way to a plan's walls.
TEXT_KINDS = ("schedule", "cover_or_notes")


@dataclass
class Sheet:
    page: int
    kind: str
    number: str | None = None
    title: str | None = None
    scale: str | None = None  # the first scale note, as printed
    scales: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)  # level names the sheet shows
    evidence: list[str] = field(default_factory=list)
    error: str | None = None  # why the page could not be read, for a person

    def to_dict(self) -> dict:
        return {
            "page": self.page,
            "kind": self.kind,
            "number": self.number,
            "title": self.title,
            "scale": self.scale,
            "scales": self.scales,
            "levels": self.levels,
            "evidence": self.evidence,
            "error": self.error,
        }


def _sheet_number(runs: list[TextLine], width: float, height: float) -> str | None:
    """The biggest sheet-number-looking text, ties going to the one nearest the
    bottom-right corner: title blocks print the sheet's own number large there, while
    callouts and drawing indexes name other sheets smaller."""
    found = [
        (round(run.size, 1), run.x / width + run.y / height, match["number"])
        for run in runs
        if (match := _SHEET_NUMBER.match(_SEPARATOR_GAPS.sub(r"\1", run.text.strip().upper())))
        and not match_scale(run.text)
    ]
    if not found:
        return None
    return max(found)[2]


def _series_kind(number: str) -> str | None:
    digits = re.search(r"\d", number)
    letters = number[: digits.start()] if digits else ""
    if not digits or letters.rstrip("-.") not in ("A", "G"):
        return None
    return "cover_or_notes" if letters.startswith("G") else _SERIES.get(digits.group())


def _scale_notes(lines: list[str]) -> list[str]:
    notes: list[str] = []
    for line in lines:
        found = match_scale(line)
        if found and found[1] not in notes:
            notes.append(found[1])
    return notes


@dataclass(frozen=True)
class _WallNetwork:
    walls: int
    diagonals: float  # total wall length in page diagonals
    balance: float  # share of that length in the lesser of the two main directions
    ceiling_grid: int  # long dashed lines over the network: a reflected ceiling plan

    @property
    def is_plan(self) -> bool:
        return (
            self.walls >= MIN_WALLS
            and self.diagonals >= PLAN_WALL_DIAGONALS
            and self.balance >= MIN_DIRECTION_BALANCE
        )

    def describe(self) -> str:
        return (
            f"wall network: {self.walls} walls, {self.diagonals:.1f} page diagonals of wall, "
            f"{self.balance:.0%} across the main direction"
        )


def bucket_degrees(angle_key: int) -> float:
    return angle_key / ANGLE_BUCKETS_PER_DEGREE


def _wall_network(content: PageContent) -> _WallNetwork:
    """The page's main wall network, found by the pipeline's own wall detection."""
    page = content.primitives
    # Short edges (curve chords, the rest of a path kept for its long ones) are never a
    # wall's face; leaving them out keeps detection cheap on text-less sheets.
    long_edges = [
        s for s in page.segments if abs(s.x2 - s.x1) + abs(s.y2 - s.y1) >= MIN_WALL_FACE_PTS
    ]
    pieces = detect_wall_pieces(replace(page, segments=long_edges), UNSCALED_WALL_THICKNESS_PTS)
    pieces = largest_networks(drop_non_walls(merge_collinear_pieces(pieces, 2.0)))
    if not pieces:
        return _WallNetwork(0, 0.0, 0.0, 0)
    diagonal = (page.width**2 + page.height**2) ** 0.5 or 1.0
    across = 0.0  # length running within 45 degrees of vertical
    for piece in pieces:
        degrees = bucket_degrees(piece.angle_key) % 180
        if 45 <= degrees < 135:
            across += piece.length
    total = sum(p.length for p in pieces)
    span = max(p.length for p in pieces)
    grid = sum(
        1
        for s in page.segments
        if s.dashed and abs(s.x2 - s.x1) + abs(s.y2 - s.y1) >= CEILING_GRID_LINE_SHARE * span
    )
    balance = min(across, total - across) / total
    return _WallNetwork(len(pieces), total / diagonal, balance, grid)


def _read_title_block(content: PageContent) -> Sheet:
    page = content.primitives
    sheet = Sheet(page=page.index, kind="unknown")
    sheet.number = _sheet_number(content.runs, page.width, page.height)
    sheet.scales = _scale_notes(content.flow)
    sheet.scale = sheet.scales[0] if sheet.scales else None
    sheet.levels = levels(content.runs)
    return sheet


def _decided_without_drawing(content: PageContent, sheet: Sheet) -> bool:
    """Blank and scanned pages, then the title, then the sheet series."""
    if content.path_objects == 0 and not content.runs:
        if content.image_share >= RASTER_SHARE:
            sheet.kind = "raster_only"
            sheet.evidence.append(
                f"an image covers {content.image_share:.0%} of the page; no vector drawing or text"
            )
            sheet.error = "The page is a scanned image; only vector drawings can be taken off."
        else:
            sheet.evidence.append("nothing is drawn on the page")
            sheet.error = "The page is empty, or its drawing could not be read."
        return True
    title = best_title(content.runs)
    if title is not None:
        sheet.title, sheet.kind = title.text, title.kind
        sheet.evidence.append(f"title {title.text!r}")
        if len(sheet.levels) > 1 and title.kind == "floor_plan":
            sheet.evidence.append(f"shows {len(sheet.levels)} levels: {', '.join(sheet.levels)}")
        return True
    series = _series_kind(sheet.number) if sheet.number else None
    if series is not None:
        sheet.kind = series
        sheet.evidence.append(f"sheet number {sheet.number} is in the {series} series")
        return True
    return False


def _plan_from_walls(network: _WallNetwork, sheet: Sheet) -> bool:
    """A plan's wall network makes the sheet a plan; under a dashed ceiling grid, a
    reflected ceiling plan."""
    if not network.is_plan:
        return False
    sheet.evidence.append(network.describe())
    if network.ceiling_grid >= MIN_CEILING_GRID_LINES:
        sheet.kind = "reflected_ceiling_plan"
        sheet.evidence.append(f"{network.ceiling_grid} dashed ceiling-grid lines")
    else:
        sheet.kind = "floor_plan"
    return True


def _decide_from_drawing(content: PageContent, network: _WallNetwork, sheet: Sheet) -> None:
    words = sum(len(line.split()) for line in content.flow)
    edges = len(content.primitives.segments)
    if _plan_from_walls(network, sheet):
        return
    if words >= PROSE_WORDS and edges < 10 * words:
        sheet.kind = "cover_or_notes"
        sheet.evidence.append(f"mostly text: {words} words, {edges} drawn edges")
    else:
        sheet.evidence.append(f"no title, no sheet series, and no plan's {network.describe()}")


def _drawing_outweighs_text(network: _WallNetwork, sheet: Sheet) -> None:
    """A sheet whose words name a table or notes, but whose drawing is a plan: the words
    were a plan's title-block furniture (its door schedule, general notes, legend)."""
    named = sheet.kind.replace("_", " ")
    if _plan_from_walls(network, sheet):
        sheet.title = None
        sheet.evidence.append(f"the drawing is a plan: it outweighs words naming {named}")


def classify_page(document, index: int, limits: Limits = Limits()) -> Sheet:  # noqa: B008
    """One page of an open document (``open_pdf``): text first, the drawing only if the
    text did not decide. A page that cannot be read is ``unknown`` with its ``error``."""
    try:
        with opened_page(document, index) as reader:
            return _classify(reader, Budget(limits))
    except TooComplex as exc:
        return Sheet(page=index, kind="unknown", evidence=["too complex to read"], error=str(exc))
    except PdfError as exc:
        return Sheet(page=index, kind="unknown", evidence=["unreadable page"], error=str(exc))


def _classify(reader: PageReader, budget: Budget) -> Sheet:
    content = reader.content()
    sheet = _read_title_block(content)
    decided = _decided_without_drawing(content, sheet)
    if decided and sheet.kind not in TEXT_KINDS:
        return sheet
    # Paths smaller than a wall face are lettering drawn as strokes and hatching.
    reader.read_paths(content, budget, min_size=MIN_WALL_FACE_PTS)
    if content.truncated:
        sheet.evidence.append("only part of the drawing was read (object budget)")
    network = _wall_network(content)
    if decided:
        _drawing_outweighs_text(network, sheet)
    else:
        _decide_from_drawing(content, network, sheet)
    return sheet


def classify_sheets(source: bytes | BinaryIO, *, limits: Limits = Limits()) -> Iterator[Sheet]:  # noqa: B008
    """Classify every page in order, one page in memory at a time. A file that is not a
    readable PDF at all raises ``PdfError``."""
    data = read_source(source)
    with open_pdf(data) as document:
        for index in range(len(document)):
            yield classify_page(document, index, limits)


def takeoff_pages(sheets: list[Sheet]) -> list[int]:
    """The floor-plan pages to take off for one building.

    A sheet that shows several levels at once (a key plan) is left out when every level
    it shows has a sheet of its own, or the building would be counted twice.
    """
    plans = [s for s in sheets if s.kind == "floor_plan"]
    single = {level for s in plans if len(s.levels) == 1 for level in s.levels}
    return [s.page for s in plans if len(s.levels) <= 1 or not set(s.levels) <= single]


__all__ = [
    "KINDS",
    "Sheet",
    "classify_page",
    "classify_sheets",
    "takeoff_pages",
]
