"""Room stamps as architects print them: a name, often with a size or an area under it.

    KITCHEN            LIVING ROOM          Bath: 6'1" x 12'8" | 75 sq ft      WOHNEN
    16'9" x 11'3"      12'-11"X13'-5"                                          A: 31,28 m²
    182 sq ft

A stamp may sit on one text line or be split over several, one under the other (in the
text's own frame, so rotated stamps read the same). The printed area, or failing that
the printed size, is what the architect says the room measures: the cross-check for the
room we find and for the drawing scale.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from floorplans.spatialgraph import INCH_M, SQFT_M2

from .room_kinds import fold, room_kind
from .scale import match_scale, normalise_marks, parse_number
from .text import TextLine

_FRACTION = r"(?:\d+\s*/\s*\d+|[½¼¾])"
# 16'9"  12'-11"  11'-2 1/2"  16'-7½"  22'-9.5"  4'0"  8'  11' 3"
_FEET_INCHES = (
    rf"(?P<{{n}}ft>\d+)\s*'\s*(?:-?\s*(?P<{{n}}in>\d+(?:\.\d+)?(?:\s*{_FRACTION})?|{_FRACTION})"
    r"\s*\"?)?"
)
_METRIC = r"(?P<{n}m>\d+(?:[.,]\d+)?)\s*(?P<{n}u>mm|cm|m)?"
_BY = r"\s*(?:[xX\u00d7*]|by|BY)\s*"  # x, X, the multiplication sign, *, by
_SIZE_IMPERIAL = re.compile(
    _FEET_INCHES.format(n="a") + rf"(?:{_BY}|\s*)" + _FEET_INCHES.format(n="b")
)
_SIZE_METRIC = re.compile(
    r"(?<![\d.,'])" + _METRIC.format(n="a") + _BY + _METRIC.format(n="b") + r"(?![\d'\"])"
)
# 12,45  12.45  1.234,5  1,234.5: the last of two different marks is the decimal one.
_NUMBER = (
    r"\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:[.,]\d{3}){2,}"
    r"|\d+(?:[.,]\d+)?"
)
# What a stamp prints before its area: A = / AREA / Fl. / Fläche / NGF / NF / NFA / F: / P =
# (površina) / S = / Sup. / Surf. / Superficie / Opp. (oppervlakte) / Pov. (površina).
_AREA_WORD = (
    r"(?:\b(?:AREA|FL(?:ACHE|ÄCHE)?|N[GR]?F|NFA|SUP(?:ERFICIE)?|SURF(?:ACE)?|OPP|POV(?:RSINA|RŠINA)?)"
    r"\.?(?:\s*(?:[ÚU]TIL|UTILE|NETT[AO]|NETA)\b)?\s*[:=]?\s*|\b[APSF]\s*[:=]\s*)"
)
_AREA = re.compile(
    rf"{_AREA_WORD}?(?P<value>{_NUMBER})\s*"
    r"(?P<unit>m\s*[2²]|m\^2|(?:qm|mq)\b|sq\.?\s*m(?:ts?|trs?)?\b\.?|sqm\b|s\.?f\.?(?![a-z])|"
    r"sq\.?\s*f(?:ee)?t\.?|sqft|ft2|ft²)",
    re.IGNORECASE,
)
# Italian sheets also put the unit first: mq 25,30, Sup. mq. 25,30.
_AREA_UNIT_FIRST = re.compile(
    rf"{_AREA_WORD}?\b(?P<unit>mq)\.?\s*(?P<value>{_NUMBER})(?![\d.,])", re.IGNORECASE
)
# What a stamp prints besides its area, never an area, a name or a scale: the perimeter
# (U = 14,20 m, P: 14.20 m, Umfang, Per., O = obseg), the clear ceiling height (LH 2,50,
# H = 2.60, RH, HSP, h.s.p.), and the room's number on a line of its own (1.04, R-104).
_DETAIL = re.compile(
    rf"\b(?:U|UMF(?:ANG)?|P|PER(?:IMETER|IMETRE|ÍMETRO|IMETRO)?|O|OBSEG|OMTREK)\.?\s*[:=]?\s*"
    rf"(?:{_NUMBER})\s*m\b(?!\s*[2²])|"
    rf"\b(?:LH|RH|H|HSP|H\.S\.P|HP)\.?\s*[:=]?\s*\d[.,]\d{{1,3}}(?:\s*m\b(?!\s*[2²]))?",
    re.IGNORECASE,
)
_LETTER = re.compile(r"[^\W\d_]")
# Room labels also print the room's attributes, never its name: fields as `key: value`
# with a short key (Allplan's FFB= / RFB= floor and ceiling levels, B: Parkett, D + W: Q3
# + A finishes) and the floor finish on a line of its own (ArchiCAD zone stamps).
_FIELD = re.compile(r"^(?:[^\W\d_]{1,4}\.?\s*\+\s*)*(?P<key>[^\W\d_]{1,4})\.?\s*[:=]")
# Floor finishes, folded (upper case, no accents), in the languages the sheets use.
_FINISH_WORDS = (
    "PARKETT PARKET PARQUET PARCHETTO LAMINAT LAMINATE LAMINAAT LAMINATO DIELEN HOLZ WOOD "
    "HARDWOOD TIMBER FLIESEN FLIESE TILES TILE TEGELS PIASTRELLE BALDOSAS BALDOSA GRES "
    "CARRELAGE KERAMIK KERAMIKA CERAMIC CERAMICA CERAMIQUE PLOSCICE TEPPICH TEPIH CARPET "
    "MOQUETTE LINOLEUM VINYL VINILE PVC LVT ESTRICH SCREED BETON CONCRETE EPOXY TERRAZZO "
    "MARMOR MARBLE MARMO NATURSTEIN GRANIT GRANITE KORK CORK"
)
_FINISHES = frozenset(_FINISH_WORDS.split())
# 1.04, 104, R-104, EG.04, B1.04a; not WC 1 or BR2 (see `_is_detail`).
_ROOM_NUMBER = re.compile(r"^\s*(?P<prefix>[A-Z]{1,3})?[-.]?\d+(?:[.\-]\d+)*[A-Za-z]?\s*$")
_SEPARATORS = re.compile(r"^[\s:|=,;/()\-+]+|[\s:|=,;/()\-]+$")
# Lines that print a total for the sheet or the building, not one room's stamp.
_TOTAL_WORDS = re.compile(
    r"\b(TOTAL|GROSS|FINISHED|UNFINISHED|PLOT|SITE|BUILDING|BUILT|FLOOR AREA|CARPET AREA|"
    r"COVERED|GESAMT|WOHNFLACHE|SURFACE TOTALE|SUPERFICIE|BRUTTO|BGF|SUMME|SOMME|SUMA|SOMMA|"
    r"TOTALE|TOTAAL|SKUPAJ|SKUPNA)\b"
)
# A word this short that names no room, printed before an area under a name, is the
# area's own prefix (S.U., Wfl., NUF, Pl.), not part of the name.
MAX_PREFIX_LETTERS = 5
# A name of a kind we do not know that still says it is a room (folded: upper case).
_ROOM_WORD = re.compile(r"\bROOMS?\b")
# A stamp name is a few words; a longer line is a note that happens to quote an area.
MAX_LABEL_WORDS = 4
# A stamp's next line starts within this many font sizes under the previous one.
LINE_STEP = 2.2


@dataclass(slots=True)
class StampLine:
    """What one text line says: a name, a size (metres x metres) and/or an area (m²)."""

    line: TextLine
    label: str
    size_m: tuple[float, float] | None
    area_m2: float | None
    detail: bool = False  # a perimeter, ceiling height or room number: part of a stamp


@dataclass(slots=True)
class RoomStamp:
    label: str
    kind: str | None
    x: float  # centre of the name line, display space
    y: float
    size_m: tuple[float, float] | None = None
    area_m2: float | None = None  # as printed
    lines: list[TextLine] = field(default_factory=list)

    @property
    def printed_area_m2(self) -> float | None:
        """The printed area, else the printed size's area."""
        if self.area_m2 is not None:
            return self.area_m2
        return self.size_m[0] * self.size_m[1] if self.size_m else None


