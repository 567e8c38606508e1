"""Frozen dataclasses for what was read from a Tomcat installation; each node keeps its place."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from igmigrate.findings import SettingKey, SourceLocation
from igmigrate.secretvalue import Secret

TEXT = "#text"
# Read by the Digester's create rules with attributes.getValue(exact name): no other spelling.
EXACT_NAMES = frozenset({"className", "protocol", "executor", "sslImplementationName"})


@lru_cache(maxsize=4096)
def property_name(written: str) -> str:
    """The property an attribute sets: Tomcat calls "set" + capitalize(name), so only the first
    letter's case is free. Canonical form: first letter upper when the second is (SSLEnabled,
    URIEncoding), else lower (port); names read by exact spelling (EXACT_NAMES) are kept."""
    if not written[:1].isalpha():
        return written
    first = written[0].upper() if written[1:2].isupper() else written[0].lower()
    canon = first + written[1:]
    return written if canon in EXACT_NAMES and canon != written else canon


@dataclass(frozen=True)
class Attr:
    """One XML attribute: its text as written (entities decoded) and after `${}` substitution.

    A password attribute shows the fixed MASK as raw and value; an attribute holding a URL with
    credentials shows the URL with them masked. Either way `secret` holds the real resolved value.
    """

    name: str
    raw: str
    value: str
    unresolved: tuple[str, ...] = ()
    line: int | None = None
    used: tuple[str, ...] = ()  # property names that supplied a value
    secret: Secret | None = field(default=None, repr=False)
    written: str = ""  # the spelling in the file, when it differs from `name` (e.g. "Port")

    @property
    def spelling(self) -> str:
        """The name as written in the file: what the user is shown and setting keys use."""
        return self.written or self.name


@dataclass(frozen=True)
class Element:
    """A generic XML element with its attributes in file order and its children."""

    tag: str
    location: SourceLocation
    attrs: tuple[Attr, ...] = ()
    children: tuple[Element, ...] = ()
    text: str = ""

    def attr(self, name: str) -> Attr | None:
        """The attribute setting property `name` (any spelling Tomcat's setter lookup accepts)."""
        canon = property_name(name)
        for a in self.attrs:
            if a.name == name or a.name == canon:
                return a
        return None

    def at(self, name: str) -> SourceLocation:
        """Location of one attribute (its own line when known)."""
        a = self.attr(name)
        line = a.line if a is not None and a.line else self.location.line
        return SourceLocation(self.location.file, line, self.location.path)

    def get(self, name: str, default: str | None = None) -> str | None:
        a = self.attr(name)
        return a.value if a is not None else default

    def key(self, name: str) -> SettingKey:
        a = self.attr(name)
        return SettingKey(self.location.file, self.location.path, a.spelling if a else name)

    def keys(self, *names: str) -> tuple[SettingKey, ...]:
        """Setting keys for the named attributes that are present."""
        return tuple(self.key(n) for n in names if self.attr(n) is not None)

    def all_keys(self) -> tuple[SettingKey, ...]:
        return tuple(
            SettingKey(self.location.file, self.location.path, a.spelling) for a in self.attrs
        )

    def subtree_keys(self) -> tuple[SettingKey, ...]:
        """Every attribute (and non-blank body) of this element and its descendants."""
        keys: list[SettingKey] = []
        for e in self.walk():
            keys.extend(e.all_keys())
            if e.text:
                keys.append(e.key(TEXT))
        return tuple(keys)

    def child_elements(self, tag: str) -> tuple[Element, ...]:
        return tuple(c for c in self.children if c.tag == tag)

    def walk(self) -> Iterator[Element]:
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass(frozen=True)
class Executor:
    element: Element

    @property
    def name(self) -> str | None:
        return self.element.get("name")


@dataclass(frozen=True)
class SSLHostConfig:
    element: Element
    certificates: tuple[Element, ...] = ()
    others: tuple[Element, ...] = ()


@dataclass(frozen=True)
class Connector:
    """A `<Connector>`; `executor` is the Executor Tomcat would bind (same Service, earlier)."""

    element: Element
    executor: Executor | None = None
    upgrade_protocols: tuple[Element, ...] = ()
    ssl_host_configs: tuple[SSLHostConfig, ...] = ()
    others: tuple[Element, ...] = ()

    @property
    def protocol(self) -> str:
        return self.element.get("protocol") or "HTTP/1.1"

    @property
    def location(self) -> SourceLocation:
        return self.element.location


@dataclass(frozen=True)
class Context:
    """A `<Context>` from server.xml or a context file; children kept as generic elements."""

    element: Element

    @property
    def location(self) -> SourceLocation:
        return self.element.location


@dataclass(frozen=True)
class Host:
    element: Element
    contexts: tuple[Context, ...] = ()
    valves: tuple[Element, ...] = ()
    realms: tuple[Element, ...] = ()
    others: tuple[Element, ...] = ()

    @property
    def name(self) -> str:
        return self.element.get("name") or "localhost"

    @property
    def app_base(self) -> str:
        return self.element.get("appBase") or "webapps"

    @property
    def xml_base(self) -> str | None:
        return self.element.get("xmlBase")


@dataclass(frozen=True)
class Engine:
    element: Element
    hosts: tuple[Host, ...] = ()
    valves: tuple[Element, ...] = ()
    realms: tuple[Element, ...] = ()
    clusters: tuple[Element, ...] = ()
    others: tuple[Element, ...] = ()

    @property
    def name(self) -> str:
        return self.element.get("name") or "Catalina"


@dataclass(frozen=True)
class Service:
    element: Element
    executors: tuple[Executor, ...] = ()
    connectors: tuple[Connector, ...] = ()
    engine: Engine | None = None
    others: tuple[Element, ...] = ()

    @property
    def name(self) -> str:
        return self.element.get("name") or ""


@dataclass(frozen=True)
class Server:
    element: Element
    listeners: tuple[Element, ...] = ()
    global_resources: Element | None = None
    services: tuple[Service, ...] = ()
    others: tuple[Element, ...] = ()

    @property
    def port_offset(self) -> Attr | None:
        return self.element.attr("portOffset")


@dataclass(frozen=True)
class GatewayApp:
    """Where the gateway web application was found, and by what evidence."""

    service: str
    engine: str
    host: str
    path: str  # directory or .war, relative to SRC (or absolute when outside SRC)
    evidence: str
    location: SourceLocation | None = None
    context: Element | None = None  # the <Context> that deploys it, when there is one
    name: str = "ROOT"  # Tomcat's context name: ROOT is "/", foo#bar is "/foo/bar"
