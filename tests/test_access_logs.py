"""Access log valves → the AuditService of config/config.json, per target version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from igmigrate.convert import Result
from igmigrate.ig.profiles import SUPPORTED
from igmigrate.mapping.access_logs import rotation_period
from igmigrate.rules.example import VALVES, Example
from igmigrate.rules.status import IGN, M, P
from tests.test_rule_examples import run

VALVE = f'<Valve className="{VALVES}AccessLogValve"'


def _convert(tmp_path: Path, version: str = "7.2", **inputs: Any) -> Result:
    return run(tmp_path, Example(M, **inputs), version)


def _config_json(result: Result) -> Any:
    return json.loads(result.plan["config/config.json"].content)


def _handlers(result: Result) -> list[Any]:
    heap = {h["name"]: h for h in _config_json(result)["heap"]}
    assert heap["AuditService"]["type"] == "AuditService"
    handlers: list[Any] = heap["AuditService"]["config"]["eventHandlers"]
    return handlers


def _findings(result: Result, rule: str) -> list[Any]:
    return [f for f in result.findings if f.rule == rule]


def test_no_access_log_no_config_json(tmp_path: Path) -> None:
    result = _convert(tmp_path)
    assert "config/config.json" not in result.plan
    assert result.context is not None and result.context.instance.config is None


@pytest.mark.parametrize("version", SUPPORTED)
def test_access_log_valve_gives_audit_service_and_default_router(
    tmp_path: Path, version: str
) -> None:
    host = f'{VALVE} directory="logs" prefix="x" suffix=".txt" pattern="common" maxDays="14"/>'
    result = _convert(tmp_path, version, host=host)
    config = _config_json(result)
    assert config["handler"] == {"type": "Router", "name": "_router"}  # IG's built-in default
    [handler] = _handlers(result)
    want_class = {
        "7.2": "org.forgerock.audit.handlers.csv.CsvAuditEventHandler",
    }.get(version, "org.forgerock.audit.handlers.json.JsonAuditEventHandler")
    assert handler == {
        "class": want_class,
        "config": {
            "name": "access-log",
            "topics": ["access"],
            "logDirectory": "&{ig.instance.dir}/logs",
            "fileRotation": {
                "rotationEnabled": True,
                "rotationFileSuffix": ".yyyy-MM-dd",
                "rotationInterval": "1 day",
            },
            "fileRetention": {"maxNumberOfHistoryFiles": 14},
        },
    }
    [audit] = _findings(result, "access-log.audit")
    assert audit.status is M and audit.location.line == 8
    partial = {f.settings[0].name: f for f in _findings(result, "access-log.format")}
    assert sorted(partial) == ["pattern", "prefix", "suffix"]
    assert all(f.status is P and f.location == audit.location for f in partial.values())
    assert "fixed schema" in partial["pattern"].message
    assert "statusCode" in partial["pattern"].message
    assert not _findings(result, "unconverted")
    report = json.loads(result.plan["migration-report.json"].content)
    assert "config/config.json" in report["outputs"]


def test_hourly_rotation_and_retention_in_files(tmp_path: Path) -> None:
    host = f'{VALVE} pattern="common" fileDateFormat="yyyy-MM-dd.HH" maxDays="2"/>'
    [handler] = _handlers(_convert(tmp_path, host=host))
    assert handler["config"]["fileRotation"]["rotationInterval"] == "1 hour"
    assert handler["config"]["fileRotation"]["rotationFileSuffix"] == "yyyy-MM-dd.HH"
    assert handler["config"]["fileRetention"] == {"maxNumberOfHistoryFiles": 48}


def test_not_rotatable(tmp_path: Path) -> None:
    host = f'{VALVE} pattern="common" rotatable="false" maxDays="3"/>'
    [handler] = _handlers(_convert(tmp_path, host=host))
    assert handler["config"]["fileRotation"] == {"rotationEnabled": False}
    assert "fileRetention" not in handler["config"]


def test_absolute_directory_kept_base_directory_made_instance_relative(tmp_path: Path) -> None:
    host = (
        f'{VALVE} pattern="common" directory="/var/log/tomcat9"/>'
        f'{VALVE} pattern="common" directory="${{catalina.base}}/audit"/>'
    )
    dirs = [h["config"]["logDirectory"] for h in _handlers(_convert(tmp_path, host=host))]
    assert dirs == ["/var/log/tomcat9", "&{ig.instance.dir}/audit"]


def test_engine_and_host_valves_same_directory_make_one_handler(tmp_path: Path) -> None:
    result = _convert(
        tmp_path, engine=f'{VALVE} pattern="common"/>', host=f'{VALVE} pattern="combined"/>'
    )
    assert len(_handlers(result)) == 1
    statuses = sorted(f.status.value for f in _findings(result, "access-log.audit"))
    assert statuses == ["mapped", "partial"]


def test_empty_pattern_and_disabled_add_nothing(tmp_path: Path) -> None:
    host = f'{VALVE} directory="logs"/>{VALVE} pattern="common" enabled="false"/>'
    result = _convert(tmp_path, host=host)
    assert "config/config.json" not in result.plan
    none = _findings(result, "access-log.none")
    assert [f.status for f in none] == [IGN, IGN]
    assert "nothing is added" in none[0].message
    assert not _findings(result, "unconverted")


def test_other_host_is_not_audited(tmp_path: Path) -> None:
    host = f'</Host><Host name="other" appBase="other">{VALVE} pattern="common"/>'
    result = _convert(tmp_path, host=host)
    assert "config/config.json" not in result.plan
    [f] = _findings(result, "access-log.other-app")
    assert f.status is IGN and 'name="other"' in f.message


def test_gateway_context_valve(tmp_path: Path) -> None:
    host = f'<Context path="" docBase="ROOT">{VALVE} pattern="common" directory="ctx"/></Context>'
    result = _convert(tmp_path, host=host)
    [handler] = _handlers(result)
    assert handler["config"]["logDirectory"] == "&{ig.instance.dir}/ctx"
    assert "the gateway's <Context>" in _findings(result, "access-log.audit")[0].message
    assert not _findings(result, "unconverted")


def test_other_valves_keep_their_findings(tmp_path: Path) -> None:
    host = f'<Valve className="{VALVES}RemoteIpValve"/>{VALVE} pattern="common"/>'
    result = _convert(tmp_path, host=host)
    assert _findings(result, "server.remote-ip")
    assert _findings(result, "access-log.audit")


@pytest.mark.parametrize(
    ("fmt", "want"),
    [
        (".yyyy-MM-dd", ("1 day", 86400)),
        ("yyyy-MM-dd.HH", ("1 hour", 3600)),
        ("yyyy-MM-dd-HH-mm", ("1 minute", 60)),
        ("'hourly'yyyy-MM-dd", ("1 day", 86400)),  # quoted letters are literal text
        ("yyyy-ww", ("7 days", 604800)),
        ("yyyy-MM", None),
    ],
)
def test_rotation_period(fmt: str, want: tuple[str, int] | None) -> None:
    assert rotation_period(fmt) == want


def test_file_options_reported_one_by_one_never_unconverted(tmp_path: Path) -> None:
    host = (
        f'{VALVE} pattern="common" renameOnRotate="true" encoding="ISO-8859-1" locale="fr"'
        ' requestAttributesEnabled="true" resolveHosts="false" checkExists="true"/>'
    )
    result = _convert(tmp_path, host=host)
    found = {
        f.message.split(":")[1].split()[0]: f for f in _findings(result, "access-log.file-options")
    }
    assert set(found) == {
        "renameOnRotate",
        "encoding",
        "locale",
        "requestAttributesEnabled",
        "resolveHosts",
        "checkExists",
    }
    assert found["encoding"].status == P and "UTF-8" in found["encoding"].message
    assert found["requestAttributesEnabled"].status == P
    assert found["renameOnRotate"].status == IGN
    assert all(f.location is not None and f.location.line for f in found.values())
    assert not _findings(result, "unconverted")
    [handler] = _handlers(result)  # the handler is still made
    assert handler["config"]["topics"] == ["access"]