def _inches(feet: str, inches: str | None) -> float:
    extra = 0.0
    if inches:
        clean = inches.replace("½", " 1/2").replace("¼", " 1/4").replace("¾", " 3/4").strip()
        whole, _, frac = clean.partition(" ")
        extra = float(whole) if "/" not in whole else parse_number(whole)
        if frac:
            extra += parse_number(frac)
    return int(feet) * 12 + extra


def _metric_length(value: str, unit: str | None) -> float | None:
    number = float(value.replace(",", "."))
    if unit:
        return number * {"mm": 0.001, "cm": 0.01, "m": 1.0}[unit.lower()]
    if number >= 300:  # 3600 x 4200: millimetres, how metric drawings dimension
        return number / 1000
    if "." in value or "," in value:
        return number
    return None  # 2x12 JOISTS, 6X6 POST: lumber, not a room


def parse_size(text: str) -> tuple[tuple[float, float], str] | None:
    """A printed room size in metres (width, depth) and the text it was read from."""
    clean = normalise_marks(text)
    if match := _SIZE_IMPERIAL.search(clean):
        a = _inches(match["aft"], match["ain"]) * INCH_M
        b = _inches(match["bft"], match["bin"]) * INCH_M
        return ((a, b), match.group(0)) if a > 0 and b > 0 else None
    if match := _SIZE_METRIC.search(clean):
        a = _metric_length(match["am"], match["au"])
        b = _metric_length(match["bm"], match["bu"])
        if a and b and 0.3 <= a <= 100 and 0.3 <= b <= 100:
            return (a, b), match.group(0)
    return None


