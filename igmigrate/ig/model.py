"""IG standalone objects (admin.json, config.json, heap objects) as plain, JSON-ready data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from igmigrate.ig.env_sh import EnvSh
from igmigrate.ig.secrets import SecretRegistry

JsonValue = Any


@dataclass
class HeapObject:
    name: str
    type: str
    config: dict[str, JsonValue] = field(default_factory=dict)

    def to_json(self) -> dict[str, JsonValue]:
        return {"name": self.name, "type": self.type, "config": self.config}


@dataclass
class ServerConnector:
    """One entry of admin.json `connectors`."""

    port: int | dict[str, str]
    tls: str | None = None
    vertx: dict[str, JsonValue] = field(default_factory=dict)
    properties: dict[str, JsonValue] = field(default_factory=dict)  # e.g. maxTotalHeadersSize

    def to_json(self) -> dict[str, JsonValue]:
        out: dict[str, JsonValue] = {"port": self.port}
        if self.tls is not None:
            out["tls"] = self.tls
        out.update(self.properties)
        if self.vertx:
            out["vertx"] = dict(self.vertx)
        return out


@dataclass
class AdminConfig:
    """admin.json: the connectors, the stateful session and the heap objects igmigrate writes."""

    connectors: list[ServerConnector] = field(default_factory=list)
    heap: list[HeapObject] = field(default_factory=list)
    # 7.2–2024.3: the plain `{"cookie": {…}, "timeout": "30 minutes"}` object
    session: dict[str, JsonValue] | None = None

    def to_json(self) -> dict[str, JsonValue]:
        out: dict[str, JsonValue] = {"connectors": [c.to_json() for c in self.connectors]}
        if self.session is not None:
            out["session"] = self.session
        if self.heap:
            out["heap"] = [h.to_json() for h in self.heap]
        return out


def default_router() -> dict[str, JsonValue]:
    """The handler of IG's built-in config.json: the main Router `_router`, which reads
    config/routes of the instance (its default directory)."""
    return {"type": "Router", "name": "_router"}


@dataclass
class ConfigJson:
    """config.json: heap objects every route sees (e.g. the AuditService) and the main handler.

    igmigrate writes one only when it has heap objects for it; the handler then keeps routing
    as IG's built-in default does (a Router over config/routes)."""

    heap: list[HeapObject] = field(default_factory=list)
    handler: dict[str, JsonValue] = field(default_factory=default_router)

    def find(self, name: str) -> HeapObject | None:
        return next((h for h in self.heap if h.name == name), None)

    def to_json(self) -> dict[str, JsonValue]:
        return {"handler": dict(self.handler), "heap": [h.to_json() for h in self.heap]}


@dataclass
class Instance:
    """The whole standalone instance directory as data, before rendering."""

    target_version: str
    admin: AdminConfig = field(default_factory=AdminConfig)
    config: ConfigJson | None = None  # config/config.json, when igmigrate has objects for it
    secrets: SecretRegistry = field(default_factory=SecretRegistry)
    # files of an existing IG instance (--ig-instance) written to OUT as found, by OUT path
    copied: dict[str, bytes] = field(default_factory=dict)
    # config/admin.json, config/config.json: the instance's own text with ours merged in (minimal
    # text edits), by OUT path
    merged: dict[str, bytes] = field(default_factory=dict)
    # JNDI name as the gateway looked it up (`jdbc/x`, no `java:comp/env/`) → the name of the
    # JdbcDataSource heap object of config.json that replaces it (routes' `dataSource` rewrites)
    datasources: dict[str, str] = field(default_factory=dict)
    # jars for the class path (`extra/*`: directly in extra/), by OUT path → their exact bytes
    extra: dict[str, bytes] = field(default_factory=dict)
    env: EnvSh = field(default_factory=EnvSh)  # bin/env.sh: variables and IG_OPTS from setenv.sh
