"""The rest of server.xml: layout, listeners, realms, clusters, valves, and the gateway app."""

from __future__ import annotations

from igmigrate.findings import SourceLocation, Status
from igmigrate.mapping.access_logs import map_access_logs
from igmigrate.mapping.claims import Claims
from igmigrate.mapping.context import MapContext
from igmigrate.rules import applies
from igmigrate.rules.access_logs import ACCESS_LOG_VALVES
from igmigrate.rules.server import CONTAINER_VALVES
from igmigrate.tomcat.model import Element, Engine, GatewayApp, Host


@applies("server.layout")
def _layout(mc: MapContext, el: Element, why: str) -> None:
    keys = Claims(el).take_for("server.layout")
    if keys:
        mc.emit("server.layout", f"<{el.tag}> {why}", location=el.location, settings=keys)


@applies("server.remote-ip", "server.container-valve", "server.valve")
def _valve(mc: MapContext, valve: Element) -> None:
    cls = valve.get("className") or ""
    short = cls.rsplit(".", 1)[-1]
    if cls in ACCESS_LOG_VALVES:
        return  # mapped by map_access_logs (mapping/access_logs.py)
    if short == "RemoteIpValve":
        mc.emit_element(
            "server.remote-ip",
            "RemoteIpValve: Tomcat rewrote client address and scheme from X-Forwarded-* headers",
            valve,
        )
    elif cls in CONTAINER_VALVES:
        mc.emit_element("server.container-valve", f"{short}: {CONTAINER_VALVES[cls]}", valve)
    else:
        mc.emit_element("server.valve", f'<Valve className="{cls}">', valve)


@applies("server.realm", "server.listener", "server.cluster", "server.layout", "server.no-rule")
def _containers(
    mc: MapContext,
    el: Element,
    valves: tuple[Element, ...],
    realms: tuple[Element, ...],
    others: tuple[Element, ...],
) -> None:
    for v in valves:
        _valve(mc, v)
    for r in realms:
        mc.emit_element(
            "server.realm",
            f'<Realm className="{r.get("className")}"> (container authentication)',
            r,
        )
    for o in others:
        if o.tag == "Listener":
            mc.emit_element("server.listener", f'<Listener className="{o.get("className")}">', o)
        elif o.tag == "Cluster":
            mc.emit_element("server.cluster", "<Cluster> session replication", o)
        elif o.tag == "Alias":
            mc.emit_element("server.layout", f"<Alias> {o.text} of <{el.tag}>", o)
        else:
            mc.emit_element("server.no-rule", f"<{o.tag}> inside <{el.tag}>", o)


@applies("server.cluster")
def _engine(mc: MapContext, engine: Engine) -> None:
    _layout(mc, engine.element, "locates the gateway's Host")
    for c in engine.clusters:
        mc.emit_element("server.cluster", "<Cluster> session replication", c)
    _containers(mc, engine.element, engine.valves, engine.realms, engine.others)
    for host in engine.hosts:
        _host(mc, host)


def _host(mc: MapContext, host: Host) -> None:
    _layout(mc, host.element, "locates the gateway application")
    _containers(mc, host.element, host.valves, host.realms, host.others)


@applies(
    "server.shutdown",
    "server.listener",
    "server.no-rule",
    "server.user-database",
    "server.body-text",
)
def map_server(mc: MapContext) -> None:
    server = mc.loaded.server
    el = server.element
    claims = Claims(el)
    shutdown = claims.take("port", "shutdown")
    if shutdown:
        mc.emit(
            "server.shutdown",
            "Tomcat's shutdown port and command",
            location=el.location,
            settings=shutdown,
        )
    _layout(mc, el, "")
    for listener in server.listeners:
        mc.emit_element(
            "server.listener", f'<Listener className="{listener.get("className")}">', listener
        )
    for other in server.others:
        mc.emit_element("server.no-rule", f"<{other.tag}> inside <Server>", other)
    if server.global_resources is not None:
        for res in server.global_resources.child_elements("Resource"):
            if res.get("type") == "org.apache.catalina.UserDatabase":
                mc.emit_element(
                    "server.user-database",
                    f'<Resource name="{res.get("name")}"> (tomcat-users.xml)',
                    res,
                )
    for service in server.services:
        _layout(mc, service.element, "groups connectors with an Engine")
        for o in service.others:
            rule = "server.listener" if o.tag == "Listener" else "server.no-rule"
            mc.emit(
                rule, f"<{o.tag}> inside <Service>", location=o.location, settings=o.subtree_keys()
            )
        if service.engine is not None:
            _engine(mc, service.engine)
    map_access_logs(mc)
    for e in el.walk():
        if e.text and e.tag in (
            "Server",
            "Service",
            "Engine",
            "Host",
            "Connector",
            "Resources",
            "Listener",
            "Valve",
            "Realm",
            "Executor",
            "GlobalNamingResources",
        ):
            mc.emit(
                "server.body-text",
                f"non-blank text ({len(e.text)} characters) inside <{e.tag}>",  # never echoed
                location=e.location,
                settings=(e.key("#text"),),
            )


@applies("server.context-path")
def _context_path(mc: MapContext, gw: GatewayApp) -> None:
    path = "/" + gw.name.replace("#", "/")
    mc.emit(
        "server.context-path",
        f'gateway application {gw.path} is served by Tomcat under the context path "{path}";'
        ' standalone IG serves its routes at "/": route conditions matching'
        f' "{path}/..." and baseURI values carrying "{path}" must be checked, and clients'
        f' calling "{path}/..." change or a proxy in front strips "{path}"',
        location=gw.location or SourceLocation(gw.path),
    )


@applies("server.no-gateway-app", "server.gateway-app", "server.other-app")
def map_gateway_app(mc: MapContext) -> None:
    loaded = mc.loaded
    gw = loaded.gateway
    if gw is None:
        mc.emit(
            "server.no-gateway-app",
            "no IG/OpenIG web application was found in any Host's appBase or context descriptors",
            location=None,
        )
    else:
        mc.emit(
            "server.gateway-app",
            f'gateway application {gw.path} (Service "{gw.service}",'
            f' Host "{gw.host}"): {gw.evidence}',
            location=gw.location,
            settings=gw.context.keys("docBase", "path") if gw.context is not None else (),
        )
        if gw.host and gw.name != "ROOT":
            _context_path(mc, gw)
    for c in loaded.other_gateways:
        mc.emit(
            "server.other-app",
            f"{c.path.name} also looks like a gateway application;"
            " only the ROOT/first one is migrated (use --app-path to choose)",
            location=c.location,
            status=Status.MANUAL,
        )
    for c in loaded.other_apps:
        mc.emit(
            "server.other-app",
            f'application "{c.name}" ({c.via}) is not migrated',
            location=c.location,
        )
