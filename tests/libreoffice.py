"""Headless LibreOffice for the tests that check a workbook opens and computes in it.

Debian's libreoffice-calc-nogui (installed by .ci/run); tests skip when it is absent.
Each conversion gets a profile directory of its own, so parallel runs never share
LibreOffice's profile lock.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui; .ci/run does)",
)
# CSV filter: comma, double quote, UTF-8 (76), from row 1, ..., every sheet to its own file (-1).
_CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def sheets_as_csv(workbook: bytes, folder: Path) -> dict[str, list[list[str]]]:
    """Open the workbook in LibreOffice (which recalculates every formula) and save each
    sheet as CSV: sheet name -> rows as LibreOffice computed and formatted them."""
    source = folder / "book.xlsx"
    source.write_bytes(workbook)
    out = folder / "csv"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
         "--convert-to", _CSV_FILTER, "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return {
        path.stem.removeprefix("book-"): list(csv.reader(path.open(encoding="utf-8")))
        for path in out.glob("book-*.csv")
    }
