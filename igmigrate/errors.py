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
    """Base class: a run that cannot go on. Always exits 1.

    Every error carries a hint (what the user can do): the class default of its kind, or a
    more precise one given where it is raised. The console shows it as a second line.
    """

    exit_code = EXIT_FAILED
    hint = "run again with --debug and report the message to the igmigrate maintainers"

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        if hint:
            self.hint = hint

    def text(self) -> str:
        """The console text: the reason, then `  hint: …` on a line of its own."""
        return voice(str(self), self.hint)


def voice(reason: str, hint: str) -> str:
    """The one style of every error that stops a run (after the `igmigrate: error: ` prefix)."""
    return f"{reason}\n  hint: {hint}"


class InputError(IgMigrateError):
    """An input cannot be read or parsed; names the file, line and column."""

    hint = "correct the file named above in the Tomcat base (CATALINA_BASE), then run again"

    def __init__(
        self,
        message: str,
        location: SourceLocation | None = None,
        col: int | None = None,
        *,
        hint: str | None = None,
    ):
        self.location = location
        self.col = col
        where = ""
        if location is not None:
            where = str(location)
            if col:
                where += f":{col}"
            where += ": "
        super().__init__(f"{where}{message}", hint=hint)


class UserError(IgMigrateError):
    """The request cannot be carried out as asked (e.g. refused overwrite)."""

    hint = "change the command line or the file it names as the message says, then run again"
