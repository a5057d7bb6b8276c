"""Score the extraction pipeline on real plans against answer keys read off the sheets.

    .venv/bin/python bench/eval_real.py --corpus var/realplans [--keys bench/realplans]
                                        [--json OUT]

Every ``*.json`` answer key in --keys names a PDF in --corpus and a page (format in
bench/realplans/README.md). For each keyed sheet: a keyed room is *found* when the
extracted room that contains its stamp point measures within 5 % of the key's area (on
a sheet whose key says ``"sizes_between": "wall_centres"``, the room grown to its walls'
centrelines, as that sheet prints its sizes; the graph itself stays net); the
scale is *ok* when it is within 2 % of the printed note (or of the scale the key checked
against the sheet's own dimension lines or scale bar), *review* when it is wrong but the
graph says `review_required`; door and window counts are shown against the key's.

A multi-page PDF is scored a second time as a drawing set, the way the product reads
it when the whole PDF is uploaded as one (``drawing_set_services``): only the pages the
sheet classifier takes off (a key plan of levels that have sheets of their own is left
out), and a sheet without a scale of its own given the scale of a sibling sheet that
draws the same plan (``pipeline.sibling_scales``). Both figures are printed: every sheet
alone, and every PDF as uploaded whole (single sheets alone, multi-page PDFs as sets).

Then every page of every PDF in the corpus is extracted once more to count crashes (any
exception that is not the pipeline's own clear ``PdfError``), and the pages the keys list
as not being floor plans (``non_plans.json``) must be refused or flagged for review.
Needs no Django settings; keyed files missing from --corpus are reported, not fatal.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from shapely.geometry import Polygon

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from floorplans.pipeline import extract_graph  # noqa: E402
from floorplans.pipeline.errors import PdfError  # noqa: E402
from floorplans.pipeline.pdf_document import open_document, page_count  # noqa: E402
from floorplans.pipeline.rooms import WallRect  # noqa: E402
from floorplans.pipeline.scale import ScaleResult  # noqa: E402
from floorplans.pipeline.sheets import classify_sheets, takeoff_pages  # noqa: E402
from floorplans.pipeline.sibling_scales import sibling_scales  # noqa: E402
from floorplans.pipeline.wall_centres import between_wall_centres  # noqa: E402

AREA_TOLERANCE = 0.05
SCALE_TOLERANCE = 0.02
NON_PLANS = "non_plans.json"
ROOMS_TARGET = 0.90


@dataclass
class Extraction:
    graph: dict | None = None
    refused: str | None = None  # the PdfError code of a clear refusal
    crash: str | None = None  # anything else: a defect
    seconds: float = 0.0


@dataclass
class SheetScore:
    name: str
    rooms_keyed: int = 0
    rooms_found: int = 0
    scale: str = "-"
    doors: str = "-"
    windows: str = "-"
    review: bool = False
    outcome: str = "ok"
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)


def extract(pdf: Path, page: int, sibling_scale: ScaleResult | None = None) -> Extraction:
    started = time.perf_counter()
    result = Extraction()
    try:
        result.graph = extract_graph(pdf.read_bytes(), page, sibling_scale=sibling_scale)
    except PdfError as exc:
        result.refused = exc.code
    except Exception as exc:  # a crash is a result to report, not to raise
        result.crash = f"{type(exc).__name__}: {exc}"[:120]
    result.seconds = time.perf_counter() - started
    return result


def key_scale(key: dict) -> float | None:
    for source in ("scale", "scale_check"):
        if key.get(source):
            return key[source]["metres_per_point"]
    return None


def _room_at(graph: dict, stamp: list[float]) -> dict | None:
    point = shapely.Point(stamp)
    for room in graph["rooms"]:
        if len(room["polygon"]) >= 3 and Polygon(room["polygon"]).contains(point):
            return room
    return None


def _keyed_area_pts2(key: dict, graph: dict, room: dict) -> float:
    """The extracted room's area as the key measures it: net, or between wall centres."""
    if key.get("sizes_between") != "wall_centres":
        return room["area_pts2"]
    walls = [WallRect(w["x1"], w["y1"], w["x2"], w["y2"], w["thickness"]) for w in graph["walls"]]
    return between_wall_centres(Polygon(room["polygon"]), walls).area


