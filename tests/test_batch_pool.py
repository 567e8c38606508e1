"""The worker pool: a worker that dies or hangs is replaced and the next servers still run; no
worker outlives a parent killed outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from igmigrate.batch.pool import Pool
from igmigrate.batch.worker import FAULTS_ENV, Task
from igmigrate.config import Config
from igmigrate.run_one import Options
from tests.golden import ROOT, SAMPLES

BASIC = SAMPLES / "tomcat9-basic" / "input"


def task(i: int, name: str, tmp: Path) -> Task:
    return Task(i, name, Config(src=BASIC), Options(out=tmp / name, quiet=True, show_diff=False))


def test_one_worker_replaced_after_an_exit_and_a_hang_runs_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FAULTS_ENV, "b=exit,c=hang")
    names = ["a", "b", "c", "d"]
    results = dict(Pool(1, timeout=10).run(task(i, n, tmp_path) for i, n in enumerate(names)))
    assert [results[i]["status"] for i in range(4)] == [
        "converted-with-findings",
        "failed",
        "failed",
        "converted-with-findings",
    ]
    assert "exited with code 70" in str(results[1]["error"])
    assert "timed out after 10 s" in str(results[2]["error"])
    assert (tmp_path / "d" / "MIGRATION.md").is_file()


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_hung_worker_dies_with_a_parent_killed_outright(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IGMIGRATE_")}
    env.update(PYTHONPATH=str(ROOT), **{FAULTS_ENV: "input=hang"})
    parent = subprocess.Popen(
        [sys.executable, "-m", "igmigrate", "batch", "--out-root", "outs", str(BASIC)],
        cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not (workers := _children(parent.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert workers, "no worker started"
        time.sleep(1)  # the worker is in its task (hung)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(map(_alive, workers))
