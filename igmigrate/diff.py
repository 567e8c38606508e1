"""The dry-run diff: OUT as it is vs OUT as it would be, git style; secret contents redacted."""

from __future__ import annotations

import difflib
from pathlib import Path

from igmigrate.plan import Plan, final_state, is_secret_path, read_existing

REDACTED = b"<redacted>\n"
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


def diff(plan: Plan, out_dir: Path, *, color: bool = False, force: bool = False) -> str:
    """Unified diff of OUT as it is vs as it would be; secret contents shown as "<redacted>"."""
    state = final_state(plan, out_dir, force)
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
