"""The one Jinja environment, and rendering of the target model into files."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shlex
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from igmigrate import markdown
from igmigrate.errors import IgMigrateError
from igmigrate.templates_path import templates_dir


def tojson(value: Any) -> str:
    """JSON for templates: 2-space indent, UTF-8 kept, key order as built (stable by design)."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def shquote(value: object) -> str:
    """One POSIX shell word, whatever the value holds."""
    return shlex.quote(str(value))


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs (Jinja checks each against its source); a cache
    that cannot be read or written is skipped, never a failed run."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable or corrupt: compiled anew
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):  # read-only or full: the next run compiles again
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's private per-user cache dir; its files named by this module's digest (the
    options below are compiled in). None where Python writes no bytecode either."""
    if sys.dont_write_bytecode:
        return None
    try:
        digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
        return _BytecodeCache(pattern=f"__igmigrate_{digest}_%s.cache")
    except (OSError, RuntimeError):  # no safe temp dir
        return None


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["tojson"] = tojson
    env.filters["shquote"] = shquote
    from igmigrate.ig import env_sh  # bin/env.sh: quoted for start.sh's source, then its eval

    env.filters.update(shword=env_sh.shell_word, evalquote=env_sh.eval_quote)
    env.filters.update(code=markdown.code, md=markdown.text, cell=markdown.cell)
    return env


def render_text(template: str, **context: Any) -> bytes:
    return environment().get_template(template).render(**context).encode("utf-8")


def render_json(template: str, **context: Any) -> bytes:
    """Render a JSON template and parse it back: a broken template fails loudly, never silently."""
    data = render_text(template, **context)
    try:
        json.loads(data)
    except json.JSONDecodeError as e:
        raise IgMigrateError(
            f"internal error: template {template} rendered invalid JSON: {e}"
        ) from e
    return data
