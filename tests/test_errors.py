"""One voice for errors: every error that stops a run says its reason, then a hint line."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import igmigrate.errors as errors
from igmigrate.errors import IgMigrateError, InputError, UserError
from igmigrate.findings import SourceLocation
from tests.golden import ROOT, SOURCE_DATE_EPOCH

PKG = Path(__file__).resolve().parents[1] / "igmigrate"


def error_kinds() -> list[type[IgMigrateError]]:
    return [
        c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, IgMigrateError)
    ]


@pytest.mark.parametrize("kind", error_kinds(), ids=lambda c: c.__name__)
def test_every_error_kind_carries_a_hint(kind: type[IgMigrateError]) -> None:
    e = kind("it broke")
    assert e.hint.strip(), f"{kind.__name__} has no default hint"
    lines = e.text().splitlines()
    assert lines == ["it broke", f"  hint: {e.hint}"]


def test_a_hint_given_at_the_raise_site_wins_and_the_location_leads() -> None:
    e = InputError(
        "unclosed <Connector>", SourceLocation("conf/server.xml", 12), 5, hint="close it"
    )
    assert e.text() == "conf/server.xml:12:5: unclosed <Connector>\n  hint: close it"
    assert UserError("x", hint="").hint == UserError.hint  # an empty hint falls back


def test_every_raise_site_in_the_package_builds_an_error_with_a_hint() -> None:
    """No subclass defined elsewhere may drop the class default hint."""
    for py in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(py.read_text())):
            if isinstance(node, ast.ClassDef) and py.name != "errors.py":
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                assert not bases & {"IgMigrateError", "InputError", "UserError"}, (
                    f"{py}: {node.name} subclasses an error outside errors.py"
                )


def test_a_missing_server_xml_says_so_with_a_hint_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "base"
    (src / "conf").mkdir(parents=True)
    out = tmp_path / "out"
    proc = run_convert_src(src, out)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[-2].startswith("igmigrate: error: not a Tomcat base: ")
    assert lines[-2].endswith("has no conf/server.xml")
    assert lines[-1] == (
        "  hint: give the Tomcat base (CATALINA_BASE): the directory holding conf/server.xml"
    )
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def test_malformed_server_xml_names_file_line_col_and_hints(tmp_path: Path) -> None:
    src = tmp_path / "base"
    (src / "conf").mkdir(parents=True)
    (src / "conf" / "server.xml").write_text('<Server port="8005">\n  <Service>\n</Server>\n')
    out = tmp_path / "out"
    proc = run_convert_src(src, out)
    assert proc.returncode == 1
    err = [ln for ln in proc.stderr.splitlines() if ln.startswith("igmigrate: error: ")]
    assert err and err[0].startswith("igmigrate: error: conf/server.xml:3:"), proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("  hint: ")
    assert str(tmp_path) not in "\n".join(err)  # SRC files are named relative to SRC
    assert not out.exists()


def run_convert_src(src: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`igmigrate convert SRC OUT` through the real CLI, as tests/golden.py runs samples."""
    cmd = [sys.executable, "-m", "igmigrate", "convert", str(src), str(out), "--no-color"]
    env = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PATH": "/usr/bin:/bin"}
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
