"""Connector options → the admin.json connector: one feature function per rule, in FEATURES order.

Each feature takes the attributes its rule's declaration reads (`Claims.present_for`), so which
rule owns which attribute is decided in igmigrate/rules/connectors.py alone; the catch-all
`connector.attribute` runs last and reports whatever no declaration took.
"""

from __future__ import annotations

from collections.abc import Callable

from igmigrate.findings import Status
from igmigrate.ig.model import ServerConnector
from igmigrate.mapping.claims import Claims
from igmigrate.mapping.connector_port import with_tokens
from igmigrate.mapping.context import MapContext
from igmigrate.rules import applies
from igmigrate.tomcat.javavalues import java_int
from igmigrate.tomcat.model import Connector

Feature = Callable[[MapContext, Connector, Claims, ServerConnector], None]
_HTTP2 = "org.apache.coyote.http2.Http2Protocol"


@applies("connector.address")
def address(mc: MapContext, conn: Connector, claims: Claims, out: ServerConnector) -> None:
    for a in claims.present_for("connector.address"):
        out.vertx["host"] = with_tokens(a)
        mc.emit(
            "connector.address",
            f"address {a.value} → bind host",
            location=conn.element.at(a.name),
            settings=claims.take(a.name),
        )


@applies("connector.max-header-size", "connector.bad-value")
def header_size(mc: MapContext, conn: Connector, claims: Claims, out: ServerConnector) -> None:
    sizes = claims.present_for("connector.max-header-size")
    if not sizes:
        return
    first = sizes[0]  # maxHttpRequestHeaderSize, when both are set, is the one Tomcat uses
    size = java_int(first.value)
    keys = claims.take(*(s.name for s in sizes))
    where = conn.element.at(first.name)
    if size is None:
        mc.emit(
            "connector.bad-value",
            f'{first.name}="{first.value}" is not a number',
            location=where,
            settings=keys,
        )
        return
    path = mc.profile.header_size_path
    (out.vertx if path[0] == "vertx" else out.properties)[path[-1]] = size
    mc.emit(
        "connector.max-header-size",
        f"{first.name} {size} bytes → header limit",
        location=where,
        settings=keys,
    )


@applies("connector.idle-timeout")
def idle_timeout(mc: MapContext, conn: Connector, claims: Claims, out: ServerConnector) -> None:
    timeouts = claims.present_for("connector.idle-timeout")
    if not timeouts:
        return
    first = timeouts[0]  # keepAliveTimeout, when both are set, governs idle keep-alive
    ms = java_int(first.value)
    keys = claims.take(*(t.name for t in timeouts))
    if ms is not None:
        out.vertx["idleTimeout"] = 0 if ms < 0 else ms
        out.vertx["idleTimeoutUnit"] = "MILLISECONDS"
    mc.emit(
        "connector.idle-timeout",
        f"{first.name}={first.value} ms → Vert.x idleTimeout"
        + (" (0: never)" if ms is not None and ms < 0 else ""),
        location=conn.element.at(first.name),
        settings=keys,
    )


@applies("connector.compression")
def compression(mc: MapContext, conn: Connector, claims: Claims, out: ServerConnector) -> None:
    comp = conn.element.attr("compression")
    if comp is None:
        return  # the size and MIME filters alone do nothing: reported by connector.attribute
    keys = claims.take_for("connector.compression")
    value = comp.value
    on = value in ("on", "force") or (java_int(value) or 0) > 0
    if on:
        out.vertx["compressionSupported"] = True
    mc.emit(
        "connector.compression",
        f'compression="{value}" → compressionSupported'
        if on
        else f'compression="{value}": off, as in standalone',
        location=conn.element.at("compression"),
        settings=keys,
        status=None if on else Status.MAPPED,
    )


@applies("connector.http2", "connector.attribute")
def upgrade_protocols(
    mc: MapContext, conn: Connector, claims: Claims, out: ServerConnector
) -> None:
    for up in conn.upgrade_protocols:
        up_claims = Claims(up)
        if up.get("className") == _HTTP2 and out.tls is not None:
            mc.emit(
                "connector.http2",
                f"HTTP/2 over TLS (h2) → ServerTlsOptions {out.tls} alpn enabled",
                location=up.location,
                settings=up_claims.take_all(),
            )
        elif up.get("className") == _HTTP2:
            out.vertx["http2ClearTextEnabled"] = True
            mc.emit(
                "connector.http2",
                "HTTP/2 upgrade (h2c) → vertx.http2ClearTextEnabled",
                location=up.location,
                settings=up_claims.take_all(),
            )
        else:
            mc.emit(
                "connector.attribute",
                f'<UpgradeProtocol className="{up.get("className")}"> has no standalone equivalent',
                location=up.location,
                settings=up_claims.take_all(),
            )


@applies("connector.threads")
def threads(mc: MapContext, conn: Connector, claims: Claims, out: ServerConnector) -> None:
    found = claims.present_for("connector.threads")
    if found:
        bound = f' (bound to <Executor name="{conn.executor.name}">)' if conn.executor else ""
        mc.emit(
            "connector.threads",
            ", ".join(f"{a.spelling}={a.value}" for a in found) + bound,
            location=conn.element.at(found[0].name),
            settings=claims.take(*(a.name for a in found)),
        )


@applies("connector.proxy")
def proxy(mc: MapContext, conn: Connector, claims: Claims, out: ServerConnector) -> None:
    found = claims.present_for("connector.proxy")
    if found:
        mc.emit(
            "connector.proxy",
            ", ".join(f"{a.spelling}={a.value}" for a in found) + ": no standalone equivalent",
            location=conn.element.at(found[0].name),
            settings=claims.take(*(a.name for a in found)),
        )


@applies("connector.container-only")
def container_only(mc: MapContext, conn: Connector, claims: Claims, out: ServerConnector) -> None:
    for a in claims.present_for("connector.container-only"):
        mc.emit(
            "connector.container-only",
            f'{a.spelling}="{a.value}"',
            location=conn.element.at(a.name),
            settings=claims.take(a.name),
        )


@applies("connector.attribute", "server.listener", "server.no-rule")
def anything_else(mc: MapContext, conn: Connector, claims: Claims, out: ServerConnector) -> None:
    for a in claims.rest():
        mc.emit(
            "connector.attribute",
            f"Connector attribute {a.spelling} has no standalone equivalent known to igmigrate",
            location=conn.element.at(a.name),
            settings=claims.take(a.name),
        )
    for child in conn.others:
        rule = "server.listener" if child.tag == "Listener" else "server.no-rule"
        mc.emit_element(rule, f"<{child.tag}> inside <Connector>", child)


# The order attributes are claimed and reported in; the catch-all comes last.
OPTIONS: tuple[Feature, ...] = (address, header_size, idle_timeout, compression, upgrade_protocols)
REMAINING: tuple[Feature, ...] = (threads, proxy, container_only, anything_else)
