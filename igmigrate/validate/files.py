"""Files on the instance's side: modes of secrets, files the config names, ports, the manifest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from igmigrate.validate.checks import Problem
from igmigrate.validate.docs import ADMIN, Doc, instance_path, pointer
from igmigrate.validate.tree import Tree

SECRETS = "secrets"
MANIFEST = ".igmigrate/manifest.json"
_OPEN = 0o077  # any permission for group or others


def modes(tree: Tree, extra_secret: tuple[str, ...] = ()) -> Iterator[Problem]:
    """secrets/ and everything under it private to the owner; so are `extra_secret` files."""
    mode = tree.dir_modes.get(SECRETS)
    if mode is not None and mode & _OPEN:
        yield Problem(SECRETS + "/", "", "file.mode", f"directory mode is {mode:04o}, want 0700")
    for rel in [*tree.under(SECRETS), *extra_secret]:
        mode = tree.modes.get(rel)
        if mode is not None and mode & _OPEN:
            yield Problem(rel, "", "file.mode", f"mode is {mode:04o}, want 0600 (a secret)")


def named_files(doc: Doc, tree: Tree) -> Iterator[Problem]:
    """Keystores, secret directories and Groovy scripts the configuration names."""
    for node in doc.walk():
        rel: str | None = None
        want_dir = False
        if (node.owner, node.key) in (("KeyStoreSecretStore", "file"), ("KeyStore", "url")):
            rel = instance_path(node.value)
        elif node.owner == "FileSystemSecretStore" and node.key == "directory":
            rel, want_dir = instance_path(node.value), True
        elif node.key == "file" and _groovy(node.parent, node.owner):
            name = node.value
            if isinstance(name, str) and "${" not in name and "&{" not in name:
                rel = name if name.startswith("scripts/") else f"scripts/groovy/{name}"
        if rel is None:
            continue
        found = tree.is_dir(rel) if want_dir else tree.exists(rel)
        if not found and want_dir and not tree.on_disk:
            continue  # a plan names no directories: an empty secrets/ is not written
        if not found:
            what = "directory" if want_dir else "file"
            yield Problem(doc.rel, node.pointer, "file.missing", f"names {what} {rel}, absent")


def _groovy(parent: dict[str, Any], owner: str) -> bool:
    """A Scriptable* object's script file (Groovy: IG reads it under scripts/groovy/)."""
    return owner.startswith("Scriptable") and parent.get("type") == "application/x-groovy"


def manifest(tree: Tree) -> Iterator[Problem]:
    """Every output .igmigrate/manifest.json lists (extra/ jars among them) is in OUT."""
    raw = tree.read(MANIFEST)
    if raw is None:
        return
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        where = f"{e.lineno}:{e.colno}" if isinstance(e, json.JSONDecodeError) else ""
        yield Problem(MANIFEST, where, "json.invalid", "not valid JSON")
        return
    outputs = data.get("outputs") if isinstance(data, dict) else None
    for rel in sorted(outputs or {}):
        if isinstance(rel, str) and not tree.exists(rel):
            yield Problem(
                MANIFEST, pointer("/outputs", rel), "file.missing", f"lists {rel}, absent"
            )


def ports(docs: list[Doc]) -> Iterator[Problem]:
    """No two admin.json connectors (or the admin connector) on one port."""
    admin = next((d for d in docs if d.rel == ADMIN), None)
    if admin is None:
        return
    seen: dict[int, str] = {}
    entries: list[tuple[str, Any]] = []
    connectors = admin.data.get("connectors")
    if isinstance(connectors, list):
        for i, c in enumerate(connectors):
            if isinstance(c, dict) and "port" in c:
                entries.append((pointer(pointer("/connectors", i), "port"), c["port"]))
    extra = admin.data.get("adminConnector")
    if isinstance(extra, dict) and "port" in extra:
        entries.append(("/adminConnector/port", extra["port"]))
    for at, value in entries:
        values = value if isinstance(value, list) else [value]
        for j, v in enumerate(values):
            port = _port(v)
            here = pointer(at, j) if isinstance(value, list) else at
            if port is None:
                continue
            if port in seen:
                yield Problem(
                    ADMIN, here, "port.duplicate", f"port {port} is already used at {seen[port]}"
                )
            else:
                seen[port] = here


def _port(value: Any) -> int | None:
    """A port as IG reads it: a number, a numeric string, or `{"$int": "&{token|8080}"}` (its
    default); None when only the host knows it."""
    if isinstance(value, dict) and len(value) == 1 and "$int" in value:
        value = value["$int"]
        if isinstance(value, str) and value.startswith("&{") and "|" in value:
            value = value.rstrip("}").rsplit("|", 1)[1]
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None
