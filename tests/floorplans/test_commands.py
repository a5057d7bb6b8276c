"""The contract CLI: `extract` and `takeoff`, run as a person or script would run them."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from floorplans.samples import bad_pdfs
from floorplans.samples.stamped_sheets import open_walls, render_stamped

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, env_extra=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env_extra,
    )


@pytest.fixture
def demo_file(tmp_path, demo_pdf) -> Path:
    path = tmp_path / "demo plan.pdf"
    path.write_bytes(demo_pdf)
    return path


def test_extract_prints_only_the_spatial_graph_on_stdout(demo_file):
    result = manage("extract", str(demo_file))
    assert result.returncode == 0, result.stderr
    graph = json.loads(result.stdout)
    assert graph["schema_version"] == 1
    assert graph["page"] == {"index": 0, "width": 1728.0, "height": 1296.0, "rotation": 0}
    assert graph["scale"]["source"] == "text"
    assert all(set(wall) >= {"id", "x1", "y1", "x2", "y2", "thickness"} for wall in graph["walls"])


def test_extract_scale_override_wins(demo_file):
    graph = json.loads(manage("extract", str(demo_file), "--scale", "1:50").stdout)
    assert graph["scale"]["source"] == "override"
    assert graph["scale"]["metres_per_point"] == pytest.approx(0.0254 / 72 * 50, rel=1e-4)


@pytest.mark.parametrize(
    ("make_pdf", "phrase"),
    [
        (bad_pdfs.not_a_pdf, "not a PDF"),
        (bad_pdfs.encrypted, "password"),
        (bad_pdfs.zero_bytes, "file is empty"),
    ],
)
def test_extract_of_a_bad_pdf_exits_1_with_one_line(tmp_path, make_pdf, phrase):
    path = tmp_path / "bad.pdf"
    path.write_bytes(make_pdf())
    result = manage("extract", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and phrase in lines[0]


def test_extract_of_a_missing_file_exits_1(tmp_path):
    result = manage("extract", str(tmp_path / "nope.pdf"))
    assert result.returncode == 1 and "cannot read" in result.stderr


def test_extract_runs_without_a_database_or_secret(demo_file, tmp_path):
    database = tmp_path / "var" / "db.sqlite3"
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{database}"}
    result = manage("extract", str(demo_file), env_extra=env)
    assert result.returncode == 0, result.stderr
    assert not database.exists()


@pytest.mark.django_db(transaction=True)
def test_takeoff_prints_a_bom_in_each_format(demo_file):
    table = manage("takeoff", str(demo_file), "--catalogue", "default", "--format", "table")
    assert table.returncode == 0, table.stderr
    assert "FRAMING" in table.stdout and "TOTAL USD" in table.stdout

    rows = list(csv.DictReader(io.StringIO(
        manage("takeoff", str(demo_file), "--catalogue", "default", "--format", "csv").stdout
    )))  # fmt: skip
    assert {row["Category"] for row in rows} >= {"framing", "drywall", "flooring", "paint", "trim"}

    bom = json.loads(
        manage("takeoff", str(demo_file), "--catalogue", "default", "--format", "json").stdout
    )
    assert bom["total"] == f"{sum(float(line['line_total']) for line in bom['lines']):.2f}"


def test_takeoff_option_flags_reach_the_generator(demo_file):
    args = ("takeoff", str(demo_file), "--catalogue", "default", "--format", "json")
    base = json.loads(manage(*args).stdout)
    metric = json.loads(manage(*args, "--unit-system", "metric", "--no-ceilings").stdout)
    assert metric["options"]["unit_system"] == "metric"
    assert metric["options"]["ceilings"] is False
    assert metric["total"] != base["total"]


def test_takeoff_rejects_a_bad_option_value(demo_file):
    result = manage("takeoff", str(demo_file), "--catalogue", "default", "--waste-framing", "90")
    assert result.returncode == 1 and "waste_framing" in result.stderr


def test_takeoff_of_a_sheet_that_needs_review_says_why_on_stderr(tmp_path):
    path = tmp_path / "open walls.pdf"
    path.write_bytes(render_stamped(open_walls(), [("KITCHEN", (3.0, 2.0), ("A: 22.00 m2",))]))
    result = manage("takeoff", str(path), "--catalogue", "default", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["lines"] is not None  # stdout is still only the BOM
    assert "review required: no rooms were found" in result.stderr


def test_takeoff_of_a_good_sheet_writes_no_review_lines(demo_file):
    result = manage("takeoff", str(demo_file), "--catalogue", "default", "--format", "json")
    assert "review required" not in result.stderr


def test_takeoff_writes_a_workbook_and_a_markup(demo_file, tmp_path):
    import openpyxl
    from pdfminer.high_level import extract_text

    book, markup = tmp_path / "bom.xlsx", tmp_path / "markup.pdf"
    result = manage("takeoff", str(demo_file), "--catalogue", "default", "--format", "xlsx",
                    "--output", str(book), "--markup", str(markup))  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # everything went to the files
    sheet = openpyxl.load_workbook(book)["BOM"]
    assert sheet["G2"].value == "=ROUND(D2*F2,2)"
    text = extract_text(str(markup))
    assert "FLOOR PLAN" in text and "Quantities" in text and "KITCHEN" in text


def test_takeoff_xlsx_needs_an_output_file(demo_file):
    result = manage("takeoff", str(demo_file), "--catalogue", "default", "--format", "xlsx")

    assert result.returncode == 1 and "--output FILE" in result.stderr
