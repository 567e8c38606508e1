"""Markdown escaping filters for the report template (code spans, free text, table cells)."""

from __future__ import annotations

import re


def code(text: object) -> str:
    """A Markdown code span that survives backticks inside the text."""
    s = " ".join(str(text).splitlines())
    fence = "`" * (max((len(m) for m in re.findall(r"`+", s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def text(value: object) -> str:
    """Free text in a bullet: `<` would start raw HTML, and newlines would end the bullet."""
    return "\n  ".join(str(value).replace("<", "\\<").splitlines())


def cell(value: object) -> str:
    """Text in a table cell: no pipes, no newlines."""
    return " ".join(text(value).replace("|", "\\|").split("\n  "))
