"""A run's hold on OUT: one run at a time (an flock beside OUT, refused when held, never waited
for), and the clean-up of what a killed run left beside or inside OUT."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from igmigrate.errors import UserError

TMP, OLD = "igmigrate-tmp-", "igmigrate-old-"  # beside OUT: .<OUT>.igmigrate-tmp-…
_TMP_FILE = re.compile(r"^\..+\.igmigrate-tmp-[0-9a-f]{8}$")  # in OUT: in-place temp files
_HELD: dict[str, int] = {}  # lock paths this process holds -> nesting depth (re-entrant)
_NO_FILE_HERE = (errno.EACCES, errno.EPERM, errno.EROFS)


def lock_path(out: Path) -> Path:
    """The lock file: beside OUT, never inside it (the swap replaces OUT's directory)."""
    real = Path(os.path.realpath(out))
    return real.parent / f".{real.name}.igmigrate.lock"


def _make_parents(parent: Path) -> list[Path]:
    """Create OUT's missing parent directories; the ones created, deepest first."""
    missing = [p for p in (parent, *parent.parents) if not p.exists()]
    parent.mkdir(parents=True, exist_ok=True)
    return missing


def _refused(out: Path, path: Path) -> UserError:
    try:
        pid = path.read_text().strip()
    except OSError:
        pid = ""
    who = f" (pid {pid})" if pid.isdigit() else ""
    return UserError(
        f"{out}: another igmigrate run{who} is writing it; nothing was done,"
        " run again when it has finished"
    )


def _flock(out: Path, path: Path, fd: int) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        os.close(fd)
        if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            raise _refused(out, path) from None
        raise


def _acquire(out: Path, path: Path, real: Path) -> tuple[int, bool]:
    """An fd locking the lock file that is at `path` right now (True: remove it on release), or
    OUT's own directory when its parent takes no file (OUT on a volume: written in place)."""
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as e:
            if e.errno not in _NO_FILE_HERE or not real.is_dir():
                raise
            fd = os.open(real, os.O_RDONLY)
            _flock(out, path, fd)
            return fd, False
        _flock(out, path, fd)
        try:
            same = os.stat(path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:  # else its holder removed it on release: lock the file now there
            with contextlib.suppress(OSError):  # who holds it: for the message only (disk full?)
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
            return fd, True
        os.close(fd)


@contextlib.contextmanager
def out_lock(out: Path) -> Iterator[None]:
    """Hold OUT's lock for the block (re-entrant in one process); UserError when another holds it.

    A run killed while holding it leaves the file behind, unlocked: the next run takes it over and
    removes it when done. OUT's missing parents are created (the writer would create them too) and
    removed again if still empty at the end.
    """
    path = lock_path(out)
    key = str(path)
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    try:
        created = _make_parents(path.parent)
        fd, remove = _acquire(out, path, path.parent / path.name[1 : -len(".igmigrate.lock")])
    except OSError as e:
        if e.errno is None:
            raise
        raise UserError(f"cannot lock it: {(e.strerror or str(e)).lower()}") from e
    _HELD[key] = 1
    try:
        yield
    finally:
        del _HELD[key]
        if remove:
            with contextlib.suppress(OSError):
                os.unlink(path)  # before unlocking: a run that locks it next sees it gone
        os.close(fd)
        for d in created:
            with contextlib.suppress(OSError):
                d.rmdir()


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold OUT's lock and first clear what a killed run left behind (see recover)."""
    with out_lock(out):
        recover(Path(os.path.realpath(out)))
        pause("locked")
        yield


def recover(out: Path) -> None:
    """Under the lock, remove what killed runs left: temp trees and old trees beside OUT, temp
    files of in-place writes inside it; an OUT moved aside by a swap cut short is put back."""
    parent = out.parent
    if not parent.is_dir():
        return
    olds = [p for p in parent.iterdir() if p.name.startswith(f".{out.name}.{OLD}")]
    if olds and not os.path.lexists(out):  # killed between the two renames of a swap
        os.rename(max(olds, key=lambda p: p.lstat().st_ctime), out)
    for p in parent.iterdir():
        if p.name.startswith((f".{out.name}.{TMP}", f".{out.name}.{OLD}")):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()
    if out.is_dir():
        for dirpath, _dirs, names in os.walk(out):
            for name in names:
                if _TMP_FILE.match(name):
                    os.unlink(Path(dirpath, name))


def pause(point: str) -> None:
    """Fault injection for tests/test_kill.py: block at a named point of a write so the test can
    SIGKILL the run exactly there. Inert unless _IGMIGRATE_PAUSE_AT names the point."""
    if os.environ.get("_IGMIGRATE_PAUSE_AT") != point:
        return
    Path(os.environ["_IGMIGRATE_PAUSED"]).write_text(point)
    time.sleep(600)
