"""JNDI resources the gateway can look up: its contexts' <Resource>/<ResourceLink>, the globals.

Where Tomcat reads them (tomcat-inputs.md §4): `<GlobalNamingResources>` of server.xml (visible
to an application only through a `<ResourceLink global=…>` in one of its contexts), and the
gateway's contexts in the order Tomcat applies them: a server.xml `<Context>`, conf/context.xml,
the Host's context.xml.default (both dropped by `override="true"`), then its descriptor or
META-INF/context.xml. The files come from the load stage (webapp_files); nothing is re-read.
The factory decides the attribute names (Constants.DBCP_DATASOURCE_FACTORY: DBCP 1 on 7.0,
DBCP 2 on 8.0+, `-Djavax.sql.DataSource.Factory` overrides; tomcat-jdbc by `factory`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from igmigrate.rules.datasource_names import (
    DBCP1,
    DBCP1_FACTORIES,
    DBCP2,
    DBCP2_FACTORIES,
    FACTORY_PROPERTY,
    POOL_NAMES,
    TOMCAT_JDBC,
    TOMCAT_JDBC_FACTORIES,
)
from igmigrate.tomcat.javavalues import java_bool
from igmigrate.tomcat.model import Element, GatewayApp, Server
from igmigrate.tomcat.placeholders import PropertyContext
from igmigrate.tomcat.webapp_files import CONTEXT, WebappFile

DATASOURCE = "javax.sql.DataSource"
ENV_PREFIX = "java:comp/env/"


@dataclass(frozen=True)
class Declared:
    """One <Resource> or <ResourceLink> and the context (or GlobalNamingResources) holding it."""

    element: Element
    role: str  # in Tomcat's words: "conf/context.xml (default <Context> of every application)"

    @property
    def name(self) -> str:
        """The JNDI name as the application looks it up, without `java:comp/env/`."""
        return (self.element.get("name") or "").strip().removeprefix(ENV_PREFIX)

    @property
    def type(self) -> str:
        return (self.element.get("type") or "").strip()

    @property
    def is_datasource(self) -> bool:
        return self.type == DATASOURCE


@dataclass(frozen=True)
class Factory:
    """The factory a DataSource <Resource> uses and the attribute names it understands."""

    class_name: str
    scheme: str  # DBCP2, DBCP1, TOMCAT_JDBC, or "" for a factory igmigrate does not know
    written: bool  # the `factory` attribute names it (else Tomcat's default)
    why: str  # how the default was chosen, when not written

    @property
    def pool_names(self) -> tuple[str, ...]:
        return POOL_NAMES.get(self.scheme, ())


@dataclass
class Naming:
    """The gateway's naming environment: its contexts' entries (Tomcat's order) and the globals."""

    globals: list[Declared] = field(default_factory=list)  # every <Resource> there
    # <Resource> and <ResourceLink> of the gateway's contexts, in the order Tomcat reads them
    entries: list[Declared] = field(default_factory=list)
    skipped: list[Declared] = field(default_factory=list)  # in a context dropped by override

    def global_named(self, name: str) -> Declared | None:
        return next((g for g in self.globals if g.name == name), None)


def _usable(files: list[WebappFile]) -> list[tuple[Element, str, bool]]:
    """(element, role, is META-INF/context.xml) of each context file Tomcat applies."""
    out = []
    for f in files:
        if f.kind == CONTEXT and f.element is not None and f.ignored is None:
            meta = f.file.endswith("META-INF/context.xml")
            out.append((f.element, f"{f.file} ({f.role})", meta))
    return out


def gateway_contexts(
    server: Server, gateway: GatewayApp | None, files: list[WebappFile]
) -> tuple[list[tuple[Element, str]], list[tuple[Element, str]]]:
    """The <Context> elements Tomcat applies to the gateway, in order (as session_config.py
    does), and those `override="true"` drops (both as (element, role))."""
    app = gateway.context if gateway is not None else None
    in_server_xml = app is not None and any(e is app for e in server.element.walk())
    contexts = _usable(files)
    meta = [(e, r) for e, r, m in contexts if m]
    defaults = [(e, r) for e, r, m in contexts if not m]
    own = app if app is not None else (meta[0][0] if meta else None)
    dropped: list[tuple[Element, str]] = []
    if own is not None and java_bool(own.get("override")):
        dropped, defaults = defaults, []
    out: list[tuple[Element, str]] = []
    if app is not None and in_server_xml:
        out.append((app, "the gateway's <Context> in server.xml"))
    out += defaults
    if app is not None and not in_server_xml:
        out.append((app, f"the gateway's context descriptor {app.location.file}"))
    return out + meta, dropped


def read_naming(server: Server, gateway: GatewayApp | None, files: list[WebappFile]) -> Naming:
    """Every <Resource> and <ResourceLink> the gateway's contexts hold, and the global ones."""
    naming = Naming()
    if server.global_resources is not None:
        role = "<GlobalNamingResources> of conf/server.xml"
        resources = server.global_resources.child_elements("Resource")
        naming.globals = [Declared(r, role) for r in resources]
    contexts, dropped = gateway_contexts(server, gateway, files)
    for element, role in contexts:
        naming.entries += [
            Declared(c, role) for c in element.children if c.tag in ("Resource", "ResourceLink")
        ]
    for element, role in dropped:
        naming.skipped += [
            Declared(c, role) for c in element.children if c.tag in ("Resource", "ResourceLink")
        ]
    return naming


def factory(resource: Element, ctx: PropertyContext) -> Factory:
    """The DataSource factory Tomcat instantiates for this <Resource>."""
    written = (resource.get("factory") or "").strip()
    if written:
        return Factory(written, _scheme(written), True, "")
    prop = ctx.system.get(FACTORY_PROPERTY)
    if prop is not None and prop.value.strip():
        cls = prop.value.strip()
        return Factory(
            cls, _scheme(cls), False, f"the factory -D{FACTORY_PROPERTY} sets ({prop.origin})"
        )
    version = ctx.version
    if version.major <= 7:
        cls = DBCP1_FACTORIES[0]
        return Factory(cls, DBCP1, False, f"Tomcat {version}'s default factory")
    cls = DBCP2_FACTORIES[0]
    return Factory(cls, DBCP2, False, f"Tomcat {version}'s default factory")


def _scheme(class_name: str) -> str:
    if class_name in DBCP2_FACTORIES:
        return DBCP2
    if class_name in DBCP1_FACTORIES:
        return DBCP1
    if class_name in TOMCAT_JDBC_FACTORIES:
        return TOMCAT_JDBC
    return ""
