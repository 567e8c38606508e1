"""The built wheel, not the editable checkout, installs and converts a sample.

The wheel is built once per module from this checkout with the venv's own hatchling
(``--no-build-isolation --no-index``: no download), installed with ``pip --target`` into a
directory that is put first on ``PYTHONPATH``, and run from a directory outside the checkout, so
``import igmigrate`` cannot resolve to the sources (checked, not assumed). The templates reach
the wheel only through hatchling's ``force-include`` of the top-level ``templates/``; converting
``samples/tomcat9-basic`` with it proves they are packaged and found at run time.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.golden import ROOT, SAMPLES, tree

CASE = "tomcat9-basic"
PIP_TIMEOUT = 300
RUN_TIMEOUT = 120


@dataclass(frozen=True)
class InstalledWheel:
    wheel: Path
    target: Path  # what `pip install --target` wrote
    workdir: Path  # cwd for every run: neither the checkout nor the target


def _pip(*args: str, cwd: Path) -> None:
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "pip", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=PIP_TIMEOUT,
        check=False,
    )
    assert proc.returncode == 0, f"pip {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> InstalledWheel:
    if importlib.util.find_spec("hatchling") is None:
        pytest.fail("hatchling is not installed in this venv: pip install -e '.[dev]'")
    base = tmp_path_factory.mktemp("wheel")
    dist, target, workdir = base / "dist", base / "target", base / "work"
    workdir.mkdir()
    _pip(
        "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(dist), str(ROOT),
        cwd=workdir,
    )  # fmt: skip
    [wheel] = dist.glob("igmigrate-*.whl")
    _pip("install", "--no-deps", "--no-index", "--target", str(target), str(wheel), cwd=workdir)
    return InstalledWheel(wheel, target, workdir)


def _run(installed: InstalledWheel, *args: str) -> subprocess.CompletedProcess[str]:
    """`python ARGS` with only the installed wheel (plus the venv's dependencies) importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IGMIGRATE_", "PYTHON"))}
    env["PYTHONPATH"] = str(installed.target)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=installed.workdir,
        env=env,
        timeout=RUN_TIMEOUT,
        check=False,
    )


def test_wheel_contains_the_package_and_its_templates(installed: InstalledWheel) -> None:
    with zipfile.ZipFile(installed.wheel) as whl:
        names = set(whl.namelist())
        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        console = whl.read(entry_points).decode()
    assert "igmigrate/templates/admin.json.j2" in names
    assert "igmigrate/templates/MIGRATION.md.j2" in names
    assert {"igmigrate/__init__.py", "igmigrate/__main__.py", "igmigrate/cli.py"} <= names
    assert "igmigrate = igmigrate.cli:main" in console
    # Only the package and its metadata: no tests, samples or top-level templates/ directory.
    stray = sorted(n for n in names if not n.startswith(("igmigrate/", "igmigrate-")))
    assert stray == []


def test_import_resolves_to_the_installed_wheel_not_the_checkout(
    installed: InstalledWheel,
) -> None:
    proc = _run(installed, "-c", "import igmigrate; print(igmigrate.__file__)")
    assert proc.returncode == 0, proc.stderr
    module = Path(proc.stdout.strip()).resolve()
    assert module == (installed.target / "igmigrate" / "__init__.py").resolve()
    assert not module.is_relative_to(ROOT)


def test_installed_wheel_converts_a_sample_like_the_checkout(installed: InstalledWheel) -> None:
    out = installed.workdir / "out"
    proc = _run(
        installed, "-m", "igmigrate", "convert", str(SAMPLES / CASE / "input"), str(out),
        "--no-color",
    )  # fmt: skip
    expected_exit = int((SAMPLES / CASE / "expected.exit").read_text())
    assert expected_exit == 0
    assert proc.returncode == 0, proc.stdout + proc.stderr
    admin = (out / "config" / "admin.json").read_bytes()
    assert admin == (SAMPLES / CASE / "expected" / "config" / "admin.json").read_bytes()
    # The rendered report too (MIGRATION.md.j2 comes from the wheel): the whole golden tree.
    got, want = tree(out), tree(SAMPLES / CASE / "expected")
    assert sorted(got) == sorted(want)
    for rel in want:  # bytes: git stores no 0600, modes are checked by test_golden's manifest
        assert got[rel][0] == want[rel][0], f"{rel} differs from the golden copy"
