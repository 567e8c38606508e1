"""Routes, admin.json and config.json of an IG instance rewritten for standalone, over the
real-world files of ../shared/corpus/ig (read by reference, copied to tmp_path at run time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from igmigrate.config import Config
from igmigrate.convert import Result, convert
from igmigrate.ig import json_text as jt
from igmigrate.mapping import ig_routes, run
from igmigrate.mapping.context import MapContext
from tests.tomcat_tree import one_service, tomcat

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/ig"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")


def _corpus(name: str) -> bytes:
    return next(CORPUS.glob(f"{name}-*")).read_bytes()


def _instance(tmp_path: Path, files: dict[str, bytes]) -> Path:
    ig = tmp_path / "ig"
    for rel, data in files.items():
        (ig / rel).parent.mkdir(parents=True, exist_ok=True)
        (ig / rel).write_bytes(data)
    ig.mkdir(exist_ok=True)
    return ig


def _convert(tmp_path: Path, files: dict[str, bytes]) -> Result:
    src = tomcat(tmp_path / "tomcat", one_service('<Connector port="8080"/>'))
    return convert(Config(src=src, ig_instance=_instance(tmp_path, files)))


def _found(result: Result, rule: str) -> list[tuple[str, str]]:
    return [(str(f.location), f.message) for f in result.findings if f.rule == rule]


def _insert(text: str, pointer: str, key: str, value: object) -> str:
    node = jt.find(jt.parse(text), pointer)
    assert node is not None, pointer
    return jt.apply(text, jt.insert_member(text, node, key, value))


def test_inline_client_handler_at_depth_and_a_heap_reverse_proxy(tmp_path: Path) -> None:
    original = _corpus("03").decode()
    inline = "/heap/4/config/registrationHandler"  # ClientRegistration → registrationHandler
    kept = _insert(original, inline, "config", {"soTimeout": "10 seconds"})
    route = _insert(
        original, inline, "config", {"asyncBehavior": "streaming", "soTimeout": "10 seconds"}
    )
    route = _insert(route, "/heap/0/config", "stateTrackingEnabled", False)
    result = _convert(tmp_path, {"config/routes/10-webfiling.json": route.encode()})
    out = result.plan["config/routes/10-webfiling.json"].content.decode()
    assert out == kept  # only the two members are gone: every other byte as the user wrote it
    name = "--ig-instance:config/routes/10-webfiling.json"
    assert _found(result, "ig-instance.async-streaming") == [
        (
            f"{name}:73",
            f"{name}:73 {inline}/config/asyncBehavior: asyncBehavior"
            ' "streaming" removed: standalone IG ignores it',
        )
    ]
    [(where, message)] = _found(result, "ig-instance.state-tracking")
    assert where == f"{name}:29"
    assert message.startswith(f"{name}:29 /heap/0/config/stateTrackingEnabled: ")
    assert [f.status.value for f in result.findings if f.rule.startswith("ig-instance.a")] == [
        "ignored"
    ]
    assert not result.findings.has_errors()


def test_non_streaming_is_kept_and_the_route_copied_byte_for_byte(tmp_path: Path) -> None:
    route = _corpus("05")
    result = _convert(tmp_path, {"config/routes/50-reverseproxy.json": route})
    assert result.plan["config/routes/50-reverseproxy.json"].content == route
    assert _found(result, "ig-instance.async-streaming") == []
    assert _found(result, "ig-instance.copied") == [
        ("--ig-instance", "1 file(s) of the IG instance copied to OUT byte for byte")
    ]


def test_config_json_routers_name_the_route_directories(tmp_path: Path) -> None:
    config = _corpus("06").decode()
    handler = "/heap/2/config"  # the heap ClientHandler named ForgeRockClientHandler
    config_in = _insert(config, handler, "stateTrackingEnabled", False)
    streaming = _corpus("05").replace(b'"non_streaming"', b'"streaming"')
    files = {
        "config/config.json": config_in.encode(),
        "config/routes-service/50-reverseproxy.json": streaming,
        "config/routes-pod/50-reverseproxy.json": _corpus("05"),
        "config/routes-pod/notes.txt": b"not a route {",
        "config/other/x.json": b"{not json, not a route directory",
    }
    result = _convert(tmp_path, files)
    plan = result.plan
    assert not result.findings.has_errors()
    # config.json: nothing of igmigrate's to merge; the member removed, the rest byte for byte
    assert plan["config/config.json"].content.decode() == config
    assert plan["config/routes-pod/50-reverseproxy.json"].content == _corpus("05")
    assert plan["config/routes-pod/notes.txt"].content == b"not a route {"
    assert plan["config/other/x.json"].content == files["config/other/x.json"]
    service = plan["config/routes-service/50-reverseproxy.json"].content
    assert service == streaming.replace(b'      "asyncBehavior" : "streaming",\n', b"")
    assert [w for w, _ in _found(result, "ig-instance.async-streaming")] == [
        "--ig-instance:config/routes-service/50-reverseproxy.json:6"
    ]
    assert [w for w, _ in _found(result, "ig-instance.state-tracking")] == [
        "--ig-instance:config/config.json:58"
    ]
    assert _found(result, "ig-instance.router-directory") == []


def test_a_router_directory_outside_the_instance_is_reported(tmp_path: Path) -> None:
    config = _corpus("06").replace(b"${openig.configDirectory}/routes-pod", b"/srv/routes")
    result = _convert(tmp_path, {"config/config.json": config})
    [(where, message)] = _found(result, "ig-instance.router-directory")
    assert where == "--ig-instance:config/config.json:13"
    assert "/handler/config/bindings/0/handler/config/directory" in message


def test_a_route_that_is_not_json_is_an_error_with_line_and_column(tmp_path: Path) -> None:
    bad = _corpus("05").replace(b'"connections" : 100,', b'"connections" : 100')
    files = {"config/routes/50.json": bad}
    result = _convert(tmp_path, files)
    assert result.findings.has_errors()
    assert _found(result, "ig-instance.not-json") == [
        (
            "--ig-instance:config/routes/50.json:8",
            "--ig-instance:config/routes/50.json:8:7: expecting ',' or '}';"
            " IG would not start with it",
        )
    ]
    out = tmp_path / "out"
    src = tmp_path / "tomcat"
    cmd = [sys.executable, "-m", "igmigrate", "convert", str(src), str(out)]
    proc = subprocess.run(
        [*cmd, "--ig-instance", str(tmp_path / "ig")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "config/routes/50.json:8:7" in proc.stdout + proc.stderr


def _with_datasources(monkeypatch: pytest.MonkeyPatch, known: dict[str, str]) -> None:
    """The datasource mapper (run before map_ig_instance) stood in for by the test."""
    real = run.map_ig_instance

    def fill_then_map(mc: MapContext) -> object:
        mc.instance.datasources.update(known)
        return real(mc)

    monkeypatch.setattr(run, "map_ig_instance", fill_then_map)


def test_a_jndi_datasource_becomes_the_heap_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_datasources(monkeypatch, {"jdbc/forgerock": "JdbcDataSource-forgerock"})
    route = _corpus("09")
    result = _convert(tmp_path, {"config/routes/03-sql.json": route})
    out = result.plan["config/routes/03-sql.json"].content
    assert out == route.replace(b'"java:comp/env/jdbc/forgerock"', b'"JdbcDataSource-forgerock"')
    name = "--ig-instance:config/routes/03-sql.json"
    assert _found(result, "ig-instance.datasource-rewritten") == [
        (
            f"{name}:9",
            f"{name}:9 /handler/config/filters/0/config/dataSource: dataSource"
            " 'java:comp/env/jdbc/forgerock' (a JNDI name) now names the JdbcDataSource"
            " 'JdbcDataSource-forgerock' of config.json",
        )
    ]


def test_a_plain_jndi_name_and_a_heap_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_datasources(monkeypatch, {"jdbc/forgerock": "JdbcDataSource-forgerock"})
    config = b'{"heap": [{"name": "my/ds", "type": "JdbcDataSource"}]}\n'
    route = b'{"a": {"dataSource": "jdbc/forgerock"}, "b": {"dataSource": "my/ds"},\n'
    route += b' "c": {"dataSource": "PlainHeapName"}, "d": {"dataSource": "${ds}"}}\n'
    result = _convert(tmp_path, {"config/config.json": config, "config/routes/r.json": route})
    out = json.loads(result.plan["config/routes/r.json"].content)
    assert [v["dataSource"] for v in out.values()] == [
        "JdbcDataSource-forgerock",
        "my/ds",  # a heap object of config.json, though it has a slash
        "PlainHeapName",
        "${ds}",
    ]
    assert len(_found(result, "ig-instance.datasource-rewritten")) == 1
    assert not result.findings.has_errors()


def test_a_jndi_datasource_naming_nothing_known_is_an_error(tmp_path: Path) -> None:
    result = _convert(tmp_path, {"config/routes/03-sql.json": _corpus("09")})
    assert result.findings.has_errors()
    [(where, message)] = _found(result, "ig-instance.datasource-unknown")
    assert where == "--ig-instance:config/routes/03-sql.json:9"
    assert "'java:comp/env/jdbc/forgerock' is a JNDI name no converted Tomcat DataSource" in message


def test_groovy_jndi_script_is_reported(tmp_path: Path) -> None:
    script = _corpus("10")
    result = _convert(tmp_path, {"scripts/groovy/SqlClient.groovy": script})
    assert result.plan["scripts/groovy/SqlClient.groovy"].content == script
    lines = [w for w, _ in _found(result, "ig-instance.script-jndi")]
    assert lines and all(
        w.startswith("--ig-instance:scripts/groovy/SqlClient.groovy:") for w in lines
    )


def test_admin_json_merge_keeps_the_users_text(tmp_path: Path) -> None:
    admin = _corpus("01").decode()
    assert not admin.endswith("\n")  # as found: no final line break
    result = _convert(tmp_path, {"config/admin.json": admin.encode()})
    out = result.plan["config/admin.json"].content.decode()
    merged = json.loads(out)
    assert list(merged) == ["session", "connectors"]  # the user's order, ours appended
    assert merged["connectors"] == [{"port": 8080}]
    # the session Tomcat gave (JSESSIONID, web.xml's timeout) replaces the user's, in place
    assert merged["session"]["cookie"]["name"] == "JSESSIONID"
    assert out.startswith('{\n  "session": {\n    "cookie": {\n      "name": "JSESSIONID",\n')
    assert out.endswith('  },\n  "connectors": [\n    {\n      "port": 8080\n    }\n  ]\n}')
    assert _found(result, "ig-instance.value-replaced") == [
        (
            "--ig-instance:config/admin.json",
            "config/admin.json /session of the IG instance is replaced by the value igmigrate"
            " maps from Tomcat",
        )
    ]


def test_config_json_heap_merged_in_place(tmp_path: Path) -> None:
    config = _corpus("13")
    result = _convert(tmp_path, {"config/config.json": config})
    assert result.plan["config/config.json"].content == config  # nothing to merge: unchanged
    assert _found(result, "ig-instance.async-streaming") == []
    assert not result.findings.has_errors()


def test_resolve_directory() -> None:
    r = ig_routes.resolve_directory
    assert r("${openig.configDirectory}/routes-service") == "config/routes-service"
    assert r("&{ig.instance.dir}/config/routes/") == "config/routes"
    assert r("${openig.configDirectory}/../../etc") is None
    assert r("/srv/routes") is None
    assert r("${env['X']}/routes") is None
    assert r("${openig.configDirectory}/${x}") is None
