"""Run one fuzz target under atheris (libFuzzer): `python -m tests.fuzz.engine NAME [SECONDS]`.

A target module fuzz_NAME.py defines NAME and `check(data: bytes) -> None`, which feeds the
bytes to the real entry point and lets through only the exceptions the project answers bad
input with (IgMigrateError and its kind, or what the caller of that parser catches); anything
else is a crash. The module is imported under atheris's import hook, so the project's code
(and the pure-Python parsers it relies on) is instrumented for coverage feedback. Fuzzing starts
from corpus/NAME/ (the seeds; what libFuzzer learns goes to a scratch copy) and writes crashing
and hanging inputs to crashes/NAME/; tests/test_fuzz_regressions.py replays both directories.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
CRASHES = HERE / "crashes"
# One input taking longer than this is a hang (libFuzzer writes it as timeout-<sha1>).
TIMEOUT_SECONDS = 10
# Larger inputs teach nothing more about a parser and slow every execution down.
MAX_LEN = 8192
# Instrumented: the project, and the pure-Python libraries its parsers hand bytes to.
INSTRUMENTED = ["igmigrate", "javaproperties", "zipfile", "json"]


def scratch() -> Path:
    """Where fuzzing keeps its working files: $FUZZ_WORK (`make fuzz`: out/fuzz), else /tmp."""
    return Path(os.environ.get("FUZZ_WORK") or tempfile.gettempdir()).resolve()


def saved_inputs(name: str) -> list[Path]:
    """Every seed and every saved crash of a target, in a stable order."""
    out: list[Path] = []
    for d in (CORPUS / name, CRASHES / name):
        if d.is_dir():
            out += sorted(p for p in d.iterdir() if p.is_file() and not p.name.startswith("."))
    return out


def fuzz(name: str, seconds: int) -> None:
    """Fuzz target `name` for `seconds` with coverage feedback; libFuzzer exits the process."""
    import atheris  # only fuzzing needs it: replaying saved inputs does not

    with atheris.instrument_imports(include=INSTRUMENTED):
        target = importlib.import_module(f"tests.fuzz.fuzz_{name}")
    crashes = CRASHES / name
    crashes.mkdir(parents=True, exist_ok=True)
    # libFuzzer adds what it learns to its first corpus dir: a scratch copy keeps the seeds few
    work = scratch() / f"corpus-{name}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for p in saved_inputs(name):
        shutil.copy(p, work / f"{p.parent.name}-{p.name}")
    args = [
        sys.argv[0],
        str(work),
        f"-max_total_time={seconds}",
        f"-timeout={TIMEOUT_SECONDS}",
        f"-max_len={MAX_LEN}",
        f"-artifact_prefix={crashes}/",
        "-print_final_stats=1",
        "-rss_limit_mb=2048",
    ]
    atheris.Setup(args, target.check)
    atheris.Fuzz()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python -m tests.fuzz.engine NAME [SECONDS]")
    seconds = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("FUZZ_SECONDS", "60")
    fuzz(sys.argv[1], int(seconds))
