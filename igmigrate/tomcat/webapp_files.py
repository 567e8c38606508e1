"""The context.xml and web.xml files Tomcat reads for the gateway app, read but not yet converted.

conf/context.xml and conf/web.xml (defaults for every application), the gateway Host's
context.xml.default, and the gateway's own META-INF/context.xml and WEB-INF/web.xml (from a
directory, or from inside a .war without unpacking it). Each goes through the hardened XmlReader;
a file it cannot read is kept as an error (Tomcat does not deploy the application then). As
Tomcat (xmlBlockExternal), external entities are never followed in a web.xml nor inside a .war.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from igmigrate.errors import InputError
from igmigrate.findings import SourceLocation
from igmigrate.tomcat.files import open_input, read_bytes
from igmigrate.tomcat.model import Element, GatewayApp, Host, Server
from igmigrate.tomcat.version import TomcatVersion
from igmigrate.tomcat.war import BadWar, open_war, read_entry
from igmigrate.tomcat.xml import XmlReader
from igmigrate.tomcat.xml_doctype import parser

CONTEXT = "context"
WEB_XML = "web-xml"
TOMCAT_WEB_XML = "WEB-INF/tomcat-web.xml"  # Tomcat's own descriptor, merged under web.xml


@dataclass(frozen=True)
class WebappFile:
    """One file read: its element tree, or why it could not be read."""

    kind: str  # CONTEXT or WEB_XML
    file: str  # relative to SRC; `app.war!/WEB-INF/web.xml` for an entry of a .war
    role: str  # what Tomcat uses it for, in Tomcat's words
    element: Element | None = None
    error: str | None = None
    location: SourceLocation | None = None
    ignored: str | None = None  # why Tomcat does not read it, when it does not


def _external_entities(data: bytes) -> list[tuple[str, int | None]]:
    """References to SYSTEM entities (name, line); a file that does not parse has none here."""
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError:
        return []
    dtd = root.getroottree().docinfo.internalDTD
    system = {e.name for e in (dtd.iterentities() if dtd is not None else ()) if e.system_url}
    refs = [r for r in root.iter(etree.Entity) if isinstance(r, etree._Entity)]
    return [(r.name or "", r.sourceline) for r in refs if r.name in system]


def _read(
    reader: XmlReader,
    kind: str,
    role: str,
    file: str,
    path: Path,
    data: bytes,
    *,
    follow_entities: bool,
    ignored: str | None = None,
) -> WebappFile:
    if not follow_entities:
        external = _external_entities(data)
        if external:
            name, line = external[0]
            return WebappFile(
                kind,
                file,
                role,
                error=f"DOCTYPE entity '&{name};' is external: Tomcat blocks external entities"
                " here (xmlBlockExternal) and fails to parse the file",
                location=SourceLocation(file, line),
            )
    try:
        element = reader.read_data(data, file, path)
    except InputError as err:
        loc = err.location or SourceLocation(file)
        col = f" (column {err.col})" if err.col else ""
        return WebappFile(kind, file, role, error=f"{err.args[0]}{col}", location=loc)
    return WebappFile(kind, file, role, element, location=element.location, ignored=ignored)


def _from_disk(
    reader: XmlReader, kind: str, role: str, path: Path, src: Path, ignored: str | None = None
) -> WebappFile | None:
    if not path.exists():
        return None
    file = reader.name(path)
    try:
        data = read_bytes(path)
    except OSError as err:
        return WebappFile(kind, file, role, error=f"cannot read: {err.strerror or err}")
    return _read(
        reader, kind, role, file, path, data, follow_entities=kind != WEB_XML, ignored=ignored
    )


def _from_war(
    reader: XmlReader, kind: str, role: str, war: Path, entry: str, src: Path, ignored: str | None
) -> tuple[WebappFile | None, bool]:
    """The entry read from the .war, and whether the archive itself could not be opened (then
    no other entry is tried: one finding says so)."""
    file = f"{reader.name(war)}!/{entry}"
    opened = False
    try:
        with open_input(war) as fh, open_war(fh) as z:
            opened = True
            data = read_entry(z, entry)
    except BadWar as err:
        bad = WebappFile(kind, file, role, error=f"not read: {err}", location=SourceLocation(file))
        return bad, not opened
    except (OSError, zipfile.BadZipFile, RuntimeError, EOFError) as err:
        bad = WebappFile(
            kind, file, role, error=f"cannot read the .war: {err}", location=SourceLocation(file)
        )
        return bad, not opened
    if data is None:
        return None, False
    return _read(reader, kind, role, file, war, data, follow_entities=False, ignored=ignored), False


def _gateway_host(server: Server, gateway: GatewayApp | None) -> Host | None:
    for service in server.services:
        engine = service.engine
        if gateway is None or engine is None or engine.name != gateway.engine:
            continue
        return next((h for h in engine.hosts if h.name == gateway.host), None)
    return None


def _meta_inf_ignored(gateway: GatewayApp, host: Host | None) -> str | None:
    """Why Tomcat does not read the app's META-INF/context.xml (HostConfig), or None."""
    if gateway.context is not None and gateway.location is not None:
        why = f"the application is deployed by the <Context> at {gateway.location}"
    elif host is not None and (host.element.get("deployXML") or "").lower() == "false":
        why = f'<Host name="{host.name}"> has deployXML="false"'
    else:
        return None
    return why + ", so Tomcat does not read its META-INF/context.xml"


