"""bench/eval_real.py scores a corpus folder, and the committed answer keys are well formed."""

import importlib.util
import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from shapely.geometry import Polygon

from floorplans.pipeline.rooms import WallRect
from floorplans.pipeline.wall_centres import between_wall_centres
from floorplans.samples import bad_pdfs
from floorplans.samples.catalog import small_house
from floorplans.samples.european_sheets import european_flat, stamps_printing
from floorplans.samples.render import ground_truth, render_pdf
from floorplans.samples.stamped_sheets import render_stamped_set

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "bench" / "realplans"
AREA_SOURCES = {"printed", "printed_dimensions", "measured_by_hand"}


def _eval_real():
    spec = importlib.util.spec_from_file_location("eval_real", ROOT / "bench" / "eval_real.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_real"] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _key_from_truth(file: str, truth: dict, *, area_factor: float = 1.0) -> dict:
    """An answer key as a person would write it for a generated sheet: stamp and area."""
    mpp = truth["scale"]["metres_per_point"]
    rooms = []
    for room in truth["rooms"]:
        point = Polygon(room["polygon"]).representative_point()
        area = room["area_pts2"] * mpp * mpp * area_factor
        rooms.append({"label": room["label"], "stamp": [point.x, point.y],
                      "area_m2": round(area, 3), "area_from": "measured_by_hand"})  # fmt: skip
    return {"file": file, "page": 0, "scale": {"text": truth["scale"]["text"],
            "metres_per_point": mpp}, "rooms": rooms}  # fmt: skip


@pytest.fixture
def corpus(tmp_path):
    plan = small_house()
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "keys").mkdir()
    (tmp_path / "pdfs" / "house.pdf").write_bytes(render_pdf(plan, "double_line"))
    (tmp_path / "pdfs" / "scan.pdf").write_bytes(bad_pdfs.raster_only())
    truth = ground_truth(plan, "double_line")
    return tmp_path, truth


def test_a_generated_sheet_scores_every_room_found(corpus):
    folder, truth = corpus
    key = _key_from_truth("house.pdf", truth)
    (folder / "keys" / "house.json").write_text(json.dumps(key))
    (folder / "keys" / "non_plans.json").write_text(
        json.dumps({"pages": [{"file": "scan.pdf", "page": 0}]})
    )
    report = _eval_real().evaluate(folder / "pdfs", folder / "keys")

    [sheet] = report["sheets"]
    assert sheet.rooms_keyed == len(truth["rooms"]) > 0
    assert sheet.rooms_found == sheet.rooms_keyed
    assert sheet.scale == "ok"
    assert report["pages"] == 2
    assert report["crashes"] == []
    assert report["accepted_non_plans"] == []


def test_a_key_whose_areas_disagree_counts_the_rooms_as_missed(corpus):
    folder, truth = corpus
    wrong = _key_from_truth("house.pdf", truth, area_factor=1.2)
    wrong["scale"]["metres_per_point"] *= 1.5
    (folder / "keys" / "house.json").write_text(json.dumps(wrong))
    report = _eval_real().evaluate(folder / "pdfs", folder / "keys")

    [sheet] = report["sheets"]
    assert sheet.rooms_found == 0
    assert all("(-17%)" in miss for miss in sheet.misses)  # measured 1/1.2 of the key
    assert sheet.scale.startswith("wrong")


def test_the_command_prints_one_table_and_the_totals(corpus, capsys):
    folder, truth = corpus
    (folder / "keys" / "house.json").write_text(json.dumps(_key_from_truth("house.pdf", truth)))
    assert (
        _eval_real().main(["--corpus", str(folder / "pdfs"), "--keys", str(folder / "keys")]) == 0
    )
    out = capsys.readouterr().out
    assert "house" in out
    found = f"{len(truth['rooms'])}/{len(truth['rooms'])}"
    assert f"rooms found within 5%, every sheet alone: {found}" in out


