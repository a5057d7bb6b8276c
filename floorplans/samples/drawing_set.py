"""Multi-page drawing sets: floor plans for several levels among the other sheets, with
the kind of every page known exactly (the classifier's answer key)."""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from floorplans.samples.catalog import sample_plans
from floorplans.samples.pdf_pen import Pen
from floorplans.samples.plan import Plan
from floorplans.samples.render import draw_plan_page
from floorplans.samples.sheet_kinds import SilentPen, draw_sheet_of_kind
from floorplans.samples.title_block import drawing_area

LEVEL_NAMES = ("FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH")
# Non-plan sheets in the order sets bind them, with their National CAD Standard numbers.
_OTHER_SHEETS = (
    ("site_plan", "SITE PLAN", "A-001"),
    ("reflected_ceiling_plan", "REFLECTED CEILING PLAN", "A-121"),
    ("elevation", "NORTH ELEVATION", "A-201"),
    ("elevation", "SOUTH ELEVATION", "A-202"),
    ("section", "BUILDING SECTION A-A", "A-301"),
    ("detail", "WALL DETAILS", "A-501"),
    ("schedule", "ROOM FINISH SCHEDULE", "A-601"),
)


# A set's titles as architects print them, language by language (issue 10: plans come
# from other countries), accents sometimes lost as exports lose them, in either case.
SHEET_TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "de": (
        ("cover_or_notes", "DECKBLATT"),
        ("floor_plan", "GRUNDRISS EG"),
        ("floor_plan", "Grundriss 1.OG"),
        ("floor_plan", "Grundriß Dachgeschoss"),
        ("site_plan", "LAGEPLAN"),
        ("reflected_ceiling_plan", "DECKENSPIEGEL EG"),
        ("elevation", "ANSICHT NORD"),
        ("elevation", "Ansichten Süd und West"),
        ("section", "SCHNITT A-A"),
        ("section", "Laengsschnitt"),
        ("detail", "DETAIL 1"),
        ("schedule", "TÜR- UND FENSTERLISTE"),
        ("schedule", "RAUMBUCH"),
    ),
    "fr": (
        ("cover_or_notes", "PAGE DE GARDE"),
        ("floor_plan", "PLAN DU REZ-DE-CHAUSSÉE"),
        ("floor_plan", "Plan de l\u2019étage"),
        ("floor_plan", "PLAN R+1"),
        ("floor_plan", "PLAN DU SOUS-SOL"),
        ("site_plan", "PLAN DE MASSE"),
        ("site_plan", "Plan de situation"),
        ("site_plan", "PLAN DE TOITURE"),
        ("reflected_ceiling_plan", "PLAN DE PLAFOND RDC"),
        ("elevation", "FAÇADE NORD"),
        ("elevation", "FACADES EST ET OUEST"),
        ("elevation", "ÉLÉVATION SUD"),
        ("section", "COUPE AA"),
        ("detail", "CARNET DE DÉTAILS"),
        ("schedule", "NOMENCLATURE DES MENUISERIES"),
    ),
    "es": (
        ("cover_or_notes", "PORTADA"),
        ("floor_plan", "PLANTA BAJA"),
        ("floor_plan", "Planta primera"),
        ("floor_plan", "PLANTA SOTANO"),
        ("floor_plan", "PLANTA ARQUITECTÓNICA"),
        ("floor_plan", "PLANTA DE DISTRIBUCIÓN"),
        ("site_plan", "PLANO DE SITUACIÓN"),
        ("site_plan", "EMPLAZAMIENTO"),
        ("reflected_ceiling_plan", "PLANTA DE FALSOS TECHOS"),
        ("elevation", "ALZADO NORTE"),
        ("elevation", "FACHADA PRINCIPAL"),
        ("section", "SECCION A-A"),
        ("section", "CORTE B-B"),
        ("detail", "DETALLES CONSTRUCTIVOS"),
        ("schedule", "CUADRO DE SUPERFICIES"),
        ("cover_or_notes", "MEMORIA"),
    ),
    "it": (
        ("cover_or_notes", "COPERTINA"),
        ("floor_plan", "PIANTA PIANO TERRA"),
        ("floor_plan", "Pianta piano primo"),
        ("floor_plan", "PIANTA PIANO INTERRATO"),
        ("site_plan", "PLANIMETRIA GENERALE"),
        ("reflected_ceiling_plan", "PIANTA CONTROSOFFITTI"),
        ("elevation", "PROSPETTO SUD"),
        ("elevation", "PROSPETTI EST E OVEST"),
        ("section", "SEZIONE A-A"),
        ("detail", "PARTICOLARI COSTRUTTIVI"),
        ("schedule", "ABACO DEGLI INFISSI"),
    ),
    "nl": (
        ("cover_or_notes", "VOORBLAD"),
        ("floor_plan", "PLATTEGROND BEGANE GROND"),
        ("floor_plan", "Plattegrond eerste verdieping"),
        ("floor_plan", "PLATTEGROND KELDER"),
        ("floor_plan", "PLATTEGROND ZOLDER"),
        ("site_plan", "SITUATIE"),
        ("reflected_ceiling_plan", "PLAFONDPLAN"),
        ("elevation", "VOORGEVEL"),
        ("elevation", "GEVELS"),
        ("section", "DOORSNEDE A-A"),
        ("detail", "DETAILS"),
        ("schedule", "DEURENSTAAT"),
    ),
    "sl": (
        ("cover_or_notes", "NASLOVNICA"),
        ("floor_plan", "TLORIS PRITLICJA"),  # no Č in the sample font: as exports lose it
        ("floor_plan", "Tloris nadstropja"),
        ("floor_plan", "TLORIS KLETI"),
        ("floor_plan", "TLORIS MANSARDE"),
        ("site_plan", "SITUACIJA"),
        ("elevation", "JUŽNA FASADA"),
        ("elevation", "FASADE"),
        ("section", "PREREZ A-A"),
        ("detail", "DETAJL 1"),
        ("schedule", "TABELA POVRŠIN"),
    ),
}


