"""A full disk while writing OUT: exit 1, a message naming the problem, OUT left as it was."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from igmigrate import writer
from igmigrate.cli import app
from igmigrate.errors import EXIT_FAILED, EXIT_OK
from tests.test_kill import EPOCH, SAMPLE, leftovers, snapshot

CLI = Path(sys.executable).parent / "igmigrate"


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs (we run as root in CI); skipped, saying why, where mount is not allowed."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(mnt)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}): see the ENOSPC test below")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the disk is full; its path."""
    filler = disk / "filler"
    with filler.open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError as e:
            assert e.errno == errno.ENOSPC
    return filler


def convert(src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), "convert", *extra, str(src), str(out)],
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        capture_output=True,
        text=True,
    )


def test_full_tmpfs_leaves_out_as_it_was_with_a_clear_message(
    small_tmpfs: Path, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    shutil.copytree(SAMPLE, src)
    out = small_tmpfs / "out"
    assert convert(src, out, "--quiet").returncode == EXIT_OK
    before = snapshot(out)
    xml = src / "conf" / "server.xml"
    xml.write_text(xml.read_text().replace('port="8443"', 'port="8444"', 1))
    filler = fill(small_tmpfs)
    done = convert(src, out)
    assert done.returncode == EXIT_FAILED
    assert done.stderr.splitlines()[-2] == (
        f"igmigrate: error: cannot write {out}: no space left on device; it was left as it was"
    )
    assert "Traceback" not in done.stderr and "igmigrate-tmp" not in done.stderr
    assert snapshot(out) == before
    assert leftovers(small_tmpfs) == []
    filler.unlink()
    assert convert(src, out, "--quiet").returncode == EXIT_OK
    assert snapshot(out) != before and leftovers(small_tmpfs) == []


@pytest.mark.parametrize("in_place", [False, True], ids=["swap", "in-place"])
def test_injected_enospc_names_the_problem_and_the_state_of_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_place: bool
) -> None:
    out = tmp_path / "out"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    runner = CliRunner()
    assert runner.invoke(app, ["convert", "--quiet", str(SAMPLE), str(out)]).exit_code == EXIT_OK
    before = snapshot(out)
    real_write = writer._write_file
    calls: list[Path] = []

    def full(path: Path, content: bytes, mode: int) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real_write(path, content, mode)

    monkeypatch.setattr(writer, "_write_file", full)
    if in_place:
        monkeypatch.setattr(writer, "_renameable", lambda p: False)
        shutil.rmtree(out / "config")  # two files to write in place (a forced run)
        (out / "MIGRATION.md").unlink()
    args = ["convert", "--quiet", *(["--force"] if in_place else []), str(SAMPLE), str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_FAILED
    message = result.stderr.strip().splitlines()[-2]  # then the hint line
    assert message.startswith(f"igmigrate: error: cannot write {out}: no space left on device; ")
    if in_place:
        assert "either as it was or as this run writes it" in message
        assert (out / ".igmigrate" / "manifest.json").read_bytes() == (
            before[".igmigrate/manifest.json"][1]
        )
    else:
        assert message.endswith("it was left as it was")
        assert snapshot(out) == before
    assert str(tmp_path / ".out.") not in message
    assert leftovers(tmp_path) == [] and leftovers(out) == []
