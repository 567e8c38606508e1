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
    """admin.json: what igmigrate sets, on top of what the instance already had (`base`)."""

    connectors: list[ServerConnector] = field(default_factory=list)
    heap: list[HeapObject] = field(default_factory=list)
    session: dict[str, JsonValue] | None = None
    base: dict[str, JsonValue] = field(default_factory=dict)

    def to_json(self) -> dict[str, JsonValue]:
        out: dict[str, JsonValue] = dict(self.base)
        out["connectors"] = [c.to_json() for c in self.connectors]
        if self.session is not None:
            out["session"] = self.session
        if self.heap:
            existing = [h for h in out.get("heap", []) if isinstance(h, dict)]
            names = {h.name for h in self.heap}
            kept = [h for h in existing if h.get("name") not in names]
            out["heap"] = kept + [h.to_json() for h in self.heap]
        return out


@dataclass
class Instance:
    """The whole standalone instance directory as data, before rendering."""

    target_version: str
    admin: AdminConfig = field(default_factory=AdminConfig)
    secrets: SecretRegistry = field(default_factory=SecretRegistry)
