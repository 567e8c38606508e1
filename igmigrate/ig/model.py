"""IG standalone objects (admin.json connectors, heap objects) as plain, JSON-ready data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class Instance:
    """The whole standalone instance directory as data, before rendering."""

    target_version: str
    admin: AdminConfig = field(default_factory=AdminConfig)
    secrets: SecretRegistry = field(default_factory=SecretRegistry)