@dataclass(frozen=True)
class SheetSpec:
    """One page: its kind, and for plan pages the plan (other kinds draw from it too)."""

    kind: str  # a sheet kind, or "raster_only" / "broken" for the bad pages
    plan: Plan
    title: str = ""
    number: str = ""
    lettered: bool = True  # False: no text at all (outlined or dropped lettering)
    style: str = "double_line"
    # More lettering on a sheet other than a plan, (text, size) each: notes, tags, stamps.
    labels: tuple[tuple[str, float], ...] = ()


def _draw_labels(pen: Pen, sheet: SheetSpec) -> None:
    """The sheet's labels one under another, down the drawing area's left edge."""
    x, y, _, _ = drawing_area(sheet.plan.page_size)
    for text, size in sheet.labels:
        y += size * 1.6
        pen.text((x + 20, y), text, size)


def _raster_page(canvas: Canvas, size: tuple[float, float]) -> None:
    image = Image.new("L", (900, 600), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 800, 500), outline=0, width=12)
    draw.line((450, 100, 450, 500), fill=0, width=8)
    canvas.setPageSize(size)
    canvas.drawImage(ImageReader(image), 0, 0, size[0], size[1])
    canvas.showPage()


def render_set(sheets: list[SheetSpec], *, seed: int = 0) -> bytes:
    """All sheets as one PDF, one page each, in order."""
    rng = random.Random(seed)  # noqa: S311 - reproducible drawing noise, not security
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=1)
    canvas.setCreator("floorplans.samples (reportlab)")
    broken: list[int] = []
    for index, sheet in enumerate(sheets):
        pen_class = Pen if sheet.lettered else SilentPen
        if sheet.kind == "floor_plan":
            plan = replace(sheet.plan, sheet_title=sheet.title, sheet_number=sheet.number)
            draw_plan_page(canvas, plan, sheet.style, rng, pen_class)
        elif sheet.kind in ("raster_only", "broken"):
            _raster_page(canvas, sheet.plan.page_size)
            if sheet.kind == "broken":
                broken.append(index)
        else:
            canvas.setPageSize(sheet.plan.page_size)
            pen = pen_class(canvas, sheet.plan.page_size[1])
            draw_sheet_of_kind(pen, sheet.plan, sheet.kind, sheet.title, sheet.number, rng)
            _draw_labels(pen, sheet)
            canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    for index in broken:
        data = break_page(data, index)
    return data


def break_page(data: bytes, index: int) -> bytes:
    """Overwrite page ``index``'s content stream with noise of the same length, so the
    file's cross-reference table stays right and only that page is unreadable."""
    pages = list(re.finditer(rb"/Contents (\d+) 0 R", data))
    number = pages[index].group(1)
    obj = re.search(rb"\n" + number + rb" 0 obj\r?\n.*?stream\r?\n", data, re.DOTALL)
    start = obj.end()
    end = data.index(b"endstream", start)
    noise = bytes(random.Random(index).randrange(256) for _ in range(end - start - 1))  # noqa: S311
    return data[:start] + noise + data[end - 1 :]


def level_name(i: int) -> str:
    return LEVEL_NAMES[i] if i < len(LEVEL_NAMES) else f"LEVEL {i + 1}"


def building_set(
    levels: int = 2, *, pages: int | None = None, plan: Plan | None = None
) -> list[SheetSpec]:
    """A set for one building: cover, one plan per level, then the other sheets; repeated
    detail and schedule sheets pad it to ``pages`` (large sets are mostly those)."""
    plan = plan or sample_plans()[1]
    sheets = [SheetSpec("cover_or_notes", plan, "COVER SHEET", "A-000")]
    sheets += [
        SheetSpec("floor_plan", plan, f"{level_name(i)} FLOOR PLAN", f"A-1{i + 1:02d}")
        for i in range(levels)
    ]
    sheets += [SheetSpec(kind, plan, title, number) for kind, title, number in _OTHER_SHEETS]
    pad = 0
    while pages is not None and len(sheets) < pages:
        kind, title, number = _OTHER_SHEETS[pad % len(_OTHER_SHEETS)]
        sheets.append(SheetSpec(kind, plan, f"{title} {pad // len(_OTHER_SHEETS) + 2}", number))
        pad += 1
    return sheets[:pages] if pages is not None else sheets


def language_set(language: str, plan: Plan | None = None) -> list[SheetSpec]:
    """A set titled in ``language`` (a key of ``SHEET_TITLES``), in its order, numbered as
    no sheet series reads (AR-01 ...): the titles alone say what each sheet is."""
    plan = plan or sample_plans()[1]
    return [
        SheetSpec(kind, plan, title, f"AR-{i:02d}")
        for i, (kind, title) in enumerate(SHEET_TITLES[language], start=1)
    ]


__all__ = [
    "LEVEL_NAMES",
    "SHEET_TITLES",
    "SheetSpec",
    "break_page",
    "building_set",
    "language_set",
    "render_set",
]
