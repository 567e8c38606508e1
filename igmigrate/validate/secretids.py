"""Secret ids: each one used resolves in its secretsProvider; no literal secret sits in JSON."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from igmigrate.validate.checks import Problem
from igmigrate.validate.docs import Doc, Node, instance_path, is_expression, pointer
from igmigrate.validate.envsh import EnvSh, env_name
from igmigrate.validate.heap import Scope, at_least
from igmigrate.validate.tree import Tree

# KeyStoreSecretStore's 7.2 names for the secret ids of its passwords (not passwords).
STORE_PASSWORD_IDS = ("storePassword", "keyEntryPassword")
_SECRET_KEY = re.compile(r"(?i)password|passwd|passphrase|secret|credential|^pass$|^pwd$")
_URL_CREDENTIALS = re.compile(r"(?i)://[^/@\s:]+:[^/@\s]+@|[?;&]password=")


@dataclass(frozen=True)
class Use:
    """A secret id used at `pointer`, to be found through `provider` (None: none given)."""

    secret_id: str
    pointer: str
    provider: Any


def uses(doc: Doc) -> Iterator[Use]:
    for node in doc.walk():
        provider = node.provider
        if node.key.endswith("SecretId"):
            ids = node.value if isinstance(node.value, list) else [node.value]
            for i, sid in enumerate(ids):
                at = pointer(node.pointer, i) if isinstance(node.value, list) else node.pointer
                if isinstance(sid, str) and not is_expression(sid):
                    yield Use(sid, at, provider)
        elif node.owner == "KeyStoreSecretStore" and node.key in STORE_PASSWORD_IDS:
            if isinstance(node.value, str) and not is_expression(node.value):
                yield Use(node.value, node.pointer, provider)
        elif node.key == "serverNames" and isinstance(node.value, dict):
            for host, sid in node.value.items():
                if isinstance(sid, str) and not is_expression(sid):
                    yield Use(sid, pointer(node.pointer, host), provider)


def unresolved(
    doc: Doc, scope: Scope, tree: Tree, env: EnvSh | None, target: str
) -> Iterator[Problem]:
    for use in uses(doc):
        if use.provider is None:
            if at_least(target, "2024.3"):
                yield Problem(
                    doc.rel,
                    use.pointer,
                    "secret.unresolved",
                    f"secret id {use.secret_id!r} has no secretsProvider (required from 2024.3)",
                    subject=use.secret_id,
                )
                continue
            use = Use(use.secret_id, use.pointer, "SecretsService")  # the 7.2 default
        stores = _stores(use.provider, scope)
        if stores is None:
            continue  # a dangling provider name: reported as heap.reference
        found = [_why_not(use.secret_id, s, tree, env) for s in stores]
        whys = [w for w in found if w is not None]
        if whys and len(whys) == len(found):
            absent = tuple(w.rsplit(" has no file ", 1)[1] for w in whys if " has no file " in w)
            yield Problem(
                doc.rel,
                use.pointer,
                "secret.unresolved",
                f"secret id {use.secret_id!r} does not resolve: {'; '.join(map(str, whys))}",
                subject=use.secret_id,
                absent=absent if len(absent) == len(whys) else (),
            )


def _stores(provider: Any, scope: Scope) -> list[dict[str, Any]] | None:
    items = provider if isinstance(provider, list) else [provider]
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, dict):
            out.append(item)
        elif isinstance(item, str) and not is_expression(item):
            obj = scope.lookup(item)
            if obj is None:
                return None
            out.append(obj)
        else:
            return None  # an expression: resolved at run time
    return out


def _why_not(sid: str, store: dict[str, Any], tree: Tree, env: EnvSh | None) -> str | None:
    """None when `store` provides `sid`, else why not (no secret value is ever named)."""
    kind = store.get("type")
    given = store.get("config")
    config: dict[str, Any] = given if isinstance(given, dict) else {}
    name = store.get("name") or kind
    if kind in ("KeyStoreSecretStore", "HsmSecretStore"):
        if "aliasesMatching" in config:
            return None
        mapped = {m.get("secretId") for m in config.get("mappings") or [] if isinstance(m, dict)}
        return None if sid in mapped else f"{name} ({kind}) has no mapping for it"
    if kind == "FileSystemSecretStore":
        folder = instance_path(config.get("directory"))
        if folder is None:
            return None  # a directory outside the instance: not checkable here
        suffix = config.get("suffix") if isinstance(config.get("suffix"), str) else ""
        rel = f"{folder}/{sid}{suffix}" if folder else f"{sid}{suffix}"
        return None if tree.exists(rel) else f"{name} (FileSystemSecretStore) has no file {rel}"
    if kind == "SystemAndEnvSecretStore":
        var = env_name(sid)
        if env is not None and var in env.exports:
            return None
        return f"{name} (SystemAndEnvSecretStore) reads {var}, which bin/env.sh does not export"
    if kind == "Base64EncodedSecretStore":
        secrets = config.get("secrets")
        ok = isinstance(secrets, dict) and sid in secrets
        return None if ok else f"{name} (Base64EncodedSecretStore) does not hold it"
    return None  # other stores (HSM, JWK sets, cloud managers): not checkable here


def secret_vars(docs: list[Doc], scopes: dict[str, Scope]) -> set[str]:
    """The environment variables some SystemAndEnvSecretStore reads for a secret id in use."""
    out: set[str] = set()
    for doc in docs:
        for use in uses(doc):
            stores = _stores(use.provider or "SecretsService", scopes[doc.rel]) or []
            if any(s.get("type") == "SystemAndEnvSecretStore" for s in stores):
                out.add(env_name(use.secret_id))
    return out


def plaintext(doc: Doc) -> Iterator[Problem]:
    """Properties named like a password or secret holding a literal string, URLs carrying
    credentials, and Base64EncodedSecretStore values (base64 is not protection)."""
    for node in doc.walk():
        if node.owner == "Base64EncodedSecretStore" and node.key == "secrets":
            if isinstance(node.value, dict) and node.value:
                yield _literal(doc, node, "holds secrets inline (base64 is readable)")
            continue
        if not isinstance(node.value, str) or not node.value or is_expression(node.value):
            continue
        if _URL_CREDENTIALS.search(node.value):
            yield _literal(doc, node, "is a URL with credentials in it")
        elif _is_secret_name(node):
            yield _literal(doc, node, "holds a literal secret: use a secret id instead")


def _is_secret_name(node: Node) -> bool:
    key = node.key
    if key.lower().endswith(("secretid", "secretsprovider")) or key == "secretId":
        return False
    if node.owner == "KeyStoreSecretStore" and key in STORE_PASSWORD_IDS:
        return False  # 7.2: secret ids
    return bool(_SECRET_KEY.search(key))


def _literal(doc: Doc, node: Node, why: str) -> Problem:
    return Problem(doc.rel, node.pointer, "secret.plaintext", f"{node.key} {why}")
