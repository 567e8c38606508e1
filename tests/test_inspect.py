"""`igmigrate inspect SRC`: a read-only assessment of a Tomcat installation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.golden import ROOT, SAMPLES
from tests.tomcat_tree import one_service, tomcat

TLS = SAMPLES / "tomcat9-tls-legacy" / "input"
IG = SAMPLES / "tomcat9-ig-instance"
STORE_PASSWORD = "Sample9-Store-Pw$42"  # keystorePass in TLS's server.xml


def igm(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "igmigrate", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(root.rglob("*"))
    }


def test_text_says_what_was_found_what_maps_what_needs_a_human_and_coverage() -> None:
    p = igm("inspect", TLS)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0] == "Tomcat 9.0.85 (version from RELEASE-NOTES)"
    assert "Gateway application: webapps/ROOT (Service Catalina, Host localhost)" in lines
    assert "  port 8080 HTTP/1.1 (Service Catalina) at conf/server.xml:17" in lines
    assert any(ln.startswith("  port 8443 ") and " TLS " in ln for ln in lines)
    assert "Settings seen: 43, accounted for: 43 (100%)" in lines
    assert any(
        ln.startswith("Maps to IG 7.2 (mapped, partial or ignored, by area): ") for ln in lines
    )
    assert "Needs a human: 3" in lines
    assert any(ln.startswith("  MANUAL connector.proxy conf/server.xml:19 ") for ln in lines)
    assert STORE_PASSWORD not in p.stdout + p.stderr


def test_json_dumps_the_model_with_locations_and_the_findings() -> None:
    p = igm("inspect", TLS, "--format", "json")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["format_version"] == 1 and data["target"] == "7.2"
    assert data["summary"]["coverage"] == {"seen": 43, "accounted": 43, "percent": 100.0}
    assert sum(data["summary"]["counts"].values()) == len(data["findings"])
    assert {"rule": "connector.proxy", "status": "manual"}.items() <= next(
        f for f in data["findings"] if f["rule"] == "connector.proxy"
    ).items()
    server = data["model"]["server_xml"]
    assert server["tag"] == "Server" and server["location"].startswith("conf/server.xml:")
    connectors = [e for e in _walk(server) if e["tag"] == "Connector"]
    https = next(c for c in connectors if _value(c, "port") == "8443")
    assert https["location"] == "conf/server.xml:21"
    assert _value(https, "keystorePass") not in (None, STORE_PASSWORD)
    assert data["model"]["tomcat_version"] == "9.0.85"
    assert [c["port"] for c in data["connectors"]] == ["8080", "8443"]
    assert STORE_PASSWORD not in p.stdout  # password attributes arrive masked


def _walk(e: dict[str, Any]) -> list[dict[str, Any]]:
    return [e, *(x for c in e.get("children", []) for x in _walk(c))]


def _value(e: dict[str, Any], name: str) -> Any:
    return next((a["value"] for a in e["attributes"] if a["name"] == name), None)


def test_json_keeps_setenv_values_out_and_host_paths_out(tmp_path: Path) -> None:
    src = tomcat(
        tmp_path / "tomcat",
        one_service('<Connector port="8080" address="${catalina.base}"/>'),
        files={"bin/setenv.sh": 'CATALINA_OPTS="-Djavax.net.ssl.trustStorePassword=SetenvPw-77"\n'},
    )
    p = igm("inspect", src, "--format", "json")
    assert p.returncode == 0, p.stderr
    assert "SetenvPw-77" not in p.stdout and str(tmp_path) not in p.stdout
    data = json.loads(p.stdout)
    options = data["model"]["setenv"]["jvm_options"]
    assert options == [
        {
            "option": "-Djavax.net.ssl.trustStorePassword",
            "var": "CATALINA_OPTS",
            "location": "bin/setenv.sh:1",
        }
    ]
    (conn,) = [e for e in _walk(data["model"]["server_xml"]) if e["tag"] == "Connector"]
    assert _value(conn, "address") == "${catalina.base}"


def test_inspect_reads_the_ig_instance_and_writes_nothing() -> None:
    before = snapshot(IG)
    p = igm(
        "inspect", IG / "input", "--ig-instance", IG / "ig-instance", "--target-version", "2024.3"
    )
    assert p.returncode == 0, p.stderr
    assert "Maps to IG 2024.3 " in p.stdout and "ig-instance" in p.stdout
    assert snapshot(IG) == before


def test_connectors_format_keeps_the_json_lines_conformance_reads() -> None:
    p = igm("inspect", TLS, "--format", "connectors")
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["port"] for r in rows] == [8080, 8443]
    assert rows[1]["ssl_enabled"] is True and rows[1]["ssl_host_configs"]


def test_bad_input_and_bad_options() -> None:
    assert igm("inspect", TLS, "--format", "yaml").returncode == 2
    assert igm("inspect", TLS, "--target-version", "6.5").returncode == 2
    p = igm("inspect", SAMPLES)
    assert p.returncode == 1 and "not a Tomcat base" in p.stderr
