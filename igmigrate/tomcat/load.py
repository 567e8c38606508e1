"""Discover and parse a Tomcat installation into the source model (discover → parse)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from igmigrate.config import Config
from igmigrate.errors import InputError
from igmigrate.findings import Findings, SourceLocation, Status
from igmigrate.rules import applies
from igmigrate.tomcat.detect_version import DetectedVersion, detect_version
from igmigrate.tomcat.files import report_not_regular, special_kind
from igmigrate.tomcat.gateway_app import Candidate, find_gateway
from igmigrate.tomcat.key_material import ConnectorTls, TlsInputs, read_connectors
from igmigrate.tomcat.model import Connector, GatewayApp, Server
from igmigrate.tomcat.paths import PathNames
from igmigrate.tomcat.placeholders import PropertyContext, PropertyValue
from igmigrate.tomcat.properties import read_catalina_properties
from igmigrate.tomcat.server_xml import parse_server
from igmigrate.tomcat.setenv import Setenv, read_setenv, system_properties
from igmigrate.tomcat.tls_model import TlsConfig
from igmigrate.tomcat.webapp_files import WebappFile, read_webapp_files
from igmigrate.tomcat.xml import XmlReader

ENV_SOURCE = "org.apache.tomcat.util.digester.EnvironmentPropertySource"
PROPERTY_SOURCE = "org.apache.tomcat.util.digester.PROPERTY_SOURCE"


@dataclass
class Loaded:
    """Everything read from SRC, plus the reader (for further XML files) and what was used."""

    base: Path  # CATALINA_BASE: the SRC argument, to which every reported file is relative
    home: Path
    version: DetectedVersion
    ctx: PropertyContext
    server: Server
    setenv: Setenv
    catalina_properties: dict[str, PropertyValue]
    gateway: GatewayApp | None
    reader: XmlReader
    names: PathNames
    other_gateways: list[Candidate] = field(default_factory=list)
    other_apps: list[Candidate] = field(default_factory=list)
    webapp_files: list[WebappFile] = field(default_factory=list)  # context.xml, web.xml
    tls: dict[SourceLocation, ConnectorTls] = field(default_factory=dict)  # by connector

    def tls_for(self, conn: Connector) -> ConnectorTls:
        """The connector's TLS as read (and its stores as opened) by the load stage."""
        return self.tls.get(conn.location) or ConnectorTls(None)

    def tls_config(self, conn: Connector) -> TlsConfig | None:
        return self.tls_for(conn).config


def check_tomcat_base(src: Path) -> Path:
    server_xml = src / "conf" / "server.xml"
    if not src.is_dir():
        raise InputError(
            f"not a Tomcat base: {src} is not a directory",
            hint="give the Tomcat base (CATALINA_BASE): the directory holding conf/server.xml",
        )
    kind = special_kind(server_xml)
    if kind is not None:
        raise InputError(f"{kind}, not a regular file", SourceLocation("conf/server.xml"))
    if not server_xml.is_file():
        raise InputError(
            f"not a Tomcat base: {src} has no conf/server.xml",
            hint="give the Tomcat base (CATALINA_BASE): the directory holding conf/server.xml",
        )
    return server_xml


@applies("input.linked-dir")
def path_names(config: Config, findings: Findings) -> PathNames:
    """How input files are named; the base's own linked directories are reported once."""
    names = PathNames(config.src, config.catalina_home, config.app_path)
    for d in names.linked_dirs():
        findings.emit(
            "input.linked-dir",
            f"{d}/ is a symbolic link to another directory (as distribution packages"
            f" install Tomcat); its files are read as CATALINA_BASE's {d}/",
            status=Status.IGNORED,
            location=SourceLocation(f"{d}/"),
        )
    return names


def _optional_file(path: Path, names: PathNames, findings: Findings) -> bool:
    """True when an optional input exists as a regular file; a FIFO, device or directory in its
    place is reported (opening it could block) and skipped."""
    if report_not_regular(path, names.name(path), findings):
        return False
    return path.is_file()


def property_context(
    config: Config, version: DetectedVersion, setenv: Setenv, props: dict[str, PropertyValue]
) -> PropertyContext:
    """System properties in Tomcat's precedence: -D (JAVA_OPTS, CATALINA_OPTS), catalina.sh's
    own -D, then catalina.properties (overrides -D); --property supplies runtime values last."""
    system: dict[str, PropertyValue] = dict(system_properties(setenv))
    base = str(config.src.resolve())
    home = str((config.catalina_home or config.src).resolve())
    system["catalina.base"] = PropertyValue(base, "catalina.sh (CATALINA_BASE)")
    system["catalina.home"] = PropertyValue(home, "catalina.sh (CATALINA_HOME)")
    system.update(props)
    for k, v in sorted(config.properties.items()):
        system[k] = PropertyValue(v, "--property")
    env = {k: PropertyValue(v, "--env") for k, v in sorted(config.env.items())}
    sources = system.get(PROPERTY_SOURCE)
    env_on = sources is not None and ENV_SOURCE in sources.value
    return PropertyContext(version.version, system, env, env_on)


def load(config: Config, findings: Findings, *, open_stores: bool = True) -> Loaded:
    """Read SRC: files, server.xml, the gateway app, every connector's TLS and (unless not
    `open_stores`: a read-only view) the keystores, truststores and PEM files they name."""
    src = config.src
    server_xml = check_tomcat_base(src)
    names = path_names(config, findings)
    base = src
    home = config.catalina_home or src
    version = detect_version(base, home, src, config.tomcat_version, findings)
    props_file = base / "conf" / "catalina.properties"
    props = (
        read_catalina_properties(props_file, src, findings)
        if _optional_file(props_file, names, findings)
        else {}
    )
    setenv = read_setenv(base, home, src, dict(config.env), findings)
    ctx = property_context(config, version, setenv, props)
    reader = XmlReader(src, ctx, findings, names=names)
    root = reader.read(server_xml)
    if root.tag != "Server":
        raise InputError(
            f"conf/server.xml: the root element is <{root.tag}>, Tomcat expects <Server>",
            SourceLocation("conf/server.xml", root.location.line),
        )
    server = parse_server(root)
    gateway, other_gw, others = find_gateway(
        server, base, names, lambda p: reader.read(p, track=False), findings, config.app_path
    )
    if gateway is not None and gateway.context is not None:
        reader.track(gateway.context)  # its settings must be reported like server.xml's
    webapp_files = read_webapp_files(reader, server, base, src, gateway, version.version)
    inputs = TlsInputs(version.version, ctx, base, config.now, findings)
    tls = read_connectors(server, gateway, inputs, open_stores=open_stores)
    return Loaded(
        base,
        home,
        version,
        ctx,
        server,
        setenv,
        props,
        gateway,
        reader,
        names,
        other_gw,
        others,
        webapp_files,
        tls,
    )
