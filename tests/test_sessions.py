"""The effective Tomcat session cookie and timeout → admin.json `session` (mapping.md §Session)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from igmigrate.config import Config
from igmigrate.convert import Result, convert
from igmigrate.findings import Finding, Status
from tests.tomcat_tree import one_service, tomcat

SERVLET = (
    "<servlet><servlet-name>g</servlet-name>"
    "<servlet-class>org.forgerock.openig.web.GatewayServlet</servlet-class></servlet>"
)
JAVAEE = "http://xmlns.jcp.org/xml/ns/javaee"


def web_xml(body: str, ns: str = JAVAEE, prolog: str = '<?xml version="1.0"?>') -> str:
    return f'{prolog}\n<web-app xmlns="{ns}" version="4.0">\n{SERVLET}\n{body}\n</web-app>\n'


def run(tmp_path: Path, files: dict[str, str], server_xml: str | None = None) -> Result:
    src = tomcat(tmp_path / "t", server_xml or one_service('<Connector port="8080"/>'), files=files)
    return convert(Config(src=src))


def session(r: Result) -> Any:
    """admin.json `session` as written (the JSON the admin object renders)."""
    assert r.context is not None
    admin = json.loads(json.dumps(r.context.instance.admin.to_json()))
    return admin["session"]


def only(r: Result, rule: str) -> Finding:
    [f] = [f for f in r.findings if f.rule == rule]
    return f


APP = "webapps/ROOT/WEB-INF/web.xml"


def test_web_xml_cookie_with_http_only_secure_and_45_minutes(tmp_path: Path) -> None:
    r = run(
        tmp_path,
        {
            APP: web_xml(
                "<session-config>\n  <session-timeout> 45 </session-timeout>\n"
                "  <cookie-config>\n    <name>IGSESS</name>\n    <http-only>true</http-only>\n"
                "    <secure>true</secure>\n  </cookie-config>\n</session-config>"
            )
        },
    )
    assert session(r) == {
        "cookie": {"name": "IGSESS", "httpOnly": True, "secure": True, "path": "/"},
        "timeout": "45 minutes",
    }
    name = only(r, "session.cookie-name")
    assert (str(name.location), name.status) == (f"{APP}:7", Status.MAPPED)
    assert name.target == "admin.json session.cookie.name"
    assert str(only(r, "session.timeout").location) == f"{APP}:5"
    assert only(r, "session.secure").status is Status.MAPPED
    assert r.findings.unaccounted() == []


def test_context_session_cookie_name_beats_web_xml(tmp_path: Path) -> None:
    r = run(
        tmp_path,
        {
            APP: web_xml(
                "<session-config><cookie-config><name>WEBXML</name></cookie-config>"
                "</session-config>"
            ),
            "conf/context.xml": '<Context sessionCookieName="FROM_CONF"/>\n',
            "webapps/ROOT/META-INF/context.xml": '<Context sessionCookieName="FROM_APP"'
            ' sessionCookiePath="/x" useHttpOnly="false"/>\n',
        },
    )
    cookie = session(r)["cookie"]
    assert cookie == {"name": "FROM_APP", "httpOnly": False, "path": "/x"}
    assert "webapps/ROOT/META-INF/context.xml:1" in only(r, "session.cookie-name").message
    losers = sorted(str(f.location) for f in r.findings if f.rule == "session.overridden")
    assert losers == ["conf/context.xml:1", f"{APP}:4"]
    # no not-converted finding for conf/context.xml: its one setting is a session setting
    assert not [f for f in r.findings if f.rule == "context.not-converted"]
    assert r.findings.unaccounted() == []


def test_conf_web_xml_defaults_apply_when_the_app_sets_nothing(tmp_path: Path) -> None:
    r = run(
        tmp_path,
        {
            "conf/web.xml": web_xml(
                "<session-config><session-timeout>20</session-timeout><cookie-config>"
                "<domain>.example.com</domain></cookie-config></session-config>"
            ).replace(SERVLET, ""),
        },
    )
    assert session(r) == {
        "cookie": {"name": "JSESSIONID", "httpOnly": True, "path": "/", "domain": ".example.com"},
        "timeout": "20 minutes",
    }
    assert str(only(r, "session.timeout").location) == "conf/web.xml:4"
    assert "kept rather than IG's default IG_SESSIONID" in only(r, "session.cookie-name").message


def test_app_web_xml_beats_conf_web_xml_and_zero_never_expires(tmp_path: Path) -> None:
    conf = (
        "<web-app><session-config><session-timeout>30</session-timeout></session-config></web-app>"
    )
    r = run(
        tmp_path,
        {
            "conf/web.xml": conf,
            APP: web_xml("<session-config><session-timeout>0</session-timeout></session-config>"),
        },
    )
    assert session(r)["timeout"] == "unlimited"
    over = only(r, "session.overridden")
    assert (str(over.location), over.status) == ("conf/web.xml:1", Status.IGNORED)


def test_same_site_from_the_cookie_processor(tmp_path: Path) -> None:
    r = run(
        tmp_path,
        {
            "conf/context.xml": '<Context>\n  <CookieProcessor sameSiteCookies="lax"/>\n</Context>',
            "webapps/ROOT/META-INF/context.xml": "<Context>\n  <CookieProcessor"
            ' className="org.apache.tomcat.util.http.Rfc6265CookieProcessor"'
            ' sameSiteCookies="strict"/>\n</Context>\n',
        },
    )
    assert session(r)["cookie"] == {
        "name": "JSESSIONID",
        "httpOnly": True,
        "path": "/",
        "sameSite": "strict",
    }
    same = only(r, "session.same-site")
    assert str(same.location) == "webapps/ROOT/META-INF/context.xml:2"
    assert only(r, "session.overridden").location is not None


def test_distributable_is_unsupported_at_web_xml_line(tmp_path: Path) -> None:
    r = run(tmp_path, {APP: web_xml("\n<distributable/>")})
    f = only(r, "session.replication")
    assert (str(f.location), f.status) == (f"{APP}:5", Status.UNSUPPORTED)
    assert f.hint is not None and "sticky sessions" in f.hint and "JwtSession" in f.hint


def test_persistent_manager_tracking_mode_and_max_age(tmp_path: Path) -> None:
    r = run(
        tmp_path,
        {
            APP: web_xml(
                "<session-config><cookie-config><max-age>600</max-age></cookie-config>"
                "<tracking-mode>URL</tracking-mode></session-config>"
            ),
            "conf/context.xml": '<Context>\n<Manager className="org.apache.catalina.session.'
            'PersistentManager" saveOnRestart="true"/>\n</Context>\n',
        },
    )
    assert only(r, "session.cookie-option").status is Status.UNSUPPORTED
    assert only(r, "session.tracking-mode").status is Status.UNSUPPORTED
    manager = only(r, "session.replication")
    assert str(manager.location) == "conf/context.xml:2"
    assert r.findings.unaccounted() == []


def test_override_drops_the_defaults_and_server_xml_context_is_overwritten(tmp_path: Path) -> None:
    r = run(
        tmp_path,
        {
            "conf/context.xml": '<Context sessionCookieName="DEFAULT"/>\n',
            "conf/Catalina/localhost/ROOT.xml": '<Context docBase="${catalina.base}/ig"'
            ' override="true" sessionCookieName="OWN"/>\n',
            "ig/WEB-INF/web.xml": web_xml(""),
        },
    )
    assert session(r)["cookie"]["name"] == "OWN"
    server = one_service('<Connector port="8080"/>').replace(
        'appBase="webapps"/>',
        'appBase="webapps"><Context path="" docBase="ROOT" sessionCookieName="SRV"/></Host>',
    )
    r2 = run(tmp_path / "2", {"conf/context.xml": '<Context sessionCookieName="DEF"/>\n'}, server)
    assert session(r2)["cookie"]["name"] == "DEF"
    assert str(only(r2, "session.overridden").location) == "conf/server.xml:6"


def test_servlet_24_namespace_in_latin1_and_a_context_path(tmp_path: Path) -> None:
    body = "<session-config><cookie-config><name>S\u00e9SS</name></cookie-config></session-config>"
    text = web_xml(
        body,
        ns="http://java.sun.com/xml/ns/j2ee",
        prolog='<?xml version="1.0" encoding="ISO-8859-1"?>',
    )
    src = tomcat(tmp_path / "t", one_service('<Connector port="8080"/>'), gateway="webapps/ig")
    (src / "webapps/ig/WEB-INF/web.xml").write_bytes(text.encode("latin-1"))
    r = convert(Config(src=src))
    assert session(r)["cookie"] == {"name": "S\u00e9SS", "httpOnly": True, "path": "/ig"}


def test_https_without_secure_is_partial(tmp_path: Path) -> None:
    r = run(
        tmp_path,
        {},
        one_service('<Connector port="8443" SSLEnabled="true" keystoreFile="conf/none.p12"/>'),
    )
    f = only(r, "session.secure")
    assert f.status is Status.PARTIAL and "conf/server.xml:4" in f.message
    assert "secure" not in session(r)["cookie"]


def test_same_site_before_tomcat_9_0_21_is_ignored(tmp_path: Path) -> None:
    files = {"conf/context.xml": '<Context>\n<CookieProcessor sameSiteCookies="none"/>\n</Context>'}
    src = tomcat(
        tmp_path / "t", one_service('<Connector port="8080"/>'), version="9.0.20", files=files
    )
    r = convert(Config(src=src))
    f = only(r, "session.same-site")
    assert (f.status, str(f.location)) == (Status.IGNORED, "conf/context.xml:2")
    assert "sameSite" not in session(r)["cookie"]


def test_http_only_false_in_web_xml_alone_does_not_turn_it_off(tmp_path: Path) -> None:
    r = run(
        tmp_path,
        {
            APP: web_xml(
                "<session-config><cookie-config><http-only>false</http-only></cookie-config>"
                "</session-config>"
            )
        },
    )
    assert session(r)["cookie"]["httpOnly"] is True
    assert "alone does not turn it off" in only(r, "session.http-only").message


HOST_DEFAULT = "conf/Catalina/localhost/web.xml.default"
TOMCAT_WEB = "webapps/ROOT/WEB-INF/tomcat-web.xml"


def _timeout(minutes: int) -> str:
    return web_xml(f"<session-config><session-timeout>{minutes}</session-timeout></session-config>")


def test_host_web_xml_default_overrides_conf_web_xml_and_the_app_overrides_both(
    tmp_path: Path,
) -> None:
    files = {"conf/web.xml": _timeout(20), HOST_DEFAULT: _timeout(45)}
    r = run(tmp_path / "a", files)
    assert session(r)["timeout"] == "45 minutes"
    assert str(only(r, "session.timeout").location).startswith(HOST_DEFAULT)
    r = run(tmp_path / "b", {**files, APP: _timeout(50)})
    assert session(r)["timeout"] == "50 minutes"
    assert r.findings.unaccounted() == []


def test_tomcat_web_xml_applies_where_web_xml_sets_nothing(tmp_path: Path) -> None:
    named = web_xml(
        "<session-config><session-timeout>15</session-timeout>"
        "<cookie-config><name>TWX</name></cookie-config></session-config>"
    )
    r = run(tmp_path / "a", {TOMCAT_WEB: named, APP: _timeout(50)})
    assert session(r)["cookie"]["name"] == "TWX"  # only tomcat-web.xml names the cookie
    assert session(r)["timeout"] == "50 minutes"  # web.xml wins over tomcat-web.xml
    assert str(only(r, "session.cookie-name").location).startswith(TOMCAT_WEB)
    assert r.findings.unaccounted() == []


def test_tomcat_web_xml_is_not_read_by_tomcat_8_0(tmp_path: Path) -> None:
    named = web_xml(
        "<session-config><cookie-config><name>TWX</name></cookie-config></session-config>"
    )
    src = tomcat(tmp_path / "t", one_service('<Connector port="8080"/>'), files={TOMCAT_WEB: named})
    r = convert(Config(src=src, tomcat_version="8.0.53"))
    assert session(r)["cookie"]["name"] == "JSESSIONID"
    [f] = [f for f in r.findings if f.location is not None and f.location.file == TOMCAT_WEB]
    assert f.status is Status.IGNORED and "predates" in f.message
