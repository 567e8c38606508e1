"""The instance's JSON rewritten for standalone: web-container-only handler settings, JNDI names."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from igmigrate.findings import SourceLocation
from igmigrate.ig.instance import IgInstance
from igmigrate.ig.json_text import Edit, Node, apply, parse, position, remove_member, replace_value
from igmigrate.mapping.context import MapContext
from igmigrate.rules import applies

RULE_ASYNC = "ig-instance.async-streaming"
RULE_STATE = "ig-instance.state-tracking"
RULE_DS = "ig-instance.datasource-rewritten"
RULE_DS_UNKNOWN = "ig-instance.datasource-unknown"
HANDLERS = ("ClientHandler", "ReverseProxyHandler")
JNDI_ENV = "java:comp/env/"  # the prefix a web application's own JNDI names live under
# handler config member → (the web-container-only value removed, its rule)
IGNORED: dict[str, tuple[str, bool | str, str]] = {
    "asyncBehavior": ("string", "streaming", RULE_ASYNC),
    "stateTrackingEnabled": ("literal", False, RULE_STATE),
}
WHY = {
    RULE_ASYNC: 'asyncBehavior "streaming" removed: standalone IG ignores it',
    RULE_STATE: "stateTrackingEnabled false removed: standalone IG ignores it (connections"
    " authenticated with a client certificate are never reused)",
}


@dataclass(frozen=True)
class _Target:
    """A member to edit, by where its key starts (unchanged while later text is edited)."""

    key_start: int
    rule: str
    value: str = ""  # dataSource: the heap name written


def _member_at(root: Node, key_start: int) -> tuple[Node, int]:
    for node in root.walk():
        for i, m in enumerate(node.members):
            if m.key_start == key_start:
                return node, i
    raise LookupError(key_start)  # pragma: no cover - targets come from the same text


def _handler_targets(root: Node) -> list[_Target]:
    """Members of a ClientHandler / ReverseProxyHandler config (heap object or inline, at any
    depth) with the value only a web container honours."""
    out: list[_Target] = []
    for node in root.walk():
        kind, config = node.get("type"), node.get("config")
        if kind is None or kind.value not in HANDLERS or kind.kind != "string":
            continue
        if config is None or config.kind != "object":
            continue
        for m in config.members:
            ignored = IGNORED.get(m.key)
            if ignored and (m.value.kind, m.value.value) == ignored[:2]:
                out.append(_Target(m.key_start, ignored[2]))
    return out


def jndi_looking(value: str) -> bool:
    """A JNDI name rather than a heap object's name: `java:…`, or a path such as `jdbc/x`."""
    return value.startswith("java:") or "/" in value


def _datasource_targets(
    root: Node, datasources: Mapping[str, str], heap_names: Collection[str]
) -> tuple[list[_Target], list[tuple[int, str]]]:
    """`dataSource` members naming a JNDI name: those with a JdbcDataSource (to rewrite), and
    the others (key start, value) that name nothing known."""
    rewrite: list[_Target] = []
    unknown: list[tuple[int, str]] = []
    for node in root.walk():
        for m in node.members:
            v = m.value
            if m.key != "dataSource" or v.kind != "string" or v.value in heap_names:
                continue
            name = v.value.removeprefix(JNDI_ENV)
            if "${" in name or "&{" in name:
                continue  # an expression: resolved by IG at run time
            if name in datasources:
                rewrite.append(_Target(m.key_start, RULE_DS, datasources[name]))
            elif jndi_looking(v.value):
                unknown.append((m.key_start, v.value))
    return rewrite, unknown


def heap_names(root: Node) -> set[str]:
    """The names of the objects in a document's top-level heap."""
    heap = root.get("heap") if root.kind == "object" else None
    names: set[str] = set()
    for item in heap.items if heap is not None else []:
        name = item.get("name") if item.kind == "object" else None
        if name is not None and name.kind == "string":
            names.add(name.value)
    return names


