"""An existing IG instance directory (config/, scripts/, logback.xml, …) read as an input."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from igmigrate.errors import IgMigrateError

OPTION = "--ig-instance"
# Bounds of what is read (README "Limits"): every file is held in memory and each route parsed,
# so past these the instance is refused before it is read whole.
MAX_FILES = 20_000
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class IgInstance:
    """Every regular file of the instance by its POSIX path relative to the instance root."""

    files: dict[str, bytes]

    @staticmethod
    def name(rel: str) -> str:
        """How outputs name an instance file: `--ig-instance:config/routes/x.json`."""
        return f"{OPTION}:{rel}"


def read_instance(root: Path) -> IgInstance:
    """Every regular file under `root` (symlinks followed to regular files), sorted, bytes as
    found; raises IgMigrateError when `root` is not a readable directory."""
    if not root.is_dir():
        raise IgMigrateError(f"{OPTION} {root}: not a directory")
    files: dict[str, bytes] = {}
    total = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fname in sorted(filenames):
            path = Path(dirpath) / fname
            if not path.is_file():
                continue  # a FIFO, socket or dangling link: never read
            rel = path.relative_to(root).as_posix()
            if len(files) >= MAX_FILES:
                raise IgMigrateError(
                    f"{OPTION}:{rel}: not read: the instance has more than {MAX_FILES} files,"
                    " the limit"
                )
            try:
                files[rel] = _read(path, rel)
            except OSError as e:
                raise IgMigrateError(f"{OPTION}:{rel}: cannot read ({e.strerror})") from None
            total += len(files[rel])
            if total > MAX_TOTAL_BYTES:
                raise IgMigrateError(
                    f"{OPTION}:{rel}: not read: the instance's files add up to more than"
                    f" {MAX_TOTAL_BYTES >> 20} MiB, the limit"
                )
    return IgInstance(dict(sorted(files.items())))


def _read(path: Path, rel: str) -> bytes:
    """The file's bytes; refused past MAX_FILE_BYTES (by its size, and while reading)."""
    with path.open("rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise IgMigrateError(
            f"{OPTION}:{rel}: not read: larger than {MAX_FILE_BYTES >> 20} MiB, the limit for"
            " one file of the instance"
        )
    return data
