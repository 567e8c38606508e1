"""An existing IG instance directory (config/, scripts/, logback.xml, …) read as an input."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from igmigrate.errors import IgMigrateError

OPTION = "--ig-instance"


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
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fname in sorted(filenames):
            path = Path(dirpath) / fname
            if not path.is_file():
                continue  # a FIFO, socket or dangling link: never read
            rel = path.relative_to(root).as_posix()
            try:
                files[rel] = path.read_bytes()
            except OSError as e:
                raise IgMigrateError(f"{OPTION}:{rel}: cannot read ({e.strerror})") from None
    return IgInstance(dict(sorted(files.items())))
