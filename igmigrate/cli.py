"""The command line: options → Config → convert → write/diff/report. No conversion logic here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from igmigrate import __version__
from igmigrate.cli_common import (
    EXIT_HELP,
    TOMCAT_VERSION,
    _choice,
    _err,
    _fail,
    _now,
    _pairs,
    _show,
)
from igmigrate.config import Config
from igmigrate.errors import (
    EXIT_FAILED,
    EXIT_OK,
    IgMigrateError,
)
from igmigrate.findings import FAIL_ON_LEVELS
from igmigrate.inspect import INSPECT_FORMATS, INSPECT_FORMATS_HELP, inspect_render
from igmigrate.mapping.versions import TARGETS
from igmigrate.ruledocs import rules_json, rules_text
from igmigrate.run_one import Options, run_one
from igmigrate.validate import validate_dir, validate_report

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Move an Identity Gateway deployment from Tomcat to standalone mode.\n\n" + EXIT_HELP,
)


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
    ig_dist: Annotated[
        Path | None,
        typer.Option(
            "--ig-dist",
            exists=True,
            file_okay=False,
            help="A standalone IG distribution: jars its lib/ holds are not copied to extra/.",
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
        ig_dist=ig_dist,
        target_version=target_version,
        tomcat_version=tomcat_version,
        properties=_pairs(prop or [], "--property"),
        env=_pairs(env or [], "--env"),
        secrets_mode=secrets_mode,
        now=_now(),
    )
    outcome = run_one(
        config,
        Options(
            out=out,
            dry_run=dry_run,
            force=force,
            fail_on=fail_on,
            fmt=fmt,
            quiet=quiet,
            color=sys.stderr.isatty() and not no_color,
            diff_color=sys.stdout.isatty() and not no_color,
            debug=debug,
        ),
    )
    if outcome.stdout:
        _show(outcome.stdout)
    for text in outcome.stderr:
        _err(text)
    raise typer.Exit(outcome.exit_code)


@app.command("batch", epilog=EXIT_HELP)
def batch_cmd(
    sources: Annotated[
        list[Path] | None, typer.Argument(help="Tomcat bases (with --out-root).")
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option("--manifest", help="CSV with a header, or JSON lines: name, tomcat, …"),
    ] = None,
    out_root: Annotated[
        Path | None, typer.Option("--out-root", help="OUT of each server: DIR/<name>.")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", min=1, help="Worker processes (default: CPUs).")
    ] = None,
    timeout: Annotated[
        float | None, typer.Option("--timeout", min=0.1, help="Seconds per server.")
    ] = None,
    report: Annotated[Path, typer.Option("--report")] = Path("batch-report.json"),
    only_failed: Annotated[
        Path | None,
        typer.Option("--only-failed", help="A previous report: re-run its failed servers."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Write no OUT.")] = False,
    force: Annotated[bool, typer.Option("--force")] = False,
    catalina_home: Annotated[
        Path | None, typer.Option("--catalina-home", exists=True, file_okay=False)
    ] = None,
    ig_dist: Annotated[
        Path | None, typer.Option("--ig-dist", exists=True, help="Standalone IG, for all.")
    ] = None,
    target_version: Annotated[str, typer.Option("--target-version")] = "7.2",
    tomcat_version: Annotated[str | None, TOMCAT_VERSION] = None,
    prop: Annotated[list[str] | None, typer.Option("--property", help="KEY=VALUE")] = None,
    env: Annotated[list[str] | None, typer.Option("--env", help="KEY=VALUE")] = None,
    secrets: Annotated[str, typer.Option("--secrets", help="files | env")] = "files",
    fail_on: Annotated[str, typer.Option("--fail-on")] = "never",
    no_progress: Annotated[
        bool, typer.Option("--no-progress", help="Plain lines even on a terminal.")
    ] = False,
) -> None:
    """Convert many servers: a manifest, or SRC paths with --out-root; one report."""
    # imported here: a single `convert` never pays for the worker pool, report writer and page
    from igmigrate.batch.manifest import read_servers
    from igmigrate.batch.run import Batch, default_jobs, run_batch, worker_options

    _choice(fail_on, FAIL_ON_LEVELS, "--fail-on")
    _choice(target_version, TARGETS, "--target-version")
    _choice(secrets, ("files", "env"), "--secrets")
    if (manifest is None) == (not sources):
        raise typer.BadParameter("give either --manifest FILE or SRC paths", param_hint="SRC")
    if sources and out_root is None:
        raise typer.BadParameter("SRC paths need --out-root DIR", param_hint="--out-root")
    config = Config(
        src=Path("."),
        catalina_home=catalina_home,
        ig_dist=ig_dist,
        target_version=target_version,
        tomcat_version=tomcat_version,
        properties=_pairs(prop or [], "--property"),
        env=_pairs(env or [], "--env"),
        secrets_mode="env" if secrets == "env" else "files",
        now=_now(),
    )
    options = worker_options(dry_run=dry_run, force=force, fail_on=fail_on)
    try:
        servers = read_servers(manifest, sources or [], out_root)
        code = run_batch(
            servers,
            Batch(
                config,
                options,
                jobs=jobs or default_jobs(),
                timeout=timeout,
                report=report,
                only_failed=only_failed,
                progress_bar=sys.stderr.isatty() and not no_progress,
            ),
            err=_err,
        )
    except IgMigrateError as e:
        _fail(str(e), e.hint)
    raise typer.Exit(code)


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
        _fail(str(e), e.hint)


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
        _fail(f"{out} is not a directory", "give the OUT directory igmigrate convert wrote")
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
