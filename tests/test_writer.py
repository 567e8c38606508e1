"""Specifications for the writer: refuse/force, idempotent atomic writes, modes, kept files."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from igmigrate import writer
from igmigrate.errors import EXIT_FAILED, UserError
from igmigrate.plan import MANIFEST, Kept, OutFile, Plan, has_changes, kept_secrets, with_manifest
from igmigrate.writer import check_target, write


def make_plan(extra: Plan | None = None, admin: bytes = b'{"a": 1}\n') -> Plan:
    base: Plan = {
        "config/admin.json": OutFile(admin),
        "config/routes/10-app.json": OutFile(b'{"name": "app"}\n'),
        "bin/env.sh": OutFile(b"#!/bin/sh\n", mode=0o755),
        "secrets/keystore.pass": OutFile(b"changeit", secret=True),
        **(extra or {}),
    }
    return with_manifest(base, tool_version="0.1.0", target="7.2", inputs={})


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every entry under root: mode and content (link target for symlinks)."""
    out: dict[str, tuple[int, bytes]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            if p.is_symlink():
                data = os.readlink(p).encode()
            elif stat.S_ISDIR(st.st_mode):
                data = b""
            else:
                data = p.read_bytes()
            out[str(p.relative_to(root))] = (st.st_mode, data)
    return out


def mode(p: Path) -> int:
    return stat.S_IMODE(p.lstat().st_mode)


def test_missing_or_empty_out_is_accepted(tmp_path: Path) -> None:
    check_target(tmp_path / "absent", force=False)
    (tmp_path / "empty").mkdir()
    check_target(tmp_path / "empty", force=False)


def test_out_that_is_a_file_is_refused_even_with_force(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x")
    for force in (False, True):
        with pytest.raises(UserError, match="not a directory"):
            check_target(tmp_path / "out", force=force)


def test_foreign_non_empty_dir_is_refused_naming_the_path(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "readme.txt").write_text("mine")
    with pytest.raises(UserError) as err:
        check_target(out, force=False)
    assert str(out) in str(err.value)
    assert "was not written by igmigrate; use --force" in str(err.value)
    assert err.value.exit_code == EXIT_FAILED


def test_hand_edited_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(make_plan(), out)
    check_target(out, force=False)
    (out / "config" / "admin.json").write_text('{"a": 2}\n')
    with pytest.raises(
        UserError, match=r"edited since igmigrate wrote it: config/admin\.json; use"
    ):
        check_target(out, force=False)


def test_deleted_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(make_plan(), out)
    (out / "bin" / "env.sh").unlink()
    with pytest.raises(UserError) as err:
        check_target(out, force=False)
    assert "deleted since igmigrate wrote it: bin/env.sh" in str(err.value)


def test_rotated_secret_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    plan = make_plan()
    write(plan, out)
    (out / "secrets" / "keystore.pass").write_text("rotated-by-hand")
    (out / "secrets" / "user-added").write_text("mine")
    check_target(out, force=False)  # not an "edit": no digest of a secret is kept
    assert kept_secrets(plan, out, force=False) == {
        "secrets/keystore.pass": Kept("differs", 0o600, listed=True),
        "secrets/user-added": Kept("not-written", 0o644, listed=False),
    }
    assert kept_secrets(plan, out, force=True) == {}
    assert kept_secrets(plan, tmp_path / "absent", force=False) == {}
    without = with_manifest(
        {"config/admin.json": OutFile(b"{}\n")},
        tool_version="0.1.0",
        target="7.2",
        inputs={},
        kept={"secrets/keystore.pass": 0o600},
    )
    write(without, out)  # a plan without the file keeps it (it is igmigrate's: still listed)
    assert (out / "secrets" / "keystore.pass").read_text() == "rotated-by-hand"
    assert (out / "secrets" / "user-added").read_text() == "mine"
    write(without, out, force=True)  # --force: the removal wins for igmigrate's own secret
    assert not (out / "secrets" / "keystore.pass").exists()
    assert (out / "secrets" / "user-added").read_text() == "mine"


def test_force_allows_foreign_dir_and_hand_edits(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "readme.txt").write_text("mine")
    check_target(foreign, force=True)
    out = tmp_path / "out"
    write(make_plan(), out)
    (out / "config" / "admin.json").write_text("edited")
    check_target(out, force=True)
    (out / MANIFEST).write_text("{not json")
    with pytest.raises(UserError, match="unreadable igmigrate manifest"):
        check_target(out, force=False)
    check_target(out, force=True)


def test_force_into_users_dir_keeps_their_files_and_symlinks(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("outside")
    out = tmp_path / "out"
    (out / "docs" / "empty").mkdir(parents=True)
    (out / "docs" / "readme.txt").write_text("mine")
    os.chmod(out / "docs" / "readme.txt", 0o640)
    os.symlink(outside, out / "link")
    check_target(out, force=True)
    write(make_plan(), out)
    assert (out / "docs" / "readme.txt").read_text() == "mine"
    assert mode(out / "docs" / "readme.txt") == 0o640
    assert (out / "docs" / "empty").is_dir()
    assert (out / "link").is_symlink()
    assert os.readlink(out / "link") == str(outside)
    assert (out / "config" / "admin.json").read_bytes() == b'{"a": 1}\n'
    assert not has_changes(make_plan(), out)


def test_files_dropped_from_the_plan_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(make_plan(), out)
    (out / "notes.txt").write_text("mine")
    smaller = with_manifest(
        {"config/admin.json": OutFile(b"{}\n")}, tool_version="0.1.0", target="7.2", inputs={}
    )
    write(smaller, out, force=True)  # without force the secret stays: see the rotated test
    assert not (out / "config" / "routes").exists()
    assert not (out / "bin").exists()
    assert not (out / "secrets").exists()
    assert (out / "notes.txt").read_text() == "mine"


def test_writing_the_same_plan_twice_is_idempotent(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(make_plan(), out)
    first = snapshot(out)
    check_target(out, force=False)
    write(make_plan(), out)
    assert snapshot(out) == first
    assert not has_changes(make_plan(), out)


def test_secret_files_are_0600_in_a_0700_dir_and_modes_are_honoured(tmp_path: Path) -> None:
    out = tmp_path / "out"
    plan = make_plan({"secrets/legacy": OutFile(b"pw", mode=0o644, secret=True)})
    write(plan, out)
    assert mode(out / "secrets") == 0o700
    assert mode(out / "secrets" / "keystore.pass") == 0o600
    assert mode(out / "secrets" / "legacy") == 0o600
    assert mode(out / "bin" / "env.sh") == 0o755
    assert mode(out / "config" / "admin.json") == 0o644
    assert mode(out / "config") == 0o755


def test_write_refuses_a_plan_without_manifest(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="manifest"):
        write({"a": OutFile(b"a")}, tmp_path / "out")


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if "igmigrate-" in p.name)


def test_failure_while_writing_a_file_leaves_out_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write(make_plan(), out)
    (out / "notes.txt").write_text("mine")
    before = snapshot(out)
    real_write = writer._write_file
    calls = []

    def flaky(path: Path, content: bytes, mode: int) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError("disk full")
        real_write(path, content, mode)

    monkeypatch.setattr(writer, "_write_file", flaky)
    with pytest.raises(OSError, match="disk full"):
        write(make_plan(admin=b'{"a": 2}\n'), out)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2-exchange", "two-renames"])
def test_failure_during_the_swap_puts_out_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    out = tmp_path / "out"
    write(make_plan(), out)
    before = snapshot(out)
    real_rename = os.rename

    def rename(src: str | Path, dst: str | Path) -> None:
        if "igmigrate-tmp-" in str(src):
            raise OSError("interrupted")
        real_rename(src, dst)

    def fail(a: Path, b: Path) -> None:
        raise OSError("interrupted")

    assert writer._exchange is not None  # Linux with glibc >= 2.28: the swap is one exchange
    if exchange:
        monkeypatch.setattr(writer, "_exchange", fail)
    else:
        monkeypatch.setattr(writer, "_exchange", None)
        monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError, match="interrupted"):
        write(make_plan(admin=b'{"a": 2}\n'), out)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_failure_on_first_write_leaves_no_out_and_no_temp_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(path: Path, content: bytes, mode: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writer, "_write_file", boom)
    with pytest.raises(KeyboardInterrupt):
        write(make_plan(), tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert leftovers(tmp_path) == []


def test_out_given_as_a_symlink_updates_the_real_directory(tmp_path: Path) -> None:
    real = tmp_path / "real"
    write(make_plan(), real)
    link = tmp_path / "out"
    os.symlink(real, link)
    check_target(link, force=False)
    write(make_plan(admin=b"{}\n"), link)
    assert link.is_symlink()
    assert (real / "config" / "admin.json").read_bytes() == b"{}\n"


def _in_place(monkeypatch: pytest.MonkeyPatch, out: Path) -> None:
    """Make OUT behave like a mount point: renaming it fails with EBUSY, as on a volume."""
    real_rename = os.rename
    real_out = os.path.realpath(out)

    def rename(src: str | Path, dst: str | Path) -> None:
        if os.path.realpath(src) == real_out:
            raise OSError(errno.EBUSY, "Device or resource busy", str(src))
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(writer, "_exchange", None)  # the fallback's rename(OUT) meets the EBUSY


@pytest.mark.parametrize("detected", [True, False], ids=["ismount", "rename-ebusy"])
def test_out_that_cannot_be_renamed_is_updated_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, detected: bool
) -> None:
    out = tmp_path / "out"
    write(make_plan(), out)
    (out / "notes.txt").write_text("mine")
    inode = out.stat().st_ino
    _in_place(monkeypatch, out)
    if detected:
        real = os.path.realpath(out)
        monkeypatch.setattr(os.path, "ismount", lambda p: os.path.realpath(p) == real)
    smaller = with_manifest(
        {"config/admin.json": OutFile(b"{}\n"), "extra/new.json": OutFile(b"[]\n")},
        tool_version="0.1.0",
        target="7.2",
        inputs={},
    )
    write(smaller, out, force=True)
    assert out.stat().st_ino == inode
    assert (out / "config" / "admin.json").read_bytes() == b"{}\n"
    assert (out / "extra" / "new.json").read_bytes() == b"[]\n"
    assert not (out / "config" / "routes").exists() and not (out / "bin").exists()
    assert not (out / "secrets").exists()
    assert (out / "notes.txt").read_text() == "mine"
    assert not has_changes(smaller, out)
    assert leftovers(tmp_path) == [] and leftovers(out) == []
    write(make_plan(), out)
    assert mode(out / "secrets") == 0o700 and mode(out / "secrets" / "keystore.pass") == 0o600
    assert not has_changes(make_plan(), out)


def test_in_place_failure_leaves_every_file_old_or_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    old = make_plan()
    write(old, out)
    _in_place(monkeypatch, out)
    new = make_plan({"bin/env.sh": OutFile(b"#!/bin/sh\n# new\n", mode=0o755)}, admin=b'{"a": 2}\n')
    real_write = writer._write_file
    calls = []

    def flaky(path: Path, content: bytes, mode: int) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        real_write(path, content, mode)

    monkeypatch.setattr(writer, "_write_file", flaky)
    with pytest.raises(OSError, match="disk full"):
        write(new, out)
    for rel in ("bin/env.sh", "config/admin.json", MANIFEST):
        assert (out / rel).read_bytes() in (old[rel].content, new[rel].content), rel
    assert (out / MANIFEST).read_bytes() == old[MANIFEST].content  # the manifest goes last
    assert leftovers(tmp_path) == [] and leftovers(out) == []


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="chown to another uid needs root")


@needs_root
@pytest.mark.parametrize("in_place", [False, True], ids=["swap", "in-place"])
def test_rerun_as_root_keeps_owner_group_and_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_place: bool
) -> None:
    out = tmp_path / "out"
    write(make_plan(), out)
    (out / "notes.txt").write_text("mine")
    os.chmod(out / "notes.txt", 0o640)
    os.symlink("notes.txt", out / "link")
    for p in [out, *out.rglob("*")]:
        os.chown(p, 4321, 4321, follow_symlinks=False)
    os.chmod(out, 0o750)
    if in_place:
        _in_place(monkeypatch, out)
    write(make_plan({"extra/new.json": OutFile(b"[]\n")}, admin=b'{"a": 2}\n'), out)
    assert (out / "extra" / "new.json").is_file()
    assert (out / "config" / "admin.json").read_bytes() == b'{"a": 2}\n'
    for p in [out, *out.rglob("*")]:
        st = p.lstat()
        assert (st.st_uid, st.st_gid) == (4321, 4321), p
    assert mode(out) == 0o750 and mode(out / "notes.txt") == 0o640
    assert mode(out / "secrets") == 0o700 and mode(out / "secrets" / "keystore.pass") == 0o600
