"""The dependency diagram in docs/architecture.md and the import contracts hold the code.

An arrow (``a --> b``) in the diagram's ``flowchart`` lets modules of part ``a`` import
modules of part ``b``; a module belongs to the part with the longest matching name.
"""

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
ROOT_PACKAGES = ("floorplans", "jobs", "config")
_FLOWCHART = re.compile(r"```mermaid\n(flowchart .*?)```", re.DOTALL)
_NODE = re.compile(r'^\s*(\w+)\["([\w.]+)"\]\s*$', re.MULTILINE)
_ARROW = re.compile(r"^\s*(\w+) --> (\w+)\s*$", re.MULTILINE)


def diagram(text: str) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """(node id -> package, allowed (importer, imported) package pairs) of the flowchart."""
    (chart,) = _FLOWCHART.findall(text)
    nodes = dict(_NODE.findall(chart))
    return nodes, {(nodes[a], nodes[b]) for a, b in _ARROW.findall(chart)}


def part_of(module: str, parts: list[str]) -> str | None:
    matches = [p for p in parts if module == p or module.startswith(p + ".")]
    return max(matches, key=len, default=None)


def crossings(imports: dict[str, set[str]], parts: list[str]) -> set[tuple[str, str, str]]:
    """(importer part, imported part, "module -> module") for every import across parts."""
    found = set()
    for importer, imported_modules in imports.items():
        source = part_of(importer, parts)
        for imported in imported_modules:
            target = part_of(imported, parts)
            if target is not None and target != source:
                found.add((source, target, f"{importer} -> {imported}"))
    return found


@cache
def _project_graph() -> grimp.ImportGraph:
    sys.path.insert(0, str(ROOT))
    return grimp.build_graph(*ROOT_PACKAGES, cache_dir=None)


def _project_imports() -> dict[str, set[str]]:
    graph = _project_graph()
    return {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}


def test_every_import_across_parts_follows_an_arrow_of_the_diagram():
    nodes, arrows = diagram((ROOT / "docs" / "architecture.md").read_text())
    parts = list(nodes.values())
    assert set(ROOT_PACKAGES) <= set(parts)  # every module belongs to some part
    unexplained = sorted(
        f"{how} (no arrow {source} --> {target})"
        for source, target, how in crossings(_project_imports(), parts)
        if (source, target) not in arrows
    )
    assert unexplained == []


def test_an_import_along_a_missing_arrow_is_reported():
    nodes, arrows = diagram(
        '```mermaid\nflowchart TD\n    a["pkg"]\n    b["pkg.pure"]\n    a --> b\n```'
    )
    imports = {"pkg.views": {"pkg.pure.maths"}, "pkg.pure.maths": {"pkg.models", "pkg.pure.x"}}
    assert arrows == {("pkg", "pkg.pure")}
    assert crossings(imports, list(nodes.values())) == {
        ("pkg", "pkg.pure", "pkg.views -> pkg.pure.maths"),
        ("pkg.pure", "pkg", "pkg.pure.maths -> pkg.models"),
    }


def test_no_module_imports_its_way_back_to_itself():
    """Not even from inside a function: such a circle means two modules are one."""
    graph = _project_graph()
    circles = sorted(
        f"{module} -> {imported} -> ... -> {module}"
        for module, imported_modules in _project_imports().items()
        for imported in imported_modules
        if graph.find_shortest_chain(importer=imported, imported=module)
    )
    assert circles == []


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout
