"""The rendered file set (Plan), its manifest, and how it differs from an existing OUT directory."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from igmigrate.errors import UserError

MANIFEST = ".igmigrate/manifest.json"
# sha256 of secret files live here (0600, redacted in diffs), not in the world-readable manifest:
# a bare sha256 of a weak password such as "changeit" is as good as the password.
SECRETS_DIR = "secrets"
REDACTED = b"<redacted>\n"
_OWN = (MANIFEST,)


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
    plan: Plan, *, tool_version: str, target: str, inputs: dict[str, bytes | str]
) -> bytes:
    """Manifest bytes: tool, target, input and output checksums; deterministic, no host paths."""
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
        outputs[rel] = entry
    ins = {check_path(k): v if isinstance(v, str) else sha256(v) for k, v in inputs.items()}
    return _dump(
        {
            "format_version": 1,
            "tool": {"name": "igmigrate", "version": tool_version},
            "target": target,
            "inputs": ins,
            "outputs": outputs,
        }
    )


def with_manifest(
    plan: Plan, *, tool_version: str, target: str, inputs: dict[str, bytes | str]
) -> Plan:
    """The plan plus its manifest."""
    files = {k: v for k, v in plan.items() if k not in _OWN}
    files[MANIFEST] = OutFile(
        build_manifest(files, tool_version=tool_version, target=target, inputs=inputs)
    )
    return dict(sorted(files.items()))


@dataclass(frozen=True)
class Manifest:
    """What a previous run wrote: output path -> (sha256 or None for secrets, secret flag)."""

    outputs: dict[str, tuple[str | None, bool]]

    def owns(self, rel: str) -> bool:
        return rel in self.outputs or rel in _OWN


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
        raise UserError(f"{path}: unreadable igmigrate manifest ({exc}); use --force") from exc
    return Manifest(outputs)


@dataclass(frozen=True)
class Entry:
    """A non-directory entry found in OUT (never followed if it is a symlink)."""

    symlink: bool
    mode: int


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
                entries[rel] = Entry(stat.S_ISLNK(st.st_mode), stat.S_IMODE(st.st_mode))
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


def final_state(plan: Plan, out_dir: Path) -> FinalState:
    """The one definition of "OUT as it would be", shared by diff, has_changes and the writer."""
    for rel in plan:
        check_path(rel)
    out_dir = Path(os.path.realpath(out_dir))
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(f"{out_dir}: exists and is not a directory")
    try:
        manifest = load_manifest(out_dir)
    except UserError:
        manifest = None  # only reachable under --force: keep everything we cannot prove is ours
    existing, empty = scan(out_dir)
    owned = manifest.owns if manifest else (lambda rel: rel in _OWN)
    kept = tuple(r for r in existing if r not in plan and not owned(r))
    removed = tuple(r for r in existing if r not in plan and owned(r))
    kept_dirs = tuple(d for d in empty if d not in plan)
    planned_dirs = {str(p) for rel in plan for p in PurePosixPath(rel).parents}
    for rel in (*kept, *kept_dirs):
        clash = rel in planned_dirs or any(str(p) in plan for p in PurePosixPath(rel).parents)
        if clash:
            raise UserError(f"{out_dir / rel}: is in the way of a file igmigrate must write")
    secret = {r for r, (_, s) in manifest.outputs.items() if s} if manifest else set()
    return FinalState(out_dir, plan, existing, kept, kept_dirs, removed, frozenset(secret))


def read_existing(out_dir: Path, rel: str, entry: Entry) -> bytes:
    """Content of an entry in OUT without following symlinks (a link reads as its target)."""
    path = out_dir / rel
    if entry.symlink:
        return os.readlink(path).encode()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def has_changes(plan: Plan, out_dir: Path) -> bool:
    """True when writing the plan would change OUT (content, mode, kind, or removals)."""
    state = final_state(plan, out_dir)
    return bool(state.removed or state.changed())


_COLORS = {"+": "\x1b[32m", "-": "\x1b[31m", "@": "\x1b[36m", "h": "\x1b[1m"}


def _text(data: bytes) -> list[str] | None:
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None


def _file_diff(
    rel: str, old: bytes | None, new: bytes | None, modes: tuple[int, int], redacted: bool
) -> list[str]:
    a = f"a/{rel}" if old is not None else "/dev/null"
    b = f"b/{rel}" if new is not None else "/dev/null"
    head = [f"diff --git a/{rel} b/{rel}\n"]
    if old is None:
        head.append(f"new file mode {modes[1]:06o}\n")
    elif new is None:
        head.append(f"deleted file mode {modes[0]:06o}\n")
    elif modes[0] != modes[1]:
        head += [f"old mode {modes[0]:06o}\n", f"new mode {modes[1]:06o}\n"]
    if old == new:  # only the mode differs
        return head
    if redacted and old is not None and new is not None:
        return [*head, f"Secret files {a} and {b} differ (content redacted)\n"]
    shown_old, shown_new = (REDACTED, REDACTED) if redacted else (old or b"", new or b"")
    old_lines = [] if old is None else _text(shown_old)
    new_lines = [] if new is None else _text(shown_new)
    if old_lines is None or new_lines is None:
        return [*head, f"Binary files {a} and {b} differ\n"]
    body = list(difflib.unified_diff(old_lines, new_lines, a, b, lineterm="\n"))
    lines = [*head, f"--- {a}\n", f"+++ {b}\n"]
    for line in body[2:]:
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return lines


def diff(plan: Plan, out_dir: Path, *, color: bool = False) -> str:
    """Unified diff of OUT as it is vs as it would be; secret contents shown as "<redacted>"."""
    state = final_state(plan, out_dir)
    out: list[str] = []
    changed = set(state.changed())
    for rel in sorted(changed | set(state.removed)):
        f = state.plan.get(rel)
        e = state.existing.get(rel)
        secret = is_secret_path(rel) or rel in state.old_secret or (f is not None and f.secret)
        old = None if e is None else read_existing(state.out_dir, rel, e)
        new = None if f is None else f.content
        old_mode = 0 if e is None else (0o120000 if e.symlink else 0o100000 | e.mode)
        new_mode = 0 if f is None else 0o100000 | f.effective_mode
        out += _file_diff(rel, old, new, (old_mode, new_mode), secret)
    if color:
        out = [_paint(line) for line in out]
    return "".join(out)


def _paint(line: str) -> str:
    key = "h" if line.startswith(("diff --git", "--- ", "+++ ")) else line[:1]
    code = _COLORS.get(key)
    if code is None or line.startswith("\\"):
        return line
    return f"{code}{line.rstrip(chr(10))}\x1b[0m\n"
