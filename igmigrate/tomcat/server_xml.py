"""conf/server.xml → the typed Server model, following the element rules of Tomcat's Digester."""

from __future__ import annotations

from igmigrate.tomcat.model import (
    Connector,
    Context,
    Element,
    Engine,
    Executor,
    Host,
    Server,
    Service,
    SSLHostConfig,
)

# Child elements the Digester has rules for, per parent (case-sensitive, like Tomcat).
# Anything else lands in `others`: Tomcat logs "No rules found matching" and ignores it.
CONNECTOR_CHILDREN = {"SSLHostConfig", "UpgradeProtocol", "Listener"}


def _split(el: Element, known: set[str]) -> tuple[Element, ...]:
    return tuple(c for c in el.children if c.tag not in known)


def _connector(el: Element, executors: list[Executor]) -> Connector:
    name = el.get("executor")
    # Tomcat looks the executor up when the Connector is parsed: only earlier ones count.
    bound = next((x for x in executors if name is not None and x.name == name), None)
    ssl = tuple(
        SSLHostConfig(
            h,
            certificates=h.child_elements("Certificate"),
            others=_split(h, {"Certificate"}),
        )
        for h in el.child_elements("SSLHostConfig")
    )
    return Connector(
        el,
        executor=bound,
        upgrade_protocols=el.child_elements("UpgradeProtocol"),
        ssl_host_configs=ssl,
        others=_split(el, CONNECTOR_CHILDREN - {"Listener"}),
    )


def _host(el: Element) -> Host:
    return Host(
        el,
        contexts=tuple(Context(c) for c in el.child_elements("Context")),
        valves=el.child_elements("Valve"),
        realms=el.child_elements("Realm"),
        others=_split(el, {"Context", "Valve", "Realm"}),
    )


def _engine(el: Element) -> Engine:
    return Engine(
        el,
        hosts=tuple(_host(h) for h in el.child_elements("Host")),
        valves=el.child_elements("Valve"),
        realms=el.child_elements("Realm"),
        clusters=el.child_elements("Cluster"),
        others=_split(el, {"Host", "Valve", "Realm", "Cluster"}),
    )


def _service(el: Element) -> Service:
    executors: list[Executor] = []
    connectors: list[Connector] = []
    engine: Engine | None = None
    extra: list[Element] = []
    for child in el.children:
        if child.tag == "Executor":
            executors.append(Executor(child))
        elif child.tag == "Connector":
            connectors.append(_connector(child, executors))
        elif child.tag == "Engine" and engine is None:
            engine = _engine(child)
        else:
            extra.append(child)
    return Service(el, tuple(executors), tuple(connectors), engine, tuple(extra))


def parse_server(root: Element) -> Server:
    """Build the Server model from the root element of conf/server.xml (already read)."""
    gnr = root.child_elements("GlobalNamingResources")
    return Server(
        root,
        listeners=root.child_elements("Listener"),
        global_resources=gnr[0] if gnr else None,
        services=tuple(_service(s) for s in root.child_elements("Service")),
        others=_split(root, {"Listener", "Service", "GlobalNamingResources"}) + gnr[1:],
    )


# Effective protocol handler class for `protocol` (tomcat-inputs.md §2).
_HTTP11 = "org.apache.coyote.http11.Http11NioProtocol"
_AJP = "org.apache.coyote.ajp.AjpNioProtocol"


def protocol_handler_class(protocol: str | None, major: int, apr: bool = False) -> str:
    """The class Tomcat instantiates for a Connector `protocol` value on a given major version."""
    p = protocol or "HTTP/1.1"
    if p == "HTTP/1.1":
        if major <= 7:
            return (
                "org.apache.coyote.http11.Http11AprProtocol"
                if apr
                else ("org.apache.coyote.http11.Http11Protocol")
            )
        return "org.apache.coyote.http11.Http11AprProtocol" if apr and major < 10 else _HTTP11
    if p == "AJP/1.3":
        if major <= 7:
            return (
                "org.apache.coyote.ajp.AjpAprProtocol"
                if apr
                else "org.apache.coyote.ajp.AjpProtocol"
            )
        return "org.apache.coyote.ajp.AjpAprProtocol" if apr and major < 10 else _AJP
    return p


def is_ajp(protocol_class: str) -> bool:
    return (
        protocol_class.startswith("org.apache.coyote.ajp.")
        or "Ajp" in protocol_class.rsplit(".", 1)[-1]
    )


KNOWN_HTTP_CLASSES = {
    "org.apache.coyote.http11.Http11NioProtocol",
    "org.apache.coyote.http11.Http11Nio2Protocol",
    "org.apache.coyote.http11.Http11AprProtocol",
    "org.apache.coyote.http11.Http11Protocol",
}