def _tomcat_web_xml(version: TomcatVersion) -> str | None:
    """Why Tomcat does not read WEB-INF/tomcat-web.xml (added by bug 52924, 2017), or None."""
    if version.at_least(8, 5):
        return None
    return f"Tomcat {version} predates WEB-INF/tomcat-web.xml (read from 8.5 and 9.0)"


def read_webapp_files(
    reader: XmlReader,
    server: Server,
    base: Path,
    src: Path,
    gateway: GatewayApp | None,
    version: TomcatVersion,
) -> list[WebappFile]:
    """Every such file present, in the order Tomcat reads them (tomcat-web.xml after web.xml;
    its settings apply where web.xml sets none, those of the defaults after both)."""
    conf = base / "conf"
    out = [
        _from_disk(
            reader, CONTEXT, "default <Context> of every application", conf / "context.xml", src
        )
    ]
    host = _gateway_host(server, gateway)
    if gateway is not None and host is not None:
        config_base = base / (host.xml_base or f"conf/{gateway.engine}/{host.name}")
        role = f'default <Context> of Host "{host.name}"'
        out.append(_from_disk(reader, CONTEXT, role, config_base / "context.xml.default", src))
    out.append(
        _from_disk(reader, WEB_XML, "default web.xml of every application", conf / "web.xml", src)
    )
    if gateway is not None and host is not None:  # ContextConfig.getHostWebXmlSource
        role = f'default web.xml of Host "{host.name}"'
        out.append(_from_disk(reader, WEB_XML, role, config_base / "web.xml.default", src))
    if gateway is not None:
        app = Path(gateway.path)
        app = app if app.is_absolute() else src / app
        entries = (
            (
                CONTEXT,
                "the gateway's <Context>",
                "META-INF/context.xml",
                _meta_inf_ignored(gateway, host),
            ),
            (WEB_XML, "the gateway's web.xml", "WEB-INF/web.xml", None),
            (WEB_XML, "the gateway's tomcat-web.xml", TOMCAT_WEB_XML, _tomcat_web_xml(version)),
        )
        for kind, role, entry, why in entries:
            if app.is_dir():
                out.append(_from_disk(reader, kind, role, app / entry, src, why))
            elif app.is_file() and app.suffix == ".war":
                found, unreadable = _from_war(reader, kind, role, app, entry, src, why)
                out.append(found)
                if unreadable:
                    break
    return [f for f in out if f is not None]