@applies(RULE_ASYNC, RULE_STATE, RULE_DS, RULE_DS_UNKNOWN)
def rewrite(
    mc: MapContext, rel: str, text: str, *, references: bool, known: Collection[str] = ()
) -> str:
    """`text` of instance file `rel` with the web-container-only handler settings removed and
    (when `references`) JNDI dataSource names replaced by their JdbcDataSource; each reported
    at its line and JSON pointer. `known`: heap names visible to the file besides its own."""
    name = IgInstance.name(rel)
    root = parse(text)
    targets = _handler_targets(root)
    if references:
        names = heap_names(root) | set(known)
        found, unknown = _datasource_targets(root, mc.instance.datasources, names)
        targets += found
        for key_start, value in unknown:
            line, _ = position(text, key_start)
            obj, i = _member_at(root, key_start)
            pointer = obj.members[i].value.pointer
            mc.emit(
                RULE_DS_UNKNOWN,
                f"{name}:{line} {pointer}: dataSource {value!r} is a JNDI name no converted"
                " Tomcat DataSource has; standalone IG has no JNDI",
                location=SourceLocation(name, line, pointer),
            )
    for t in sorted(targets, key=lambda t: t.key_start, reverse=True):
        root = parse(text)  # earlier text is unchanged: key starts still hold
        obj, i = _member_at(root, t.key_start)
        member = obj.members[i]
        line, _ = position(text, t.key_start)
        where = SourceLocation(name, line, member.value.pointer)
        edit: Edit
        if t.rule == RULE_DS:
            edit = replace_value(text, member.value, t.value)
            mc.emit(
                RULE_DS,
                f"{name}:{line} {member.value.pointer}: dataSource {member.value.value!r}"
                f" (a JNDI name) now names the JdbcDataSource {t.value!r} of config.json",
                location=where,
            )
        else:
            edit = remove_member(text, obj, i)
            mc.emit(t.rule, f"{name}:{line} {member.value.pointer}: {WHY[t.rule]}", location=where)
        text = apply(text, edit)
    return text


# -- the routes: config/routes and the directories config.json's Routers name ---------------
RULE_ROUTER_DIR = "ig-instance.router-directory"
DEFAULT_ROUTES = "config/routes"
# tokens a Router `directory` starts with, and what they are relative to the instance root
DIR_TOKENS = {
    "${openig.configDirectory}": "config",
    "&{ig.config.dir}": "config",
    "${openig.instanceDirectory}": "",
    "&{ig.instance.dir}": "",
}


def resolve_directory(value: str) -> str | None:
    """A Router `directory` as a path relative to the instance root; None when it cannot be
    told here (another token, a path outside the instance, a relative path)."""
    for token, rel in DIR_TOKENS.items():
        if value.startswith(token):
            rest = value[len(token) :].strip("/")
            if "${" in rest or "&{" in rest:
                return None
            parts = [p for p in f"{rel}/{rest}".split("/") if p not in ("", ".")]
            return "/".join(parts) if parts and ".." not in parts else None
    return None


@applies(RULE_ROUTER_DIR)
def route_directories(mc: MapContext, config_text: str | None) -> list[str]:
    """config/routes, and every Router `directory` of the instance's config.json that resolves
    inside the instance; one that does not is reported at its line."""
    dirs = [DEFAULT_ROUTES]
    if config_text is None:
        return dirs
    name = IgInstance.name("config/config.json")
    for node in parse(config_text).walk():
        kind, config = node.get("type"), node.get("config")
        if kind is None or kind.value != "Router" or config is None:
            continue
        directory = config.get("directory")
        if directory is None:
            continue
        resolved = resolve_directory(directory.value) if directory.kind == "string" else None
        if resolved is not None:
            dirs.append(resolved)
            continue
        line, _ = position(config_text, directory.start)
        mc.emit(
            RULE_ROUTER_DIR,
            f"{name}:{line} {directory.pointer}: the Router's directory is not a directory of"
            " the instance igmigrate can tell: its routes were copied as found, not rewritten",
            location=SourceLocation(name, line, directory.pointer),
        )
    return sorted(set(dirs))


def is_route(rel: str, dirs: Collection[str]) -> bool:
    return rel.endswith(".json") and any(rel.startswith(d + "/") for d in dirs)
