"""Connector ports: `port`, `<Server portOffset>`, and ${} placeholders left for IG's tokens."""

from __future__ import annotations

import re

from igmigrate.findings import Status
from igmigrate.mapping.claims import Claims
from igmigrate.mapping.context import MapContext
from igmigrate.rules import applies
from igmigrate.tomcat.javavalues import java_int
from igmigrate.tomcat.model import Attr, Connector

_FOREIGN_PLACEHOLDER = re.compile(r"\$\[[^\]]*\]|@[A-Za-z0-9_.-]+@|\[[A-Z][A-Z0-9_]*\]|\$\{[^}]*!")
MAX_PORT = 65535


def token_name(prop: str) -> str:
    """An IG configuration token for a Tomcat property name (lower-case, dot-separated)."""
    return re.sub(r"[^a-z0-9.]+", ".", prop.lower()).strip(".") or "port"


def env_name(token: str) -> str:
    return token.replace(".", "_").upper()


def with_tokens(attr: Attr) -> str:
    """The raw text with each unresolved `${name}` turned into the IG token `&{name}`."""
    out = attr.value
    for name in attr.unresolved:
        out = out.replace("${" + name + "}", "&{" + token_name(name) + "}")
    return out


@applies("connector.port-offset", "connector.bad-port")
def port_offset(mc: MapContext) -> int:
    attr = mc.loaded.server.port_offset
    if attr is None:
        return 0
    el = mc.loaded.server.element
    version = mc.loaded.version.version
    value = java_int(attr.value)
    if not version.has_port_offset():
        mc.emit(
            "connector.port-offset",
            f"Tomcat {version} has no <Server portOffset>: it ignores it, so no offset is added",
            location=el.at("portOffset"),
            settings=el.keys("portOffset"),
            status=Status.IGNORED,
        )
        return 0
    if value is None:
        mc.emit(
            "connector.bad-port",
            f'<Server portOffset="{attr.value}"> is not a number',
            location=el.at("portOffset"),
            settings=el.keys("portOffset"),
        )
        return 0
    mc.emit(
        "connector.port-offset",
        f"portOffset {value} is added to every connector port",
        location=el.at("portOffset"),
        settings=el.keys("portOffset"),
    )
    return value


@applies(
    "connector.port",
    "connector.port-placeholder",
    "connector.port-token",
    "connector.bad-port",
)
def port(
    mc: MapContext, conn: Connector, claims: Claims, offset: int, scheme: str = "HTTP"
) -> int | dict[str, str] | None:
    el = conn.element
    attr = el.attr("port")
    where = el.at("port")
    if attr is None:
        mc.emit(
            "connector.bad-port",
            "<Connector> has no port: Tomcat cannot start it",
            location=el.location,
        )
        return None
    keys = claims.take("port", "protocol")
    version = mc.loaded.version.version
    no_defaults = [n for n in attr.unresolved if ":-" in n or ":" in n]
    if no_defaults and version.default_separator() is None:
        mc.emit(
            "connector.bad-port",
            f'port "{attr.raw}": Tomcat {version} has no'
            " ${name:-default} syntax (added in 7.0.104, 8.5.55, 9.0.35), so it read the"
            " port literally and could not start this connector",
            location=where,
            settings=keys,
        )
        return None
    if attr.unresolved:
        text = with_tokens(attr)
        tokens = [token_name(n) for n in attr.unresolved]
        note = f"; then add portOffset {offset}" if offset else ""
        mc.emit(
            "connector.port-placeholder",
            f'port "{attr.raw}" has no value here: written as the IG token &{{{tokens[0]}}}{note}',
            location=where,
            settings=keys,
            target="admin.json connectors[].port",
        )
        for name, tok in zip(attr.unresolved, tokens, strict=True):
            mc.emit(
                "connector.port-token",
                f"${{{name}}} (port) was unresolved: set env {env_name(tok)} or -D{tok} for"
                f" IG{note.replace('; then add', ' (the value must already include')}"
                f"{')' if note else ''}, or re-run with --property {name}=VALUE",
                location=where,
            )
        return {"$int": text}
    port = java_int(attr.value)
    if port is None or port < 0:
        foreign = _FOREIGN_PLACEHOLDER.search(attr.raw)
        why = (
            f'"{foreign.group(0)}" is a template slot, not a Tomcat ${{}} placeholder:'
            " render the template first"
            if foreign
            else "it is not a port number"
        )
        mc.emit("connector.bad-port", f'port "{attr.raw}": {why}', location=where, settings=keys)
        return None
    if port == 0:
        mc.emit(
            "connector.port",
            "port 0 means a random free port in Tomcat; standalone IG needs a fixed port",
            location=where,
            settings=keys,
            status=Status.MANUAL,
        )
        return 0
    final = port + offset if offset else port
    shown = f"{port} + portOffset {offset} = {final}" if offset else str(port)
    if not 1 <= final <= MAX_PORT:
        mc.emit(
            "connector.bad-port",
            f"port {shown} is outside 1-{MAX_PORT}: Tomcat cannot bind this connector",
            location=where,
            settings=keys,
        )
        return None
    mc.emit("connector.port", f"{scheme} connector on port {shown}", location=where, settings=keys)
    return final
