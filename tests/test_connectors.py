"""Tomcat Connectors → admin.json connectors (mapping.md §Connectors), through convert()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from igmigrate.config import Config
from igmigrate.convert import Result, convert
from igmigrate.findings import Finding, Status
from tests.tomcat_tree import one_service, tomcat


def run(tmp_path: Path, xml: str, version: str = "9.0.85", **config: object) -> Result:
    src = tomcat(tmp_path / "tomcat", xml, version=version)
    return convert(Config(src=src, **config))  # type: ignore[arg-type]


def admin(result: Result) -> dict[str, object]:
    data: dict[str, object] = json.loads(result.plan["config/admin.json"].content)
    return data


def by_rule(result: Result, rule: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule]


def test_http_connector_port_becomes_an_admin_connector(tmp_path: Path) -> None:
    r = run(tmp_path, one_service('<Connector port="8080" protocol="HTTP/1.1"/>'))
    assert admin(r)["connectors"] == [{"port": 8080}]
    [f] = by_rule(r, "connector.port")
    assert f.status is Status.MAPPED
    assert str(f.location) == "conf/server.xml:4"


def test_ajp_connector_is_reported_unsupported_with_its_line(tmp_path: Path) -> None:
    xml = one_service('<Connector port="8080"/>\n    <Connector port="8009" protocol="AJP/1.3"/>')
    r = run(tmp_path, xml)
    assert admin(r)["connectors"] == [{"port": 8080}]
    [f] = by_rule(r, "connector.ajp")
    assert f.status is Status.UNSUPPORTED
    assert str(f.location) == "conf/server.xml:5"
    assert "reverse proxy" in (f.hint or "")


def test_port_offset_is_added_to_every_port(tmp_path: Path) -> None:
    xml = one_service(
        '<Connector port="8080"/><Connector port="8081"/>', server_attrs=' portOffset="100"'
    )
    assert admin(run(tmp_path, xml))["connectors"] == [{"port": 8180}, {"port": 8181}]


def test_port_offset_is_ignored_by_tomcat_9_before_9_0_13(tmp_path: Path) -> None:
    xml = one_service('<Connector port="8080"/>', server_attrs=' portOffset="100"')
    r = run(tmp_path, xml, version="9.0.12")
    assert admin(r)["connectors"] == [{"port": 8080}]
    assert by_rule(r, "connector.port-offset")[0].status is Status.IGNORED


def test_unresolved_port_placeholder_becomes_an_int_token_and_a_manual_finding(
    tmp_path: Path,
) -> None:
    r = run(tmp_path, one_service('<Connector port="${HTTP_PORT}"/>'))
    assert admin(r)["connectors"] == [{"port": {"$int": "&{http.port}"}}]
    assert by_rule(r, "connector.port-placeholder")[0].status is Status.PARTIAL
    [manual] = by_rule(r, "connector.port-token")
    assert manual.status is Status.MANUAL
    assert "HTTP_PORT" in manual.message


def test_property_option_resolves_a_placeholder(tmp_path: Path) -> None:
    r = run(tmp_path, one_service('<Connector port="${p}"/>'), properties={"p": "9000"})
    assert admin(r)["connectors"] == [{"port": 9000}]


@pytest.mark.parametrize("port", ["[PKI_PORT]", "$[ca.http.port]", "@http.port@", "80a"])
def test_non_tomcat_placeholder_or_text_port_is_an_error_at_its_line(
    tmp_path: Path, port: str
) -> None:
    r = run(tmp_path, one_service(f'<Connector\n      port="{port}"/>'))
    [f] = by_rule(r, "connector.bad-port")
    assert f.status is Status.ERROR
    assert str(f.location) == "conf/server.xml:5"
    assert r.plan == {}


def test_default_syntax_unknown_to_tomcat_7_0_96_is_an_error(tmp_path: Path) -> None:
    r = run(tmp_path, one_service('<Connector port="${p:-8080}"/>'), version="7.0.96")
    [f] = by_rule(r, "connector.bad-port")
    assert "7.0.104" in f.message


def test_two_connectors_on_one_port_are_an_error(tmp_path: Path) -> None:
    r = run(tmp_path, one_service('<Connector port="8080"/><Connector port="8080"/>'))
    assert by_rule(r, "connector.duplicate-port")[0].status is Status.ERROR
    assert r.plan == {}


def test_address_header_size_timeout_and_compression_go_to_vertx(tmp_path: Path) -> None:
    xml = one_service(
        '<Connector port="8080" address="10.0.0.5" maxHttpHeaderSize="16384"'
        ' connectionTimeout="20000" compression="on"/>'
    )
    r = run(tmp_path, xml)
    assert admin(r)["connectors"] == [
        {
            "port": 8080,
            "vertx": {
                "host": "10.0.0.5",
                "maxHeaderSize": 16384,
                "idleTimeout": 20000,
                "idleTimeoutUnit": "MILLISECONDS",
                "compressionSupported": True,
            },
        }
    ]
    assert by_rule(r, "connector.idle-timeout")[0].status is Status.PARTIAL


def test_keep_alive_timeout_wins_and_minus_one_means_never(tmp_path: Path) -> None:
    xml = one_service('<Connector port="8080" connectionTimeout="20000" keepAliveTimeout="-1"/>')
    vertx = admin(run(tmp_path, xml))["connectors"][0]["vertx"]  # type: ignore[index]
    assert vertx == {"idleTimeout": 0, "idleTimeoutUnit": "MILLISECONDS"}


def test_h2c_upgrade_protocol_enables_http2_clear_text(tmp_path: Path) -> None:
    xml = one_service(
        '<Connector port="8080"><UpgradeProtocol'
        ' className="org.apache.coyote.http2.Http2Protocol"/></Connector>'
    )
    conn = admin(run(tmp_path, xml))["connectors"][0]  # type: ignore[index]
    assert conn["vertx"] == {"http2ClearTextEnabled": True}


def test_thread_settings_and_executors_are_ignored_with_a_reason(tmp_path: Path) -> None:
    xml = one_service(
        '<Executor name="pool"/><Connector port="8080" executor="pool" maxThreads="300"/>'
    )
    r = run(tmp_path, xml)
    threads = by_rule(r, "connector.threads")
    assert {f.status for f in threads} == {Status.IGNORED}
    assert any('<Executor name="pool">' in f.message for f in threads)
    assert any("bound to" in f.message for f in threads)


def test_redirect_and_proxy_settings_need_a_human(tmp_path: Path) -> None:
    r = run(tmp_path, one_service('<Connector port="8080" redirectPort="8443" secure="true"/>'))
    [f] = by_rule(r, "connector.proxy")
    assert f.status is Status.MANUAL
    assert "redirectPort=8443" in f.message and "secure=true" in f.message


def test_https_connector_that_cannot_be_converted_is_never_emitted_as_clear_text(
    tmp_path: Path,
) -> None:
    xml = one_service(
        '<Connector port="8080"/><Connector port="8443" SSLEnabled="true"'
        ' defaultSSLHostConfigName="nowhere.example.com"><SSLHostConfig hostName="a.example.com">'
        '<Certificate certificateKeystoreFile="conf/ks.p12"/></SSLHostConfig></Connector>'
    )
    r = run(tmp_path, xml)  # Tomcat refuses to start it: no SSLHostConfig for the default name
    errors = [f.rule for f in r.findings if f.status is Status.ERROR]
    assert errors == ["tls.default-host-missing"]
    assert r.plan == {}


def test_connectors_of_a_service_without_the_gateway_are_ignored(tmp_path: Path) -> None:
    xml = """<Server>
  <Service name="Other"><Connector port="9090"/>
    <Engine name="Other" defaultHost="localhost"><Host name="localhost" appBase="other"/></Engine>
  </Service>
  <Service name="Catalina"><Connector port="8080"/>
    <Engine name="Catalina" defaultHost="localhost"><Host name="localhost" appBase="webapps"/>
    </Engine>
  </Service>
