"""What a room is for, from its label in the languages plans are drawn in.

Labels are matched after folding case and accents (KÜCHE = KUCHE, BAÑO = BANO), on the
most specific name first, so WASCHKÜCHE is a laundry before KÜCHE makes it a kitchen and
DNEVNA SOBA a living room before SOBA makes it a bedroom. Short names (WC, CLO, BAD) only
match as whole words; longer ones also at the end of a word, where German, Dutch and the
Nordic languages put a compound's head noun (Kinderzimmer, Slaapkamer, Wohnküche), and in
the plural (BEDROOMS). Never at a word's start or middle: POLITECNICO is no TECNICO. Each
kind lists its names language by language, then the abbreviations plans print (Kü.,
Séj., Zi., AR, Dorm., Slk ...).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .text import unaccented

# Room kinds (DESIGN.md, room `kind`). `laundry` is its own kind: it is tiled.
KIND_NAMES: dict[str, tuple[str, ...]] = {
    "bathroom": (
        "BATH",
        "BATHROOM",
        "TOILET",
        "WC",
        "LAVATORY",
        "POWDER",
        "SHOWER",
        "ENSUITE",
        "EN SUITE",
        "RESTROOM",
        "TLT",
        "WASHROOM",  # EN
        "BAD",
        "BADEZIMMER",
        "DUSCHE",
        "DUSCHBAD",
        "TOILETTE",
        "GASTE WC",  # DE
        "SALLE DE BAIN",
        "SALLE DE BAINS",
        "SALLE D EAU",
        "SDB",
        "LAVABO",  # FR
        "BANO",
        "ASEO",
        "SANITARIO",  # ES
        "BAGNO",
        "SERVIZIO",
        "SERVIZI",  # IT
        "BADKAMER",
        "DOUCHE",  # NL
        "KOPALNICA",
        "KOPALNA",
        "STRANISCE",  # SL
        "SDE",
        "BAIN",
        "BAINS",
        "TOIL",
    ),
    "kitchen": (
        "KITCHEN",
        "KITCHENETTE",
        "KIT",
        "COOKING",
        "KUCHE",
        "KOCHEN",
        "KOCHNISCHE",
        "CUISINE",
        "KITCHENETTE",
        "COCINA",
        "CUCINA",
        "CUCINOTTO",
        "ANGOLO COTTURA",
        "KEUKEN",
        "WOONKEUKEN",
        "KUHINJA",
        "CAJNA KUHINJA",
        "KU",
        "CUIS",
        "KEUK",
        "KUH",
        "COC",
        "CUC",
    ),
    "bedroom": (
        "BEDROOM",
        "BED",
        "BR",
        "MASTER",
        "GUEST ROOM",
        "NURSERY",
        "PRIMARY",
        "SLEEPING",
        "SCHLAFZIMMER",
        "SCHLAFEN",
        "KINDERZIMMER",
        "KIND",
        "GASTEZIMMER",
        "ZIMMER",
        "CHAMBRE",
        "CH",
        "DORMITORIO",
        "HABITACION",
        "RECAMARA",
        "ALCOBA",
        "CAMERA",
        "CAMERA DA LETTO",
        "CAMERETTA",
        "MATRIMONIALE",
        "LETTO",
        "SLAAPKAMER",
        "KAMER",
        "SPALNICA",
        "SOBA",
        "OTROSKA SOBA",
        "OTROSKA",
        "ZI",
        "ELTERN",
        "GAST",
        "HAB",
        "DORM",
        "CAM",
        "SLK",
        "SPAL",
    ),
    "living": (
        "LIVING",
        "LIVING ROOM",
        "LOUNGE",
        "LOUNCH",
        "FAMILY",
        "FAMILY ROOM",
        "DRAWING ROOM",
        "GREAT ROOM",
        "SITTING",
        "SITTING ROOM",
        "TV",
        "DEN",
        "REC ROOM",
        "WOHNZIMMER",
        "WOHNEN",
        "WOHNRAUM",
        "WOHNBEREICH",
        "SEJOUR",
        "SALON",
        "PIECE DE VIE",
        "SALA",
        "SALA DE ESTAR",
        "ESTAR",
        "SOGGIORNO",
        "SALOTTO",
        "WOONKAMER",
        "ZITKAMER",
        "DNEVNA SOBA",
        "DNEVNI PROSTOR",
        "DNEVNA",
        "WOHN",
        "SEJ",
        "SOGG",
    ),
    "dining": (
        "DINING",
        "DINING ROOM",
        "DINETTE",
        "ESSZIMMER",
        "ESSEN",
        "ESSPLATZ",
        "SALLE A MANGER",
        "REPAS",
        "COMEDOR",
        "SALA DA PRANZO",
        "PRANZO",
        "EETKAMER",
        "JEDILNICA",
        "ESS",
    ),
    "corridor": (
        "HALL",
        "HALLWAY",
        "CORRIDOR",
        "FOYER",
        "ENTRY",
        "ENTRANCE",
        "LOBBY",
        "VESTIBULE",
        "PASSAGE",
        "GALLERY",
        "MUDROOM",
        "FLUR",
        "DIELE",
        "GANG",
        "EINGANG",
        "WINDFANG",
        "VORRAUM",
        "COULOIR",
        "DEGAGEMENT",
        "ENTREE",
        "VESTIAIRE",
        "PASILLO",
        "VESTIBULO",
        "RECIBIDOR",
        "DISTRIBUIDOR",
        "CORRIDOIO",
        "DISIMPEGNO",
        "INGRESSO",
        "HAL",
        "OVERLOOP",
        "ENTREE",
        "HODNIK",
        "PREDSOBA",
        "VETROLOV",
        "DEG",
        "DGT",
        "DIST",
        "HOD",
        "VHOD",
        "PREDPROSTOR",
    ),
    "storage": (
        "STORAGE",
        "STORE",
        "CLOSET",
        "CLO",
        "CL",
        "WIC",
        "PANTRY",
        "PNTR",
        "WARDROBE",
        "LINEN",
        "CLOAKS",
        "COATS",
        "ABSTELLRAUM",
        "ABSTELLKAMMER",
        "ABSTELL",
        "SPEISEKAMMER",
        "VORRAT",
        "VORRATSRAUM",
        "KELLER",
        "GARDEROBE",
        "ANKLEIDE",
        "LAGER",
        "RANGEMENT",
        "PLACARD",
        "CELLIER",
        "DRESSING",
        "CAVE",
        "ALMACEN",
        "TRASTERO",
        "DESPENSA",
        "ARMARIO",
        "VESTIDOR",
        "RIPOSTIGLIO",
        "DISPENSA",
        "CANTINA",
        "ARMADIO",
        "GUARDAROBA",
        "BERGING",
        "KAST",
        "VOORRAAD",
        "KELDER",
        "SHRAMBA",
        "GARDEROBA",
        "KLET",
        "DRVARNICA",
        "ABST",
        "AR",
        "SPK",
        "SPEIS",
        "GARD",
        "RGT",
        "PLAC",
        "RIP",
        "BERG",
        "SHR",
    ),
    "laundry": (
        "LAUNDRY",
        "WASH",
        "WASH ROOM",
        "UTILITY LAUNDRY",
        "WASCHKUCHE",
        "WASCHRAUM",
        "HAUSWIRTSCHAFTSRAUM",
        "HAUSWIRTSCHAFT",
        "HWR",
        "BUANDERIE",
        "LINGERIE",
        "LAVADERO",
        "COLADA",
        "LAVANDERIA",
        "WASRUIMTE",
        "WASHOK",
        "BIJKEUKEN",
        "PRALNICA",
        "BUAND",
    ),
    "utility": (
        "UTILITY",
        "MECHANICAL",
        "MECH",
        "BOILER",
        "FURNACE",
        "ELECTRICAL",
        "PLANT ROOM",
        "SERVER",
        "TECHNIK",
        "TECHNIKRAUM",
        "HEIZUNG",
        "HEIZRAUM",
        "HAUSANSCHLUSS",
        "LOCAL TECHNIQUE",
        "CHAUFFERIE",
        "TECHNIQUE",
        "CUARTO DE MAQUINAS",
        "INSTALACIONES",
        "CALDERA",
        "LOCALE TECNICO",
        "CENTRALE TERMICA",
        "TECNICO",
        "TECHNISCHE RUIMTE",
        "METERKAST",
        "CV RUIMTE",
        "KOTLOVNICA",
        "TEHNICNI PROSTOR",
        "TEHNICNA SOBA",
        "TEHNIKA",
        "TEHNICNI",
        "HAR",
    ),
    "office": (
        "OFFICE",
        "STUDY",
        "LIBRARY",
        "WORKROOM",
        "WORKSHOP",
        "CONFERENCE",
        "MEETING",
        "ARBEITSZIMMER",
        "BURO",
        "ARBEITEN",
        "STUDIO",
        "BUREAU",
        "ETUDE",
        "OFICINA",
        "DESPACHO",
        "ESTUDIO",
        "UFFICIO",
        "STUDIOLO",
        "KANTOOR",
        "WERKKAMER",
        "STUDEERKAMER",
        "PISARNA",
        "KABINET",
        "DELOVNA SOBA",
        "STUDIJ",
    ),
    "stair": (
        "STAIR",
        "STAIRS",
        "STAIRCASE",
        "STAIRWELL",
        "LANDING",
        "TREPPE",
        "TREPPENHAUS",
        "PODEST",
        "ESCALIER",
        "CAGE D ESCALIER",
        "PALIER",
        "ESCALERA",
        "ESCALERAS",
        "DESCANSILLO",
        "SCALA",
        "PIANEROTTOLO",
        "VANO SCALA",
        "TRAP",
        "TRAPPENHUIS",
        "TRAPHAL",
        "STOPNISCE",
        "STOPNICE",
        "TRH",
    ),
    "garage": (
        "GARAGE",
        "GUARAGE",
        "CARPORT",
        "PARKING",
        "PARKING AREA",
        "GARAGEM",
        "STELLPLATZ",
        "TIEFGARAGE",
        "GARAJE",
        "COCHERA",
        "APARCAMIENTO",
        "AUTORIMESSA",
        "BOX AUTO",
        "GARAZA",
        "PARKIRISCE",
    ),
    "outdoor": (
        "PORCH",
        "VERANDA",
        "VERANDAH",
        "DECK",
        "PATIO",
        "BALCONY",
        "TERRACE",
        "OPEN TO SKY",
        "COURTYARD",
        "LAWN",
        "YARD",
        "GARDEN",
        "TERRASSE",
        "BALKON",
        "LOGGIA",
        "GARTEN",
        "BALCON",
        "JARDIN",
        "TERRAZA",
        "PORCHE",
        "TERRAZZO",
        "BALCONE",
        "PORTICO",
        "GIARDINO",
        "TERRAS",
        "TUIN",
        "VERANDA",
        "TERASA",
        "LODA",
        "VRT",
        "NADSTRESEK",
    ),
    "other": ("POOJA", "PUJA", "PRAYER", "GYM", "SAUNA", "CINEMA", "PLAYROOM", "SPIELZIMMER"),
}
# More languages plans come in (Portuguese, Polish, Czech, Croatian, Swedish, Norwegian,
# Danish), one line per kind, names folded as `fold` folds them.
MORE_KIND_NAMES: dict[str, str] = {
    "bathroom": "BANHEIRO|CASA DE BANHO|LAZIENKA|KOUPELNA|KUPAONICA|KUPATILO|BADRUM|BADEROM|"
    "BADEVAERELSE|TOALETT",
    "kitchen": "COZINHA|KUCHNIA|ANEKS KUCHENNY|KUCHYNE|KUCHYNSKY KOUT|KOK|KJOKKEN|KOKKEN",
    "bedroom": "QUARTO|SYPIALNIA|POKOJ|LOZNICE|SPAVACA SOBA|SPAVAONICA|SOVRUM|SOVEROM|"
    "SOVEVAERELSE|VAERELSE",
    "living": "SALA DE ESTAR|POKOJ DZIENNY|OBYVACI POKOJ|OBYVAK|DNEVNI BORAVAK|BORAVAK|"
    "VARDAGSRUM|STUE|DAGLIGSTUE",
    "dining": "SALA DE JANTAR|JANTAR|JADALNIA|JIDELNA|BLAGOVAONICA|MATSAL|SPISESTUE",
    "corridor": "CORREDOR|ENTRADA|KORYTARZ|PRZEDPOKOJ|HOL|CHODBA|PREDSIN|ZADVERI|PREDSOBLJE|"
    "ULAZ|KORRIDOR",
    "storage": "ARRUMOS|SPIZARNIA|SCHOWEK|SPIZ|KOMORA|SKLAD|SPREMISTE|OSTAVA|SMOCNICA|FORRAD|BOD",
    "laundry": "LAVANDARIA|PRALNIA|PRADELNA|PRAONICA|TVATTSTUGA|VASKEROM|BRYGGERS",
    "utility": "KOTLOWNIA|KOTELNA|TECHNICKA MISTNOST|TEKNIKRUM|TEKNISK ROM",
    "office": "ESCRITORIO|GABINET|BIURO|PRACOVNA|KANCELAR|RADNA SOBA|URED|KONTOR|ARBETSRUM",
    "stair": "ESCADA|ESCADAS|SCHODY|KLATKA SCHODOWA|SCHODISTE|STUBISTE|TRAPPA|TRAPP|TRAPPE",
    "garage": "GARAZ",
    "outdoor": "VARANDA|TERRACO|JARDIM|TARAS|ALTAN|BALKONG",
}
# Short names are too common inside other words to match there (CH in KITCHEN, BED in ...).
_WHOLE_WORD_BELOW = 5
_NOT_LETTERS = re.compile(r"[^A-Z]+")
_USES = re.compile(r"[/+&]")
# W.C., W.I.C.: initials folded apart into single letters, read as one word again.
_INITIALS = re.compile(r"\b([A-Z]) (?=[A-Z]\b)")
# Words that end in a room's name but never name a room (title blocks print them).
_NOT_ROOMS = re.compile(r"\bPOLITECNICO\b")


def fold(label: str) -> str:
    """Upper case, accents removed, everything but letters turned into single spaces."""
    return _NOT_LETTERS.sub(" ", unaccented(label)).strip()


@cache
def _names() -> tuple[dict[str, str], tuple[tuple[re.Pattern[str], str], ...]]:
    """Short names (whole words) -> kind, and the longer ones as (pattern, kind), longest
    first: the name ending a word (or its plural), its spaces optional (SALLEDEBAIN)."""
    more = {kind: tuple(names.split("|")) for kind, names in MORE_KIND_NAMES.items()}
    pairs = {
        (fold(name), kind)
        for table in (KIND_NAMES, more)
        for kind, names in table.items()
        for name in names
    }
    short = {name: kind for name, kind in pairs if len(name) < _WHOLE_WORD_BELOW}
    long = sorted(
        ((n, k) for n, k in pairs if len(n) >= _WHOLE_WORD_BELOW),
        key=lambda item: (-len(item[0]), item[0]),
    )
    return short, tuple((re.compile(n.replace(" ", " ?") + r"(?:E?S)?\b"), k) for n, k in long)


def _kind_of(words: str) -> str | None:
    short, long = _names()
    words = _NOT_ROOMS.sub(" ", words)
    for name, kind in long:  # any long match is longer than every short one
        if name.search(words):
            return kind
    hits = [word for word in _INITIALS.sub(r"\1", words).split() if word in short]
    return short[max(hits, key=len)] if hits else None


@lru_cache(maxsize=4096)  # a sheet repeats its labels; a big one has thousands of lines
def room_kind(label: str) -> str | None:
    """The kind of room `label` names, or None when it names none we know (`UP`, `F/P`).

    A label naming several uses (Wohn-/Esszimmer, Séjour/Cuisine, LIVING+DINING) is the
    room of the first one that names a kind, as architects write the main use first.
    """
    for part in _USES.split(label):
        words = fold(part)
        if words and (kind := _kind_of(words)):
            return kind
    return None
