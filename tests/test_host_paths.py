"""No path of the converting machine in any output; Debian's symlinked conf/ is part of the base."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from igmigrate.config import Config
from igmigrate.convert import REPORT_JSON, convert
from igmigrate.findings import Finding, Findings, Status
from tests.tomcat_tree import GATEWAY_WEB_XML, one_service, tomcat

SERVER_INFO = "org/apache/catalina/util/ServerInfo.properties"


def igm(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "igmigrate", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def debian(tmp_path: Path, server_xml: str, files: dict[str, str]) -> Path:
    """/var/lib/tomcat9 with conf -> /etc/tomcat9, as the Debian/Ubuntu package installs it."""
    etc = tmp_path / "etc" / "tomcat9"
    for rel, text in {"server.xml": server_xml, **files}.items():
        (etc / rel).parent.mkdir(parents=True, exist_ok=True)
        (etc / rel).write_text(text)
    base = tomcat(tmp_path / "var" / "lib" / "tomcat9", server_xml)
    (base / "conf" / "server.xml").unlink()
    (base / "conf").rmdir()
    (base / "conf").symlink_to(etc)
    return base


INCLUDE = (
    '<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY c SYSTEM "connectors.xml">'
    '<!ENTITY x SYSTEM "../outside.xml">]>\n'
)


def test_debian_symlinked_conf_is_read_as_part_of_the_base(tmp_path: Path) -> None:
    server = one_service("&c;\n    &x;").replace('<?xml version="1.0"?>\n', INCLUDE)
    base = debian(tmp_path, server, {"connectors.xml": '<Connector port="8081"/>\n'})
    (tmp_path / "etc" / "outside.xml").write_text('<Connector port="9999"/>')
    r = convert(Config(src=base))
    by_rule: dict[str, list[Finding]] = {}
    for f in r.findings:
        by_rule.setdefault(f.rule, []).append(f)
    [link] = by_rule["input.linked-dir"]
    assert str(link.location) == "conf/" and link.status is Status.IGNORED
    refused, included = sorted(by_rule["xml.entity-include"], key=lambda f: f.status.value)
    assert refused.status is Status.ERROR and "outside the Tomcat base" in refused.message
    assert (included.status, str(included.location)) == (Status.MAPPED, "conf/server.xml:5")
    assert "conf/connectors.xml" in included.message
    [port] = by_rule["connector.port"]
    assert str(port.location) == "conf/connectors.xml:1"
    locations = {str(f.location) for f in r.findings if f.location}
    assert not [loc for loc in locations if loc.startswith("/")]


def test_debian_symlinked_conf_stays_in_the_manifest(tmp_path: Path) -> None:
    base = debian(tmp_path, one_service('<Connector port="8080"/>'), {})
    r = convert(Config(src=base))
    manifest = json.loads(r.plan[".igmigrate/manifest.json"].content)
    assert "conf/server.xml" in json.dumps(manifest)


def test_paths_are_replaced_as_whole_paths_never_as_text_prefixes() -> None:
    f = Findings()
    f.emit("connector.port", "/a/tomcat-certs/ks.p12 /a/tomcat/conf/k /a/tomcat")
    f.emit("connector.port", "/b/a/tomcat/x '/a/tomcat'")
    f.replace_text("/a/tomcat", "${catalina.base}")
    assert [x.message for x in f.sorted()] == [
        "/a/tomcat-certs/ks.p12 ${catalina.base}/conf/k ${catalina.base}",
        "/b/a/tomcat/x '${catalina.base}'",
    ]


def test_catalina_home_and_app_path_outside_src_leave_no_host_path_in_any_output(
    tmp_path: Path,
) -> None:
    src = tomcat(
        tmp_path / "tomcat",
        one_service('<Connector port="8080"/>'),
        gateway=None,
        files={"conf/catalina.properties": "a.b=c\n"},
    )
    (src / "RELEASE-NOTES").unlink()
    home = tmp_path / "tomcat-home"
    (home / "lib").mkdir(parents=True)
    with zipfile.ZipFile(home / "lib" / "catalina.jar", "w") as z:
        z.writestr(SERVER_INFO, "server.info=Apache Tomcat/9.0.85\nserver.number=9.0.85.0\n")
    (home / "bin").mkdir()
    (home / "bin" / "setenv.sh").write_text('JAVA_OPTS="$JAVA_OPTS -Dcustom.flag=1 -Xmx1g"\n')
    app = tmp_path / "tomcat-ig"
    (app / "WEB-INF").mkdir(parents=True)
    (app / "WEB-INF" / "web.xml").write_text(GATEWAY_WEB_XML)
    out = tmp_path / "out"
    args = ("--catalina-home", home, "--app-path", app, "--format", "json")
    p = igm("convert", src, out, *args)
    assert p.returncode in (0, 4), p.stderr
    report = json.loads((out / REPORT_JSON).read_text())
    assert report["source"]["tomcat_version_from"] == "--catalina-home:lib/catalina.jar"
    assert report["source"]["gateway_app"]["path"] == "--app-path"
    locations = {f["location"] for f in report["findings"]}
    assert "--catalina-home:bin/setenv.sh:1" in locations
    dry = igm("convert", src, out, *args, "--dry-run")
    host = {str(tmp_path), os.path.realpath(tmp_path)}
    for text in (p.stdout, p.stderr, dry.stdout, dry.stderr):
        assert not [h for h in host if h in text]
    for f in out.rglob("*"):
        if f.is_file():
            data = f.read_text(errors="replace")
            assert not [h for h in host if h in data], f