def score_rooms(key: dict, graph: dict, score: SheetScore) -> None:
    mpp = (graph.get("scale") or {}).get("metres_per_point")
    for keyed in key["rooms"]:
        score.rooms_keyed += 1
        room = _room_at(graph, keyed["stamp"])
        if room is None:
            score.misses.append(f"{keyed['label']}: no room at its stamp")
        elif mpp is None:
            score.misses.append(f"{keyed['label']}: no scale")
        else:
            area = _keyed_area_pts2(key, graph, room) * mpp * mpp
            error = area / keyed["area_m2"] - 1
            if abs(error) <= AREA_TOLERANCE:
                score.rooms_found += 1
            else:
                score.misses.append(
                    f"{keyed['label']}: {area:.2f} m2 vs {keyed['area_m2']:.2f} ({error:+.0%})"
                )


def score_scale(key: dict, graph: dict) -> str:
    expected = key_scale(key)
    found = (graph.get("scale") or {}).get("metres_per_point")
    if expected is None:
        return "n/a"
    if found is not None and abs(found / expected - 1) <= SCALE_TOLERANCE:
        return "ok"
    if graph.get("review_required"):
        return "review"
    return "missing" if found is None else f"wrong {found / expected:.2f}x"


def _count(graph: dict, kind: str, expected: int | None) -> str:
    if expected is None:
        return "-"
    return f"{sum(1 for o in graph['openings'] if o['kind'] == kind)}/{expected}"


def score_sheet(name: str, key: dict, result: Extraction) -> SheetScore:
    score = SheetScore(name, seconds=result.seconds)
    if result.graph is None:
        score.rooms_keyed = len(key["rooms"])
        score.outcome = f"crash {result.crash}" if result.crash else f"refused {result.refused}"
        return score
    graph = result.graph
    score_rooms(key, graph, score)
    score.scale = score_scale(key, graph)
    score.doors = _count(graph, "door", key.get("doors"))
    score.windows = _count(graph, "window", key.get("windows"))
    score.review = bool(graph.get("review_required"))
    return score


def pages_of(pdf: Path) -> int:
    try:
        return page_count(open_document(pdf.read_bytes()))
    except PdfError:
        return 0


def load_keys(keys_dir: Path) -> dict[str, dict]:
    """The per-sheet answer keys, and ``non_plans``; other files there (the page kinds of
    ``bench_sheets.py``) have formats of their own."""
    keys = {p.stem: json.loads(p.read_text()) for p in sorted(keys_dir.glob("*.json"))}
    return {name: key for name, key in keys.items() if "rooms" in key or name == "non_plans"}


def as_a_set(pdf: Path, alone: Callable[[int], Extraction]) -> dict[int, Extraction]:
    """The PDF's plan sheets as the drawing-set ingest takes them off: the pages the
    classifier picks, each alone (``alone``), then those a sibling sheet lends a scale
    to once more with it."""
    try:
        pages = takeoff_pages(list(classify_sheets(pdf.read_bytes())))
    except PdfError:
        return {}
    taken = {page: alone(page) for page in pages}
    lent = sibling_scales({p: e.graph for p, e in taken.items() if e.graph is not None})
    for page, scale in lent.items():
        taken[page] = extract(pdf, page, scale)
    return taken


def score_sets(corpus: Path, keys: dict[str, dict], alone) -> tuple[list[SheetScore], list[str]]:
    """The keyed sheets of every multi-page PDF scored as its set reads them, and the
    keyed sheets its set leaves out."""
    scores, left_out = [], []
    for file in sorted({key["file"] for key in keys.values()}):
        if not (corpus / file).exists() or pages_of(corpus / file) < 2:
            continue
        taken = as_a_set(corpus / file, lambda page, file=file: alone(file, page))
        for name, key in keys.items():
            if key["file"] != file:
                continue
            if key["page"] not in taken:
                left_out.append(name)
                continue
            score = score_sheet(name, key, taken[key["page"]])
            if score.outcome == "ok" and _lent(taken[key["page"]].graph):
                score.outcome = "ok, scale lent by a sibling sheet"
            scores.append(score)
    return scores, left_out


def _lent(graph: dict) -> bool:
    return (graph.get("scale") or {}).get("source") == "sibling_sheet"


