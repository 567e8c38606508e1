"""The migration report: migration-report.json, MIGRATION.md, the console summary, the exit code."""

from __future__ import annotations

import json

from igmigrate.errors import EXIT_FINDINGS, EXIT_OK
from igmigrate.findings import FAIL_ON_LEVELS, Finding, Findings, Status, fails
from igmigrate.render import environment

FORMAT_VERSION = 1
ATTENTION = (Status.ERROR, Status.UNSUPPORTED, Status.MANUAL)
_MAX_CONSOLE_FINDINGS = 15
_ANSI = {Status.ERROR: "\x1b[1;31m", Status.UNSUPPORTED: "\x1b[35m", Status.MANUAL: "\x1b[33m"}


def ordered(findings: Findings) -> list[Finding]:
    """Findings in report order; ties broken on content so insertion order never shows."""
    return sorted(
        findings.sorted(),
        key=lambda f: (f.sort_key(), json.dumps(f.to_json(), sort_keys=True)),
    )


def coverage(findings: Findings) -> dict[str, object]:
    """Settings seen vs accounted for; the percentage is rounded down so 99.96 is not "100"."""
    seen = set(findings.seen)
    accounted = len(seen & findings.accounted())
    percent = 100.0 if not seen else (accounted * 1000 // len(seen)) / 10
    return {"seen": len(seen), "accounted": accounted, "percent": percent}


def report_json(
    findings: Findings,
    *,
    tool_version: str,
    target: str,
    source: dict[str, object],
    outputs: list[str],
) -> bytes:
    """migration-report.json: versioned, sorted keys, indent 2, trailing newline."""
    data = {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "igmigrate", "version": tool_version},
        "target": {"product": "IG", "version": target},
        "source": source,
        "summary": {"counts": findings.counts(), "coverage": coverage(findings)},
        "findings": [f.to_json() for f in ordered(findings)],
        "outputs": sorted(outputs),
    }
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _item(f: Finding) -> dict[str, object]:
    data = f.to_json()
    message = str(data["message"])
    if message.endswith(".") and not message.endswith(".."):
        message = message[:-1]
    return {**data, "message": message}


def area(f: Finding) -> str:
    """The report section of a finding: the first dotted segment of its rule id."""
    return f.rule.split(".", 1)[0]


def report_markdown(
    findings: Findings,
    *,
    tool_version: str,
    target: str,
    source: dict[str, object],
    outputs: list[str],
) -> bytes:
    """OUT/MIGRATION.md, rendered from templates/MIGRATION.md.j2."""
    items = ordered(findings)
    attention = [_item(f) for s in ATTENTION for f in items if f.status is s]
    areas: dict[str, list[dict[str, object]]] = {}
    for f in items:
        if f.status not in ATTENTION:
            areas.setdefault(area(f), []).append(_item(f))
    cov = coverage(findings)
    text = (
        environment()
        .get_template("MIGRATION.md.j2")
        .render(
            tool_version=tool_version,
            target=target,
            source=[
                (k, v if isinstance(v, str) else json.dumps(v, sort_keys=True))
                for k, v in sorted(source.items())
            ],
            counts=list(findings.counts().items()),  # Status order
            coverage=cov,
            percent=f"{cov['percent']:g}%",
            attention=attention,
            areas=sorted(areas.items()),
            outputs=sorted(outputs),
        )
    )
    return text.encode()


def _level_ok(fail_on: str) -> None:
    if fail_on not in FAIL_ON_LEVELS:
        raise ValueError(f"--fail-on must be one of {', '.join(FAIL_ON_LEVELS)}: {fail_on!r}")


def console_summary(findings: Findings, *, out: str | None, fail_on: str, color: bool) -> str:
    """A short stderr summary: counts, coverage, then what needs a human (capped)."""
    _level_ok(fail_on)
    counts = findings.counts()
    cov = coverage(findings)
    lines = [
        "Findings: " + ", ".join(f"{counts[s.value]} {s.value}" for s in Status),
        f"Settings seen: {cov['seen']}, accounted for: {cov['accounted']} ({cov['percent']:g}%)",
    ]
    needs = [f for s in ATTENTION for f in ordered(findings) if f.status is s]
    shown = needs if len(needs) <= _MAX_CONSOLE_FINDINGS else needs[: _MAX_CONSOLE_FINDINGS - 1]
    for f in shown:
        where = str(f.location) if f.location else "-"
        level = f.status.value.upper()
        if color:
            level = f"{_ANSI[f.status]}{level}\x1b[0m"
        lines.append(f"{level} {f.rule} {where} {' '.join(f.message.split())}")
    if len(shown) < len(needs):
        report = f"{out}/MIGRATION.md" if out else "MIGRATION.md"
        lines.append(f"… and {len(needs) - len(shown)} more (see {report})")
    failing = sum(1 for f in findings if fails(f, fail_on))
    if failing:
        lines.append(f"{failing} finding(s) at or above --fail-on {fail_on}")
    return "\n".join(lines) + "\n"


def exit_code(findings: Findings, fail_on: str) -> int:
    """EXIT_FINDINGS when any finding is at or above --fail-on, else EXIT_OK."""
    _level_ok(fail_on)
    return EXIT_FINDINGS if findings.worst_fails(fail_on) else EXIT_OK
