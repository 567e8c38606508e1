"""Safe writes of a Plan into OUT: refuse/force checks, then render beside OUT and swap."""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from pathlib import Path, PurePosixPath

from igmigrate.errors import UserError
from igmigrate.plan import (
    MANIFEST,
    SECRETS_DIR,
    FinalState,
    Plan,
    final_state,
    is_secret_path,
    load_manifest,
    scan,
    sha256,
)

_MAX_NAMED = 5


def check_target(out_dir: Path, force: bool) -> None:
    """UserError unless OUT is absent, empty, or igmigrate's own untouched output (or force)."""
    if not os.path.lexists(out_dir):
        return
    if not out_dir.is_dir():
        raise UserError(f"{out_dir}: exists and is not a directory")
    if not any(out_dir.iterdir()):
        return
    try:
        manifest = load_manifest(out_dir)
    except UserError:
        if force:
            return
        raise
    if manifest is None:
        if force:
            return
        raise UserError(f"{out_dir}: is not empty and was not written by igmigrate; use --force")
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
    if (edited or deleted) and not force:
        parts = []
        if edited:
            parts.append(f"edited since igmigrate wrote it: {_names(edited)}")
        if deleted:
            parts.append(f"deleted since igmigrate wrote it: {_names(deleted)}")
        raise UserError(f"{out_dir}: {'; '.join(parts)}; use --force")


def check_secrets(plan: Plan, out_dir: Path, force: bool) -> None:
    """Refuse to overwrite a secret file whose content differs from what this run would write.

    No digest of a secret is ever stored (a hash of a weak password can be reversed offline), so
    a secret changed by hand (rotated) and a password changed in Tomcat look alike: a human
    decides, with --force. The message names files only, never their content.
    """
    if force or not out_dir.is_dir():
        return
    differ = [
        rel
        for rel, f in sorted(plan.items())
        if (f.secret or is_secret_path(rel))
        and (out_dir / rel).is_file()
        and not (out_dir / rel).is_symlink()
        and (out_dir / rel).read_bytes() != f.content
    ]
    if differ:
        raise UserError(
            f"{out_dir}: secret files differ from the values read from Tomcat (rotated by hand?):"
            f" {_names(differ)}; use --force to overwrite them"
        )


def _names(paths: list[str]) -> str:
    more = len(paths) - _MAX_NAMED
    return ", ".join(paths[:_MAX_NAMED]) + (f" and {more} more" if more > 0 else "")


def write(plan: Plan, out_dir: Path) -> None:
    """Atomically make OUT the final state of the plan; on any failure OUT is left as it was."""
    if MANIFEST not in plan:
        raise ValueError("plan has no manifest: build it with plan.with_manifest()")
    state = final_state(plan, out_dir)
    real = state.out_dir
    real.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{real.name}.igmigrate-tmp-", dir=real.parent))
    try:
        _render(state, tmp)
        _swap(tmp, real)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _render(state: FinalState, tmp: Path) -> None:
    """Build the whole final tree under tmp: plan files, then the user's files carried over."""
    dirs: set[str] = set()
    for rel in (*state.plan, *state.kept, *state.kept_dirs):
        dirs.update(str(p) for p in PurePosixPath(rel).parents if str(p) != ".")
    dirs.update(state.kept_dirs)
    for d in sorted(dirs):
        (tmp / d).mkdir(exist_ok=True)
    for rel, f in sorted(state.plan.items()):
        _write_file(tmp / rel, f.content, f.effective_mode)
    for rel in state.kept:
        src, dest = state.out_dir / rel, tmp / rel
        if state.existing[rel].symlink:
            os.symlink(os.readlink(src), dest)
        else:
            shutil.copy2(src, dest, follow_symlinks=False)
            _fsync(dest)
    for d in sorted(dirs, key=lambda p: -p.count("/")):
        old = state.out_dir / d
        if d in state.kept_dirs:
            mode = stat.S_IMODE(old.lstat().st_mode)
        elif d.split("/", 1)[0] == SECRETS_DIR:
            mode = 0o700
        else:
            mode = 0o755
        os.chmod(tmp / d, mode)
        _fsync(tmp / d)
    root_mode = stat.S_IMODE(state.out_dir.stat().st_mode) if state.out_dir.is_dir() else 0o755
    os.chmod(tmp, root_mode)
    _fsync(tmp)


def _write_file(path: Path, content: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fchmod(fh.fileno(), mode)
        os.fsync(fh.fileno())


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap(tmp: Path, out: Path) -> None:
    """Move OUT aside, move tmp into place, drop the old tree; put OUT back if the move fails."""
    if not out.exists():
        os.rename(tmp, out)
        _fsync(out.parent)
        return
    aside = out.parent / f".{out.name}.igmigrate-old-{secrets.token_hex(4)}"
    os.rename(out, aside)
    try:
        os.rename(tmp, out)
    except BaseException:
        os.rename(aside, out)
        raise
    _fsync(out.parent)
    shutil.rmtree(aside, ignore_errors=True)
