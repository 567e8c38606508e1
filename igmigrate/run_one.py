"""One server end to end, as `convert` and `batch` run it: convert, then diff or write."""

from __future__ import annotations

import traceback
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from igmigrate import __version__
from igmigrate.config import Config
from igmigrate.convert import convert
from igmigrate.diff import diff
from igmigrate.errors import EXIT_FAILED, EXIT_OK, EXIT_PENDING, IgMigrateError, voice
from igmigrate.findings import Findings
from igmigrate.outlock import locked
from igmigrate.plan import has_changes, kept_secrets
from igmigrate.report import ATTENTION, console_summary, exit_code, report_json
from igmigrate.writer import target_problem, write

CONVERTED = "converted"
WITH_FINDINGS = "converted-with-findings"
UNCHANGED = "unchanged"
FAILED = "failed"
STATUSES = (CONVERTED, WITH_FINDINGS, UNCHANGED, FAILED)


@dataclass(frozen=True)
class Options:
    """How to run one server; `convert`'s options beyond the Config."""

    out: Path
    dry_run: bool = False
    force: bool = False
    fail_on: str = "never"
    fmt: str = "text"
    quiet: bool = False
    color: bool = False  # the stderr summary
    diff_color: bool = False
    debug: bool = False  # re-raise an internal error instead of the one-line message
    show_diff: bool = True  # dry-run: render the diff for stdout (batch only asks for pending)
    skip_unchanged: bool = False  # batch: an OUT already as planned is not rewritten


@dataclass
class Outcome:
    """What a run printed (stdout, then each stderr chunk), its exit code and its batch status."""

    exit_code: int = EXIT_OK
    status: str = CONVERTED
    stdout: str = ""
    stderr: list[str] = field(default_factory=list)
    error: str | None = None  # the one-line reason of a failure
    findings: Findings | None = None

    def failed(self, message: str, hint: str = IgMigrateError.hint) -> Outcome:
        # an internal error (hint "") stays one line: internal_error already names the bug
        self.stderr.append(f"igmigrate: error: {voice(message, hint) if hint else message}")
        self.exit_code, self.status, self.error = EXIT_FAILED, FAILED, message
        return self


WRITE_HINT = "free space on the file system of OUT or fix its permissions, then run again"


def internal_error(exc: BaseException) -> str:
    """One line for a bug: the exception type and where igmigrate raised it, never its text."""
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        parts = Path(frame.filename).parts
        if "igmigrate" in parts:
            where = f" at {'/'.join(parts[parts.index('igmigrate') :])}:{frame.lineno}"
    return (
        f"internal error: {type(exc).__name__}{where}; please report it with the output of the"
        " same command run with --debug (check it for secrets first)"
    )


def _converted(findings: Findings) -> str:
    """converted-with-findings when a finding needs a human (manual, unsupported)."""
    return WITH_FINDINGS if any(f.status in ATTENTION for f in findings) else CONVERTED


def run_one(config: Config, opts: Options) -> Outcome:
    """Everything `convert` does for one server, with its output collected, not printed.

    A real run holds OUT's lock (outlock.py) from before OUT is read until it is written: a
    second run into the same OUT is refused, never interleaved. A dry run takes no lock."""
    if opts.dry_run:
        return _run_one(config, opts)
    with ExitStack() as held:
        try:
            held.enter_context(locked(opts.out))
        except (IgMigrateError, OSError) as e:
            return Outcome().failed(f"cannot write {opts.out}: {e}", WRITE_HINT)
        return _run_one(config, opts)


def _run_one(config: Config, opts: Options) -> Outcome:
    o, out = Outcome(), opts.out
    try:
        # OUT is inspected (read only) before the report is rendered: secret files it keeps
        # as found are findings of this run
        result = convert(config, keep=lambda files: kept_secrets(files, out, opts.force))
    except IgMigrateError as e:
        return o.failed(str(e), e.hint)
    except Exception as e:  # a bug: one line (never the exception text: it may hold a value)
        if opts.debug:
            raise
        return o.failed(internal_error(e), "")
    findings = o.findings = result.findings
    if findings.has_errors():
        if opts.fmt == "json":
            o.stdout = report_json(
                findings,
                tool_version=__version__,
                target=config.target_version,
                source=result.source,
                outputs=[],
            ).decode()
        o.stderr.append(console_summary(findings, out=None, fail_on=opts.fail_on, color=opts.color))
        return o.failed(
            "conversion failed: fix the errors above; nothing was written",
            "correct the inputs named in the error findings above, then run again",
        )
    try:
        problem = None if opts.force else target_problem(out)
    except IgMigrateError as e:
        return o.failed(str(e), e.hint)
    if opts.dry_run:  # the diff is what the user wants to see most when OUT was edited: no refusal
        try:
            if opts.show_diff:
                o.stdout = diff(result.plan, out, color=opts.diff_color, force=opts.force)
            pending = has_changes(result.plan, out, opts.force)
        except IgMigrateError as e:
            return o.failed(str(e), e.hint)
        if problem is not None:
            o.stderr.append(f"igmigrate: note: {problem}; a real run needs --force")
        if not opts.quiet:
            o.stderr.append(
                console_summary(findings, out=None, fail_on=opts.fail_on, color=opts.color)
            )
        o.exit_code = EXIT_PENDING if pending else EXIT_OK
        o.status = _converted(findings) if pending else UNCHANGED
        return o
    if problem is not None:
        return o.failed(
            f"{problem}; use --force",
            "pick an empty or new OUT, or add --force to replace igmigrate's earlier output",
        )
    try:
        if opts.skip_unchanged and not has_changes(result.plan, out, opts.force):
            o.status = UNCHANGED
        else:
            write(result.plan, out, opts.force)
            o.status = _converted(findings)
    except (IgMigrateError, OSError) as e:
        return o.failed(f"cannot write {out}: {e}", WRITE_HINT)
    if opts.fmt == "json":
        o.stdout = result.plan["migration-report.json"].content.decode()
    if not opts.quiet:
        o.stderr.append(
            console_summary(findings, out=str(out), fail_on=opts.fail_on, color=opts.color)
        )
    o.exit_code = exit_code(findings, opts.fail_on)
    return o
