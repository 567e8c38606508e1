"""Golden samples: run the real CLI over samples/<case>/input and compare with expected/."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
# The clock of every golden run (certificate expiry): 2026-01-01T00:00:00Z, so that goldens
# never change with the date.
SOURCE_DATE_EPOCH = "1767225600"


def cases() -> list[str]:
    return sorted(p.parent.name for p in SAMPLES.glob("*/input") if p.is_dir())


def extra_args(case: str) -> list[str]:
    f = SAMPLES / case / "args"
    return shlex.split(f.read_text()) if f.is_file() else []


def run_convert(case: str, out: Path, *more: str) -> subprocess.CompletedProcess[str]:
    """`igmigrate convert samples/<case>/input OUT` exactly as a user would run it."""
    cmd = [
        sys.executable,
        "-m",
        "igmigrate",
        "convert",
        str(SAMPLES / case / "input"),
        str(out),
        *extra_args(case),
        "--no-color",
        *more,
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("IGMIGRATE_")}
    env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, check=False)


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root: relative path → (bytes, permission bits)."""
    out: dict[str, tuple[bytes, int]] = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out[p.relative_to(root).as_posix()] = (p.read_bytes(), stat.S_IMODE(p.stat().st_mode))
    return out


def secret_outputs(out: Path) -> set[str]:
    """The files OUT's manifest marks secret (secrets/, the input digests, env.sh with
    --secrets env): the only ones that may hold a secret, each written 0600."""
    manifest = json.loads((out / ".igmigrate" / "manifest.json").read_text())
    return {rel for rel, entry in manifest["outputs"].items() if entry.get("secret")}


def regenerate() -> None:
    for case in cases():
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            proc = run_convert(case, out, "--quiet")
            if proc.returncode not in (0, 4):
                sys.stderr.write(proc.stderr)
                raise SystemExit(f"{case}: igmigrate exited {proc.returncode}")
            expected = SAMPLES / case / "expected"
            shutil.rmtree(expected, ignore_errors=True)
            shutil.copytree(out, expected, symlinks=True)
            (SAMPLES / case / "expected.exit").write_text(f"{proc.returncode}\n")
        print(f"{case}: regenerated (exit {proc.returncode})")


if __name__ == "__main__":
    if sys.argv[1:] != ["regenerate"]:
        raise SystemExit("usage: python -m tests.golden regenerate")
    regenerate()
    from tests import bad_samples

    bad_samples.regenerate()
