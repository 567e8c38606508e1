"""Safe writes of a Plan into OUT: refuse/force checks, then render beside OUT and swap (or, when
OUT cannot be renamed, replace file by file in place); owners, groups and modes are kept.

Longer than 300 lines: the swap and the in-place path share their helpers (owners, modes, fsync)
and stay together; the lock and the recovery after a killed run are in outlock.py."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from igmigrate.errors import UserError
from igmigrate.outlock import OLD as _OLD
from igmigrate.outlock import TMP as _TMP
from igmigrate.outlock import locked
from igmigrate.outlock import pause as _pause
from igmigrate.plan import (
    MANIFEST,
    SECRETS_DIR,
    FinalState,
    Plan,
    final_state,
    load_manifest,
    scan,
    sha256,
)

_MAX_NAMED = 5
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2  # <fcntl.h>, <linux/fs.h>
# rename(OUT) failing with these leaves OUT untouched: write in place instead
_NOT_RENAMEABLE = (errno.EBUSY, errno.EXDEV, errno.EPERM, errno.EACCES)
Owner = tuple[int, int]


def target_problem(out_dir: Path) -> str | None:
    """Why OUT may only be written with --force (foreign, edited, unreadable manifest), or None.

    UserError when OUT cannot be written at all (it is not a directory).
    """
    if not os.path.lexists(out_dir):
        return None
    if not out_dir.is_dir():
        raise UserError(f"{out_dir}: exists and is not a directory")
    if not any(out_dir.iterdir()):
        return None
    try:
        manifest = load_manifest(out_dir)
    except UserError as e:
        return str(e)
    if manifest is None:
        return f"{out_dir}: is not empty and was not written by igmigrate"
    existing, _ = scan(out_dir)
    edited, deleted = [], []
    for rel, (digest, _secret) in sorted(manifest.outputs.items()):
        entry = existing.get(rel)
        if entry is None:
            deleted.append(rel)
        elif entry.symlink or (
            digest is not None and sha256((out_dir / rel).read_bytes()) != digest
        ):
            edited.append(rel)
    parts = []
    if edited:
        parts.append(f"edited since igmigrate wrote it: {_names(edited)}")
    if deleted:
        parts.append(f"deleted since igmigrate wrote it: {_names(deleted)}")
    return f"{out_dir}: {'; '.join(parts)}" if parts else None


def check_target(out_dir: Path, force: bool) -> None:
    """UserError unless OUT is absent, empty, or igmigrate's own untouched output (or force)."""
    problem = target_problem(out_dir)
    if problem is not None and not force:
        raise UserError(f"{problem}; use --force")


def _names(paths: list[str]) -> str:
    more = len(paths) - _MAX_NAMED
    return ", ".join(paths[:_MAX_NAMED]) + (f" and {more} more" if more > 0 else "")


def write(plan: Plan, out_dir: Path, force: bool = False) -> None:
    """Make OUT the final state of the plan: atomically by a swap when OUT can be renamed, else
    file by file in place (each file old or new). On a failed swap OUT is left as it was.

    Holds OUT's lock (see locked); an OSError of the system (a full disk, a read-only file
    system) becomes a UserError naming the problem and what state OUT is in."""
    if MANIFEST not in plan:
        raise ValueError("plan has no manifest: build it with plan.with_manifest()")
    with locked(out_dir):
        state = final_state(plan, out_dir, force)
        real = state.out_dir
        in_place = real.is_dir() and not _renameable(real)
        try:
            if in_place or not _write_swapped(state):
                in_place = True
                _write_in_place(state)
        except OSError as e:
            if e.errno is None:
                raise
            left = (
                "every file in it is either as it was or as this run writes it (the manifest"
                " still the old one): run again"
                if in_place
                else "it was left as it was"
            )
            raise UserError(f"{(e.strerror or str(e)).lower()}; {left}") from e
        _pause("written")


