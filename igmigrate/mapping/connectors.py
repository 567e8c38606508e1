"""Tomcat HTTP Connectors → admin.json `connectors` (mapping.md §Connectors)."""

from __future__ import annotations

import ipaddress
import re

from igmigrate.findings import Status
from igmigrate.mapping.claims import Claims
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.tls import map_tls
from igmigrate.tomcat.javavalues import java_int
from igmigrate.tomcat.server_xml import KNOWN_HTTP_CLASSES, is_ajp, protocol_handler_class
from igmigrate.tomcat.tls_reader import LEGACY_ATTRS, read_tls
from igmigrate.tomcat.model import Attr, Connector, Service
from igmigrate.ig.model import ServerConnector

_FOREIGN_PLACEHOLDER = re.compile(r"\$\[[^\]]*\]|@[A-Za-z0-9_.-]+@|\[[A-Z][A-Z0-9_]*\]|\$\{[^}]*!")
_HTTP2 = "org.apache.coyote.http2.Http2Protocol"
MAX_PORT = 65535
THREADS = (
    "maxThreads",
    "minSpareThreads",
    "maxSpareThreads",
    "acceptCount",
    "maxConnections",
    "executor",
    "processorCache",
    "threadPriority",
    "acceptorThreadCount",
    "pollerThreadCount",
    "executorTerminationTimeoutMillis",
)
PROXY = ("redirectPort", "proxyName", "proxyPort", "scheme", "secure")
CONTAINER_ONLY = (
    "URIEncoding",
    "useBodyEncodingForURI",
    "enableLookups",
    "maxPostSize",
    "maxSavePostSize",
    "maxParameterCount",
    "xpoweredBy",
    "server",
    "allowTrace",
    "disableUploadTimeout",
    "connectionUploadTimeout",
    "maxSwallowSize",
    "relaxedPathChars",
    "relaxedQueryChars",
    "rejectIllegalHeader",
    "maxKeepAliveRequests",
    "maxHttpResponseHeaderSize",
    "tcpNoDelay",
    "bindOnInit",
    "useIPVHosts",
    "encodedSolidusHandling",
    "maxTrailerSize",
    "maxExtensionSize",
    "allowHostHeaderMismatch",
    "parseBodyMethods",
    "restrictedUserAgents",
    "useSendfile",
    "className",
    "asyncTimeout",
    "discardFacades",
    "enforceEncodingInGetWriter",
    "xmlValidation",
)
# TLS attributes Tomcat reads on a <Connector> (reported as ignored when TLS is off).
TLS_ATTRS = (*LEGACY_ATTRS, "SSLEnabled", "defaultSSLHostConfigName", "sslImplementationName")


def token_name(prop: str) -> str:
    """An IG configuration token for a Tomcat property name (lower-case, dot-separated)."""
    return re.sub(r"[^a-z0-9.]+", ".", prop.lower()).strip(".") or "port"


def env_name(token: str) -> str:
    return token.replace(".", "_").upper()


def _with_tokens(attr: Attr) -> str:
    """The raw text with each unresolved `${name}` turned into the IG token `&{name}`."""
    out = attr.value
    for name in attr.unresolved:
        out = out.replace("${" + name + "}", "&{" + token_name(name) + "}")
    return out


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


