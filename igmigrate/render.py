"""The one Jinja environment, and rendering of the target model into files."""

from __future__ import annotations

import json
import shlex
from functools import lru_cache
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


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
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
