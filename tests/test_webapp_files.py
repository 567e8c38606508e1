"""context.xml and web.xml: read, reported as not converted yet, counted in coverage."""

from __future__ import annotations

import zipfile
from pathlib import Path

from igmigrate.config import Config
from igmigrate.convert import Result, convert
from igmigrate.findings import Finding, Status
from tests.tomcat_tree import GATEWAY_WEB_XML, one_service, tomcat

CONTEXT_XML = """<?xml version="1.0"?>
<Context sessionCookieName="IGSESSION">
  <Manager pathname=""/>
  <WatchedResource>WEB-INF/web.xml</WatchedResource>
</Context>
"""


def run(src: Path) -> Result:
    return convert(Config(src=src))


def rules(result: Result, *ids: str) -> list[Finding]:
    return [f for f in result.findings if f.rule in ids]


def test_every_context_and_web_xml_is_reported_and_counted(tmp_path: Path) -> None:
    src = tomcat(
        tmp_path / "t",
        one_service('<Connector port="8080"/>'),
        files={
            "conf/context.xml": CONTEXT_XML,
            "conf/Catalina/localhost/context.xml.default": "<Context reloadable='true'/>",
            "conf/web.xml": "<web-app><session-config><session-timeout>30</session-timeout>"
            "</session-config></web-app>",
            "webapps/ROOT/META-INF/context.xml": '<Context path="" antiResourceLocking="x"/>',
        },
    )
    r = run(src)
    found = rules(r, "context.not-converted", "web-xml.not-converted")
    assert [(str(f.location), f.status) for f in found] == [
        ("conf/Catalina/localhost/context.xml.default:1", Status.MANUAL),
        ("conf/context.xml:2", Status.MANUAL),
        ("webapps/ROOT/META-INF/context.xml:1", Status.MANUAL),
        ("webapps/ROOT/WEB-INF/web.xml:2", Status.MANUAL),
    ]  # conf/web.xml holds only a session setting: reported by session.timeout
    names = {k.name for f in found for k in f.settings}
    assert {"pathname", "#text", "reloadable"} <= names and "sessionCookieName" not in names
    assert "besides 1 session setting" in found[1].message
    assert r.findings.unaccounted() == []
    assert rules(r, "unconverted") == []
    seen = {k.file for k in r.findings.seen}
    assert "conf/web.xml" in seen and "webapps/ROOT/WEB-INF/web.xml" in seen


def test_web_xml_inside_a_war_is_read_without_unpacking(tmp_path: Path) -> None:
    src = tomcat(tmp_path / "t", one_service('<Connector port="8080"/>'), gateway=None)
    war = src / "webapps" / "ROOT.war"
    war.parent.mkdir(parents=True)
    with zipfile.ZipFile(war, "w") as z:
        z.writestr("WEB-INF/web.xml", GATEWAY_WEB_XML)
        z.writestr(
            "META-INF/context.xml", "<Context>\n  <Parameter name='a' value='b'/>\n</Context>"
        )
    r = run(src)
    found = rules(r, "context.not-converted", "web-xml.not-converted")
    assert [str(f.location) for f in found] == [
        "webapps/ROOT.war!/META-INF/context.xml:1",
        "webapps/ROOT.war!/WEB-INF/web.xml:2",
    ]
    assert not (src / "webapps" / "ROOT").exists()
    assert r.findings.unaccounted() == []


def test_malformed_context_xml_is_an_error_at_file_line_column(tmp_path: Path) -> None:
    src = tomcat(
        tmp_path / "t",
        one_service('<Connector port="8080"/>'),
        files={"conf/context.xml": "<Context>\n  <Manager pathname=''>\n</Context>\n"},
    )
    r = run(src)  # no exception
    [f] = rules(r, "webapp.descriptor-unreadable")
    assert f.status is Status.ERROR
    assert str(f.location) == "conf/context.xml:3"
    assert "column" in f.message
    assert r.plan == {}


def test_external_entity_in_web_xml_is_not_followed(tmp_path: Path) -> None:
    web = (
        '<?xml version="1.0"?>\n<!DOCTYPE web-app [<!ENTITY ext SYSTEM "secret.xml">]>\n'
        "<web-app>\n&ext;\n</web-app>\n"
    )
    src = tomcat(
        tmp_path / "t",
        one_service('<Connector port="8080"/>'),
        files={"conf/web.xml": web, "conf/secret.xml": "<filter/>"},
    )
    r = run(src)
    [f] = rules(r, "webapp.descriptor-unreadable")
    assert str(f.location) == "conf/web.xml:4"
    assert "xmlBlockExternal" in f.message
    assert "conf/secret.xml" not in {k.file for k in r.findings.seen}


def test_meta_inf_context_of_an_app_deployed_by_server_xml_is_ignored(tmp_path: Path) -> None:
    xml = one_service('<Connector port="8080"/>').replace(
        'appBase="webapps"/>', 'appBase="webapps"><Context path="" docBase="ROOT"/></Host>'
    )
    src = tomcat(
        tmp_path / "t", xml, files={"webapps/ROOT/META-INF/context.xml": "<Context a='1'/>"}
    )
    r = run(src)
    [f] = [f for f in rules(r, "context.not-converted") if "META-INF" in str(f.location)]
    assert f.status is Status.IGNORED
    assert "conf/server.xml:6" in f.message


def test_zip_bomb_entry_in_a_war_is_bounded_and_reported(tmp_path: Path) -> None:
    src = tomcat(tmp_path / "t", one_service('<Connector port="8080"/>'), gateway=None)
    war = src / "webapps" / "ROOT.war"
    war.parent.mkdir(parents=True)
    with zipfile.ZipFile(war, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("WEB-INF/lib/openig-core-7.2.0.jar", b"jar")
        z.writestr("META-INF/context.xml", b"<Context>" + b" " * (64 << 20) + b"</Context>")
        z.writestr("../../evil/WEB-INF/web.xml", GATEWAY_WEB_XML)
    assert war.stat().st_size < 1 << 20
    r = run(src)
    [bad] = rules(r, "webapp.descriptor-unreadable")
    assert str(bad.location) == "webapps/ROOT.war!/META-INF/context.xml"
    assert "larger than" in bad.message and bad.status is Status.ERROR
    assert not (src / "evil").exists() and not (tmp_path / "evil").exists()
