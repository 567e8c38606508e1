"""What a batch shows on stderr: a progress bar on a terminal, else one line per server; then
a summary table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from igmigrate.batch.report import Entry, ReportWriter
from igmigrate.run_one import CONVERTED, STATUSES, UNCHANGED

MAX_LISTED = 50  # servers in the summary table; past that only the ones that need a look


def line(entry: Entry) -> str:
    """One server's plain progress line: its name (as given), status, exit code, the reason."""
    text = f"{entry['name']}: {entry['status']} (exit {entry['exit_code']})"
    return text + (f": {entry['error']}" if entry.get("error") else "")


class Progress:
    """rich's progress bar on a terminal, plain `[k/N] line` otherwise."""

    def __init__(self, total: int, bar: bool, err: Callable[[str], None]) -> None:
        self.total, self.bar, self.err, self.n = total, bar, err, 0
        self._rich: object = None
        self._task: object = None

    def __enter__(self) -> Progress:
        if self.bar:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            bar = RichProgress(
                TextColumn("[bold]batch"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True),
                transient=True,
                auto_refresh=False,  # no refresh thread: the workers are forked (batch/pool.py)
            )
            bar.start()
            self._rich, self._task = bar, bar.add_task("", total=self.total)
        return self

    def tick(self) -> None:
        """Redraw the bar (elapsed time) while the workers are busy."""
        if self._rich is not None:
            from rich.progress import Progress as RichProgress

            assert isinstance(self._rich, RichProgress)
            self._rich.refresh()

    def done(self, entry: Entry) -> None:
        self.n += 1
        if self._rich is not None:
            from rich.progress import Progress as RichProgress
            from rich.progress import TaskID

            assert isinstance(self._rich, RichProgress) and isinstance(self._task, int)
            self._rich.update(TaskID(self._task), advance=1, description=str(entry["name"]))
            self._rich.refresh()
            if entry["status"] not in (CONVERTED, UNCHANGED):
                self._rich.console.print(line(entry), markup=False, highlight=False)
        else:
            self.err(f"igmigrate: batch: [{self.n}/{self.total}] {line(entry)}")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._rich is not None:
            from rich.progress import Progress as RichProgress

            assert isinstance(self._rich, RichProgress)
            self._rich.stop()


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]


def summary(report: ReportWriter, json_path: Path, page: Path) -> str:
    """The table at the end: servers (all, or past MAX_LISTED those not plainly converted),
    then the count per status, the exit code, and where the reports are."""
    rows: list[tuple[str, ...]] = [("server", "status", "exit", "needs a human")]
    listed = hidden = 0
    for e in report.entries():
        notable = e["status"] not in (CONVERTED, UNCHANGED)
        if report.servers > MAX_LISTED and (not notable or listed >= MAX_LISTED):
            hidden += 1
            continue
        counts = e.get("counts") or {}
        assert isinstance(counts, dict)
        human = sum(int(counts.get(s, 0)) for s in ("manual", "unsupported", "error"))
        rows.append((str(e["name"]), str(e["status"]), str(e["exit_code"]), str(human)))
        listed += 1
    lines = _table(rows) if listed else []
    if hidden:
        lines.append(f"… and {hidden} more server(s) (see {json_path})")
    lines.append("")
    lines += _table([("status", "servers"), *[(s, str(report.statuses[s])) for s in STATUSES]])
    lines.append(f"{report.servers} server(s); exit code {report.exit_code()} (the worst item)")
    lines.append(f"Report: {json_path} and {page}")
    return "\n".join(lines) + "\n"