def _port(
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
        text = _with_tokens(attr)
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


def _options(mc: MapContext, conn: Connector, claims: Claims, out: ServerConnector) -> None:
    el = conn.element
    profile = mc.profile
    if (a := el.attr("address")) is not None:
        host = _with_tokens(a)
        out.vertx["host"] = host
        mc.emit(
            "connector.address",
            f"address {a.value} → bind host",
            location=el.at("address"),
            settings=claims.take("address"),
            target="connectors[]." + ".".join(profile.bind_address_path),
        )
    sizes = claims.present("maxHttpRequestHeaderSize", "maxHttpHeaderSize")
    if sizes:
        size = java_int(sizes[0].value)
        keys = claims.take(*(s.name for s in sizes))
        if size is None:
            mc.emit(
                "connector.bad-port",
                f'{sizes[0].name}="{sizes[0].value}" is not a number',
                location=el.at(sizes[0].name),
                settings=keys,
                status=Status.MANUAL,
            )
        else:
            path = profile.header_size_path
            (out.vertx if path[0] == "vertx" else out.properties)[path[-1]] = size
            mc.emit(
                "connector.max-header-size",
                f"{sizes[0].name} {size} bytes → header limit",
                location=el.at(sizes[0].name),
                settings=keys,
            )
    timeouts = claims.present("keepAliveTimeout", "connectionTimeout")
    if timeouts:
        ms = java_int(timeouts[0].value)
        keys = claims.take(*(t.name for t in timeouts))
        if ms is not None:
            out.vertx["idleTimeout"] = 0 if ms < 0 else ms
            out.vertx["idleTimeoutUnit"] = "MILLISECONDS"
        mc.emit(
            "connector.idle-timeout",
            f"{timeouts[0].name}={timeouts[0].value} ms → Vert.x idleTimeout"
            + (" (0: never)" if ms is not None and ms < 0 else ""),
            location=el.at(timeouts[0].name),
            settings=keys,
        )
    comp = el.attr("compression")
    if comp is not None:
        keys = claims.take(
            "compression",
            "compressionMinSize",
            "compressibleMimeType",
            "compressableMimeType",
            "noCompressionUserAgents",
        )
        value = comp.value
        on = value in ("on", "force") or (java_int(value) or 0) > 0
        if on:
            out.vertx["compressionSupported"] = True
            mc.emit(
                "connector.compression",
                f'compression="{value}" → compressionSupported',
                location=el.at("compression"),
                settings=keys,
            )
        else:
            mc.emit(
                "connector.compression",
                f'compression="{value}": off, as in standalone',
                location=el.at("compression"),
                settings=keys,
                status=Status.MAPPED,
            )
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


def _remaining(mc: MapContext, conn: Connector, claims: Claims) -> None:
    el = conn.element
    threads = claims.present(*THREADS)
    if threads:
        bound = f' (bound to <Executor name="{conn.executor.name}">)' if conn.executor else ""
        mc.emit(
            "connector.threads",
            ", ".join(f"{a.spelling}={a.value}" for a in threads) + bound,
            location=el.at(threads[0].name),
            settings=claims.take(*(a.name for a in threads)),
        )
    proxy = claims.present(*PROXY)
    if proxy:
        mc.emit(
            "connector.proxy",
            ", ".join(f"{a.spelling}={a.value}" for a in proxy) + ": no standalone equivalent",
            location=el.at(proxy[0].name),
            settings=claims.take(*(a.name for a in proxy)),
        )
    for a in claims.present(*CONTAINER_ONLY):
        mc.emit(
            "connector.container-only",
            f'{a.spelling}="{a.value}"',
            location=el.at(a.name),
            settings=claims.take(a.name),
        )
    for a in claims.rest():
        mc.emit(
            "connector.attribute",
            f"Connector attribute {a.spelling} has no standalone equivalent known to igmigrate",
            location=el.at(a.name),
            settings=claims.take(a.name),
        )
    for child in conn.others:
        rule = "server.listener" if child.tag == "Listener" else "server.no-rule"
        mc.emit_element(rule, f"<{child.tag}> inside <Connector>", child)


def map_connector(mc: MapContext, conn: Connector, offset: int) -> ServerConnector | None:
    el = conn.element
    claims = Claims(el)
    version = mc.loaded.version.version
    cls = protocol_handler_class(el.get("protocol"), version.major)
    if is_ajp(cls):
        mc.emit_element("connector.ajp", f"AJP connector on port {el.get('port')} ({cls})", el)
        return None
    tls = read_tls(conn, version, mc.findings)
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
    port = _port(mc, conn, claims, offset, "HTTPS" if tls else "HTTP")
    if port is None:
        claims.take_all()
        return None
    out = ServerConnector(port)
    if tls is not None:
        label = (
            str(port) if isinstance(port, int) else f"https{len(mc.instance.admin.connectors) + 1}"
        )
        if not map_tls(mc, conn, tls, out, label):
            claims.take_all()
            return None
        # read_tls (e.g. legacy attributes 10.1 ignores) and map_tls both report Connector
        # attributes: whatever a finding already accounts for is not reported again here.
        claims.take_keys(mc.findings.accounted())
    _options(mc, conn, claims, out)
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
    _remaining(mc, conn, claims)
    return out


def _other_service(mc: MapContext, service: Service) -> None:
    for conn in service.connectors:
        mc.emit(
            "connector.other-service",
            f"Connector on port {conn.element.get('port')} belongs"
            f' to Service "{service.name}", which does not deploy the gateway',
            location=conn.location,
            settings=conn.element.subtree_keys(),
        )


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
