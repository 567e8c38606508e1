"""Interrupted batches: `igmigrate batch --jobs 2` SIGKILLed as a whole process group (parent and
workers) at named points and over a measured run leaves every server's OUT its old or its new
tree and the report absent, old or new; the next batch converts all and leaves nothing behind."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

from typer.testing import CliRunner

from igmigrate.cli import app
from tests.batch_fleet import batch, write_manifest
from tests.golden import SOURCE_DATE_EPOCH
from tests.test_kill import leftovers, snapshot

CASES = ("tomcat9-basic", "tomcat85-sni", "tomcat9-session", "tomcat9-access-log")
NAMES = [f"s{i}" for i in range(len(CASES))]
REPORTS = ("batch-report.json", "batch-report.html")


def state(d: Path) -> dict[str, object]:
    outs = {n: snapshot(d / "out" / n) if (d / "out" / n).exists() else None for n in NAMES}
    reports = {r: (d / r).read_bytes() if (d / r).exists() else None for r in REPORTS}
    return {"outs": outs, "reports": reports}


def batch_in_process(cwd: Path) -> None:
    os.chdir(cwd)
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    CliRunner().invoke(app, ["batch", "--manifest", "new.csv", "--jobs", "2"])


def killed(base: Path, work: Path, *, point: str = "", delay: float = 0.0) -> Path:
    """work: a copy of the old state; a forked batch into it (its own process group) killed
    whole where a worker or the parent pauses at point, or after delay seconds."""
    shutil.copytree(base, work, symlinks=True)
    marker = Path(tempfile.gettempdir(), f"igmigrate-killb-{os.getpid()}-{time.monotonic_ns()}")
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.setpgid(0, 0)
            for k in [k for k in os.environ if k.startswith("IGMIGRATE_")]:
                del os.environ[k]
            if point:
                os.environ.update(_IGMIGRATE_PAUSE_AT=point, _IGMIGRATE_PAUSED=str(marker))
            batch_in_process(work)
        finally:
            os._exit(0)
    if point:
        end = time.monotonic() + 60
        while not marker.exists():
            assert os.waitpid(pid, os.WNOHANG)[0] == 0, f"batch ended before {point}"
            assert time.monotonic() < end
            time.sleep(0.002)
        marker.unlink()
    else:
        time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):  # it finished before the delay
        os.killpg(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return work


def test_batch_killed_whole_at_50_points_leaves_old_or_new_outs_and_reports(
    tmp_path: Path,
) -> None:
    base = tmp_path / "old"
    base.mkdir()
    # old: server i converted from the next sample; new: from its own
    write_manifest(base / "old.csv", list(zip(NAMES, CASES[1:] + CASES[:1], strict=True)))
    write_manifest(base / "new.csv", list(zip(NAMES, CASES, strict=True)))
    assert batch("--manifest", "old.csv", "--jobs", "2", cwd=base).returncode in (0, 2, 3)
    old = state(base)
    newdir = tmp_path / "new"
    shutil.copytree(base, newdir, symlinks=True)
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            batch_in_process(newdir)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    t_end = (time.monotonic() - t0) * 1.1
    new = state(newdir)
    for n in NAMES:
        assert old["outs"][n] != new["outs"][n], n  # type: ignore[index]
    named = ["locked", "tmp-made", "file:0", "file:3", "rendered", "swapped", "written"]
    outs: list[tuple[str | float, Path]] = [
        (p, killed(base, tmp_path / f"n{i:02d}", point=p)) for i, p in enumerate(named)
    ]
    delays = [t_end * i / 43 for i in range(43)]
    for i, d in enumerate(delays):
        outs.append((round(d, 3), killed(base, tmp_path / f"t{i:02d}", delay=d)))
    assert len(outs) >= 50
    seen: dict[str, int] = {"old": 0, "new": 0}
    for point, work in outs:
        got = state(work)
        for n in NAMES:
            o, w = old["outs"][n], new["outs"][n]  # type: ignore[index]
            assert got["outs"][n] in (o, w), f"killed at {point}: {n}'s OUT is a mix"  # type: ignore[index]
            seen["old" if got["outs"][n] == o else "new"] += 1  # type: ignore[index]
        for r in REPORTS:
            assert got["reports"][r] in (old["reports"][r], new["reports"][r]), (point, r)  # type: ignore[index]
    assert seen["old"] and seen["new"], seen
    for i, (point, work) in enumerate(outs):
        if leftovers(work) or i % 4 == 0:
            rerun = batch("--manifest", "new.csv", "--jobs", "2", cwd=work)
            assert rerun.returncode in (0, 2, 3), (point, rerun.stderr)
            assert state(work)["outs"] == new["outs"], point  # the report: "unchanged" ones
            assert json.loads((work / REPORTS[0]).read_text())["servers"], point
            assert leftovers(work) == [], point
