"""Which application is the gateway, and which Service therefore serves it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from igmigrate.config import Config
from igmigrate.convert import convert
from igmigrate.findings import Status
from tests.tomcat_tree import GATEWAY_WEB_XML, one_service, tomcat


def test_descriptor_docbase_is_resolved_like_tomcat_and_its_settings_are_reported(
    tmp_path: Path,
) -> None:
    src = tomcat(
        tmp_path / "t",
        one_service('<Connector port="8080"/>'),
        gateway="ig",
        files={
            "conf/Catalina/localhost/ROOT.xml": (
                '<Context docBase="${catalina.base}/ig" sessionCookieName="IGSESSION"/>'
            ),
        },
    )
    r = convert(Config(src=src))
    [gw] = [f for f in r.findings if f.rule == "server.gateway-app"]
    assert "deployed as descriptor conf/Catalina/localhost/ROOT.xml" in gw.message
    assert str(gw.location) == "conf/Catalina/localhost/ROOT.xml:1"
    # nothing read is dropped: the descriptor's other settings reach the report
    [name] = [f for f in r.findings if f.rule == "session.cookie-name"]
    assert (
        "IGSESSION" in name.message and str(name.location) == "conf/Catalina/localhost/ROOT.xml:1"
    )
    assert r.findings.unaccounted() == []
    assert r.findings.unaccounted() == []


def test_root_is_preferred_and_other_gateway_looking_apps_need_a_human(tmp_path: Path) -> None:
    src = tomcat(
        tmp_path / "t",
        one_service('<Connector port="8080"/>'),
        files={
            "webapps/ig2/WEB-INF/web.xml": GATEWAY_WEB_XML,
        },
    )
    r = convert(Config(src=src))
    assert r.loaded is not None and r.loaded.gateway is not None
    assert r.loaded.gateway.path == "webapps/ROOT"
    [other] = [f for f in r.findings if f.rule == "server.other-app"]
    assert other.status is Status.MANUAL and "ig2" in other.message


def test_war_is_recognised_by_the_gateway_jars_inside_it(tmp_path: Path) -> None:
    src = tomcat(tmp_path / "t", one_service('<Connector port="8080"/>'), gateway=None)
    (src / "webapps").mkdir()
    with zipfile.ZipFile(src / "webapps" / "ROOT.war", "w") as z:
        z.writestr("WEB-INF/lib/openig-core-7.2.0.jar", b"jar")
    r = convert(Config(src=src))
    assert r.loaded is not None and r.loaded.gateway is not None
    assert r.loaded.gateway.path == "webapps/ROOT.war"
    assert "openig-core-7.2.0.jar" in r.loaded.gateway.evidence


def test_app_path_chooses_the_gateway(tmp_path: Path) -> None:
    src = tomcat(
        tmp_path / "t",
        one_service('<Connector port="8080"/>'),
        gateway=None,
        files={
            "webapps/custom/index.html": "<html/>",
        },
    )
    r = convert(Config(src=src, app_path=src / "webapps" / "custom"))
    assert r.loaded is not None and r.loaded.gateway is not None
    assert (r.loaded.gateway.path, r.loaded.gateway.evidence) == ("webapps/custom", "--app-path")


def test_unreadable_descriptors_of_other_apps_are_reported_and_skipped(tmp_path: Path) -> None:
    src = tomcat(
        tmp_path / "t",
        one_service('<Connector port="8080"/>'),
        files={
            "conf/Catalina/localhost/manager.xml": "",
            "webapps/manager/index.html": "<html/>",
        },
    )
    (src / "conf/Catalina/localhost/foo.xml").mkdir()
    r = convert(Config(src=src))
    assert not r.findings.has_errors()
    assert r.loaded is not None and r.loaded.gateway is not None
    assert r.loaded.gateway.path == "webapps/ROOT"
    broken = {
        str(f.location): f for f in r.findings if f.rule == "server.app-descriptor-unreadable"
    }
    assert set(broken) == {
        "conf/Catalina/localhost/foo.xml",
        "conf/Catalina/localhost/manager.xml:1",
    }
    assert all(f.status is Status.IGNORED for f in broken.values())
    assert 'application "manager"' in broken["conf/Catalina/localhost/manager.xml:1"].message
    # Tomcat deploys a FailedContext under that name: webapps/manager is not started either
    assert not any("manager" in f.message for f in r.findings if f.rule == "server.other-app")


def test_unreadable_descriptor_of_the_gateway_is_an_error(tmp_path: Path) -> None:
    src = tomcat(
        tmp_path / "t",
        one_service('<Connector port="8080"/>'),
        files={"conf/Catalina/localhost/ROOT.xml": "<Context"},
    )
    r = convert(Config(src=src))
    [f] = [f for f in r.findings if f.rule == "server.app-descriptor-unreadable"]
    assert f.status is Status.ERROR and "webapps/ROOT" in f.message
    assert r.plan == {}


def test_gateway_under_a_context_path_other_than_root_is_reported_with_that_path(
    tmp_path: Path,
) -> None:
    src = tomcat(tmp_path / "t", one_service('<Connector port="8080"/>'), gateway="webapps/ig")
    r = convert(Config(src=src))
    [cp] = [f for f in r.findings if f.rule == "server.context-path"]
    assert cp.status is Status.MANUAL
    assert '"/ig"' in cp.message and "baseURI" in cp.message and "webapps/ig" in cp.message
    assert r.findings.unaccounted() == []


def test_server_xml_context_path_and_outside_docbase_are_honoured(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "gw"
    (outside / "WEB-INF").mkdir(parents=True)
    (outside / "WEB-INF" / "web.xml").write_text(GATEWAY_WEB_XML)
    xml = one_service('<Connector port="8080"/>').replace(
        '<Host name="localhost" appBase="webapps"/>',
        f'<Host name="localhost" appBase="webapps"><Context path="/gw/api" docBase="{outside}"/>'
        "</Host>",
    )
    src = tomcat(tmp_path / "t", xml, gateway=None)
    r = convert(Config(src=src))
    assert r.loaded is not None and r.loaded.gateway is not None
    assert r.loaded.gateway.path == str(outside)
    assert "server.xml <Context>" in r.loaded.gateway.evidence
    [cp] = [f for f in r.findings if f.rule == "server.context-path"]
    assert '"/gw/api"' in cp.message and str(cp.location).startswith("conf/server.xml:")


def test_descriptor_docbase_relative_to_appbase_outside_it_is_followed(tmp_path: Path) -> None:
    src = tomcat(
        tmp_path / "t",
        one_service('<Connector port="8080"/>'),
        gateway="apps/gateway",
        files={"conf/Catalina/localhost/ROOT.xml": '<Context docBase="../apps/gateway"/>'},
    )
    r = convert(Config(src=src))
    assert r.loaded is not None and r.loaded.gateway is not None
    assert r.loaded.gateway.path == "apps/gateway"
    assert [f for f in r.findings if f.rule == "server.context-path"] == []
