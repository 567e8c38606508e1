"""batch-report.html: one static page (no external asset) from the report's spool."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import jinja2

from igmigrate.batch.report import Entry, ReportWriter
from igmigrate.rules import RULES, Status
from igmigrate.run_one import STATUSES
from igmigrate.templates_path import templates_dir

TEMPLATE = "batch-report.html.j2"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def migration_link(page: Path, out: Path) -> str:
    """The page's href to OUT/MIGRATION.md: relative to the page's directory."""
    target = os.path.abspath(out / "MIGRATION.md")
    return Path(os.path.relpath(target, os.path.abspath(page.parent))).as_posix()


def _about(rule_id: str) -> str:
    return RULES[rule_id].about if rule_id in RULES else rule_id


def write_html(path: Path, report: ReportWriter, title: str) -> None:
    """Render the page to a temporary file beside `path`, then rename it into place."""
    rules = sorted(report.rules.items(), key=lambda kv: (-kv[1], kv[0]))

    def affected(rule_id: str) -> Iterator[Entry]:
        for e in report.entries():
            listed = e.get("rules")
            if isinstance(listed, list) and rule_id in listed:
                yield e

    stream = (
        _environment()
        .get_template(TEMPLATE)
        .generate(
            title=title,
            servers=report.servers,
            statuses=[(s, report.statuses[s]) for s in STATUSES],
            findings=[(st.value, report.findings[st.value]) for st in Status],
            exit_code=report.exit_code(),
            rules=[(rid, _about(rid), n) for rid, n in rules],
            entries=report.entries,
            affected=affected,
        )
    )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for chunk in stream:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
