"""server.xml → Server model, following the Digester's element rules and executor binding."""

from __future__ import annotations

from pathlib import Path

from igmigrate.findings import Findings
from igmigrate.tomcat.model import Server
from igmigrate.tomcat.placeholders import PropertyContext
from igmigrate.tomcat.server_xml import is_ajp, parse_server, protocol_handler_class
from igmigrate.tomcat.version import TomcatVersion
from igmigrate.tomcat.xml import XmlReader


def parse(tmp_path: Path, xml: str) -> Server:
    f = tmp_path / "conf" / "server.xml"
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(xml)
    r = XmlReader(tmp_path, PropertyContext(TomcatVersion.parse("9.0.85")), Findings())
    return parse_server(r.read(f))


def test_executor_binds_only_when_declared_earlier_in_the_same_service(tmp_path: Path) -> None:
    server = parse(
        tmp_path,
        """<Server>
      <Service name="a"><Executor name="pool"/><Connector port="1" executor="pool"/></Service>
      <Service name="b"><Connector port="2" executor="pool"/><Executor name="pool"/></Service>
    </Server>""",
    )
    a, b = server.services
    assert a.connectors[0].executor is a.executors[0]
    assert b.connectors[0].executor is None


def test_lower_case_elements_match_no_rule(tmp_path: Path) -> None:
    server = parse(
        tmp_path,
        """<Server><Service name="s"><Engine name="E">
      <Host name="h"><valve className="x"/><Valve className="y"/></Host></Engine></Service>
      <service name="t"/></Server>""",
    )
    host = server.services[0].engine.hosts[0]  # type: ignore[union-attr]
    assert [v.get("className") for v in host.valves] == ["y"]
    assert [o.tag for o in host.others] == ["valve"]
    assert [o.tag for o in server.others] == ["service"]


def test_ssl_host_configs_and_upgrade_protocols_are_modelled(tmp_path: Path) -> None:
    server = parse(
        tmp_path,
        """<Server><Service name="s">
      <Connector port="8443" SSLEnabled="true">
        <UpgradeProtocol className="org.apache.coyote.http2.Http2Protocol"/>
        <SSLHostConfig hostName="a.example.com"><Certificate certificateKeystoreFile="k"/>
        </SSLHostConfig>
      </Connector></Service></Server>""",
    )
    conn = server.services[0].connectors[0]
    assert len(conn.upgrade_protocols) == 1
    assert conn.ssl_host_configs[0].element.get("hostName") == "a.example.com"
    assert conn.ssl_host_configs[0].certificates[0].get("certificateKeystoreFile") == "k"


def test_protocol_resolution_per_version() -> None:
    assert protocol_handler_class(None, 9) == "org.apache.coyote.http11.Http11NioProtocol"
    assert protocol_handler_class("HTTP/1.1", 7) == "org.apache.coyote.http11.Http11Protocol"
    assert protocol_handler_class("AJP/1.3", 10) == "org.apache.coyote.ajp.AjpNioProtocol"
    assert protocol_handler_class("org.dogtagpki.tomcat.Http11NioProtocol", 9) == (
        "org.dogtagpki.tomcat.Http11NioProtocol"
    )
    assert is_ajp("org.apache.coyote.ajp.AjpNio2Protocol")
    assert not is_ajp("org.apache.coyote.http11.Http11NioProtocol")
