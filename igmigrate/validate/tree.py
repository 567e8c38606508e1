"""An instance directory to check: its files, their modes, and their bytes (on disk or planned)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Tree:
    """Paths relative to the instance root (posix). `modes` holds files; `dir_modes` directories
    (empty when the tree is a plan not yet written: directory modes are the writer's job)."""

    modes: dict[str, int]
    reader: Callable[[str], bytes]
    dir_modes: dict[str, int] = field(default_factory=dict)
    on_disk: bool = False

    @classmethod
    def from_dir(cls, root: Path) -> Tree:
        """Every regular file under `root` (symlinks are followed, special files skipped)."""
        modes: dict[str, int] = {}
        dirs: dict[str, int] = {}
        for here, subdirs, files in os.walk(root):
            subdirs.sort()
            rel_dir = Path(here).relative_to(root).as_posix()
            if rel_dir != ".":
                dirs[rel_dir] = stat.S_IMODE(os.stat(here).st_mode)
            for name in sorted(files):
                p = Path(here) / name
                try:
                    st = os.stat(p)
                except OSError:
                    continue
                if stat.S_ISREG(st.st_mode):
                    rel = p.relative_to(root).as_posix()
                    modes[rel] = stat.S_IMODE(st.st_mode)
        return cls(modes, lambda rel: (root / rel).read_bytes(), dirs, on_disk=True)

    @classmethod
    def from_files(cls, files: Mapping[str, tuple[bytes | None, int]]) -> Tree:
        """A planned tree: path → (bytes, mode); None bytes: present, content not known here."""
        data = dict(files)

        def read(rel: str) -> bytes:
            content = data[rel][0]
            if content is None:
                raise KeyError(rel)
            return content

        return cls({rel: mode for rel, (_, mode) in data.items()}, read)

    def exists(self, rel: str) -> bool:
        return rel in self.modes

    def is_dir(self, rel: str) -> bool:
        prefix = rel.rstrip("/") + "/"
        return rel in self.dir_modes or any(p.startswith(prefix) for p in self.modes)

    def read(self, rel: str) -> bytes | None:
        """The file's bytes, or None when it cannot be read (or is not known in a plan)."""
        try:
            return self.reader(rel)
        except (OSError, KeyError):
            return None

    def under(self, folder: str) -> list[str]:
        prefix = folder.rstrip("/") + "/"
        return sorted(p for p in self.modes if p.startswith(prefix))
