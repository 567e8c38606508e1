"""Compiled templates cached between runs: same bytes cold, warm and from a corrupt cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.golden import ROOT, SAMPLES, SOURCE_DATE_EPOCH, tree

CASE = "tomcat9-basic"


def _convert(out: Path, tmp: Path, *, bytecode: bool) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IGMIGRATE_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, TMPDIR=str(tmp))
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")  # no __pycache__ in the worktree
    cmd = [sys.executable, "-m", "igmigrate", "convert", str(SAMPLES / CASE / "input"), str(out)]
    proc = subprocess.run([*cmd, "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode in (0, 4), proc.stderr


def _cache_files(tmp: Path) -> list[Path]:
    return sorted(tmp.glob(f"_jinja2-cache-{os.getuid()}/__igmigrate_*.cache"))


def test_templates_compiled_once_then_read_from_the_cache_with_identical_output(
    tmp_path: Path,
) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    want = tree(SAMPLES / CASE / "expected")
    _convert(tmp_path / "cold", tmp, bytecode=True)
    cached = _cache_files(tmp)
    assert cached, "no compiled template was cached"
    assert all(p.stat().st_mode & 0o077 == 0 for p in cached)  # the user's own, as Jinja makes
    stamps = {p: p.stat().st_mtime_ns for p in cached}
    _convert(tmp_path / "warm", tmp, bytecode=True)
    assert {p: p.stat().st_mtime_ns for p in _cache_files(tmp)} == stamps  # read, not rewritten
    for p in cached:
        p.write_bytes(b"not a cache file")
    _convert(tmp_path / "corrupt", tmp, bytecode=True)
    for run in ("cold", "warm", "corrupt"):
        got = tree(tmp_path / run)
        assert {k: v[0] for k, v in got.items()} == {k: v[0] for k, v in want.items()}, run


def test_no_cache_written_where_python_writes_no_bytecode(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    _convert(tmp_path / "out", tmp, bytecode=False)
    assert _cache_files(tmp) == []
