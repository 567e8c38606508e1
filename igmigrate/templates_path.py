"""Where the Jinja templates live: inside the installed package, else the repo's templates/."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    """`igmigrate/templates` when installed from a wheel, else the top-level `templates/`."""
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"igmigrate templates not found beside {_PACKAGE}")
