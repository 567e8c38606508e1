"""batch-report.json, streamed: each server's entry written as it is known, then renamed in place.

Memory stays flat in the fleet size: the parent keeps counters only; the entries go to the
report's temporary file and to a spool the HTML page is rendered from."""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from igmigrate.errors import EXIT_FAILED, EXIT_FINDINGS, EXIT_OK, EXIT_PENDING, UserError
from igmigrate.run_one import FAILED, STATUSES

FORMAT_VERSION = 1
KEYS = ("name", "source", "out", "status", "exit_code", "counts", "error", "rules")
# "the worst item": a failure, then findings at --fail-on, then pending changes, then done
_WORST = {EXIT_OK: 0, EXIT_PENDING: 1, EXIT_FINDINGS: 2, EXIT_FAILED: 3}
Entry = dict[str, object]


def worst(codes: Iterator[int] | list[int]) -> int:
    return max(codes, key=lambda c: _WORST.get(c, 3), default=EXIT_OK)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ReportWriter:
    """Writes `path` atomically: a temporary file beside it, renamed over it by finish()."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.tmp = Path(tmp)
        self.fh: IO[str] = os.fdopen(fd, "w", encoding="utf-8")
        self.fh.write(f'{{\n  "format_version": {FORMAT_VERSION},\n  "servers": [')
        self.spool: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed by close())
        self.servers = 0
        self.statuses: Counter[str] = Counter({s: 0 for s in STATUSES})
        self.rules: Counter[str] = Counter()
        self.findings: Counter[str] = Counter()
        self.exit_codes: Counter[int] = Counter()

    def add(self, entry: Entry, link: str | None) -> None:
        """One server's entry (KEYS); `link`: the page's href to its MIGRATION.md, if any."""
        item = {k: entry.get(k) for k in KEYS}
        self.fh.write(("\n    " if not self.servers else ",\n    ") + _dumps(item))
        self.spool.write(_dumps({**item, "link": link}) + "\n")
        self.servers += 1
        self.statuses[str(item["status"])] += 1
        self.exit_codes[int(str(item["exit_code"]))] += 1
        rules = item["rules"]
        self.rules.update(rules if isinstance(rules, list) else [])
        counts = item["counts"]
        if isinstance(counts, dict):
            self.findings.update({str(k): int(v) for k, v in counts.items()})

    def entries(self) -> Iterator[Entry]:
        """Every entry added so far, read back from the spool (one pass each call)."""
        self.spool.flush()
        self.spool.seek(0)
        for line in self.spool:
            data: Entry = json.loads(line)
            yield data
        self.spool.seek(0, os.SEEK_END)

    def exit_code(self) -> int:
        return worst(list(self.exit_codes))

    def finish(self) -> None:
        rules = dict(sorted(self.rules.items()))
        self.fh.write(f'\n  ],\n  "rules": {json.dumps(rules, sort_keys=True)}\n}}\n')
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.chmod(self.tmp, 0o644)  # no secret in it (mkstemp made it 0600)
        os.replace(self.tmp, self.path)
        _fsync_dir(self.path.parent)

    def close(self) -> None:
        """Drop what finish() did not publish (an interrupted run leaves the old report)."""
        if not self.fh.closed:
            self.fh.close()
        self.tmp.unlink(missing_ok=True)
        self.spool.close()


def _dumps(data: object) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def previous(path: Path) -> dict[str, Entry]:
    """The servers of an earlier report, by name (for --only-failed)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise UserError(f"{path}: cannot read the previous batch report: {e}") from None
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        raise UserError(f"{path}: not a batch report of format_version {FORMAT_VERSION}")
    servers = data.get("servers")
    if not isinstance(servers, list):
        raise UserError(f"{path}: not a batch report (no servers list)")
    return {str(s["name"]): s for s in servers if isinstance(s, dict) and "name" in s}


def failed_or_new(name: str, before: dict[str, Entry]) -> bool:
    entry = before.get(name)
    return entry is None or entry.get("status") == FAILED