def evaluate(corpus: Path, keys_dir: Path) -> dict:
    keys = load_keys(keys_dir)
    non_plans = keys.pop(Path(NON_PLANS).stem, {"pages": []})["pages"]
    cache: dict[tuple[str, int], Extraction] = {}

    def extraction(file: str, page: int) -> Extraction:
        if (file, page) not in cache:
            cache[file, page] = extract(corpus / file, page)
        return cache[file, page]

    sheets, missing = [], []
    for name, key in keys.items():
        if not (corpus / key["file"]).exists():
            missing.append(key["file"])
            continue
        sheets.append(score_sheet(name, key, extraction(key["file"], key["page"])))
    crashes, pages = [], 0
    for pdf in sorted(corpus.glob("*.pdf")):
        for page in range(pages_of(pdf)):
            pages += 1
            if extraction(pdf.name, page).crash:
                crashes.append(f"{pdf.name} p{page}: {extraction(pdf.name, page).crash}")
    accepted_non_plans = []
    for entry in non_plans:
        if (corpus / entry["file"]).exists():
            result = extraction(entry["file"], entry["page"])
            if result.graph is not None and not result.graph.get("review_required"):
                accepted_non_plans.append(f"{entry['file']} p{entry['page']}")
    as_sets, left_out = score_sets(corpus, keys, extraction)
    in_sets = {key["file"] for name, key in keys.items() if name in left_out} | {
        keys[s.name]["file"] for s in as_sets
    }
    return {
        "sheets": sheets,
        "as_sets": as_sets,
        "left_out_of_sets": left_out,
        "as_uploaded": [s for s in sheets if keys[s.name]["file"] not in in_sets] + as_sets,
        "missing": sorted(set(missing)),
        "pages": pages,
        "crashes": crashes,
        "non_plans": len([e for e in non_plans if (corpus / e["file"]).exists()]),
        "accepted_non_plans": accepted_non_plans,
    }


def print_table(sheets: list[SheetScore]) -> None:
    print(
        f"{'sheet':<24} {'rooms':>7} {'scale':>10} {'doors':>6} {'windows':>7} "
        f"{'review':>6} {'secs':>5}  outcome"
    )
    for s in sheets:
        print(
            f"{s.name:<24} {s.rooms_found:>3}/{s.rooms_keyed:<3} {s.scale:>10} {s.doors:>6} "
            f"{s.windows:>7} {'yes' if s.review else 'no':>6} {s.seconds:>5.1f}  {s.outcome}"
        )


def rooms_found(sheets: list[SheetScore]) -> str:
    keyed = sum(s.rooms_keyed for s in sheets)
    found = sum(s.rooms_found for s in sheets)
    return f"{found}/{keyed} ({found / keyed if keyed else 0:.0%}; target {ROOMS_TARGET:.0%})"


def print_sets(report: dict) -> None:
    if not report["as_sets"]:
        return
    print("\nmulti-page PDFs as drawing sets (the pages each set takes off; secs: the last pass)")
    print_table(report["as_sets"])
    left_out = report["left_out_of_sets"]
    print(
        f"\nrooms found within {AREA_TOLERANCE:.0%}, every PDF as uploaded whole (single "
        f"sheets alone, multi-page PDFs as sets): {rooms_found(report['as_uploaded'])}"
        + (f"; left out by their set, not counted: {', '.join(left_out)}" if left_out else "")
    )


def print_report(report: dict) -> None:
    print_table(report["sheets"])
    scaled = [s for s in report["sheets"] if s.scale != "n/a"]
    settled = sum(1 for s in scaled if s.scale in ("ok", "review"))
    print(
        f"\nrooms found within {AREA_TOLERANCE:.0%}, every sheet alone: "
        f"{rooms_found(report['sheets'])}"
        f" | scale ok or flagged: {settled}/{len(scaled)}"
        f" | crashes: {len(report['crashes'])} of {report['pages']} pages"
        f" | non-plan pages refused or flagged: "
        f"{report['non_plans'] - len(report['accepted_non_plans'])}/{report['non_plans']}"
    )
    for line in report["crashes"]:
        print(f"  crash: {line}")
    for line in report["accepted_non_plans"]:
        print(f"  non-plan page taken as a plan: {line}")
    if report["missing"]:
        print(f"  not in the corpus folder: {', '.join(report['missing'])}")
    print_sets(report)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of the real PDFs")
    parser.add_argument("--keys", type=Path, default=ROOT / "bench" / "realplans")
    parser.add_argument("--json", type=Path, help="also write the scores and misses here")
    parser.add_argument("--misses", action="store_true", help="list every missed room")
    args = parser.parse_args(argv)
    report = evaluate(args.corpus, args.keys)
    print_report(report)
    if args.misses:
        for heading, sheets in (("alone", "sheets"), ("as a set", "as_sets")):
            for s in report[sheets]:
                for miss in s.misses:
                    print(f"  {s.name} ({heading}): {miss}")
    if args.json:
        rows = {k: [vars(s) for s in report[k]] for k in ("sheets", "as_sets", "as_uploaded")}
        args.json.write_text(json.dumps({**report, **rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
