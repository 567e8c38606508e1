"""What a killed run leaves (temp trees and old trees beside OUT, temp files inside it, a stale
lock file) is removed by the next write; a held lock refuses a writer in another process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from igmigrate.errors import UserError
from igmigrate.outlock import lock_path, out_lock
from igmigrate.writer import write
from tests.test_kill import leftovers
from tests.test_writer import make_plan, snapshot


def test_next_write_removes_what_a_killed_run_left(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(make_plan(), out)
    (tmp_path / ".out.igmigrate-tmp-k1ll3d__" / "config").mkdir(parents=True)
    (tmp_path / ".out.igmigrate-old-0badf00d").mkdir()
    (out / "config" / ".admin.json.igmigrate-tmp-0123abcd").write_text("half")
    lock_path(out).write_text("99999\n")  # stale: nobody holds it
    (out / "config" / "notes.igmigrate-tmp-mine").write_text("not ours")  # not our pattern
    write(make_plan(admin=b'{"a": 2}\n'), out)
    assert leftovers(tmp_path) == ["out/config/notes.igmigrate-tmp-mine"]
    assert (out / "config" / "admin.json").read_bytes() == b'{"a": 2}\n'


def test_missing_out_moved_aside_by_a_cut_swap_is_put_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(make_plan(), out)
    before = snapshot(out)
    os.rename(out, tmp_path / ".out.igmigrate-old-0badf00d")  # killed between the two renames
    with out_lock(out):
        pass  # the lock alone does not recover: the writer does, under it
    assert not out.exists()
    write(make_plan(), out)
    assert snapshot(out) == before and leftovers(tmp_path) == []


def test_a_held_lock_refuses_a_writer_in_another_process(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(make_plan(), out)
    before = snapshot(out)
    held_r, held_w = os.pipe()  # child -> parent: the lock is held
    done_r, done_w = os.pipe()  # parent -> child: let it go
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child holds the lock until the pipe closes
        from igmigrate import outlock

        outlock._HELD.clear()
        with out_lock(out):
            os.write(held_w, b"x")
            os.read(done_r, 1)
        os._exit(0)
    assert os.read(held_r, 1) == b"x"
    try:
        with pytest.raises(UserError, match=rf"another igmigrate run \(pid {pid}\) is writing"):
            write(make_plan(admin=b"{}\n"), out)
        assert snapshot(out) == before
    finally:
        os.write(done_w, b"y")
        os.waitpid(pid, 0)
    write(make_plan(admin=b"{}\n"), out)
    assert (out / "config" / "admin.json").read_bytes() == b"{}\n"
    assert not lock_path(out).exists()
