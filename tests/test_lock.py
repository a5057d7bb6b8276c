"""The locks (what `make` and production install) pin every direct dependency at the
version requirements*.txt pins: a line changed without `make lock` fails here."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)


def pins(text: str) -> dict[str, str]:
    """name (normalised as pip does) -> pinned version, of every `name==version` line."""
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in _PIN.findall(text)}


@pytest.mark.parametrize(
    ("direct", "lock"),
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_the_lock_pins_each_direct_dependency_as_requirements_do(direct, lock):
    wanted = pins((ROOT / direct).read_text())
    if direct == "requirements-dev.txt":
        wanted |= pins((ROOT / "requirements.txt").read_text())  # its `-r requirements.txt`
    locked = pins((ROOT / lock).read_text())
    assert {name: locked.get(name) for name in wanted} == wanted


def test_every_locked_package_carries_its_hashes():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        entries = re.split(r"\n(?=\S)", (ROOT / lock).read_text())
        unhashed = [e.split()[0] for e in entries if "==" in e and "--hash=sha256:" not in e]
        assert unhashed == [], lock


def test_pins_reads_names_as_pip_compares_them():
    assert pins("psycopg[binary]==3.3.9\nPyYAML==6.0 \\\n    --hash=sha256:ab\n# x==1\n") == {
        "psycopg": "3.3.9",
        "pyyaml": "6.0",
    }


def test_development_runs_the_versions_production_installs():
    production = pins((ROOT / "requirements.lock").read_text())
    development = pins((ROOT / "requirements-dev.lock").read_text())
    assert {name: development.get(name) for name in production} == production
