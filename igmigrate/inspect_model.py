"""The parsed Tomcat model as plain JSON for `igmigrate inspect --format json` (no values kept
secret by the parser: password attributes arrive masked, shell and property values are left out)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from igmigrate.findings import SourceLocation, path_pattern
from igmigrate.tomcat.load import Loaded
from igmigrate.tomcat.model import Element

Json = dict[str, object]


class Namer:
    """Names a file as findings do (relative to SRC, or by its option) and takes host paths of
    SRC and --catalina-home out of values (`${catalina.base}`, `${catalina.home}`)."""

    def __init__(self, loaded: Loaded) -> None:
        self._names = loaded.names
        self._texts = [(path_pattern(p), token) for p, token in self._names.text_names() if p]

    def file(self, name: str) -> str:
        return self._names.name(Path(name)) if Path(name).is_absolute() else name

    def text(self, value: str) -> str:
        for pattern, token in self._texts:
            value = pattern.sub(lambda _, t=token: t, value)  # type: ignore[misc]
        return value

    def location(self, loc: SourceLocation | None) -> str | None:
        if loc is None:
            return None
        named = self.file(loc.file)
        return f"{named}:{loc.line}" if loc.line else named


def element(e: Element, namer: Namer) -> Json:
    """An element with its location, attributes (as resolved; `raw` when `${}` changed them)
    and children, in file order."""
    attrs: list[Json] = []
    for a in e.attrs:
        item: Json = {"name": a.spelling, "value": namer.text(a.value), "line": a.line}
        if a.raw != a.value:
            item["raw"] = namer.text(a.raw)
        if a.unresolved:
            item["unresolved"] = list(a.unresolved)
        attrs.append(item)
    out: Json = {
        "tag": e.tag,
        "location": namer.location(e.location),
        "path": e.location.path,
        "attributes": attrs,
    }
    if e.text:
        out["text"] = namer.text(e.text)
    if e.children:
        out["children"] = [element(c, namer) for c in e.children]
    return out


def model(loaded: Loaded) -> Json:
    """What was read from SRC: server.xml as parsed, the other descriptors, setenv.sh and
    catalina.properties by name and place (their values may be secrets: not shown)."""
    namer = Namer(loaded)
    located: Callable[[SourceLocation], str | None] = namer.location
    setenv = loaded.setenv
    gw = loaded.gateway
    return {
        "tomcat_version": str(loaded.version.version),
        "tomcat_version_from": loaded.version.source,
        "server_xml": element(loaded.server.element, namer),
        "webapp_files": [
            {
                "file": namer.file(f.file),
                "kind": f.kind,
                "role": f.role,
                "ignored": f.ignored,
                "error": f.error is not None,
                "element": element(f.element, namer) if f.element is not None else None,
            }
            for f in loaded.webapp_files
        ],
        "gateway_app": None
        if gw is None
        else {"path": gw.path, "service": gw.service, "engine": gw.engine, "host": gw.host},
        "setenv": {
            "file": setenv.file,
            "variables": [
                {"name": v.name, "exported": v.exported, "location": located(v.location)}
                for v in setenv.assignments
            ],
            "jvm_options": [
                {"option": _option_name(o.text), "var": o.var, "location": located(o.location)}
                for o in setenv.jvm_options
            ],
        },
        "catalina_properties": [
            {"name": k, "origin": v.origin} for k, v in sorted(loaded.catalina_properties.items())
        ],
    }


def _option_name(text: str) -> str:
    """`-Dname=value` → `-Dname` (the value may be a secret); other options as written up to
    a `=` or `:` (`-Xmx512m` stays, `-javaagent:/x.jar` → `-javaagent`)."""
    for sep in ("=", ":"):
        if sep in text:
            return text.split(sep, 1)[0]
    return text