def parse_decimal(text: str) -> float:
    """12,45 and 12.45; 1.234,5 and 1,234.5 (of two different marks the last is the
    decimal one); 1.234.567 (a repeated mark groups thousands)."""
    marks = [ch for ch in text if ch in ".,"]
    if len(set(marks)) == 2:
        whole, _, fraction = text.rpartition(marks[-1])
        return float(f"{re.sub('[.,]', '', whole)}.{fraction}")
    if len(marks) > 1:
        return float(re.sub("[.,]", "", text))
    return float(text.replace(",", "."))


def parse_area(text: str) -> tuple[float, str] | None:
    """A printed area in m² (`182 sq ft`, `189 SF`, `A: 31.28 m2`, `NGF 12,45 m²`,
    `1.234,5 m²`, `12,45 qm`, `mq 25,30`) and the text it was read from."""
    match = _AREA.search(text) or _AREA_UNIT_FIRST.search(text)
    if match is None:
        return None
    unit = match["unit"].lower()
    metric = unit.startswith(("m", "q")) or (unit.startswith("sq") and "f" not in unit)
    value = match["value"]
    if not metric and re.fullmatch(r"\d{1,3},\d{3}", value):
        value = value.replace(",", "")  # 1,234 SF: nobody prints square feet to 3 decimals
    value = parse_decimal(value)
    area = value if metric else value * SQFT_M2
    return (area, match.group(0)) if area > 0 else None


def _is_detail(text: str, rest: str) -> bool:
    """Does the line only print a stamp's perimeter, ceiling height or room number?
    `rest` is the text with its perimeter and height taken out."""
    if rest != text and not re.search(r"\w", rest):
        return True
    number = _ROOM_NUMBER.match(text)
    return bool(number) and not (number["prefix"] and room_kind(number["prefix"]))


def _is_scale_note(text: str) -> bool:
    """Scala 1:100, ESCALA 1/50: a scale note, not a stair (the marks first: most lines
    have none, and a scale note cannot do without)."""
    return any(mark in text for mark in ":/=") and match_scale(text) is not None


def read_stamp_line(line: TextLine) -> StampLine:
    if _is_scale_note(line.text):
        return StampLine(line, "", None, None)
    rest = _DETAIL.sub(" ", line.text)
    if _is_detail(line.text, rest):
        return StampLine(line, "", None, None, detail=True)
    size = parse_size(rest)
    if size:
        rest = normalise_marks(rest).replace(size[1], " ")
    area = parse_area(rest)
    if area:
        rest = rest.replace(area[1], " ")
    if _is_attribute(" ".join(rest.split())):
        return StampLine(line, "", size[0] if size else None, area[0] if area else None, True)
    label = _SEPARATORS.sub("", " ".join(rest.split()))
    if len(_LETTER.findall(label)) < 2:  # W.C. is a name; R-104 or 2.60 is not
        label = ""
    return StampLine(line, label, size[0] if size else None, area[0] if area else None)


def _is_attribute(text: str) -> bool:
    """Does the line print a field or the floor finish of a room label, not a name?
    `WC:` or `Bad:` before a size is still the room's name."""
    if field := _FIELD.match(text):
        return room_kind(field["key"]) is None
    words = fold(text).split()
    return bool(words) and all(word in _FINISHES for word in words)


def _frame(line: TextLine) -> tuple[float, float]:
    """(along, down) coordinates of a line's centre in its own writing frame."""
    a = math.radians(line.angle)
    ux, uy = math.cos(a), math.sin(a)
    return line.x * ux + line.y * uy, -line.x * uy + line.y * ux


def _is_name(part: StampLine) -> bool:
    if len(part.label.split()) > MAX_LABEL_WORDS:
        return False  # a note that happens to quote an area (and folding it costs)
    folded = fold(part.label)
    return 0 < len(folded.split()) <= MAX_LABEL_WORDS and not _TOTAL_WORDS.search(folded)


