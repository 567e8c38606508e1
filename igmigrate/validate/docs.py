"""The JSON files of an instance: parsed strictly, sorted into admin/config/routes, walked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from igmigrate.validate.checks import Problem
from igmigrate.validate.tree import Tree

ADMIN, CONFIG, ROUTES = "config/admin.json", "config/config.json", "config/routes/"
INSTANCE_TOKEN = "&{ig.instance.dir}"


def pointer(parent: str, key: str | int) -> str:
    """RFC 6901: `~` → `~0`, `/` → `~1`."""
    return f"{parent}/{str(key).replace('~', '~0').replace('/', '~1')}"


def is_expression(value: str) -> bool:
    """A config token or an expression: resolved by IG when it loads the file."""
    return "&{" in value or "${" in value


@dataclass(frozen=True)
class Node:
    """One property met walking a file: its pointer, name, value, the object holding it, and
    the type of the heap object whose `config` holds it ("" elsewhere), and the nearest
    `secretsProvider` of that object or of one around it (an AmService's serves its `agent`)."""

    pointer: str
    key: str
    value: Any
    parent: dict[str, Any]
    owner: str
    provider: Any = None


@dataclass
class Doc:
    rel: str
    data: dict[str, Any]
    heap: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)  # name → (ptr, obj)

    @property
    def kind(self) -> str:
        if self.rel == ADMIN:
            return "admin"
        if self.rel == CONFIG:
            return "config"
        return "route" if self.rel.startswith(ROUTES) else "other"

    def heap_objects(self) -> Iterator[tuple[str, Any]]:
        heap = self.data.get("heap")
        if isinstance(heap, list):
            for i, obj in enumerate(heap):
                yield pointer("/heap", i), obj

    def walk(self) -> Iterator[Node]:
        yield from _walk(self.data, "", "")


def _walk(value: Any, at: str, owner: str, provider: Any = None) -> Iterator[Node]:
    if isinstance(value, dict):
        kind = value.get("type") if isinstance(value.get("config"), dict) else None
        provider = value.get("secretsProvider", provider)
        for k, v in value.items():
            here = pointer(at, k)
            yield Node(here, k, v, value, owner, provider)
            inner = kind if k == "config" and isinstance(kind, str) else ""
            yield from _walk(v, here, inner, provider)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, pointer(at, i), "", provider)


def load_docs(tree: Tree, problems: list[Problem]) -> list[Doc]:
    """Every `config/**.json`, parsed as IG does (strict JSON, an object at the top)."""
    docs: list[Doc] = []
    for rel in tree.under("config"):
        if not rel.endswith(".json"):
            continue
        raw = tree.read(rel)
        if raw is None:
            problems.append(Problem(rel, "", "json.invalid", "cannot be read"))
            continue
        data = parse_json(rel, raw, problems)
        if data is None:
            continue
        doc = Doc(rel, data)
        for at, obj in doc.heap_objects():
            if isinstance(obj, dict) and isinstance(obj.get("name"), str):
                doc.heap.setdefault(obj["name"], (at, obj))
        docs.append(doc)
    return docs


def parse_json(rel: str, raw: bytes, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        problems.append(Problem(rel, "", "json.invalid", f"not UTF-8 (byte {e.start})"))
        return None
    except json.JSONDecodeError as e:
        # e.msg names the parser's reason only (never the text around it)
        where = f"{e.lineno}:{e.colno}"
        problems.append(Problem(rel, where, "json.invalid", f"not valid JSON: {e.msg}"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(rel, "", "json.invalid", "the top level is not a JSON object"))
        return None
    return data


def instance_path(value: Any) -> str | None:
    """`&{ig.instance.dir}/secrets/x` → `secrets/x`; None for any other value (a host path or
    another token cannot be checked here)."""
    if not isinstance(value, str):
        return None
    for scheme in ("file://", "file:"):
        if value.startswith(scheme):
            value = value[len(scheme) :]
            break
    if not value.startswith(INSTANCE_TOKEN):
        return None
    rest = value[len(INSTANCE_TOKEN) :].strip("/")
    return None if is_expression(rest) or ".." in rest.split("/") else rest
