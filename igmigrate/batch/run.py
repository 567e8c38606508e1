"""A batch run: servers → worker pool → progress on stderr → report, page, summary, exit code."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from igmigrate.batch.html import migration_link, write_html
from igmigrate.batch.manifest import Server
from igmigrate.batch.pool import Pool
from igmigrate.batch.progress import Progress, summary
from igmigrate.batch.report import Entry, ReportWriter, failed_or_new, previous
from igmigrate.batch.worker import Task
from igmigrate.config import Config
from igmigrate.errors import UserError
from igmigrate.run_one import Options


@dataclass(frozen=True)
class Batch:
    """The options of a batch: the common Config and Options, applied to every server."""

    config: Config  # src is replaced per server; per-server columns override the rest
    options: Options  # out is replaced per server
    jobs: int
    timeout: float | None
    report: Path
    only_failed: Path | None = None
    progress_bar: bool = False


def worker_options(*, dry_run: bool, force: bool, fail_on: str) -> Options:
    """How a worker runs each server: quiet, no diff, an OUT already as planned left alone."""
    return Options(
        out=Path("."),
        dry_run=dry_run,
        force=force,
        fail_on=fail_on,
        quiet=True,
        show_diff=False,
        skip_unchanged=True,
    )


def _config(base: Config, s: Server) -> Config:
    return replace(
        base,
        src=s.src_path,
        ig_instance=s.ig_instance,
        catalina_home=s.catalina_home or base.catalina_home,
        ig_dist=s.ig_dist or base.ig_dist,
        app_path=s.app_path,
        target_version=s.target_version or base.target_version,
        tomcat_version=s.tomcat_version or base.tomcat_version,
        secrets_mode="env" if (s.secrets or base.secrets_mode) == "env" else "files",
        properties={**base.properties, **s.properties},
    )


def _entry(s: Server, result: Entry) -> Entry:
    return {**result, "name": s.name, "source": s.source, "out": s.out}


def run_batch(servers: list[Server], b: Batch, err: Callable[[str], None]) -> int:
    """Convert every server (or, with only_failed, those that failed before); the worst exit."""
    before = previous(b.only_failed) if b.only_failed is not None else None
    carried: dict[int, Entry] = {}
    todo: list[Server] = []
    for s in servers:
        if before is not None and not failed_or_new(s.name, before):
            carried[s.index] = {**before[s.name], "name": s.name}
        else:
            todo.append(s)
    by_index = {s.index: s for s in servers}

    def tasks() -> Iterator[Task]:
        for s in todo:
            opts = replace(b.options, out=s.out_path)
            yield Task(s.index, s.name, _config(b.config, s), opts)

    page = b.report.with_suffix(".html")
    if page == b.report:
        raise UserError(f"--report {b.report}: the page beside it would overwrite it; use .json")
    report = ReportWriter(b.report)
    progress = Progress(len(todo), bar=b.progress_bar, err=err)
    if before is not None:
        err(f"igmigrate: batch: re-running {len(todo)} of {len(servers)} server(s)")
    try:
        pending = dict(carried)  # entries waiting for an earlier one: written in manifest order
        following = 0

        def flush() -> None:
            nonlocal following
            while following in pending:
                s = by_index[following]
                link = (
                    migration_link(page, s.out_path)
                    if (s.out_path / "MIGRATION.md").is_file()
                    else None
                )
                report.add(pending.pop(following), link)
                following += 1

        flush()
        with progress:
            for index, result in Pool(min(b.jobs, len(todo) or 1), b.timeout, progress.tick).run(
                tasks()
            ):
                s = by_index[index]
                entry = _entry(s, result)
                progress.done(entry)
                pending[index] = entry
                flush()
        flush()
        report.finish()
        title = "igmigrate batch report" + (" (dry run)" if b.options.dry_run else "")
        write_html(page, report, title)
        err(summary(report, b.report, page))
        return report.exit_code()
    finally:
        report.close()


def default_jobs() -> int:
    """The CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
