"""How parsers name an input file: relative to SRC, POSIX form, symlinks left as written."""

from __future__ import annotations

import os
from pathlib import Path


def rel_to_src(path: Path, src: Path) -> str:
    """`path` relative to SRC (lexically, so a symlinked file keeps its SRC name), else absolute."""
    full, root = Path(os.path.abspath(path)), Path(os.path.abspath(src))
    try:
        return full.relative_to(root).as_posix()
    except ValueError:
        return full.as_posix()
