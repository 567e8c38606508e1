"""Heap checks: required properties per target version, and references that must resolve."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from igmigrate.validate.checks import Problem
from igmigrate.validate.docs import CONFIG, Doc, Node, is_expression, pointer

# IG's default heap objects (7.2 AdminHttpApplication / GatewayHttpApplication "Default
# objects", and the DefaultDeclarations javadoc): a reference may name them undeclared.
# SecretsService (the default SystemAndEnvSecretStore) went away in 2024.3 (RN-CHG).
DEFAULTS = frozenset(
    {
        "AuditService",
        "baseURI",
        "capture",
        "ClientHandler",
        "ForgeRockClientHandler",
        "ProxyOptions",
        "ReverseProxyHandler",
        "ScheduledExecutorService",
        "TemporaryStorage",
        "timer",
        "TransactionIdOutboundFilter",  # 7.2 TransactionIdOutboundFilter page
    }
)
DEFAULT_SECRETS = "SecretsService"
# Properties holding a heap reference: a name, an inline object, or (some) a list of them.
REFERENCE_KEYS = frozenset(
    {
        "tls",
        "secretsProvider",
        "dataSource",
        "keyManager",
        "trustManager",
        "auditService",
        "executor",
        "temporaryStorage",
        "proxyOptions",
        "handler",
        "filters",
    }
)


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def at_least(target: str, version: str) -> bool:
    return version_key(target) >= version_key(version)


class Scope:
    """The heap objects one file can reference: its own heap, config.json's for routes, and
    IG's defaults (admin.json's heap is seen by admin.json only)."""

    def __init__(self, doc: Doc, docs: list[Doc], target: str) -> None:
        self.doc = doc
        self.heaps = [doc.heap]
        if doc.kind == "route":
            self.heaps += [d.heap for d in docs if d.rel == CONFIG]
        self.defaults = DEFAULTS | (
            {DEFAULT_SECRETS} if not at_least(target, "2024.3") else frozenset()
        )

    def lookup(self, name: str) -> dict[str, Any] | None:
        for heap in self.heaps:
            if name in heap:
                return heap[name][1]
        if name == DEFAULT_SECRETS and name in self.defaults:
            return {"type": "SystemAndEnvSecretStore", "config": {}}
        return None

    def knows(self, name: str) -> bool:
        return any(name in heap for heap in self.heaps) or name in self.defaults


def references(doc: Doc, scope: Scope) -> Iterator[Problem]:
    for node in doc.walk():
        if node.key not in REFERENCE_KEYS or _not_a_reference(node):
            continue
        items = node.value if isinstance(node.value, list) else [node.value]
        many = isinstance(node.value, list)
        for i, item in enumerate(items):
            at = pointer(node.pointer, i) if many else node.pointer
            if isinstance(item, dict):
                if not isinstance(item.get("type"), str):
                    yield Problem(doc.rel, at, "property.required", "inline object has no type")
            elif isinstance(item, str) and not is_expression(item):
                if node.key == "dataSource" and ("/" in item or item.startswith("java:")):
                    continue  # a JNDI name (7.2, deprecated): the route rules report those
                if not scope.knows(item):
                    yield Problem(
                        doc.rel,
                        at,
                        "heap.reference",
                        f"{node.key} names {item!r}, which is no heap object this file can see"
                        f" ({_seen_from(doc)})",
                    )


def _not_a_reference(node: Node) -> bool:
    """Same names used for other things: a Router's `handler` in config.json is a reference,
    but a `session` or a ScriptableFilter's `args` are plain values."""
    return node.key == "filters" and not isinstance(node.value, list)


def _seen_from(doc: Doc) -> str:
    if doc.kind == "route":
        return "its heap, config.json's heap or IG's default objects"
    return "its own heap or IG's default objects"


def required(doc: Doc, target: str) -> Iterator[Problem]:
    if doc.kind == "admin":
        yield from _admin(doc)
    for at, obj in doc.heap_objects():
        if not isinstance(obj, dict):
            yield Problem(doc.rel, at, "property.required", "heap entry is not an object")
            continue
        for key in ("name", "type"):
            if not isinstance(obj.get(key), str):
                yield Problem(doc.rel, at, "property.required", f"heap object has no {key}")
    for node in doc.walk():
        if node.key == "config" and isinstance(node.value, dict):
            kind = node.parent.get("type")
            if isinstance(kind, str):
                for missing in _missing(kind, node.value, target):
                    yield Problem(doc.rel, node.pointer, "property.required", f"{kind}: {missing}")


def _admin(doc: Doc) -> Iterator[Problem]:
    connectors = doc.data.get("connectors")
    if not isinstance(connectors, list) or not connectors:
        yield Problem(doc.rel, "/connectors", "property.required", "admin.json has no connectors")
        return
    for i, c in enumerate(connectors):
        if not isinstance(c, dict) or "port" not in c:
            yield Problem(
                doc.rel, pointer("/connectors", i), "property.required", "connector has no port"
            )


def _missing(kind: str, config: dict[str, Any], target: str) -> Iterator[str]:
    """What IG's heaplet for `kind` requires and `config` lacks, for the target version."""
    has = config.__contains__
    late = at_least(target, "2024.3")  # secretsProvider required from 2024.3 (RN-CHG)
    if kind == "ServerTlsOptions":
        if not has("keyManager") and not has("sni"):
            yield "needs keyManager or sni"
        auth = str(config.get("clientAuth", "")).upper()
        if auth in ("REQUEST", "REQUIRED") and not has("trustManager"):
            yield f"clientAuth {config['clientAuth']} needs a trustManager"
    elif kind == "SecretsKeyManager":
        yield from _absent(config, ("signingSecretId", "secretsProvider"))
    elif kind == "SecretsTrustManager":
        yield from _absent(config, ("verificationSecretId",) + (("secretsProvider",) * late))
    elif kind == "KeyStoreSecretStore":
        yield from _absent(config, ("file", "mappings") + (("secretsProvider",) * late))
        if not at_least(target, "2023.2") and not has("storePassword"):
            alt = " (storePasswordSecretId is 2023.2+)" if has("storePasswordSecretId") else ""
            yield f"missing storePassword, the 7.2 name of the store password's secret id{alt}"
    elif kind == "FileSystemSecretStore":
        yield from _absent(config, ("directory",))
    elif kind == "JdbcDataSource":
        if not has("jdbcUrl") and not has("dataSourceClassName"):
            yield "needs jdbcUrl or dataSourceClassName"
        if late and has("passwordSecretId") and not has("secretsProvider"):
            yield "missing secretsProvider (required from 2024.3)"


def _absent(config: dict[str, Any], keys: tuple[str, ...]) -> Iterator[str]:
    for k in keys:
        if k not in config:
            yield f"missing {k}"
