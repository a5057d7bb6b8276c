"""Generator options: one table (`_SPECS`) drives validation, defaults and the schema.

Long lengths (wall height, stock lengths) are read in the unit system's length unit (ft or m);
small ones (stud spacing, opening heights) in inches or millimetres, as drawings and framers
state them. Unit-dependent options default per unit system when omitted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from .catalogue import CATEGORIES
from .errors import OptionError
from .units import LENGTH_UNIT, LUMBER, SMALL_LENGTH_UNIT, Lumber, from_metres, to_metres

UNIT_SYSTEMS = ("imperial", "metric")
FLOORING_MATERIALS = ("tile", "laminate", "vinyl", "carpet", "none")
WASTE_CATEGORIES = CATEGORIES  # one waste allowance per BOM category
# Wet rooms get tile; user rules are consulted before these, so any of them can be overridden.
DEFAULT_FLOORING_RULES: tuple[tuple[str, str], ...] = (
    ("BATH", "tile"),
    ("KITCHEN", "tile"),
    ("WC", "tile"),
    ("LAUNDRY", "tile"),
)
# The same by room kind, which the extractor reads from labels in any language (KOPALNICA,
# Küche): consulted after every label rule.
WET_ROOM_KINDS = ("bathroom", "kitchen", "laundry")

_STOCK_LENGTHS = {"imperial": (8.0, 10.0, 12.0, 16.0), "metric": (2.4, 3.0, 3.6, 4.8)}
_MIN_CRIPPLE_GAP_NOTE = "opening heights plus the header must fit under the top plates"


@dataclass(frozen=True)
class _Spec:
    """How one option is read: per unit system, a default and either allowed values or a range."""

    type: str  # "string" | "number" | "integer" | "boolean" | "object"
    help: str
    default: dict[str, Any]  # unit system -> default
    allowed: dict[str, tuple[Any, ...]] | None = None
    range: dict[str, tuple[float, float]] | None = None
    unit: dict[str, str] | None = None


def _by_system(imperial: Any, metric: Any) -> dict[str, Any]:
    return {"imperial": imperial, "metric": metric}


def _same(value: Any) -> dict[str, Any]:
    return _by_system(value, value)


_SPECS: dict[str, _Spec] = {
    "unit_system": _Spec(
        "string",
        "Units for options and for what is bought: imperial (ft, in, ft², gal) "
        "or metric (m, mm, m², L).",
        _same("imperial"),
        allowed=_same(UNIT_SYSTEMS),
    ),
    "wall_height": _Spec(
        "number",
        "Framed wall height, floor to top of the top plates (ft or m).",
        _by_system(8.0, 2.4),
        range=_by_system((6.0, 16.0), (1.8, 4.8)),
        unit=LENGTH_UNIT,
    ),
    "stud_spacing": _Spec(
        "integer",
        "Stud spacing on centre (in or mm).",
        _by_system(16, 400),
        allowed=_by_system((12, 16, 24), (300, 400, 600)),
        unit=SMALL_LENGTH_UNIT,
    ),
    "stud_stock_length": _Spec(
        "number",
        "Stock length studs, jacks and cripples are cut from (ft or m); "
        "defaults to the shortest stock that fits a full stud.",
        _same(None),
        allowed=_STOCK_LENGTHS,
        unit=LENGTH_UNIT,
    ),
    "plate_stock_length": _Spec(
        "number",
        "Stock length plates, sills and headers are cut from (ft or m).",
        _by_system(16.0, 4.8),
        allowed=_STOCK_LENGTHS,
        unit=LENGTH_UNIT,
    ),
    "top_plates": _Spec(
        "string",
        "Top plates per wall: single or double (double laps at corners and is the code default).",
        _same("double"),
        allowed=_same(("single", "double")),
    ),
    "drywall_sheet": _Spec(
        "string",
        "Drywall sheet size, width x length (ft or mm).",
        _by_system("4x8", "1200x2400"),
        allowed=_by_system(("4x8", "4x12"), ("1200x2400", "1200x3000")),
    ),
    "drywall_method": _Spec(
        "string",
        "How wall sheets are counted: layout (sheets laid along each face, part sheets bought "
        "whole, sheets wholly inside an opening skipped) or area (net face area / sheet area). "
        "Ceilings are always counted by area.",
        _same("layout"),
        allowed=_same(("layout", "area")),
    ),
    "ceilings": _Spec(
        "boolean",
        "Board and paint ceilings (area = the rooms' floor areas).",
        _same(True),
    ),
    "flooring": _Spec(
        "object",
        "Flooring per room label: a mapping of label substring -> material "
        f"({', '.join(FLOORING_MATERIALS)}), or 'LABEL=material,...'. Checked before the "
        f"defaults {', '.join(f'{label} -> {floor}' for label, floor in DEFAULT_FLOORING_RULES)}; "
        "case-insensitive. A key may also name a room kind (bathroom, kitchen, laundry, "
        "bedroom ...); rooms of a wet kind in any language get tile unless a rule matches first.",
        _same({}),
    ),
    "flooring_default": _Spec(
        "string",
        "Flooring for rooms no rule matches.",
        _same("laminate"),
        allowed=_same(FLOORING_MATERIALS),
    ),
    "paint_coats": _Spec(
        "integer", "Coats of paint on walls (and ceilings).", _same(2), range=_same((1, 4))
    ),
    "paint_coverage": _Spec(
        "number",
        "Paint coverage per coat (ft²/gal or m²/L).",
        _by_system(350.0, 9.0),
        range=_by_system((150.0, 500.0), (4.0, 15.0)),
        unit=_by_system("ft2/gal", "m2/L"),
    ),
    "door_height": _Spec(
        "number",
        "Door rough-opening height from the floor (in or mm).",
        _by_system(82.0, 2100.0),
        range=_by_system((72.0, 120.0), (1800.0, 3000.0)),
        unit=SMALL_LENGTH_UNIT,
    ),
    "window_height": _Spec(
        "number",
        "Window rough-opening height (in or mm).",
        _by_system(48.0, 1200.0),
        range=_by_system((12.0, 96.0), (300.0, 2400.0)),
        unit=SMALL_LENGTH_UNIT,
    ),
    "window_sill_height": _Spec(
        "number",
        "Height of the window rough opening's bottom above the floor (in or mm).",
        _by_system(36.0, 900.0),
        range=_by_system((6.0, 72.0), (150.0, 1800.0)),
        unit=SMALL_LENGTH_UNIT,
    ),
    **{
        f"waste_{category}": _Spec(
            "number",
            f"Waste allowance for {category}, percent added before rounding up (0-50).",
            _same(10.0),
            range=_same((0.0, 50.0)),
            unit=_same("%"),
        )
        for category in WASTE_CATEGORIES
    },
}


@dataclass(frozen=True)
class GeneratorOptions:
    """Validated generator options. Build them with parse_options(), which fills in the
    unit system's defaults from `_SPECS`; the fields have none of their own on purpose."""

    unit_system: str
    wall_height: float
    stud_spacing: int
    stud_stock_length: float
    plate_stock_length: float
    top_plates: str
    drywall_sheet: str
    drywall_method: str
    ceilings: bool
    # Effective rules in the order they are tried (user rules, then defaults).
    flooring: tuple[tuple[str, str], ...]
    flooring_default: str
    paint_coats: int
    paint_coverage: float
    door_height: float
    window_height: float
    window_sill_height: float
    waste_framing: float
    waste_drywall: float
    waste_flooring: float
    waste_paint: float
    waste_trim: float

    def __post_init__(self) -> None:
        if isinstance(self.flooring, Mapping):
            object.__setattr__(self, "flooring", _merge_flooring(self.flooring))
        _validate(self)

    # Sizes in metres, which is all the layout code reads.
    @property
    def lumber(self) -> Lumber:
        return LUMBER[self.unit_system]

    @property
    def length_unit(self) -> str:
        return LENGTH_UNIT[self.unit_system]

    @property
    def small_unit(self) -> str:
        return SMALL_LENGTH_UNIT[self.unit_system]

    @property
    def wall_height_m(self) -> float:
        return to_metres(self.wall_height, self.length_unit)

    @property
    def stud_spacing_m(self) -> float:
        return to_metres(self.stud_spacing, self.small_unit)

    @property
    def stud_stock_m(self) -> float:
        return to_metres(self.stud_stock_length, self.length_unit)

    @property
    def plate_stock_m(self) -> float:
        return to_metres(self.plate_stock_length, self.length_unit)

    @property
    def top_plate_count(self) -> int:
        return _top_plate_count(self.top_plates)

    @property
    def stud_length_m(self) -> float:
        return _stud_length_m(self.wall_height_m, self.top_plates, self.lumber)

    @property
    def under_top_plates_m(self) -> float:
        """Underside of the top plate(s): the top of the space a header and cripples fill."""
        return self.wall_height_m - self.top_plate_count * self.lumber.thickness_m

    @property
    def door_height_m(self) -> float:
        return to_metres(self.door_height, self.small_unit)

    @property
    def window_height_m(self) -> float:
        return to_metres(self.window_height, self.small_unit)

    @property
    def window_sill_height_m(self) -> float:
        return to_metres(self.window_sill_height, self.small_unit)

    @property
    def sheet_size_m(self) -> tuple[float, float]:
        """(width, length) of one drywall sheet."""
        width, length = (float(part) for part in self.drywall_sheet.split("x"))
        unit = "ft" if self.unit_system == "imperial" else "mm"
        return to_metres(width, unit), to_metres(length, unit)

    def waste(self, category: str) -> Decimal:
        """Waste as a fraction (10 % -> Decimal('0.1')), exact so rounding up is not fooled."""
        return Decimal(str(getattr(self, f"waste_{category}"))) / 100

    def flooring_for(self, label: str, kind: str = "") -> str:
        upper, kind_upper = label.upper(), kind.upper()
        for substring, material in self.flooring:
            if substring in upper or substring == kind_upper:
                return material
        if kind in WET_ROOM_KINDS:
            return "tile"
        return self.flooring_default


