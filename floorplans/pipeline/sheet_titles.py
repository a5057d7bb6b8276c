"""A sheet's kind from its drawing title, and the levels it names, in the languages plans
are drawn in: English, German, French, Spanish, Italian, Dutch and Slovenian (as the
room kinds, ``room_kinds.py``).

Titles are matched upper-cased with their accents dropped (``unaccented``), since exports
lose accents: FAÇADE = FACADE, SECCIÓN = SECCION, GRUNDRIß = GRUNDRISS. A title is a short
phrase (``MAX_TITLE_WORDS``), so "planta" in a sentence of notes is not a plan, and words
that are a plan only with a storey or a plan's purpose after them (Spanish PLANTA, also a
plant; Italian PIANTA; French PLAN) need one: PLANTA BAJA, PIANTA PIANO TERRA, PLAN RDC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import TextLine, unaccented

# A title is a phrase, not a sentence that happens to contain "plan".
MAX_TITLE_WORDS = 8
# Lettering this close to the biggest match's size counts as as big: among those, the
# more telling words win (FLOOR PLAN over a level name, either over a schedule's name).
SAME_SIZE = 0.9

# Storey names a title may open with, alone a weaker sign of a plan than a plan's name.
_STOREYS = "|".join(
    (
        r"(?:FIRST|SECOND|THIRD|FOURTH|FIFTH|GROUND|MAIN|UPPER|LOWER|TOP|ROOF|ATTIC"
        r"|\d+\s*(?:ST|ND|RD|TH))\s+FLOOR\b|BASEMENT\b|LEVEL\s+\d+\b",  # EN
        r"(?:\d+\s*\.\s*)?(?:ERD|OBER|UNTER|KELLER|DACH|SOCKEL|STAFFEL|ZWISCHEN)GESCHOSS"
        r"|(?:\d+\s*\.\s*)?(?:EG|OG|UG|KG|DG)\b",  # DE
        r"REZ[- ]DE[- ]CHAUSSEE|RDC\b|R\s*[+-]\s*\d\b|SOUS[- ]SOLS?\b|ENTRESOL"
        r"|(?:\d+\s*(?:ER|ERE|E|EME)|PREMIER|DEUXIEME|TROISIEME)\s+ETAGE",  # FR
        r"PLANTA\s+(?:BAJA|PRIMERA|SEGUNDA|TERCERA|ALTA|SOTANO|ATICO|BAJO\s+CUBIERTA|\d+)\b"
        r"|(?:PRIMERA|SEGUNDA|TERCERA)\s+PLANTA|SEMISOTANO|(?:PRIMER|SEGUNDO|TERCER)\s+NIVEL",  # ES
        r"PIANO\s+(?:TERRA|TERRENO|RIALZATO|PRIMO|SECONDO|TERZO|INTERRATO|SEMINTERRATO"
        r"|SOTTOTETTO|TIPO|\d+)\b|(?:PRIMO|SECONDO|TERZO)\s+PIANO",  # IT
        r"BEGANE\s+GROND|(?:\d+\s*(?:E|STE|DE)|EERSTE|TWEEDE|DERDE)\s+VERDIEPING"
        r"|VERDIEPING\s+\d+|BOVENVERDIEPING|ZOLDERVERDIEPING",  # NL
        r"PRITLICJ[EAU]|(?:\d+\s*\.\s*)?NADSTROPJ[EAU]|MEDETAZ[AEI]",  # SL
    )
)
# Storeys named like rooms (a cellar, an attic), read as a level only after a plan word.
_ROOM_LIKE_STOREYS = (
    r"KELLER|DACHBODEN|COMBLES|ETAGE|SOTANO|ATICO|MANSARDA|INTERRATO|KELDER|ZOLDER"
    r"|KLETI?|MANSARD[AEI]|PODSTRESJ[EAU]|OSTRESJ[EAU]"
)
# Words that name a plan just before a storey: GRUNDRISS EG, PLAN DU REZ-DE-CHAUSSEE.
_PLAN_WORDS = (
    r"\w*GRUNDRISSE?|PLANS?(?:\s+(?:DU|DES|DE\s+LA|DE))?|PLANS?\s+(?:DE\s+L|D)'"
    r"|PLANO\s+DE|PIANTA(?:\s+DEL(?:LO)?)?|PLATTEGROND(?:EN)?|TLORIS[AI]?"
)
_LEVEL_NAME = re.compile(
    rf"^(?:(?:{_PLAN_WORDS})\s*[:\-\u2013]?\s*(?P<named>{_STOREYS}|{_ROOM_LIKE_STOREYS})"
    rf"|(?P<alone>{_STOREYS}))"
)

# (kind, pattern, weight), most specific first: the first pattern a title matches names
# its kind ("PROPERTY DETAILS" is notes, not a detail sheet; "PLAN DE MASSE" a site plan
# before "PLAN DE ..." a floor plan). A roof plan is read as a site plan: the building
# seen from above, nothing to take off. Each kind lists its words language by language.
_PATTERNS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("reflected_ceiling_plan", (
        r"\b(?:REFLECTED\s+)?CEILING\s+PLAN\b|\bRCP\b",
        r"\w*DECKENSPIEGEL\b|\bDECKENUNTERSICHT\b",
        r"\bPLANS?\s+(?:DE|DES|DU)\s+(?:FAUX[- ]?)?PLAFONDS?\b",
        r"\b(?:PLANO|PLANTA)S?\s+DE\s+(?:FALSOS?\s+TECHOS|TECHOS\s+REFLEJADOS|CIELOS?\s+RASOS?)\b",
        r"\bPIANTA\s+(?:DEI\s+)?CONTROSOFFITT[OI]\b",
        r"\bPLAFOND\s*(?:PLAN|PLATTEGROND)(?:EN)?\b",
        r"\bTLORIS\w*\s+(?:\w+\s+)?\bSTROP\w*",
    ), 1.0),
    ("site_plan", (
        r"\b(?:SITE|PLOT|LOCATION)\s+(?:LAYOUT\s+)?PLAN\b|\bROOF\s+PLAN\b",
        r"\w*LAGEPLAN\b|\bSITUATIONSPLAN\b|\bDACH(?:AUF|DRAUF|AN)SICHT\b|\bDACHPLAN\b",
        r"\bPLANS?\s+(?:DE\s+|D'\s*)(?:MASSE|SITUATION|IMPLANTATION)\b|\bPLAN\s+CADASTRAL\b"
        r"|\bPLANS?\s+(?:DE|DES)\s+(?:TOITURES?|TOITS|COUVERTURES?)\b",
        r"\bPLANO\s+DE\s+(?:SITUACION|EMPLAZAMIENTO|UBICACION|CUBIERTAS?)\b|\bEMPLAZAMIENTO\b"
        r"|^SITUACION\b|\bPLANTA\s+DE\s+CONJUNTO\b|\bPLANTAS?\s+(?:GENERAL\s+)?DE\s+CUBIERTAS?\b",
        r"\bPLANIMETRI[AE]\b(?!\s+CATASTAL)|\bINQUADRAMENTO\b|\bESTRATTO\s+DI\s+MAPPA\b"
        r"|\bPIANTA\s+(?:DELLE?\s+)?COPERTUR[AE]\b",
        # Not "nieuwe/bestaande situatie": the new or existing state of any drawing.
        r"(?<!NIEUWE )(?<!BESTAANDE )\bSITUATIE(?:TEKENING)?\b|\b(?:DAK|BOVEN)AANZICHT\b"
        r"|\bDAKPLAN\b|\bPLATTEGROND\s+DAK\b",
        r"\bSITUACIJ[AEI]\b|\bTLORIS\s+STREH[EA]\b",
    ), 1.0),
    # An AUSSCHNITT is an excerpt drawn larger, whatever it is an excerpt of.
    ("detail", (r"\w*AUSSCHNITTE?\b",), 0.9),
    ("floor_plan", (
        r"\b(?:FLOOR|LEVEL|STOREY|STORY|LAYOUT|BASEMENT|MEZZANINE)\s+(?:LAYOUT\s+)?PLAN\b",
        r"\w*GRUNDRISSE?\b",
        rf"\bPLANS?\s+(?:(?:DU|DES|DE\s+LA|DE)\s+|(?:DE\s+L|D)'\s*)?(?:{_STOREYS}|{_ROOM_LIKE_STOREYS}"
        r"|ETAGES|NIVEAUX?|AMENAGEMENT|DISTRIBUTION)",
        r"\bPLANTAS?\s+(?:DE\s+)?(?:BAJA|PRIMERA|SEGUNDA|TERCERA|ALTA|SOTANO|ATICO|TIPO|GENERAL"
        r"|ARQUITECTONICAS?|DISTRIBUCION|AMUEBLADA|ACOTADA|COTAS|NIVEL|PISO|PRIMER|\d)"
        r"|\b(?:PRIMERA|SEGUNDA|TERCERA)\s+PLANTA\b|\bPLANO\s+DE\s+PLANTA\b",
        r"\bPIANT[AE]\s+(?:(?:DEL|DELLO|DEI)\s+)?(?:PIANO|PIANI|INTERRATO|SEMINTERRATO|SOTTOTETTO)\b"
        r"|\bPLANIMETRI[AE]\s+CATASTAL[EI]\b",
        r"\w*PLATTEGROND(?:EN)?\b",
        r"\bTLORIS[AI]?\b",
    ), 1.0),
    ("elevation", (
        r"\bELEVATIONS?\b",  # EN, FR ELEVATION
        r"\w*ANSICHT(?:EN)?\b",
        r"\bFACADES?\b",
        r"\bALZADOS?\b|\bFACHADAS?\b",
        r"\bPROSPETT[OI]\b",
        r"\w*GEVELS?\b|\w*AANZICHT(?:EN)?\b",
        r"\bFASAD[AEI]\b",
    ), 1.0),
    ("section", (
        r"\b(?:BUILDING\s+|WALL\s+|CROSS\s+)?SECTIONS?\b(?:\s+[A-Z]-[A-Z])?",
        r"\w*(?<!AUS)SCHNITTE?\b",
        r"\bCOUPES?\b(?!\s*-|\s+(?:FEU|VENT|FROID)\b)",  # not COUPE-FEU (fire-rated)
        r"\bSECCION(?:ES)?\b|\bCORTES?\b",
        r"\bSEZION[EI]\b",
        r"\bDOORSNEDEN?\b",
        r"\bPREREZ[IA]?\b",
    ), 0.9),
    ("schedule", (
        r"\bSCHEDULES?\b|\bSPECIFICATIONS?\b",
        r"\w*(?:TUR|TUREN|TUER|TUEREN|FENSTER|RAUM|BAUTEIL)LISTEN?\b|\bRAUMBUCH\b"
        r"|\w*FLACHENBERECHNUNG\b|\bBAUBESCHREIBUNG\b",
        r"\bNOMENCLATURES?\b|\bCAHIER\s+DES\s+CHARGES\b"
        r"|\bTABLEAUX?\s+DES?\s+(?:SURFACES|MENUISERIES|PORTES|FINITIONS|REVETEMENTS)\b",
        r"\b(?:CUADROS?|PLANILLAS?)\s+DE\s+(?:SUPERFICIES|CARPINTERIAS?|ACABADOS|HUECOS|VANOS"
        r"|PUERTAS|VENTANAS|AREAS|REVESTIMIENTOS|LOCALES)\b|\bPLIEGO\s+DE\s+CONDICIONES\b",
        r"\bABAC(?:O|HI)\b|\bTABELLA\s+(?:DELLE\s+)?SUPERFICI\b|\bCOMPUTO\s+METRICO\b",
        r"\w*(?:DEUREN|KOZIJNEN|RAMEN|AFWERK|RUIMTE|BESLAG)STAAT\b|\bSTAAT\s+VAN\b|\bBESTEK\b",
        r"\bTABEL[AE]\s+(?:POVRSIN|PROSTOROV)\b|\bSPECIFIKACIJ[AE]\b"
        r"|\bSHEM[AE]\s+(?:OKEN|VRAT|STAVBNEGA\s+POHISTVA)\b",
    ), 0.9),
    ("cover_or_notes", (
        r"\bCOVER\b|\bTITLE\s+SHEET\b|\b(?:DRAWING|SHEET)\s+(?:INDEX|LIST)\b|\bGENERAL\s+NOTES\b"
        r"|\bPROPERTY\s+DETAILS\b|\bDEFINITIONS\b|\bMETHOD\s+OF\s+MEASUREMENT\b"
        r"|\bABBREVIATIONS\b|\bLEGEND\b",
        r"\bDECKBLATT\b|\bTITELBLATT\b|\bPLANVERZEICHNIS\b|\bPLANLISTE\b|\bLEGENDE\b"
        r"|\bZEICHENERKLARUNG\b|\bALLGEMEINE\s+HINWEISE\b|\bVORBEMERKUNGEN\b",
        r"\bPAGE\s+DE\s+GARDE\b|\bSOMMAIRE\b|\bLISTE\s+DES\s+PLANS\b|\bNOTICE\s+(?:DESCRIPTIVE|TECHNIQUE)\b"
        r"|\bNOTES\s+GENERALES\b|\bGENERALITES\b",
        r"\bPORTADA\b|\bCARATULA\b|\bINDICE\s+DE\s+PLANOS\b|\bLEYENDA\b|\bNOTAS\s+GENERALES\b"
        r"|\bMEMORIA\b",
        r"\bFRONTESPIZIO\b|\bCOPERTINA\b|\bELENCO\s+(?:ELABORATI|TAVOLE)\b|\bLEGENDA\b"
        r"|\bNOTE\s+GENERALI\b|\bRELAZIONE\b",
        r"\bVOORBLAD\b|\bTEKENINGENLIJST\b|\bALGEMENE\s+(?:NOTITIES|OPMERKINGEN)\b",
        r"\bNASLOVN(?:ICA|A\s+STRAN)\b|\bKAZALO\b|\bTEHNICNO\s+POROCILO\b|\bSPLOSNE\s+OPOMBE\b",
    ), 0.9),
    ("detail", (
        # EN, DE, FR, NL
        r"\w*DETAILS?\b|\bDETAIL(?:PLAN|PLANE|ZEICHNUNG(?:EN)?|TEKENING(?:EN)?)\b",
        r"\bDETALLES?\b",
        r"\bPARTICOLAR[EI]\b|\bDETTAGL(?:IO|I)\b",
        r"\bDETAJL[IA]?\b",
    ), 0.9),
    # A storey's name alone ("2nd Floor", "Erdgeschoss") is a weaker sign of a plan.
    ("floor_plan", (rf"^(?:{_STOREYS})",), 0.6),
)  # fmt: skip
_TITLE_PATTERNS = tuple(
    (kind, re.compile("|".join(patterns)), weight) for kind, patterns, weight in _PATTERNS
)


@dataclass(frozen=True)
class Title:
    kind: str
    text: str  # as printed
    size: float
    weight: float


def _folded(text: str) -> str:
    return " ".join(unaccented(text).split())


def _title_of(run: TextLine) -> Title | None:
    if len(run.text.split()) > MAX_TITLE_WORDS:
        return None
    folded = _folded(run.text)
    for kind, pattern, weight in _TITLE_PATTERNS:
        if pattern.search(folded):
            return Title(kind, run.text, run.size, weight)
    return None


def best_title(runs: list[TextLine]) -> Title | None:
    """The biggest matching words on the page: the drawing's title, not a title block's
    smaller list or table heading, whatever they name. Weights only decide between
    lettering of about the same size."""
    titles = [title for run in runs if (title := _title_of(run)) is not None]
    if not titles:
        return None
    biggest = max(title.size for title in titles)
    as_big = [title for title in titles if title.size >= SAME_SIZE * biggest]
    return max(as_big, key=lambda title: (title.weight, title.size))


def levels(runs: list[TextLine]) -> list[str]:
    """The storeys a sheet names, each once, as printed upper-cased without accents."""
    seen: dict[str, None] = {}
    for run in runs:
        match = _LEVEL_NAME.match(_folded(run.text))
        if match:
            name = match["named"] or match["alone"]
            seen.setdefault(" ".join(re.sub(r"[^\w+]+", " ", name).split()))
    return list(seen)


__all__ = ["MAX_TITLE_WORDS", "Title", "best_title", "levels"]
