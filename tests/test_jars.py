"""The jars of the gateway's class path: found, read with bounds, classified, copied to extra/."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from igmigrate.config import Config
from igmigrate.convert import Result, convert
from igmigrate.findings import Finding, Findings
from igmigrate.ig.model import ConfigJson, HeapObject, Instance
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.jars import map_jars, own_maven, split_name
from igmigrate.plan import MANIFEST
from igmigrate.rules.example import GATEWAY_WEB_XML, driver, jar_bytes, maven
from igmigrate.tomcat import jars as tomcat_jars
from igmigrate.tomcat.load import load
from tests.golden import ROOT
from tests.tomcat_tree import one_service, tomcat

H2 = jar_bytes({**maven("com.h2database", "h2", "2.2.224"), **driver("org.h2.Driver")})
PG = jar_bytes(
    {**maven("org.postgresql", "postgresql", "42.7.3"), **driver("org.postgresql.Driver")}
)
ACME_10 = jar_bytes({**maven("com.example", "acme-filters", "1.0"), "com/example/F.class": ""})
ACME_11 = jar_bytes({**maven("com.example", "acme-filters", "1.1"), "com/example/F.class": ""})
CATALINA = jar_bytes({"org/apache/catalina/Server.class": ""})
APP_LIB = "webapps/ROOT/WEB-INF/lib"
DS_CONFIG = json.dumps(
    {
        "heap": [
            {"name": "ds", "type": "JdbcDataSource", "config": {"driverClassName": "org.h2.Driver"}}
        ]
    }
)


def _src(tmp_path: Path, jars: dict[str, bytes], *, gateway: str | None = "webapps/ROOT") -> Path:
    src = tomcat(tmp_path / "tomcat", one_service('<Connector port="8080"/>'), gateway=gateway)
    for rel, data in jars.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(data)
    return src


def _run(src: Path, **options: object) -> Result:
    return convert(Config(src=src, **options))  # type: ignore[arg-type]


def _by_rule(result: Result, prefix: str = "jars.") -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in result.findings:
        if f.rule.startswith(prefix):
            out.setdefault(f.rule, []).append(f)
    return out


def _extra(result: Result) -> dict[str, bytes]:
    return {rel: f.content for rel, f in result.plan.items() if rel.startswith("extra/")}


def test_tomcat_lib_jars_are_sorted_out_and_copied_byte_for_byte(tmp_path: Path) -> None:
    src = _src(
        tmp_path,
        {
            "lib/catalina.jar": CATALINA,
            "lib/tomcat-jdbc.jar": jar_bytes(maven("org.apache.tomcat", "tomcat-jdbc", "9")),
            "lib/postgresql-42.7.3.jar": PG,
            "lib/acme-filters-1.0.jar": ACME_10,
            f"{APP_LIB}/acme-filters-1.1.jar": ACME_11,
        },
    )
    result = _run(src)
    rules = _by_rule(result)
    extra = _extra(result)
    assert sorted(extra) == [
        "extra/acme-filters-1.0.jar",
        "extra/acme-filters-1.1.jar",
        "extra/postgresql-42.7.3.jar",
    ]
    assert hashlib.sha256(extra["extra/postgresql-42.7.3.jar"]).digest() == (
        hashlib.sha256((src / "lib/postgresql-42.7.3.jar").read_bytes()).digest()
    )
    [own] = rules["jars.tomcat-own"]
    assert "catalina.jar, tomcat-jdbc.jar" in own.message and str(own.location) == "lib/"
    [pg] = rules["jars.driver-unused"]
    digest = hashlib.sha256(PG).hexdigest()
    assert f"{len(PG)} bytes, sha256 {digest}" in pg.message
    assert pg.target == "extra/postgresql-42.7.3.jar"
    assert "org.postgresql.Driver" in pg.message
    [versions] = rules["jars.versions"]
    assert "acme-filters" in versions.message and "(1.1)" in versions.message
    assert versions.status.value == "manual"
    manifest = json.loads(result.plan[MANIFEST].content)
    assert manifest["outputs"]["extra/postgresql-42.7.3.jar"] == {
        "mode": "0644",
        "sha256": digest,
        "size": len(PG),
    }


def test_written_jars_are_identical_in_out(tmp_path: Path) -> None:
    src = _src(tmp_path, {"lib/h2-2.2.224.jar": H2})
    out = tmp_path / "out"
    p = subprocess.run(
        [sys.executable, "-m", "igmigrate", "convert", str(src), str(out), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert p.returncode == 0, p.stderr
    assert (out / "extra/h2-2.2.224.jar").read_bytes() == H2
    assert [e.name for e in (out / "extra").iterdir()] == ["h2-2.2.224.jar"]  # flat


def test_driver_a_converted_datasource_needs_is_mapped(tmp_path: Path) -> None:
    """The datasource mapper writes JdbcDataSources into instance.config before this runs."""
    src = _src(tmp_path, {"lib/h2-2.2.224.jar": H2, "lib/postgresql-42.7.3.jar": PG})
    config = Config(src=src)
    findings = Findings()
    instance = Instance("7.2")
    instance.config = ConfigJson(
        heap=[HeapObject("jdbc-users", "JdbcDataSource", {"driverClassName": "org.h2.Driver"})]
    )
    mc = MapContext(config, load(config, findings), findings, instance)
    map_jars(mc)
    got = {f.rule: f for f in findings if f.rule.startswith("jars.")}
    assert got["jars.driver"].status.value == "mapped"
    assert "used by jdbc-users" in got["jars.driver"].message
    assert got["jars.driver-unused"].target == "extra/postgresql-42.7.3.jar"
    assert sorted(instance.extra) == ["extra/h2-2.2.224.jar", "extra/postgresql-42.7.3.jar"]


def test_driver_of_the_instance_config_json_and_a_missing_one(tmp_path: Path) -> None:
    ig = tmp_path / "ig"
    (ig / "config").mkdir(parents=True)
    heap = json.loads(DS_CONFIG)
    heap["heap"].append(
        {"name": "ora", "type": "JdbcDataSource", "config": {"driverClassName": "oracle.X"}}
    )
    (ig / "config/config.json").write_text(json.dumps(heap))
    result = _run(_src(tmp_path, {"lib/h2.jar": H2}), ig_instance=ig)
    rules = _by_rule(result)
    assert "used by ds" in rules["jars.driver"][0].message
    [missing] = rules["jars.driver-missing"]
    assert "oracle.X" in missing.message and "ora" in missing.message


def _war(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("WEB-INF/web.xml", GATEWAY_WEB_XML)
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_jars_inside_root_war_are_read_without_unpacking(tmp_path: Path) -> None:
    war = _war(
        {
            "WEB-INF/lib/openig-core-7.2.0.jar": b"not even a zip: known by name, never read",
            "WEB-INF/lib/json-web-token-2.0.jar": jar_bytes(
                maven("org.forgerock.commons", "json-web-token", "2.0")
            ),
            "WEB-INF/lib/acme-filters-1.0.jar": ACME_10,
            "WEB-INF/lib/sub/nested.jar": ACME_11,  # not on the class path: Tomcat skips it
            "WEB-INF/classes/x.jar": ACME_11,
        }
    )
    src = _src(tmp_path, {"webapps/ROOT.war": war}, gateway=None)
    result = _run(src)
    rules = _by_rule(result)
    assert _extra(result) == {"extra/acme-filters-1.0.jar": ACME_10}
    [own] = rules["jars.gateway-own"]
    assert str(own.location) == "webapps/ROOT.war!/WEB-INF/lib/"
    assert "json-web-token-2.0.jar, openig-core-7.2.0.jar" in own.message
    [copied] = rules["jars.copied"]
    assert str(copied.location) == "webapps/ROOT.war!/WEB-INF/lib/acme-filters-1.0.jar"
    assert "--ig-dist" in (copied.hint or "")
    assert "jars.unreadable" not in rules


def test_war_entry_past_the_bound_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tomcat_jars, "MAX_JAR", 100)
    war = _war({"WEB-INF/lib/acme-filters-1.0.jar": ACME_10})
    result = _run(_src(tmp_path, {"webapps/ROOT.war": war}, gateway=None))
    [refused] = _by_rule(result)["jars.unreadable"]
    assert "larger than" in refused.message and _extra(result) == {}


def test_ig_dist_lib_names_what_standalone_provides(tmp_path: Path) -> None:
    dist = tmp_path / "identity-gateway"
    (dist / "lib").mkdir(parents=True)
    (dist / "lib/jackson-databind-2.15.2.jar").write_bytes(b"")
    jackson = jar_bytes(maven("com.fasterxml.jackson.core", "jackson-databind", "2.12.7"))
    src = _src(
        tmp_path,
        {
            f"{APP_LIB}/jackson-databind-2.12.7.jar": jackson,
            f"{APP_LIB}/acme-filters-1.0.jar": ACME_10,
        },
    )
    without = _run(src)
    assert "extra/jackson-databind-2.12.7.jar" in _extra(without)
    result = _run(src, ig_dist=dist)
    assert sorted(_extra(result)) == ["extra/acme-filters-1.0.jar"]
    [own] = _by_rule(result)["jars.gateway-own"]
    assert "jackson-databind-2.12.7.jar (--ig-dist: jackson-databind-2.15.2.jar)" in own.message
    assert "--ig-dist's lib/" in own.message


def test_ig_dist_is_a_cli_option(tmp_path: Path) -> None:
    (tmp_path / "dist/lib").mkdir(parents=True)
    (tmp_path / "dist/lib/acme-filters-2.0.jar").write_bytes(b"")
    src = _src(tmp_path, {"lib/acme-filters-1.0.jar": ACME_10})
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "igmigrate", "convert", str(src), str(out)]
    p = subprocess.run(
        [*cmd, "--ig-dist", str(tmp_path / "dist"), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert p.returncode == 0, p.stderr
    assert not (out / "extra").exists()
    report = json.loads((out / "migration-report.json").read_text())
    assert any(f["rule"] == "jars.gateway-own" for f in report["findings"])
    assert str(tmp_path) not in (out / "migration-report.json").read_text()


def test_symlink_outside_src_is_refused_inside_is_copied(tmp_path: Path) -> None:
    src = _src(tmp_path, {"shared/acme-filters-1.0.jar": ACME_10})
    away = tmp_path / "elsewhere.jar"
    away.write_bytes(ACME_11)
    (src / "lib").mkdir()
    (src / "lib/ext.jar").symlink_to(away)
    (src / "lib/acme.jar").symlink_to("../shared/acme-filters-1.0.jar")
    result = _run(src)
    rules = _by_rule(result)
    [refused] = rules["jars.refused-link"]
    assert str(refused.location) == "lib/ext.jar" and refused.status.value == "manual"
    assert _extra(result) == {"extra/acme.jar": ACME_10}
    assert "ext.jar" not in json.dumps(result.plan[MANIFEST].content.decode())
    digests = result.plan[".igmigrate/inputs.sha256"].content.decode()
    assert hashlib.sha256(ACME_11).hexdigest() not in digests  # never read, not even hashed


def test_corrupt_and_special_jars_are_findings_not_crashes(tmp_path: Path) -> None:
    src = _src(
        tmp_path,
        {
            "lib/broken.jar": b"PK\x03\x04 cut short",
            "lib/trunc.jar": ACME_10[: len(ACME_10) // 2],
            "lib/ok-1.0.jar": ACME_10,
        },
    )
    os.mkfifo(src / "lib/pipe.jar")
    result = _run(src)
    bad = {str(f.location): f.message for f in _by_rule(result)["jars.unreadable"]}
    assert sorted(bad) == ["lib/broken.jar", "lib/pipe.jar", "lib/trunc.jar"]
    assert "not a readable jar" in bad["lib/broken.jar"]
    assert "FIFO" in bad["lib/pipe.jar"]
    assert sorted(_extra(result)) == ["extra/ok-1.0.jar"]


def test_bounds_on_entries_and_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _src(tmp_path, {"lib/a-1.0.jar": ACME_10, "lib/b-1.0.jar": PG})
    monkeypatch.setattr(tomcat_jars, "MAX_TOTAL", len(ACME_10) + 10)
    result = _run(src)
    [over] = _by_rule(result)["jars.unreadable"]
    assert str(over.location) == "lib/b-1.0.jar" and "total" in over.message
    monkeypatch.setattr(tomcat_jars, "MAX_TOTAL", 1 << 30)
    monkeypatch.setattr(tomcat_jars, "MAX_ENTRIES", 2)
    [many] = _by_rule(_run(src))["jars.unreadable"]  # a: 2 entries, b: 3
    assert str(many.location) == "lib/b-1.0.jar" and "3 entries, more than 2" in many.message


def test_home_lib_name_clash_and_identical_copies(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "lib").mkdir(parents=True)
    (home / "lib/catalina.jar").write_bytes(CATALINA)
    (home / "lib/acme.jar").write_bytes(ACME_11)
    (home / "lib/h2.jar").write_bytes(H2)
    src = _src(tmp_path, {"lib/acme.jar": ACME_10, f"{APP_LIB}/h2.jar": H2})
    result = _run(src, catalina_home=home)
    rules = _by_rule(result)
    assert _extra(result) == {
        "extra/h2.jar": H2,
        "extra/acme.jar": ACME_10,  # CATALINA_BASE first, as common.loader
        "extra/acme-2.jar": ACME_11,
    }
    renamed = next(f for f in rules["jars.copied"] if f.target == "extra/acme-2.jar")
    assert str(renamed.location) == "--catalina-home:lib/acme.jar"
    assert "extra/acme.jar is lib/acme.jar's" in renamed.message
    [dup] = rules["jars.duplicate"]
    assert str(dup.location) == "--catalina-home:lib/h2.jar"
    assert f"identical to {APP_LIB}/h2.jar" in dup.message
    assert str(tmp_path) not in json.dumps([f.message for f in result.findings])
    assert any(str(f.location) == "--catalina-home:lib/" for f in rules["jars.tomcat-own"])


def test_names_and_manifest_identity() -> None:
    assert split_name("ojdbc8-19.3.0.0.jar") == ("ojdbc8", "19.3.0.0")
    assert split_name("mysql-connector-j-8.4.0.jar") == ("mysql-connector-j", "8.4.0")
    assert split_name("custom.jar") == ("custom", "")
    text = "Manifest-Version: 1.0\r\nImplementation-Title: Acme Gateway Fi\r\n lters\r\n\r\nName: x"
    assert tomcat_jars._manifest(text) == {"Implementation-Title": "Acme Gateway Filters"}
    source = tomcat_jars.JarSource("shaded-1.0.jar", "lib/shaded-1.0.jar", "x", Path("."))
    shaded = jar_bytes(
        {**maven("org.forgerock.http", "chf-http-core", "1"), **maven("a", "shaded", "1.0")}
    )
    jar = tomcat_jars.parse_jar(source, shaded)
    assert own_maven(jar) == tomcat_jars.Maven("a", "shaded", "1.0")  # not the bundled one


def test_debian_home_links_tomcat_jars_out_of_home_without_opening_them(tmp_path: Path) -> None:
    """/usr/share/tomcat9/lib/catalina.jar → ../../java/tomcat9-catalina.jar: Tomcat's own, known
    by name and never opened; a customer jar linked the same way is refused."""
    java = tmp_path / "usr/share/java"
    java.mkdir(parents=True)
    (java / "tomcat9-catalina.jar").write_bytes(CATALINA)
    (java / "ecj.jar").write_bytes(b"")
    (java / "h2.jar").write_bytes(H2)
    home = tmp_path / "usr/share/tomcat9"
    (home / "lib").mkdir(parents=True)
    (home / "lib/catalina.jar").symlink_to("../../java/tomcat9-catalina.jar")
    (home / "lib/ecj.jar").symlink_to("../../java/ecj.jar")
    (home / "lib/h2.jar").symlink_to("../../java/h2.jar")
    src = _src(tmp_path, {})
    (src / "lib").mkdir()
    result = _run(src, catalina_home=home)
    rules = _by_rule(result)
    [own] = rules["jars.tomcat-own"]
    assert str(own.location) == "--catalina-home:lib/" and "catalina.jar, ecj.jar" in own.message
    [refused] = rules["jars.refused-link"]
    assert str(refused.location) == "--catalina-home:lib/h2.jar"
    assert _extra(result) == {}