def _top_plate_count(top_plates: str) -> int:
    return 2 if top_plates == "double" else 1


def _stud_length_m(wall_height_m: float, top_plates: str, lumber: Lumber) -> float:
    """A full stud runs between the bottom plate and the top plate(s)."""
    return wall_height_m - (1 + _top_plate_count(top_plates)) * lumber.thickness_m


def _merge_flooring(user_rules: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    rules = [(str(k).strip().upper(), str(v).strip().lower()) for k, v in user_rules.items()]
    overridden = {key for key, _ in rules}
    defaults = (rule for rule in DEFAULT_FLOORING_RULES if rule[0] not in overridden)
    return (*rules, *defaults)


def parse_options(data: Mapping[str, Any]) -> GeneratorOptions:
    """Validate user-supplied options (JSON body, CLI flags) into GeneratorOptions.

    Unknown keys are errors, so a typo never silently falls back to a default. Numbers and
    booleans may arrive as strings (CLI flags); flooring may be 'LABEL=material,...'.
    """
    if not isinstance(data, Mapping):
        raise OptionError("options", "must be an object of option name -> value")
    unknown = sorted(set(data) - set(_SPECS))
    if unknown:
        raise OptionError(
            unknown[0], f"unknown option; allowed options are {', '.join(sorted(_SPECS))}"
        )
    # First, because every other option's default and range depend on it.
    unit_spec = _SPECS["unit_system"]
    unit_system = _coerce("unit_system", data.get("unit_system", "imperial"), unit_spec)
    _check("unit_system", unit_system, unit_spec, "imperial")
    values: dict[str, Any] = {}
    for name, spec in _SPECS.items():
        raw = data.get(name)
        values[name] = spec.default[unit_system] if raw is None else _coerce(name, raw, spec)
    values["unit_system"] = unit_system
    if values["stud_stock_length"] is None:
        values["stud_stock_length"] = _shortest_fitting_stock(values)
    values["flooring"] = _merge_flooring(values["flooring"])
    return GeneratorOptions(**values)


def _shortest_fitting_stock(values: dict[str, Any]) -> float:
    unit_system = values["unit_system"]
    unit = LENGTH_UNIT[unit_system]
    wall_height_m = to_metres(float(values["wall_height"]), unit)
    stud_m = _stud_length_m(wall_height_m, values["top_plates"], LUMBER[unit_system])
    choices = _STOCK_LENGTHS[unit_system]
    for stock in choices:
        if to_metres(stock, unit) >= stud_m:
            return stock
    # Even the longest is too short: _validate reports it with the lengths involved.
    return choices[-1]


_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def _coerce(name: str, raw: Any, spec: _Spec) -> Any:
    """Turn JSON or CLI text into the option's Python type; range checks happen in _validate."""
    if spec.type == "boolean":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
            return raw.strip().lower() in _TRUE
        raise OptionError(name, "must be true or false")
    if spec.type in ("number", "integer"):
        if isinstance(raw, bool):
            raise OptionError(name, "must be a number")
        try:
            number = float(raw)
        except (TypeError, ValueError):
            raise OptionError(name, "must be a number") from None
        if not math.isfinite(number):
            raise OptionError(name, "must be a finite number")
        if spec.type == "integer":
            if number != int(number):
                raise OptionError(name, "must be a whole number")
            return int(number)
        return number
    if spec.type == "object":
        return _coerce_flooring(name, raw)
    if not isinstance(raw, str):
        raise OptionError(name, "must be a string")
    return raw.strip().lower()


def _coerce_flooring(name: str, raw: Any) -> dict[str, str]:
    if isinstance(raw, str):
        pairs: dict[str, str] = {}
        for item in filter(None, (part.strip() for part in raw.split(","))):
            label, sep, material = item.partition("=")
            if not sep:
                raise OptionError(name, f"'{item}' is not LABEL=material")
            pairs[label] = material
        raw = pairs
    if not isinstance(raw, Mapping):
        raise OptionError(name, "must map a room-label substring to a material")
    for label, material in raw.items():
        if not isinstance(label, str) or not label.strip():
            raise OptionError(name, "room-label substrings must be non-empty text")
        if not isinstance(material, str):
            raise OptionError(name, f"material for '{label}' must be text")
    return dict(raw)  # the materials themselves are checked by _validate


def _check(name: str, value: Any, spec: _Spec, unit_system: str) -> None:
    """One option against its spec: allowed values, range and type, in the unit system."""
    unit = f" {spec.unit[unit_system]}" if spec.unit else ""
    if spec.allowed is not None:
        allowed = spec.allowed[unit_system]
        if not any(_equal(value, choice) for choice in allowed):
            listed = ", ".join(_show(choice) for choice in allowed)
            suffix = "" if name == "unit_system" else f" ({unit_system})"
            raise OptionError(name, f"must be one of {listed}{unit}{suffix}")
    if spec.range is not None:
        low, high = spec.range[unit_system]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise OptionError(name, "must be a number")
        if not low <= value <= high:
            raise OptionError(
                name, f"must be between {_show(low)} and {_show(high)}{unit} ({unit_system})"
            )
    if spec.type == "boolean" and not isinstance(value, bool):
        raise OptionError(name, "must be true or false")


def _validate(options: GeneratorOptions) -> None:
    _check("unit_system", options.unit_system, _SPECS["unit_system"], "imperial")
    for name, spec in _SPECS.items():
        if spec.type != "object":  # flooring: its merged rules, below
            _check(name, getattr(options, name), spec, options.unit_system)
    for label, material in options.flooring:
        if material not in FLOORING_MATERIALS:
            raise OptionError(
                "flooring", f"material for '{label}' must be one of {', '.join(FLOORING_MATERIALS)}"
            )
    _validate_heights(options)


def _validate_heights(options: GeneratorOptions) -> None:
    """Cross-field checks: the pieces must physically fit inside the wall."""
    lumber = options.lumber
    if options.stud_length_m > options.stud_stock_m + 1e-9:
        raise OptionError(
            "stud_stock_length",
            f"{_show(options.stud_stock_length)} {options.length_unit} stock is shorter than "
            f"the {_show_small(options, options.stud_length_m)} studs a "
            f"{_show(options.wall_height)} {options.length_unit} wall needs",
        )
    under_plates = options.under_top_plates_m
    if options.door_height_m + lumber.header_depth_m > under_plates + 1e-9:
        raise OptionError(
            "door_height",
            f"too tall for a {_show(options.wall_height)} {options.length_unit} "
            f"wall: {_MIN_CRIPPLE_GAP_NOTE}",
        )
    window_top = options.window_sill_height_m + options.window_height_m
    if window_top + lumber.header_depth_m > under_plates + 1e-9:
        raise OptionError(
            "window_height",
            f"sill height plus window height is too tall for a "
            f"{_show(options.wall_height)} {options.length_unit} wall: {_MIN_CRIPPLE_GAP_NOTE}",
        )


def _equal(value: Any, choice: Any) -> bool:
    if isinstance(choice, float) and isinstance(value, int | float) and not isinstance(value, bool):
        return abs(value - choice) < 1e-9
    return value == choice


def _show(value: Any) -> str:
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def _show_small(options: GeneratorOptions, metres: float) -> str:
    digits = 2 if options.unit_system == "imperial" else 0
    return f"{from_metres(metres, options.small_unit):.{digits}f} {options.small_unit}"


def options_to_dict(options: GeneratorOptions) -> dict[str, Any]:
    """JSON-friendly copy of the options, as stored in a BOM snapshot."""
    result: dict[str, Any] = {}
    for item in fields(options):
        value = getattr(options, item.name)
        result[item.name] = dict(value) if item.name == "flooring" else value
    return result


def options_schema() -> dict[str, Any]:
    """JSON-Schema-style description of every option, for docs, OpenAPI and CLI flags.

    Unit-dependent options carry per-unit-system defaults and choices in `x-by-unit-system`;
    their top-level `default` is null, meaning "the unit system's default".
    """
    properties: dict[str, Any] = {}
    for name, spec in _SPECS.items():
        same_default = spec.default["imperial"] == spec.default["metric"]
        prop: dict[str, Any] = {
            "type": spec.type if same_default else [spec.type, "null"],
            "default": dict(spec.default["imperial"])
            if spec.type == "object"
            else (spec.default["imperial"] if same_default else None),
            "description": spec.help,
        }
        if spec.type == "object":
            prop["additionalProperties"] = {"type": "string", "enum": list(FLOORING_MATERIALS)}
        by_system: dict[str, Any] = {}
        for system in UNIT_SYSTEMS:
            entry: dict[str, Any] = {"default": spec.default[system]}
            if spec.allowed is not None:
                entry["enum"] = list(spec.allowed[system])
            if spec.range is not None:
                entry["minimum"], entry["maximum"] = spec.range[system]
            if spec.unit is not None:
                entry["unit"] = spec.unit[system]
            by_system[system] = entry
        if spec.allowed is not None and spec.allowed["imperial"] == spec.allowed["metric"]:
            prop["enum"] = list(spec.allowed["imperial"])
        if spec.range is not None and spec.range["imperial"] == spec.range["metric"]:
            prop["minimum"], prop["maximum"] = spec.range["imperial"]
        if not same_default or spec.unit is not None:
            prop["x-by-unit-system"] = by_system
        properties[name] = prop
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }


OPTION_NAMES: tuple[str, ...] = tuple(_SPECS)
