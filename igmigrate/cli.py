"""The command line: options → Config → convert → write/diff/report. No conversion logic here."""

from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Literal, NoReturn

import typer

from igmigrate import __version__
from igmigrate.config import Config
from igmigrate.convert import Result, convert
from igmigrate.diff import diff
from igmigrate.errors import (
    EXIT_CODES,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_PENDING,
    IgMigrateError,
)
from igmigrate.findings import FAIL_ON_LEVELS
from igmigrate.inspect import INSPECT_FORMATS, INSPECT_FORMATS_HELP, inspect_render
from igmigrate.mapping.versions import TARGETS, is_tomcat_release
from igmigrate.plan import has_changes, kept_secrets
from igmigrate.report import console_summary, exit_code, report_json
from igmigrate.ruledocs import rules_json, rules_text
from igmigrate.validate import validate_dir, validate_report
from igmigrate.writer import target_problem, write

EXIT_HELP = "Exit codes: " + "; ".join(f"{k} = {v}" for k, v in EXIT_CODES.items())

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Move an Identity Gateway deployment from Tomcat to standalone mode.\n\n" + EXIT_HELP,
)


def _err(text: str) -> None:
    if text:
        sys.stderr.write(text if text.endswith("\n") else text + "\n")


def _show(text: str) -> None:
    """stdout: exactly what was rendered (secret values are not representable in it)."""
    sys.stdout.write(text)


def _internal(exc: BaseException) -> str:
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


