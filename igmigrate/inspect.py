"""Read-only views of a parsed Tomcat installation (for `igmigrate inspect` and conformance)."""

from __future__ import annotations

from pathlib import Path

from igmigrate.config import Config
from igmigrate.findings import Findings
from igmigrate.load import load
from igmigrate.parsers.javavalues import java_bool, java_int
from igmigrate.parsers.server_xml import protocol_handler_class


def connector_table(
    src: Path,
    *,
    properties: dict[str, str] | None = None,
    tomcat_version: str | None = None,
) -> list[dict[str, object]]:
    """One row per Connector of every Service, in file order, as Tomcat would configure it."""
    loaded = load(
        Config(src=src, properties=dict(properties or {}), tomcat_version=tomcat_version),
        Findings(),
    )
    version = loaded.version.version
    offset_attr = loaded.server.port_offset
    offset = java_int(offset_attr.value) if offset_attr is not None else None
    if not version.has_port_offset():
        offset = None
    rows: list[dict[str, object]] = []
    for service in loaded.server.services:
        for conn in service.connectors:
            el = conn.element
            port = java_int(el.get("port"))
            with_offset = port
            if port is not None and port > 0 and offset:
                with_offset = port + offset
            rows.append(
                {
                    "service": service.name,
                    "port": port,
                    "port_with_offset": with_offset,
                    "protocol_class": protocol_handler_class(el.get("protocol"), version.major),
                    "address": el.get("address"),
                    "ssl_enabled": java_bool(el.get("SSLEnabled")),
                }
            )
    return rows