def _is_area_prefix(part: StampLine) -> bool:
    letters = fold(part.label).replace(" ", "")
    return (
        part.area_m2 is not None and len(letters) <= MAX_PREFIX_LETTERS and not room_kind(letters)
    )


def _below(head: StampLine, tail: StampLine, bottom: float) -> bool:
    """Is ``tail`` the next line of the stamp whose last line sits at ``bottom``?"""
    if tail.line.angle != head.line.angle:
        return False
    hu, _ = _frame(head.line)
    tu, tv = _frame(tail.line)
    size = max(head.line.size, tail.line.size)
    reach = (head.line.length + tail.line.length) / 2 + size
    return abs(tu - hu) <= reach and 0 < tv - bottom <= LINE_STEP * size


def _still_open(
    open_heads: list[tuple[StampLine, RoomStamp, float]], part: StampLine
) -> list[tuple[StampLine, RoomStamp, float]]:
    """The stamps a line further down could still continue: lines come top to bottom, so a
    stamp ending more than LINE_STEP above this one is closed (this keeps reading linear
    on a sheet of a thousand stamps)."""
    _, v = _frame(part.line)
    return [
        entry
        for entry in open_heads
        if entry[0].line.angle == part.line.angle
        and v - entry[2] <= LINE_STEP * max(entry[0].line.size, part.line.size)
    ]


def _continued_name(
    part: StampLine, open_heads: list[tuple[StampLine, RoomStamp, float]]
) -> RoomStamp | None:
    """`Bath+` over `Toilet`, `BACK` over `PORCH`: a name broken over two lines is one
    stamp, not two rooms. Only once, only while it stays a name and only if the two lines
    do not name different kinds of room: a column of names is a legend."""
    words, kind = len(part.label.split()), room_kind(part.label)
    for i in range(len(open_heads) - 1, -1, -1):
        head, stamp, bottom = open_heads[i]
        short = len(stamp.lines) == 1 and len(stamp.label.split()) + words <= MAX_LABEL_WORDS
        same = kind is None or stamp.kind is None or kind == stamp.kind
        bare = stamp.size_m is None and stamp.area_m2 is None
        if short and same and bare and _below(head, part, bottom):
            open_heads[i] = (head, stamp, _frame(part.line)[1])
            return stamp
    return None


def read_stamps(lines: list[TextLine]) -> list[RoomStamp]:
    """The room stamps on the sheet, top to bottom in each text direction."""
    parts = sorted(
        (read_stamp_line(line) for line in lines if line.text.strip()),
        key=lambda p: (p.line.angle, _frame(p.line)[1]),
    )
    stamps: list[RoomStamp] = []
    open_heads: list[tuple[StampLine, RoomStamp, float]] = []  # head, stamp, bottom (v)
    for part in parts:
        open_heads = _still_open(open_heads, part)
        if part.label and not _is_name(part):
            continue  # a note, or a total printed for the floor or the building
        if part.label and (merged := _continued_name(part, open_heads)):
            if not _is_area_prefix(part):
                merged.label = f"{merged.label} {part.label}"
                merged.kind = room_kind(merged.label)
            merged.size_m, merged.area_m2 = part.size_m, part.area_m2
            merged.lines.append(part.line)
            continue
        if part.label:
            stamp = RoomStamp(part.label, room_kind(part.label), part.line.x, part.line.y)
            stamp.size_m, stamp.area_m2, stamp.lines = part.size_m, part.area_m2, [part.line]
            stamps.append(stamp)
            open_heads.append((part, stamp, _frame(part.line)[1]))
            continue
        if part.size_m is None and part.area_m2 is None and not part.detail:
            continue
        # A size, an area or a detail on its own line belongs to the nearest name above it.
        for i in range(len(open_heads) - 1, -1, -1):
            head, stamp, bottom = open_heads[i]
            free = (part.size_m is None or stamp.size_m is None) and (
                part.area_m2 is None or stamp.area_m2 is None
            )
            if free and _below(head, part, bottom):
                stamp.size_m = stamp.size_m or part.size_m
                stamp.area_m2 = stamp.area_m2 or part.area_m2
                stamp.lines.append(part.line)
                open_heads[i] = (head, stamp, _frame(part.line)[1])
                break
    # A size alone does not make a room (door schedules print sizes); a known name, an area,
    # or a name that says ROOM over a size (`ROOM` / `11'X14'-7.5"`, `W ROOM`) does.
    return [
        s for s in stamps if s.kind or s.area_m2 or (s.size_m and _ROOM_WORD.search(fold(s.label)))
    ]
