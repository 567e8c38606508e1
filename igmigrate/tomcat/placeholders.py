"""Tomcat `${}` property substitution (IntrospectionUtils.replaceProperties), per version.

Bounded: at most MAX_PASSES passes (Tomcat 10.1 gives up after 20 and keeps what it has), and no
result longer than MAX_VALUE characters (64 KiB; no real attribute needs more, while a definition
such as `p=${p}${p}${p}` would otherwise grow to gigabytes). Either way the names involved are
returned as `runaway`, for an error at the attribute.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from igmigrate.tomcat.version import TomcatVersion

MAX_PASSES = 20
MAX_VALUE = 64 * 1024


@dataclass(frozen=True)
class PropertyValue:
    value: str
    origin: str  # where it came from, e.g. "conf/catalina.properties:12" or "--property"


@dataclass
class PropertyContext:
    """The properties Tomcat's Digester would see, with their origins.

    `system` holds system properties (-D, catalina.properties, --property: later sources already
    merged by the caller); `env` holds environment variables, consulted first only when Tomcat's
    EnvironmentPropertySource is enabled (then env wins over -D, as in Tomcat).
    """

    version: TomcatVersion
    system: dict[str, PropertyValue] = field(default_factory=dict)
    env: dict[str, PropertyValue] = field(default_factory=dict)
    env_source_enabled: bool = False

    def lookup(self, name: str) -> PropertyValue | None:
        if self.env_source_enabled and name in self.env:
            return self.env[name]
        return self.system.get(name)


@dataclass(frozen=True)
class Resolution:
    value: str
    used: tuple[str, ...]  # property names that supplied a value (or a default)
    unresolved: tuple[str, ...]  # names left verbatim as ${name}
    runaway: tuple[str, ...] = ()  # names whose expansion never settles or outgrows MAX_VALUE


class _TooLarge(Exception):
    """A pass produced more than MAX_VALUE characters (raised by the substitution that did)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _one_pass(text: str, ctx: PropertyContext, used: list[str], unresolved: list[str]) -> str:
    if "$" not in text:
        return text
    sep = ctx.version.default_separator()
    out: list[str] = []
    size = 0
    prev = 0
    while True:
        pos = text.find("$", prev)
        if pos < 0:
            break
        out.append(text[prev:pos])
        if pos == len(text) - 1 or text[pos + 1] != "{":
            out.append("$")
            prev = pos + 1
            continue
        end = text.find("}", pos)
        if end < 0:
            out.append(text[pos:])
            prev = len(text)
            break
        name = text[pos + 2 : end]
        found = ctx.lookup(name)
        if found is not None:
            used.append(name)
            out.append(found.value)
        elif sep is not None and sep in name:
            base, default = name.split(sep, 1)
            found = ctx.lookup(base)
            used.append(base)
            name = base
            out.append(found.value if found is not None else default)
        else:
            unresolved.append(name)
            out.append("${" + name + "}")
        size += pos - prev + len(out[-1])
        if size > MAX_VALUE:
            raise _TooLarge(name)
        prev = end + 1
    out.append(text[prev:])
    return "".join(out)


def resolve(text: str, ctx: PropertyContext) -> Resolution:
    """Substitute `${}` exactly as the detected Tomcat version does."""
    used: list[str] = []
    unresolved: list[str] = []
    try:
        value = _one_pass(text, ctx, used, unresolved)
        if not ctx.version.recursive_placeholders():
            return Resolution(value, _names(used), _names(unresolved))
        for _ in range(MAX_PASSES - 1):
            if "${" not in value:
                break
            unresolved = []
            again = _one_pass(value, ctx, used, unresolved)
            if again == value:
                break
            value = again
        else:
            if "${" in value:  # Tomcat warns "too many iterations" and keeps the value as is
                return Resolution(value, _names(used), _names(unresolved), _names(used))
    except _TooLarge as err:
        return Resolution(text, _names(used), (), (err.name,))
    return Resolution(value, _names(used), _names(unresolved))


def _names(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