def _now() -> datetime:
    """The run's clock: SOURCE_DATE_EPOCH when set (reproducible builds), else the time now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise typer.BadParameter(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970"
            ) from None
    return datetime.now(timezone.utc)


def _fail(message: str) -> NoReturn:
    _err(f"igmigrate: error: {message}")
    raise typer.Exit(EXIT_FAILED)


def _pairs(values: list[str], option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for v in values:
        if "=" not in v:
            raise typer.BadParameter(f"expected KEY=VALUE, got {v!r}", param_hint=option)
        k, _, val = v.partition("=")
        out[k] = val
    return out


def _version(value: bool) -> None:
    if value:
        typer.echo(f"igmigrate {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """igmigrate: Tomcat (web container mode) → IG standalone."""


def _choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        raise typer.BadParameter(f"must be one of {', '.join(allowed)}", param_hint=option)
    return value


def _tomcat_version(value: str | None) -> str | None:
    """--tomcat-version must name a release (9.0.35, 10.1, 8.5.0-M2); else a usage error."""
    if value is None:
        return None
    if not is_tomcat_release(value):
        raise typer.BadParameter(f"{value!r} is not a Tomcat version (e.g. 9.0.35)")
    return value


TOMCAT_VERSION = typer.Option(
    "--tomcat-version",
    callback=_tomcat_version,
    help="X.Y.Z, when lib/catalina.jar and RELEASE-NOTES are absent.",
)


def _source(result: Result) -> dict[str, object]:
    return result.source


@app.command("convert", epilog=EXIT_HELP)
def convert_cmd(
    src: Annotated[Path, typer.Argument(help="The Tomcat base (CATALINA_BASE).")],
    out: Annotated[Path, typer.Argument(help="The standalone instance directory to write.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing; print a diff.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Write into a foreign or edited OUT.")
    ] = False,
    catalina_home: Annotated[
        Path | None, typer.Option("--catalina-home", exists=True, file_okay=False)
    ] = None,
    app_path: Annotated[
        Path | None,
        typer.Option("--app-path", exists=True, help="The gateway .war or directory."),
    ] = None,
    ig_instance: Annotated[
        Path | None,
        typer.Option(
            "--ig-instance",
            exists=True,
            file_okay=False,
            help="The gateway's IG instance directory (default: the one setenv.sh names).",
        ),
    ] = None,
    target_version: Annotated[str, typer.Option("--target-version")] = "7.2",
    tomcat_version: Annotated[str | None, TOMCAT_VERSION] = None,
    prop: Annotated[list[str] | None, typer.Option("--property", help="KEY=VALUE")] = None,
    env: Annotated[list[str] | None, typer.Option("--env", help="KEY=VALUE")] = None,
    secrets: Annotated[
        str, typer.Option("--secrets", help="files (secrets/<id>) | env (base64 in bin/env.sh)")
    ] = "files",
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="never|warning|manual|unsupported: exit 4 when a finding's status is at or"
            " above it (warning = partial and worse)",
        ),
    ] = "never",
    fmt: Annotated[str, typer.Option("--format", help="text|json")] = "text",
    quiet: Annotated[bool, typer.Option("--quiet", help="No summary on stderr.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color")] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="On an internal error, show the traceback.")
    ] = False,
) -> None:
    """Convert a Tomcat installation into a standalone IG instance directory."""
    _choice(fail_on, FAIL_ON_LEVELS, "--fail-on")
    _choice(fmt, ("text", "json"), "--format")
    _choice(target_version, TARGETS, "--target-version")
    secrets_mode: Literal["files", "env"] = "env" if secrets == "env" else "files"
    _choice(secrets, ("files", "env"), "--secrets")
    config = Config(
        src=src,
        catalina_home=catalina_home,
        app_path=app_path,
        ig_instance=ig_instance,
        target_version=target_version,
        tomcat_version=tomcat_version,
        properties=_pairs(prop or [], "--property"),
        env=_pairs(env or [], "--env"),
        secrets_mode=secrets_mode,
        now=_now(),
    )
    color = sys.stderr.isatty() and not no_color
    try:
        # OUT is inspected (read only) before the report is rendered: secret files it keeps
        # as found are findings of this run
        result = convert(config, keep=lambda files: kept_secrets(files, out, force))
    except IgMigrateError as e:
        _fail(str(e))
    except Exception as e:  # a bug: one line (never the exception text: it may hold a value)
        if debug:
            raise
        _fail(_internal(e))
    findings = result.findings
    if findings.has_errors():
        if fmt == "json":
            _show(
                report_json(
                    findings,
                    tool_version=__version__,
                    target=target_version,
                    source=_source(result),
                    outputs=[],
                ).decode()
            )
        _err(console_summary(findings, out=None, fail_on=fail_on, color=color))
        _fail("conversion failed: fix the errors above; nothing was written")
    try:
        problem = None if force else target_problem(out)
    except IgMigrateError as e:
        _fail(str(e))
    if dry_run:  # the diff is what the user wants to see most when OUT was edited: no refusal
        try:
            _show(diff(result.plan, out, color=sys.stdout.isatty() and not no_color, force=force))
            pending = has_changes(result.plan, out, force)
        except IgMigrateError as e:
            _fail(str(e))
        if problem is not None:
            _err(f"igmigrate: note: {problem}; a real run needs --force")
        if not quiet:
            _err(console_summary(findings, out=None, fail_on=fail_on, color=color))
        raise typer.Exit(EXIT_PENDING if pending else EXIT_OK)
    if problem is not None:
        _fail(f"{problem}; use --force")
    try:
        write(result.plan, out, force)
    except (IgMigrateError, OSError) as e:
        _fail(f"cannot write {out}: {e}")
    if fmt == "json":
        _show(result.plan["migration-report.json"].content.decode())
    if not quiet:
        _err(console_summary(findings, out=str(out), fail_on=fail_on, color=color))
    raise typer.Exit(exit_code(findings, fail_on))


@app.command("inspect")
def inspect_cmd(
    src: Annotated[Path, typer.Argument(help="The Tomcat base (CATALINA_BASE).")],
    prop: Annotated[list[str] | None, typer.Option("--property", help="KEY=VALUE")] = None,
    env: Annotated[list[str] | None, typer.Option("--env", help="KEY=VALUE")] = None,
    tomcat_version: Annotated[str | None, TOMCAT_VERSION] = None,
    ig_instance: Annotated[Path | None, typer.Option(exists=True, file_okay=False)] = None,
    target_version: Annotated[str, typer.Option("--target-version")] = "7.2",
    fmt: Annotated[str, typer.Option("--format", help=INSPECT_FORMATS_HELP)] = "text",
) -> None:
    """Read-only assessment: what was found, what maps, what needs a human, coverage."""
    _choice(fmt, INSPECT_FORMATS, "--format")
    _choice(target_version, TARGETS, "--target-version")
    config = Config(
        src=src,
        ig_instance=ig_instance,
        target_version=target_version,
        tomcat_version=tomcat_version,
        properties=_pairs(prop or [], "--property"),
        env=_pairs(env or [], "--env"),
        now=_now(),
    )
    try:
        _show(inspect_render(config, fmt))
    except IgMigrateError as e:
        _fail(str(e))


@app.command("validate", epilog=EXIT_HELP)
def validate_cmd(
    out: Annotated[Path, typer.Argument(help="The IG instance directory to check.")],
    target_version: Annotated[
        str | None, typer.Option(help="Default: the manifest's target, else 7.2.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text|json")] = "text",
) -> None:
    """Check an IG instance directory before deploying it: exit 0 when clean, 1 with problems."""
    _choice(fmt, ("text", "json"), "--format")
    if target_version is not None:
        _choice(target_version, TARGETS, "--target-version")
    if not out.is_dir():
        _fail(f"{out} is not a directory")
    version, problems = validate_dir(out, target_version)
    _show(validate_report(version, problems, fmt))
    verdict = f"{len(problems)} problem(s)" if problems else "no problems"
    _err(f"igmigrate validate: {verdict} in {out} (target {version})")
    raise typer.Exit(EXIT_FAILED if problems else EXIT_OK)


@app.command("rules")
def rules_cmd(
    fmt: Annotated[str, typer.Option("--format", help="text|json")] = "text",
) -> None:
    """Print every rule the converter applies: what it reads, its status, its target per version."""
    _choice(fmt, ("text", "json"), "--format")
    _show(rules_json(TARGETS) if fmt == "json" else rules_text(TARGETS))


def main() -> None:
    app()