def _write_swapped(state: FinalState) -> bool:
    """Render beside OUT and swap; False (nothing touched) when OUT turned out not renameable."""
    real = state.out_dir
    real.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{real.name}.{_TMP}", dir=real.parent))
    _pause("tmp-made")
    try:
        _render(state, tmp)
        _pause("rendered")
        swapped = _swap(tmp, real)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if not swapped:  # OUT could not be moved aside, so nothing in it was touched
        shutil.rmtree(tmp, ignore_errors=True)
    return swapped


def _mount_points() -> set[str]:
    """Mount points of this process (bind mounts included, which os.path.ismount may miss)."""
    try:
        text = Path("/proc/self/mountinfo").read_text()
    except OSError:
        return set()
    points = set()
    for line in text.splitlines():
        fields = line.split(" ")
        if len(fields) > 4:
            points.add(re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[4]))
    return points


def _renameable(out: Path) -> bool:
    """False for the current directory (or one holding it), a mount point (every Docker or
    Kubernetes volume: EBUSY), or an OUT whose parent igmigrate cannot write."""
    cwd = Path(os.path.realpath(os.getcwd()))
    if cwd == out or out in cwd.parents:
        return False
    if os.path.ismount(out) or str(out) in _mount_points():
        return False
    return os.access(out.parent, os.W_OK | os.X_OK)


def _owner_of(path: Path) -> Owner:
    st = path.lstat()
    return st.st_uid, st.st_gid


def _chown(path: Path, owner: Owner | None) -> None:
    """Give path to owner (root can; others can at most change the group to one of theirs)."""
    if owner is None or _owner_of(path) == owner:
        return
    try:
        os.chown(path, *owner, follow_symlinks=False)
    except PermissionError:
        if os.geteuid() == 0:
            raise
        # an unprivileged user cannot give files away: they stay the caller's
        with contextlib.suppress(PermissionError):
            os.chown(path, -1, owner[1], follow_symlinks=False)


class _Owners:
    """Who owns what in OUT as it would be: existing entries keep their owner, new ones take
    OUT's (None when OUT does not exist yet: new files are the caller's)."""

    def __init__(self, state: FinalState) -> None:
        self.state = state
        self.out = _owner_of(state.out_dir) if state.out_dir.is_dir() else None

    def of(self, rel: str) -> Owner | None:
        e = self.state.existing.get(rel)
        if e is not None and e.uid >= 0:
            return e.uid, e.gid
        path = self.state.out_dir / rel
        if self.out is not None and path.is_dir() and not path.is_symlink():
            return _owner_of(path)
        return self.out


def _dirs(state: FinalState, rels: tuple[str, ...]) -> list[str]:
    dirs: set[str] = set()
    for rel in rels:
        dirs.update(str(p) for p in PurePosixPath(rel).parents if str(p) != ".")
    return sorted(dirs)


def _dir_mode(state: FinalState, d: str) -> int:
    if d in state.kept_dirs:
        return stat.S_IMODE((state.out_dir / d).lstat().st_mode)
    return 0o700 if d.split("/", 1)[0] == SECRETS_DIR else 0o755


def _render(state: FinalState, tmp: Path) -> None:
    """Build the whole final tree under tmp: plan files, then the user's files carried over."""
    owners = _Owners(state)
    dirs = sorted({*_dirs(state, (*state.plan, *state.kept, *state.kept_dirs)), *state.kept_dirs})
    for d in dirs:
        (tmp / d).mkdir(exist_ok=True)
    n = 0
    for rel, f in sorted(state.plan.items()):
        _write_file(tmp / rel, f.content, f.effective_mode)
        _chown(tmp / rel, owners.of(rel))
        _pause(f"file:{n}")
        n += 1
    for rel in state.kept:
        src, dest = state.out_dir / rel, tmp / rel
        if state.existing[rel].symlink:
            os.symlink(os.readlink(src), dest)
        else:
            shutil.copy2(src, dest, follow_symlinks=False)
            _fsync(dest)
        _chown(dest, owners.of(rel))
        _pause(f"file:{n}")
        n += 1
    for d in sorted(dirs, key=lambda p: -p.count("/")):
        _chown(tmp / d, owners.of(d))
        os.chmod(tmp / d, _dir_mode(state, d))
        _fsync(tmp / d)
    root_mode = stat.S_IMODE(state.out_dir.stat().st_mode) if state.out_dir.is_dir() else 0o755
    _chown(tmp, owners.out)
    os.chmod(tmp, root_mode)
    _fsync(tmp)


