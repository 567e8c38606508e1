"""The rendered file set (Plan), its manifest, and OUT as it would be after writing it."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from igmigrate.errors import UserError

MANIFEST = ".igmigrate/manifest.json"
# The sha256 of every input, in `sha256sum` format (check from SRC with `sha256sum -c`). Any
# Tomcat input may hold a password, and a bare sha256 of a file is reversed with a dictionary, so
# the digests live in this 0600 file, never in the world-readable manifest (which lists paths).
INPUT_DIGESTS = ".igmigrate/inputs.sha256"
SECRETS_DIR = "secrets"
_OWN = (MANIFEST, INPUT_DIGESTS)  # igmigrate's bookkeeping: always rewritten, never kept
# 2: "inputs" is a list of paths (their digests moved to INPUT_DIGESTS); 3: every output that
# is not a secret has its "size" in bytes next to its sha256 (a secret's size is never shown)
MANIFEST_FORMAT = 3


@dataclass(frozen=True)
class OutFile:
    """One file to write: its bytes, its mode, and whether its content is a secret."""

    content: bytes
    mode: int = 0o644
    secret: bool = False

    @property
    def effective_mode(self) -> int:
        """Secret files are always 0600, whatever mode was asked for."""
        return 0o600 if self.secret else self.mode


Plan = dict[str, OutFile]  # relative POSIX path -> file; directories are implied


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_path(rel: str) -> str:
    """Refuse anything but a normalised relative POSIX path inside OUT."""
    p = PurePosixPath(rel)
    if not rel or p.is_absolute() or ".." in p.parts or str(p) != rel or "\\" in rel:
        raise ValueError(f"not a relative POSIX path inside OUT: {rel!r}")
    return rel


def is_secret_path(rel: str) -> bool:
    return rel.split("/", 1)[0] == SECRETS_DIR


def _dump(data: object) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def build_manifest(
    plan: Plan,
    *,
    tool_version: str,
    target: str,
    inputs: Iterable[str],
    kept: Mapping[str, int] | None = None,
) -> bytes:
    """Manifest bytes: tool, target, input paths, output checksums; deterministic, no host paths.

    `kept` lists igmigrate's secret files this run keeps as found in OUT (path -> mode): they stay
    igmigrate's, so a later run with --force may still replace or remove them.
    """
    outputs: dict[str, dict[str, object]] = {}
    for rel, f in plan.items():
        if check_path(rel) == MANIFEST:
            continue
        entry: dict[str, object] = {"mode": f"{f.effective_mode:04o}"}
        if f.secret or is_secret_path(rel):
            # No digest at all: a hash of a weak password can be reversed offline, and users
            # legitimately fill in or rotate secrets in OUT/secrets/ (not treated as edits).
            entry["secret"] = True
        else:
            entry["sha256"] = sha256(f.content)
            entry["size"] = len(f.content)
        outputs[rel] = entry
    for rel, mode in (kept or {}).items():
        outputs.setdefault(check_path(rel), {"mode": f"{mode:04o}", "secret": True})
    return _dump(
        {
            "format_version": MANIFEST_FORMAT,
            "tool": {"name": "igmigrate", "version": tool_version},
            "target": target,
            "inputs": sorted(check_path(k) for k in inputs),
            "outputs": dict(sorted(outputs.items())),
        }
    )


def input_digests(inputs: Mapping[str, bytes | str]) -> bytes:
    """`<sha256>  <path>` lines, sorted by path (the format `sha256sum -c` reads)."""
    lines = []
    for rel, v in sorted(inputs.items()):
        lines.append(f"{v if isinstance(v, str) else sha256(v)}  {check_path(rel)}\n")
    return "".join(lines).encode()


def with_manifest(
    plan: Plan,
    *,
    tool_version: str,
    target: str,
    inputs: Mapping[str, bytes | str],
    kept: Mapping[str, int] | None = None,
) -> Plan:
    """The plan plus its manifest and the (secret) input digests."""
    files = {k: v for k, v in plan.items() if k not in _OWN}
    files[INPUT_DIGESTS] = OutFile(input_digests(inputs), secret=True)
    files[MANIFEST] = OutFile(
        build_manifest(files, tool_version=tool_version, target=target, inputs=inputs, kept=kept)
    )
    return dict(sorted(files.items()))


@dataclass(frozen=True)
class Manifest:
    """What a previous run wrote: output path -> (sha256 or None for secrets, secret flag)."""

    outputs: dict[str, tuple[str | None, bool]]

    def owns(self, rel: str) -> bool:
        return rel in self.outputs or rel in _OWN

    def secrets(self) -> frozenset[str]:
        return frozenset(r for r, (_, secret) in self.outputs.items() if secret)


def load_manifest(out_dir: Path) -> Manifest | None:
    """The previous manifest of OUT; None when absent; UserError when unreadable or malformed."""
    path = out_dir / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_bytes())
        outputs: dict[str, tuple[str | None, bool]] = {}
        for rel, entry in data["outputs"].items():
            digest = entry.get("sha256")
            outputs[check_path(rel)] = (str(digest) if digest else None, bool(entry.get("secret")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(f"{path}: unreadable igmigrate manifest ({exc})") from exc
    return Manifest(outputs)


@dataclass(frozen=True)
class Entry:
    """A non-directory entry found in OUT (never followed if it is a symlink)."""

    symlink: bool
    mode: int
    uid: int = -1
    gid: int = -1


def scan(out_dir: Path) -> tuple[dict[str, Entry], list[str]]:
    """Every file/symlink in OUT, and every empty directory; symlinks are never followed."""
    entries: dict[str, Entry] = {}
    empty: list[str] = []

    def walk(d: Path, prefix: str) -> None:
        children = sorted(os.scandir(d), key=lambda e: e.name)
        if not children and prefix:
            empty.append(prefix.rstrip("/"))
        for e in children:
            rel = prefix + e.name
            st = e.stat(follow_symlinks=False)
            if stat.S_ISDIR(st.st_mode):
                walk(Path(e.path), rel + "/")
            elif stat.S_ISLNK(st.st_mode) or stat.S_ISREG(st.st_mode):
                link = stat.S_ISLNK(st.st_mode)
                entries[rel] = Entry(link, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid)
            else:
                raise UserError(f"{e.path}: not a regular file, directory or symlink")

    if out_dir.is_dir():
        walk(out_dir, "")
    return entries, empty


@dataclass(frozen=True)
class FinalState:
    """OUT as it would be: the plan, plus kept files igmigrate did not write, minus removed ones."""

    out_dir: Path
    plan: Plan
    existing: dict[str, Entry]
    kept: tuple[str, ...]
    kept_dirs: tuple[str, ...]
    removed: tuple[str, ...]
    old_secret: frozenset[str]

    def changed(self) -> list[str]:
        """Plan paths whose content, mode or kind differ from what is in OUT now."""
        out = []
        for rel, f in sorted(self.plan.items()):
            e = self.existing.get(rel)
            same = (
                e is not None
                and not e.symlink
                and e.mode == f.effective_mode
                and read_existing(self.out_dir, rel, e) == f.content
            )
            if not same:
                out.append(rel)
        return out


def _previous(out_dir: Path) -> Manifest | None:
    try:
        return load_manifest(out_dir)
    except UserError:
        return None  # only reachable under --force: keep everything we cannot prove is ours


def _protected(rel: str, manifest: Manifest | None) -> bool:
    """A secret file of OUT: in secrets/ or marked secret by the previous run."""
    if rel in _OWN:
        return False
    return is_secret_path(rel) or (manifest is not None and rel in manifest.secrets())


@dataclass(frozen=True)
class Kept:
    """A secret file of OUT that a run without --force keeps as found."""

    why: Literal["differs", "not-written"]  # this run would write it differently / not at all
    mode: int
    listed: bool  # in the previous manifest: igmigrate's, so --force may replace or remove it


def kept_secrets(files: Plan, out_dir: Path, force: bool) -> dict[str, Kept]:
    """Secret files in OUT that this run would not write, or would write differently.

    Without --force they survive as found (rotated or supplied by hand); the caller reports each
    and leaves it out of the plan. No digest of a secret is stored, so "rotated by hand" and
    "changed in Tomcat" look alike: a human decides, with --force. Reads OUT, never writes.
    """
    out_dir = Path(os.path.realpath(out_dir))
    if force or not out_dir.is_dir():
        return {}
    manifest = _previous(out_dir)
    existing, _ = scan(out_dir)
    out: dict[str, Kept] = {}
    for rel, e in sorted(existing.items()):
        if not _protected(rel, manifest):
            continue
        listed = manifest is not None and rel in manifest.outputs
        f = files.get(rel)
        if f is None:
            out[rel] = Kept("not-written", e.mode, listed)
        elif e.symlink or read_existing(out_dir, rel, e) != f.content:
            out[rel] = Kept("differs", e.mode, listed)
    return out


def final_state(plan: Plan, out_dir: Path, force: bool = False) -> FinalState:
    """The one definition of "OUT as it would be", shared by diff, has_changes and the writer.

    Without force, a secret file of OUT that the plan does not write is kept (see kept_secrets).
    """
    for rel in plan:
        check_path(rel)
    out_dir = Path(os.path.realpath(out_dir))
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(f"{out_dir}: exists and is not a directory")
    manifest = _previous(out_dir)
    existing, empty = scan(out_dir)
    owned = manifest.owns if manifest else (lambda rel: rel in _OWN)

    def removable(rel: str) -> bool:
        return owned(rel) and (force or not _protected(rel, manifest))

    kept = tuple(r for r in existing if r not in plan and not removable(r))
    removed = tuple(r for r in existing if r not in plan and removable(r))
    kept_dirs = tuple(d for d in empty if d not in plan)
    planned_dirs = {str(p) for rel in plan for p in PurePosixPath(rel).parents}
    for rel in (*kept, *kept_dirs):
        clash = rel in planned_dirs or any(str(p) in plan for p in PurePosixPath(rel).parents)
        if clash:
            raise UserError(f"{out_dir / rel}: is in the way of a file igmigrate must write")
    secret = manifest.secrets() if manifest else frozenset()
    return FinalState(out_dir, plan, existing, kept, kept_dirs, removed, secret)


def read_existing(out_dir: Path, rel: str, entry: Entry) -> bytes:
    """Content of an entry in OUT without following symlinks (a link reads as its target)."""
    path = out_dir / rel
    if entry.symlink:
        return os.readlink(path).encode()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def has_changes(plan: Plan, out_dir: Path, force: bool = False) -> bool:
    """True when writing the plan would change OUT (content, mode, kind, or removals)."""
    state = final_state(plan, out_dir, force)
    return bool(state.removed or state.changed())
