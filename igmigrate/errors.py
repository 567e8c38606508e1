"""Errors that stop a run, and the one table of exit codes."""

from __future__ import annotations

from igmigrate.findings import SourceLocation

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_PENDING = 3
EXIT_FINDINGS = 4

EXIT_CODES = {
    EXIT_OK: "done (dry-run: nothing would change); findings below the --fail-on level may exist",
    EXIT_FAILED: "failed: bad input, unreadable file, refused overwrite, internal error"
    " (nothing written)",
    EXIT_USAGE: "command-line usage error",
    EXIT_PENDING: "dry-run: changes pending",
    EXIT_FINDINGS: "converted, but findings at or above --fail-on remain",
}


class IgMigrateError(Exception):
    """Base class: a run that cannot go on. Always exits 1."""

    exit_code = EXIT_FAILED


class InputError(IgMigrateError):
    """An input cannot be read or parsed; names the file, line and column."""

    def __init__(
        self, message: str, location: SourceLocation | None = None, col: int | None = None
    ):
        self.location = location
        self.col = col
        where = ""
        if location is not None:
            where = str(location)
            if col:
                where += f":{col}"
            where += ": "
        super().__init__(f"{where}{message}")


class UserError(IgMigrateError):
    """The request cannot be carried out as asked (e.g. refused overwrite)."""
