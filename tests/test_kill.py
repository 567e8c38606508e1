"""Interrupted runs: `igmigrate convert` killed with SIGKILL at 50+ points leaves OUT either the
old or the new tree, never a mix, and the next run cleans up and succeeds; a lock serialises runs.

Named points are reached through the writer's fault-injection hook (igmigrate/outlock.py pause:
_IGMIGRATE_PAUSE_AT), the others by a schedule of delays spread over a measured run."""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from igmigrate import writer
from igmigrate.cli import app
from igmigrate.errors import EXIT_FAILED, EXIT_OK

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "tomcat85-sni" / "input"
CLI = Path(sys.executable).parent / "igmigrate"
EPOCH = "1700000000"
Snapshot = dict[str, tuple[int, bytes]]


def snapshot(root: Path) -> Snapshot:
    """Every entry under root (root included): mode and content (link target for symlinks)."""
    out: Snapshot = {".": (root.lstat().st_mode, b"")}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            data = os.readlink(p).encode() if p.is_symlink() else b""
            if p.is_file() and not p.is_symlink():
                data = p.read_bytes()
            out[str(p.relative_to(root))] = (st.st_mode, data)
    return out


def leftovers(root: Path) -> list[str]:
    """Temp trees, old trees, temp files and lock files anywhere under root."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            if "igmigrate-" in name or name.endswith(".igmigrate.lock"):
                found.append(str(Path(dirpath, name).relative_to(root)))
    return sorted(found)


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **extra}


def convert_in_process(src: Path, out: Path) -> int:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        return CliRunner().invoke(app, ["convert", "--quiet", str(src), str(out)]).exit_code
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


class Trees:
    """Inputs old and new (a port differs), OUT as the old input makes it and as the new one
    makes it over that, and when the lock is taken in a normal run (for the schedule)."""

    def __init__(self, base: Path) -> None:
        self.src_old, self.src_new = base / "src-old", base / "src-new"
        shutil.copytree(SAMPLE, self.src_old)
        shutil.copytree(SAMPLE, self.src_new)
        xml = self.src_old / "conf" / "server.xml"
        text = xml.read_text()
        assert 'port="8443"' in text
        xml.write_text(text.replace('port="8443"', 'port="8444"', 1))
        self.old_out = base / "old" / "out"
        assert convert_in_process(self.src_old, self.old_out) == EXIT_OK
        new_out = base / "new" / "out"
        shutil.copytree(self.old_out, new_out, symlinks=True)
        assert convert_in_process(self.src_new, new_out) == EXIT_OK
        self.old, self.new = snapshot(self.old_out), snapshot(new_out)
        assert self.old != self.new
        self.files = sum(1 for _, (m, _d) in self.new.items() if m & 0o100000)


def start(trees: Trees, out: Path, **extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(CLI), "convert", "--quiet", str(trees.src_new), str(out)],
        env=env(**extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(path: Path, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"run ended ({proc.returncode}) before {path.name}")
        if time.monotonic() > end:
            raise AssertionError(f"{path.name} not reached in {timeout}s")
        time.sleep(0.005)


def killed_at(trees: Trees, base: Path, point: str) -> Path:
    """A fresh OUT holding the old tree, the real CLI run into it and SIGKILLed at point."""
    out = base / "out"
    shutil.copytree(trees.old_out, out, symlinks=True)
    marker = base / "paused"
    proc = start(trees, out, _IGMIGRATE_PAUSE_AT=point, _IGMIGRATE_PAUSED=str(marker))
    wait_for(marker, proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    return out


def _forked(work: Callable[[], object], *, point: str = "", delay: float = 0.0) -> None:
    """Run work in a forked child (the CLI already imported: no start-up cost) and SIGKILL it
    where it pauses at point, or after delay seconds (if it has not finished by then)."""
    marker = Path(tempfile.gettempdir(), f"igmigrate-kill-{os.getpid()}-{time.monotonic_ns()}")
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        if point:
            os.environ.update(_IGMIGRATE_PAUSE_AT=point, _IGMIGRATE_PAUSED=str(marker))
        try:
            work()
        finally:
            os._exit(0)
    if point:
        end = time.monotonic() + 60
        while not marker.exists():
            done, _ = os.waitpid(pid, os.WNOHANG)
            assert done == 0, f"child ended before {point}"
            assert time.monotonic() < end
            time.sleep(0.002)
        marker.unlink()
    else:
        time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def test_sigkill_at_50_points_leaves_old_or_new_tree_and_next_run_recovers(
    tmp_path: Path,
) -> None:
    """Named points (every file of the temp tree, the swap, the clean-up) in the real CLI run as
    a subprocess; then a schedule of delays over the whole run in forked runs of the same CLI."""
    trees = Trees(tmp_path / "trees")
    named = [
        "locked",
        "tmp-made",
        *(f"file:{i}" for i in range(trees.files)),
        "rendered",
        "swapped",
        "written",
    ]

    def run(i: int) -> Path:
        base = tmp_path / f"n{i:02d}"
        base.mkdir()
        return killed_at(trees, base, named[i])

    with ThreadPoolExecutor(max_workers=2) as pool:
        killed = list(pool.map(run, range(len(named))))
    outs: list[tuple[str | float, Path]] = list(zip(named, killed, strict=True))
    # when a warm run reaches the lock and ends: 12 delays over the whole run, 24 over the write
    probe = tmp_path / "probe" / "out"
    shutil.copytree(trees.old_out, probe, symlinks=True)
    t0 = time.monotonic()
    _forked(lambda: convert_in_process(trees.src_new, probe), point="locked")
    t_lock = time.monotonic() - t0
    t0 = time.monotonic()
    convert_in_process(trees.src_new, probe)
    t_end = max(time.monotonic() - t0, t_lock) * 1.2
    delays = [t_end * i / 12 for i in range(12)]
    delays += [t_lock + (t_end - t_lock) * i / 24 for i in range(1, 25)]
    for i, delay in enumerate(delays):
        out = tmp_path / f"t{i:02d}" / "out"
        shutil.copytree(trees.old_out, out, symlinks=True)
        _forked(functools.partial(convert_in_process, trees.src_new, out), delay=delay)
        outs.append((round(delay, 3), out))
    assert len(outs) >= 50
    seen = {"old": 0, "new": 0}
    for point, out in outs:
        snap = snapshot(out)
        assert snap in (trees.old, trees.new), f"killed at {point}: OUT is a mix"
        seen["old" if snap == trees.old else "new"] += 1
    assert seen["old"] and seen["new"], seen  # the kills do fall on both sides of the swap
    # the next run: after every kill that left something behind, and a third of the others
    for i, (point, out) in enumerate(outs):
        if leftovers(out.parent) or i % 3 == 0:
            assert convert_in_process(trees.src_new, out) == EXIT_OK, point
            assert snapshot(out) == trees.new, point
            assert leftovers(out.parent) == [], point


@pytest.mark.parametrize("point", ["tmp-made", "rendered", "aside", "swapped", "written"])
def test_killed_two_rename_swap_is_undone_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str
) -> None:
    """Where the system has no RENAME_EXCHANGE: killed between moving OUT aside and moving the
    new tree in, OUT is missing for an instant; the next run puts the old tree back first."""
    trees = Trees(tmp_path / "trees")
    out = tmp_path / "run" / "out"
    shutil.copytree(trees.old_out, out, symlinks=True)
    monkeypatch.setattr(writer, "_exchange", None)
    _forked(lambda: convert_in_process(trees.src_new, out), point=point)
    if point == "aside":
        assert not out.exists() and len(leftovers(out.parent)) == 3  # tmp, old, lock
    else:
        assert snapshot(out) in (trees.old, trees.new)
    assert convert_in_process(trees.src_new, out) == EXIT_OK
    assert snapshot(out) == trees.new
    assert leftovers(out.parent) == []


def test_a_second_run_into_a_locked_out_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    trees = Trees(tmp_path / "trees")
    out = tmp_path / "run" / "out"
    shutil.copytree(trees.old_out, out, symlinks=True)
    marker = tmp_path / "paused"
    first = start(trees, out, _IGMIGRATE_PAUSE_AT="rendered", _IGMIGRATE_PAUSED=str(marker))
    try:
        wait_for(marker, first)
        second = subprocess.run(
            [str(CLI), "convert", str(trees.src_new), str(out)],
            env=env(),
            capture_output=True,
            text=True,
        )
        assert second.returncode == EXIT_FAILED
        assert f"another igmigrate run (pid {first.pid}) is writing it" in second.stderr
        assert "nothing was done" in second.stderr
        assert snapshot(out) == trees.old
        # a dry run only reads: it is not refused
        dry = subprocess.run(
            [str(CLI), "convert", "--dry-run", str(trees.src_new), str(out)], env=env()
        )
        assert dry.returncode == 3
    finally:
        first.kill()
        first.communicate()
    assert snapshot(out) == trees.old
    assert convert_in_process(trees.src_new, out) == EXIT_OK
    assert snapshot(out) == trees.new and leftovers(out.parent) == []


def test_lock_beside_a_missing_out_and_parent_is_taken_and_cleaned(tmp_path: Path) -> None:
    from igmigrate import outlock
    from igmigrate.errors import UserError
    from igmigrate.outlock import lock_path, out_lock

    out = tmp_path / "a" / "b" / "out"
    with out_lock(out):
        assert lock_path(out).read_text() == f"{os.getpid()}\n"
        with out_lock(out):  # re-entrant in one process
            pass
        assert lock_path(out).exists()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child: another process is refused
            outlock._HELD.clear()  # what this process holds is not the child's
            try:
                with out_lock(out):
                    os._exit(1)
            except UserError:
                os._exit(0)
        assert os.waitpid(pid, 0)[1] == 0
    assert not (tmp_path / "a").exists()  # the parents it made are gone again, empty
