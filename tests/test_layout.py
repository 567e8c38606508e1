"""The layout names the two sides: only mapping/ imports both; no long module without a reason."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "igmigrate"
SIDES = ("igmigrate.tomcat", "igmigrate.ig")
MAX_LINES = 320  # "roughly 300"


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def _module(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def _touches(imports: set[str], side: str) -> bool:
    return any(m == side or m.startswith(side + ".") for m in imports)


def test_only_mapping_imports_both_sides() -> None:
    both = sorted(
        _module(p)
        for p in PACKAGE.rglob("*.py")
        if all(_touches(_imports(p), side) for side in SIDES)
    )
    assert both and all(m.startswith("igmigrate.mapping.") for m in both), both


def test_each_side_and_the_registry_import_no_other_side() -> None:
    rules = {
        "igmigrate/tomcat": ("igmigrate.ig", "igmigrate.mapping"),
        "igmigrate/ig": ("igmigrate.tomcat", "igmigrate.mapping"),
        "igmigrate/rules": ("igmigrate.tomcat", "igmigrate.ig", "igmigrate.mapping"),
    }
    wrong = []
    for folder, banned in rules.items():
        for p in (PACKAGE.parent / folder).rglob("*.py"):
            wrong += [f"{_module(p)} imports {b}" for b in banned if _touches(_imports(p), b)]
    assert wrong == []


def test_no_module_is_long_without_a_reason_in_its_docstring() -> None:
    long = []
    for p in sorted(PACKAGE.rglob("*.py")):
        lines = len(p.read_text().splitlines())
        doc = ast.get_docstring(ast.parse(p.read_text())) or ""
        if lines > MAX_LINES and "Longer than" not in doc:
            long.append(f"{_module(p)}: {lines} lines")
    assert long == []
