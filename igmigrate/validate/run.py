"""Runs every check over one instance tree, for one target version, in a fixed order."""

from __future__ import annotations

import json
from pathlib import Path

from igmigrate.ig.profiles import SUPPORTED
from igmigrate.validate import envsh, files, heap, secretids
from igmigrate.validate.checks import Problem
from igmigrate.validate.docs import Doc, load_docs
from igmigrate.validate.envsh import ENV_SH, EnvSh
from igmigrate.validate.tree import Tree


def validate(tree: Tree, target: str) -> list[Problem]:
    problems: list[Problem] = []
    docs = load_docs(tree, problems)
    scopes = {d.rel: heap.Scope(d, docs, target) for d in docs}
    raw_env = tree.read(ENV_SH) if tree.exists(ENV_SH) else None
    env = EnvSh.parse(raw_env) if raw_env is not None else None
    for doc in docs:
        scope = scopes[doc.rel]
        problems += heap.required(doc, target)
        problems += heap.references(doc, scope)
        problems += secretids.unresolved(doc, scope, tree, env, target)
        problems += files.named_files(doc, tree)
        if doc.kind != "other" or doc.rel.startswith("config/"):
            problems += secretids.plaintext(doc)
    problems += files.ports(docs)
    problems += files.manifest(tree)
    secret_env: tuple[str, ...] = ()
    if raw_env is not None and env is not None:
        used = secretids.secret_vars(docs, scopes)
        problems += envsh.syntax(raw_env)
        problems += envsh.plaintext(env, used)
        if used & set(env.exports):
            secret_env = (ENV_SH,)
    problems += files.modes(tree, secret_env)
    return sorted(set(problems))


def validate_dir(out: Path, target: str | None = None) -> tuple[str, list[Problem]]:
    """Check a directory; the target is `target`, else the manifest's, else 7.2."""
    tree = Tree.from_dir(out)
    version = target or _manifest_target(tree) or "7.2"
    return version, validate(tree, version)


def _manifest_target(tree: Tree) -> str | None:
    raw = tree.read(files.MANIFEST)
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    target = data.get("target") if isinstance(data, dict) else None
    return target if target in SUPPORTED else None


def validate_report(version: str, problems: list[Problem], fmt: str) -> str:
    """stdout of `igmigrate validate`: one line per problem, or a versioned JSON document."""
    if fmt == "json":
        doc = {"format_version": 1, "target": version, "problems": [p.to_json() for p in problems]}
        return json.dumps(doc, indent=2) + "\n"
    return "".join(p.text() + "\n" for p in problems)


__all__ = ["Doc", "validate", "validate_dir", "validate_report"]