def _write_in_place(state: FinalState) -> None:
    """Update OUT where it is: each changed file is written beside itself and renamed over it
    (old or new, never half), then removals, then the manifest, which records the run as done."""
    out, owners = state.out_dir, _Owners(state)
    for d in _dirs(state, tuple(state.plan)):
        path = out / d
        if not path.is_dir():
            path.mkdir(mode=0o700)
            _chown(path, owners.out)
        if stat.S_IMODE(path.lstat().st_mode) != _dir_mode(state, d):
            os.chmod(path, _dir_mode(state, d))
    changed = state.changed()
    for i, rel in enumerate(r for r in changed if r != MANIFEST):
        _replace(out, rel, state, owners.of(rel))
        _pause(f"replace:{i}")
    for rel in state.removed:
        os.unlink(out / rel)
        _fsync(out / rel)
    for rel in state.removed:  # directories the removals emptied
        for parent in PurePosixPath(rel).parents:
            path = out / parent
            if str(parent) == "." or not path.is_dir() or any(path.iterdir()):
                break
            path.rmdir()
            _fsync(path.parent)
    if MANIFEST in changed:
        _replace(out, MANIFEST, state, owners.of(MANIFEST))


def _replace(out: Path, rel: str, state: FinalState, owner: Owner | None) -> None:
    """One file replaced atomically: a temp file in the same directory, fsync, rename over."""
    f = state.plan[rel]
    path = out / rel
    tmp = path.parent / f".{path.name}.{_TMP}{secrets.token_hex(4)}"
    try:
        _write_file(tmp, f.content, f.effective_mode)
        _chown(tmp, owner)
        os.replace(tmp, path)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise
    _fsync(path.parent)


def _write_file(path: Path, content: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fchmod(fh.fileno(), mode)
        os.fsync(fh.fileno())


def _fsync(path: Path) -> None:
    """fsync a file or directory (a removed path: its directory)."""
    if not os.path.lexists(path):
        path = path.parent
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _libc_exchange() -> Callable[[Path, Path], None] | None:
    """renameat2(RENAME_EXCHANGE) from the C library: both names swapped in one step (Linux)."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]

    def exchange(a: Path, b: Path) -> None:
        if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err), str(a), None, str(b))

    return exchange


_exchange = _libc_exchange()


def _swap(tmp: Path, out: Path) -> bool:
    """Put tmp in OUT's place: one atomic exchange where the system has it (then OUT is the old
    or the new tree at every instant), else OUT moved aside and tmp moved in (a run killed
    between the two is undone by the next one: see _recover); then drop the old tree.

    False (nothing touched) when OUT itself cannot be renamed, e.g. EBUSY on a mount point.
    """
    if not out.exists():
        os.rename(tmp, out)
        _fsync(out.parent)
        return True
    if _exchange is not None:
        try:
            _exchange(tmp, out)
        except OSError as e:
            if e.errno in _NOT_RENAMEABLE:
                return False
            if e.errno not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                raise
        else:  # tmp now holds the old tree
            _pause("swapped")
            _fsync(out.parent)
            shutil.rmtree(tmp, ignore_errors=True)
            return True
    aside = out.parent / f".{out.name}.{_OLD}{secrets.token_hex(4)}"
    try:
        os.rename(out, aside)
    except OSError as e:
        if e.errno in _NOT_RENAMEABLE:
            return False
        raise
    _pause("aside")
    try:
        os.rename(tmp, out)
    except BaseException:
        os.rename(aside, out)
        raise
    _pause("swapped")
    _fsync(out.parent)
    shutil.rmtree(aside, ignore_errors=True)
    return True
