"""Tomcat HTTP Connectors → admin.json `connectors` (mapping.md §Connectors)."""

from __future__ import annotations

import ipaddress

from igmigrate.findings import Status
from igmigrate.ig.model import ServerConnector
from igmigrate.mapping.claims import Claims
from igmigrate.mapping.connector_options import OPTIONS, REMAINING
from igmigrate.mapping.connector_port import port, port_offset
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.tls import map_tls
from igmigrate.rules import applies
from igmigrate.tomcat.model import Connector, Service
from igmigrate.tomcat.server_xml import KNOWN_HTTP_CLASSES, is_ajp, protocol_handler_class
from igmigrate.tomcat.tls_attributes import LEGACY_ATTRS

# TLS attributes Tomcat reads on a <Connector> (reported as ignored when TLS is off).
TLS_ATTRS = (*LEGACY_ATTRS, "SSLEnabled", "defaultSSLHostConfigName", "sslImplementationName")


@applies(
    "connector.ajp",
    "connector.unknown-protocol",
    "connector.removed-protocol",
    "connector.attribute",
)
def map_connector(mc: MapContext, conn: Connector, offset: int) -> ServerConnector | None:
    el = conn.element
    claims = Claims(el)
    version = mc.loaded.version.version
    cls = protocol_handler_class(el.get("protocol"), version.major)
    if is_ajp(cls):
        mc.emit_element("connector.ajp", f"AJP connector on port {el.get('port')} ({cls})", el)
        return None
    tls = mc.loaded.tls_config(conn)  # read (and its stores opened) by the load stage
    if cls not in KNOWN_HTTP_CLASSES:
        mc.emit(
            "connector.unknown-protocol",
            f'protocol "{cls}" is not one of Tomcat\'s HTTP'
            " handlers; converted as a plain HTTP connector",
            location=el.at("protocol"),
        )
    elif cls.endswith(".Http11Protocol") and version.major >= 9:
        mc.emit(
            "connector.removed-protocol",
            f'protocol "{cls}" does not exist in Tomcat'
            f" {version.branch}; converted as a plain HTTP connector",
            location=el.at("protocol"),
        )
    number = port(mc, conn, claims, offset, "HTTPS" if tls else "HTTP")
    if number is None:
        claims.take_all()
        return None
    out = ServerConnector(number)
    if tls is not None:
        label = (
            str(number)
            if isinstance(number, int)
            else f"https{len(mc.instance.admin.connectors) + 1}"
        )
        if not map_tls(mc, conn, tls, out, label):
            claims.take_all()
            return None
        # read_tls (e.g. legacy attributes 10.1 ignores) and map_tls both report Connector
        # attributes: whatever a finding already accounts for is not reported again here.
        claims.take_keys(mc.findings.accounted())
    for feature in OPTIONS:
        feature(mc, conn, claims, out)
    tls_left = claims.present(*TLS_ATTRS)
    if tls_left:
        mc.emit(
            "connector.attribute",
            "TLS attributes on a connector without"
            ' SSLEnabled="true": Tomcat serves clear text and ignores them',
            location=el.at(tls_left[0].name),
            settings=claims.take(*TLS_ATTRS),
            status=Status.IGNORED,
        )
    for h in conn.ssl_host_configs if tls is None else ():
        mc.emit_element(
            "connector.attribute",
            '<SSLHostConfig> on a connector without SSLEnabled="true": Tomcat ignores it',
            h.element,
            status=Status.IGNORED,
        )
    for feature in REMAINING:
        feature(mc, conn, claims, out)
    return out


@applies("connector.other-service")
def _other_service(mc: MapContext, service: Service) -> None:
    for conn in service.connectors:
        mc.emit(
            "connector.other-service",
            f"Connector on port {conn.element.get('port')} belongs"
            f' to Service "{service.name}", which does not deploy the gateway',
            location=conn.location,
            settings=conn.element.subtree_keys(),
        )


@applies("connector.threads", "connector.duplicate-port")
def map_connectors(mc: MapContext) -> None:
    gw = mc.loaded.gateway
    offset = port_offset(mc)
    bound: dict[int, list[tuple[str | None, str]]] = {}  # port -> (address or None, where)
    for service in mc.loaded.server.services:
        for ex in service.executors:
            mc.emit_element(
                "connector.threads", f'<Executor name="{ex.name}"> thread pool', ex.element
            )
        if gw is not None and gw.service and service.name != gw.service:
            _other_service(mc, service)
            continue
        for conn in service.connectors:
            out = map_connector(mc, conn, offset)
            if out is None:
                continue
            if isinstance(out.port, int) and out.port != 0:  # port 0: each gets a free port
                address = conn.element.get("address")
                on_port = bound.setdefault(out.port, [])
                clash = next((w for a, w in on_port if _clashes(a, address)), None)
                if clash is not None:
                    on = f" on {address}" if address else ""
                    mc.emit(
                        "connector.duplicate-port",
                        f"port {out.port}{on} is used by two connectors (also {clash})",
                        location=conn.location,
                    )
                    continue
                on_port.append((address, str(conn.location)))
            mc.instance.admin.connectors.append(out)


def _clashes(other: str | None, address: str | None) -> bool:
    """Two connectors on one port cannot bind one address; no address binds every address."""
    a, b = _bind_address(other), _bind_address(address)
    return a is None or b is None or a == b


def _bind_address(address: str | None) -> str | None:
    """The address as compared: None for every address (none given, 0.0.0.0, ::)."""
    if address is None:
        return None
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return address.strip().lower()
    return None if ip.is_unspecified else str(ip)
