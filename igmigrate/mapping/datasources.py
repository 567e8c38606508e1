"""JNDI DataSources the gateway can look up → JdbcDataSource heap objects of config.json.

One per DataSource reachable from the gateway (a <Resource> of its contexts, or a global one
through a <ResourceLink>), named from its JNDI name (`jdbc/forgerock` → JdbcDataSource-forgerock),
its password a secret of the SecretsPasswords store of config.json (admin.json's heap is not
visible there). `Instance.datasources` maps each JNDI name to the heap name for the rewrites of
routes' `dataSource`. Pool settings: mapping/datasource_pool.py.
"""

from __future__ import annotations

import re

from igmigrate.findings import Status
from igmigrate.ig.model import ConfigJson, HeapObject
from igmigrate.mapping.claims import Claims
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.datasource_connection import HEAP_PREFIX, connection
from igmigrate.mapping.datasource_pool import report_pool
from igmigrate.mapping.tls_context import PASSWORDS, password_store
from igmigrate.rules import applies
from igmigrate.rules.datasource_names import CONNECTION, STANDARD
from igmigrate.tomcat.resources import Declared, factory, read_naming

USER_DATABASE = "org.apache.catalina.UserDatabase"  # server.user-database (mapping/server.py)
MEANINGS = {
    "javax.mail.Session": "a JavaMail session",
    "jakarta.mail.Session": "a Jakarta Mail session",
    USER_DATABASE: "Tomcat's user database (tomcat-users.xml)",
    "org.apache.naming.factory.BeanFactory": "a JavaBean built by Tomcat's BeanFactory",
}


@applies(
    "datasource.duplicate",
    "datasource.link-broken",
    "datasource.unreachable",
    "datasource.override-dropped",
)
def map_datasources(mc: MapContext) -> None:
    """Every <Resource>/<ResourceLink> of the gateway's contexts, in Tomcat's order, then the
    global Resources nothing links to."""
    loaded = mc.loaded
    naming = read_naming(loaded.server, loaded.gateway, loaded.webapp_files)
    for d in naming.skipped:
        mc.emit_element(
            "datasource.override-dropped",
            f'<{d.element.tag} name="{d.name}"> of {d.role}: the gateway\'s <Context> has'
            ' override="true", so Tomcat does not apply this default context to it',
            d.element,
        )
    first: dict[str, Declared] = {}
    made: dict[int, str] = {}  # id(global <Resource>) → its heap name, for a second link
    reached: set[int] = set()  # id() of the global Resources a link names
    for d in naming.entries:
        if d.name in first:
            mc.emit_element(
                "datasource.duplicate",
                f'<{d.element.tag} name="{d.name}"> of {d.role}: the name is already bound by'
                f" the <{first[d.name].element.tag}> at {first[d.name].element.location},"
                " which Tomcat keeps; this one is not converted",
                d.element,
            )
            continue
        first[d.name] = d
        if d.element.tag == "Resource":
            _resource(mc, d, d.name, None, made)
            continue
        target = (d.element.get("global") or "").strip()
        g = naming.global_named(target)
        if g is None:
            mc.emit_element(
                "datasource.link-broken",
                f'<ResourceLink name="{d.name}" global="{target}"> of {d.role}:'
                " <GlobalNamingResources> defines no such Resource",
                d.element,
            )
            continue
        reached.add(id(g.element))
        _resource(mc, g, d.name, d, made)
    for g in naming.globals:
        if id(g.element) in reached or g.type == USER_DATABASE:
            continue
        mc.emit_element(
            "datasource.unreachable",
            f'global <Resource name="{g.name}" type="{g.type}">: no <ResourceLink> in the'
            " gateway's contexts names it, so the gateway could not look it up; not converted",
            g.element,
        )


@applies("datasource.jdbc", "resource.other", "datasource.factory-unknown")
def _resource(
    mc: MapContext, d: Declared, jndi: str, link: Declared | None, made: dict[int, str]
) -> None:
    """One Resource the gateway reaches as `jndi` (through `link` when global)."""
    # a link's own factory/username/password (DataSourceLinkFactory) stay for the catch-all
    link_keys = link.element.keys("name", "global", "type") if link is not None else ()
    via = f" (linked at {link.element.location} as {jndi})" if link is not None else ""
    if not d.is_datasource:
        meaning = MEANINGS.get(d.type) or MEANINGS.get(d.element.get("factory") or "", "")
        what = f"{meaning}, " if meaning else ""
        mc.emit(
            "resource.other",
            f'<Resource name="{d.name}" type="{d.type}"> of {d.role}{via}: {what}looked up'
            " through JNDI, which standalone IG does not have",
            location=d.element.location,
            settings=(*d.element.subtree_keys(), *link_keys),
        )
        return
    if id(d.element) in made:
        heap = made[id(d.element)]
        mc.instance.datasources[jndi] = heap
        mc.emit(
            "datasource.jdbc",
            f'DataSource "{d.name}"{via} → the same JdbcDataSource {heap}',
            location=(link or d).element.location,
            settings=link_keys,
        )
        return
    fac = factory(d.element, mc.loaded.ctx)
    notes: list[str] = []
    if not fac.scheme:
        mc.emit(
            "datasource.factory-unknown",
            f'DataSource "{jndi}" of {d.role}{via}: factory {fac.class_name} is not DBCP 2,'
            " DBCP 1 nor the Tomcat JDBC pool, so its attribute names are unknown; not converted",
            location=d.element.location,
            settings=(*d.element.subtree_keys(), *link_keys),
        )
        return
    named = d.element.attr("name")
    if named is not None and named.unresolved:
        notes.append(f'its name "{named.raw}" has no value here: routes name it by this heap name')
    heap = _heap_name(mc, jndi)
    made[id(d.element)] = heap
    claims = Claims(d.element)
    config, more, manual = connection(mc, d, claims, jndi, heap)
    notes += more
    _store(mc)
    _config(mc).heap.append(HeapObject(heap, "JdbcDataSource", config))
    mc.instance.datasources[jndi] = heap
    chosen = f"factory {fac.class_name}" if fac.written else f"{fac.why}"
    url = config.get("jdbcUrl")
    mc.emit(
        "datasource.jdbc",
        f'DataSource "{jndi}" of {d.role}{via} ({fac.scheme}: {chosen}) → {heap}'
        " in config/config.json"
        + (f", jdbcUrl {url}" if url else "")
        + (f"; {'; '.join(notes)}" if notes else ""),
        location=d.element.location,
        settings=(*claims.take(*STANDARD, *CONNECTION), *link_keys),
        status=Status.MANUAL if manual else None,
    )
    report_pool(mc, claims, jndi, fac)


def _config(mc: MapContext) -> ConfigJson:
    if mc.instance.config is None:
        mc.instance.config = ConfigJson()
    return mc.instance.config


def _store(mc: MapContext) -> None:
    """The password store of config.json (the TLS one of admin.json is not visible there)."""
    config = _config(mc)
    if config.find(PASSWORDS) is None:
        config.heap.append(password_store(mc))


def _heap_name(mc: MapContext, jndi: str) -> str:
    """JdbcDataSource-<JNDI name without jdbc/>, `-2`, `-3`… when taken."""
    short = re.sub(r"[^A-Za-z0-9._-]+", "-", jndi.removeprefix("jdbc/")).strip("-.") or "db"
    base = HEAP_PREFIX + short
    taken = {h.name for h in _config(mc).heap} | set(mc.instance.datasources.values())
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name