</Server>"""
    r = run(tmp_path, xml)
    assert admin(r)["connectors"] == [{"port": 8080}]
    [f] = by_rule(r, "connector.other-service")
    assert f.status is Status.IGNORED and '"Other"' in f.message


def test_every_service_is_used_when_no_gateway_app_is_found(tmp_path: Path) -> None:
    xml = """<Server>
  <Service name="A"><Connector port="1"/><Engine name="A"><Host name="h" appBase="a"/></Engine>
  </Service>
  <Service name="B"><Connector port="2"/><Engine name="B"><Host name="h" appBase="b"/></Engine>
  </Service>
</Server>"""
    src = tomcat(tmp_path / "t", xml, gateway=None)
    r = convert(Config(src=src))
    assert admin(r)["connectors"] == [{"port": 1}, {"port": 2}]
    assert by_rule(r, "server.no-gateway-app")[0].status is Status.MANUAL


def test_every_setting_seen_is_accounted_for(tmp_path: Path) -> None:
    xml = one_service('<Connector port="8080" foo="bar" URIEncoding="UTF-8"/>')
    r = run(tmp_path, xml)
    assert r.findings.unaccounted() == []
    assert any(f.rule == "connector.attribute" and "foo" in f.message for f in r.findings)


def test_stray_text_in_server_xml_is_reported_but_never_echoed(tmp_path: Path) -> None:
    xml = one_service('<Connector port="8080">password=Echo-Me-Not</Connector>')
    r = run(tmp_path, xml)
    [f] = by_rule(r, "server.body-text")
    assert f.status is Status.IGNORED and "inside <Connector>" in f.message
    assert "Echo-Me-Not" not in f.message
    assert all(b"Echo-Me-Not" not in out.content for out in r.plan.values())


def test_any_legacy_tls_attribute_on_a_clear_text_connector_is_ignored(tmp_path: Path) -> None:
    r = run(tmp_path, one_service('<Connector port="8080" SSLVerifyDepth="3"/>'))
    [f] = [
        f for f in r.findings if "SSLVerifyDepth" in f.message or f.rule == "connector.attribute"
    ]
    assert f.status is Status.IGNORED and "without SSLEnabled" in f.message


def test_first_letter_of_an_attribute_is_free_as_in_tomcats_setter_lookup(
    tmp_path: Path,
) -> None:
    r = run(tmp_path, one_service('<Connector Port="8081"\n      MaxThreads="50"/>'))
    assert admin(r)["connectors"] == [{"port": 8081}]
    [threads] = by_rule(r, "connector.threads")
    assert threads.message.startswith("MaxThreads=50")  # shown as written in the file
    assert {k.name for k in threads.settings} == {"MaxThreads"}
    assert by_rule(r, "unconverted") == []


def test_two_spellings_of_one_property_the_later_wins(tmp_path: Path) -> None:
    r = run(tmp_path, one_service('<Connector port="8080"\n      Port="8081"/>'))
    assert admin(r)["connectors"] == [{"port": 8081}]
    [f] = by_rule(r, "xml.attribute-overridden")
    assert f.status is Status.IGNORED
    assert str(f.location) == "conf/server.xml:4"
    assert "port" in f.message and "Port" in f.message
    assert [k.name for k in f.settings] == ["port"]
    assert by_rule(r, "unconverted") == []


def test_same_port_on_two_addresses_is_not_a_duplicate(tmp_path: Path) -> None:
    xml = one_service(
        '<Connector port="8080" address="127.0.0.1"/>\n'
        '    <Connector port="8080" address="10.1.2.3"/>'
    )
    r = run(tmp_path, xml)
    assert by_rule(r, "connector.duplicate-port") == []
    assert [c["port"] for c in admin(r)["connectors"]] == [8080, 8080]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ('port="8080"', 'port="8080" address="10.1.2.3"'),
        ('port="8080" address="10.1.2.3"', 'port="8080"'),
        ('port="8080" address="10.1.2.3"', 'port="8080" address="10.1.2.3"'),
    ],
)
def test_same_port_clashes_when_an_address_overlaps(
    tmp_path: Path, first: str, second: str
) -> None:
    r = run(tmp_path, one_service(f"<Connector {first}/>\n    <Connector {second}/>"))
    [f] = by_rule(r, "connector.duplicate-port")
    assert str(f.location) == "conf/server.xml:5"


@pytest.mark.parametrize(
    ("attrs", "server_attrs", "shown"),
    [
        ('port="70000"', "", "70000"),
        ('port="65535"', ' portOffset="1"', "65536"),
        ('port="100"', ' portOffset="-200"', "-100"),
    ],
)
def test_out_of_range_port_is_an_error_at_its_line(
    tmp_path: Path, attrs: str, server_attrs: str, shown: str
) -> None:
    xml = one_service(f"<Connector\n      {attrs}/>", server_attrs=server_attrs)
    r = run(tmp_path, xml)
    assert r.plan == {}
    [f] = [f for f in by_rule(r, "connector.bad-port") if shown in f.message]
    assert f.status is Status.ERROR
    assert str(f.location) == "conf/server.xml:5"


def test_port_zero_stays_manual_even_with_an_offset(tmp_path: Path) -> None:
    r = run(tmp_path, one_service('<Connector port="0"/>', server_attrs=' portOffset="100"'))
    [f] = by_rule(r, "connector.port")
    assert f.status is Status.MANUAL


def test_wildcard_address_clashes_and_port_zero_never_does(tmp_path: Path) -> None:
    xml = one_service(
        '<Connector port="8080" address="0.0.0.0"/>\n'
        '    <Connector port="8080" address="10.1.2.3"/>\n'
        '    <Connector port="0"/><Connector port="0"/>'
    )
    r = run(tmp_path, xml)
    [f] = by_rule(r, "connector.duplicate-port")
    assert str(f.location) == "conf/server.xml:5"