def test_a_multi_page_pdf_is_also_scored_as_the_drawing_set_reads_it(corpus, capsys):
    """The flat on two sheets, the scale only on the second (its dimension strings): alone,
    the first sheet's rooms have no scale; as a set, they have the second sheet's."""
    folder, _ = corpus
    plan = replace(european_flat(scale_text=""), sheet_title="FLOOR PLAN")
    names = stamps_printing(plan, lambda area: ())
    pdf = render_stamped_set([(plan, names, {"dimensions": False}), (plan, names, {})])
    (folder / "pdfs" / "flat.pdf").write_bytes(pdf)
    rooms = [
        {"label": room.label, "stamp": list(plan.to_page(*at)), "area_from": "printed_dimensions",
         "area_m2": round(Polygon(room.polygon).area, 2)}
        for room, (_, at, _) in zip(plan.rooms, names, strict=True)
    ]  # fmt: skip
    for page in (0, 1):
        key = {"file": "flat.pdf", "page": page, "scale": None, "rooms": rooms}
        (folder / "keys" / f"flat-p{page}.json").write_text(json.dumps(key))
    eval_real = _eval_real()
    report = eval_real.evaluate(folder / "pdfs", folder / "keys")

    alone = {s.name: s.rooms_found for s in report["sheets"]}
    as_set = {s.name: (s.rooms_found, s.outcome) for s in report["as_sets"]}
    assert alone == {"flat-p0": 0, "flat-p1": len(rooms)}
    assert as_set == {
        "flat-p0": (len(rooms), "ok, scale lent by a sibling sheet"),
        "flat-p1": (len(rooms), "ok"),
    }
    assert report["left_out_of_sets"] == []
    eval_real.print_report(report)
    out = capsys.readouterr().out
    assert f"every sheet alone: {len(rooms)}/{2 * len(rooms)}" in out
    assert f"multi-page PDFs as sets): {2 * len(rooms)}/{2 * len(rooms)}" in out


@pytest.mark.parametrize("path", sorted(KEYS.glob("*.json")), ids=lambda p: p.stem)
def test_every_committed_answer_key_is_well_formed(path):
    key = json.loads(path.read_text())
    if path.name == "non_plans.json":
        assert all({"file", "page"} <= set(entry) for entry in key["pages"])
        return
    if path.name == "sheet_kinds.json":  # bench_sheets.py's key: every page's kind
        assert all(entry["kinds"] for entry in key["files"].values())
        return
    assert key["file"].endswith(".pdf") and key["page"] >= 0
    assert key["rooms"], "a key lists the rooms the sheet prints"
    for scale in (key.get("scale"), key.get("scale_check")):
        assert scale is None or 0.001 < scale["metres_per_point"] < 1
    for room in key["rooms"]:
        assert room["label"] and len(room["stamp"]) == 2
        assert room["area_m2"] > 0
        assert room["area_from"] in AREA_SOURCES
    assert key.get("sizes_between", "wall_faces") in {"wall_faces", "wall_centres"}
    assert key["notes"], "every key says how its figures were read"


def test_a_key_printing_sizes_between_wall_centres_is_scored_against_the_rooms_grown_to_them(
    corpus,
):
    # Keyed between the walls' centrelines (the generator's rooms grown by half their
    # walls), the sheet's net rooms miss unless the key says so; the default stays net.
    folder, truth = corpus
    mpp = truth["scale"]["metres_per_point"]
    walls = [WallRect(w["x1"], w["y1"], w["x2"], w["y2"], w["thickness"]) for w in truth["walls"]]
    key = _key_from_truth("house.pdf", truth)
    for keyed, room in zip(key["rooms"], truth["rooms"], strict=True):
        grown = between_wall_centres(Polygon(room["polygon"]), walls)
        keyed["area_m2"] = round(grown.area * mpp * mpp, 3)
    evaluate = _eval_real().evaluate
    (folder / "keys" / "house.json").write_text(json.dumps(key))
    [net] = evaluate(folder / "pdfs", folder / "keys")["sheets"]
    (folder / "keys" / "house.json").write_text(
        json.dumps({**key, "sizes_between": "wall_centres"})
    )
    [centres] = evaluate(folder / "pdfs", folder / "keys")["sheets"]
    assert net.rooms_found < net.rooms_keyed
    assert centres.rooms_found == centres.rooms_keyed
