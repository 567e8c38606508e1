"""What every command of the CLI shares: output, failure, the clock, option parsing."""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from typing import NoReturn

import typer

from igmigrate.errors import EXIT_CODES, EXIT_FAILED, IgMigrateError, voice
from igmigrate.mapping.versions import is_tomcat_release

EXIT_HELP = "Exit codes: " + "; ".join(f"{k} = {v}" for k, v in EXIT_CODES.items())


def _err(text: str) -> None:
    if text:
        sys.stderr.write(text if text.endswith("\n") else text + "\n")


def _show(text: str) -> None:
    """stdout: exactly what was rendered (secret values are not representable in it)."""
    sys.stdout.write(text)


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


def _fail(message: str, hint: str = IgMigrateError.hint) -> NoReturn:
    """Stop the run: `igmigrate: error: <reason>` then `  hint: <what to do>` (errors.voice)."""
    _err(f"igmigrate: error: {voice(message, hint)}")
    raise typer.Exit(EXIT_FAILED)


def _pairs(values: list[str], option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for v in values:
        if "=" not in v:
            raise typer.BadParameter(f"expected KEY=VALUE, got {v!r}", param_hint=option)
        k, _, val = v.partition("=")
        out[k] = val
    return out


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
