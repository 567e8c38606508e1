"""The IG instance directory: found (--ig-instance, setenv.sh), read, copied to OUT as found."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from igmigrate.config import Config
from igmigrate.convert import Result, convert
from igmigrate.errors import IgMigrateError
from igmigrate.ig.instance import read_instance
from tests.tomcat_tree import one_service, tomcat

BINARY = bytes(range(256)) * 4  # every byte value, no valid UTF-8


def _src(tmp_path: Path, setenv: str | None = None) -> Path:
    files = {"bin/setenv.sh": setenv} if setenv is not None else {}
    return tomcat(tmp_path / "tomcat", one_service('<Connector port="8080"/>'), files=files)


def _instance(tmp_path: Path) -> Path:
    ig = tmp_path / "ig"
    (ig / "config/routes").mkdir(parents=True)
    (ig / "scripts/groovy").mkdir(parents=True)
    (ig / "config/routes/10.json").write_bytes(b'{ "handler" : "ReverseProxyHandler" }\r\n')
    (ig / "scripts/groovy/a.groovy").write_bytes(b"return next.handle(context, request)\n")
    (ig / "extra").mkdir()
    (ig / "extra/blob.bin").write_bytes(BINARY)
    (ig / "config/admin.json").write_text('{"mode": "PRODUCTION"}\n')
    return ig


def _rules(result: Result) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in result.findings:
        out.setdefault(f.rule, []).append(f.message)
    return out


def test_instance_files_are_copied_byte_for_byte(tmp_path: Path) -> None:
    ig = _instance(tmp_path)
    result = convert(Config(src=_src(tmp_path), ig_instance=ig))
    plan = result.plan
    assert plan["config/routes/10.json"].content == b'{ "handler" : "ReverseProxyHandler" }\r\n'
    assert plan["extra/blob.bin"].content == BINARY
    assert plan["scripts/groovy/a.groovy"].content == (ig / "scripts/groovy/a.groovy").read_bytes()
    # admin.json: the instance's, connectors and session merged in (its property kept first)
    admin = json.loads(plan["config/admin.json"].content)
    assert list(admin) == ["mode", "connectors", "session"]
    assert admin["mode"] == "PRODUCTION"
    rules = _rules(result)
    assert rules["ig-instance.merged"] == [
        "config/admin.json of the IG instance kept, with igmigrate's settings merged in"
    ]
    assert "ig-instance.value-replaced" not in rules
    assert rules["ig-instance.copied"] == [
        "3 file(s) of the IG instance copied to OUT byte for byte"
    ]
    assert "ig-instance.not-given" not in rules
    inputs = plan[".igmigrate/inputs.sha256"].content.decode()
    assert "  --ig-instance:extra/blob.bin\n" in inputs
    assert "  --ig-instance:config/admin.json\n" in inputs
    assert str(tmp_path) not in inputs


def test_no_instance_is_a_manual_finding(tmp_path: Path) -> None:
    rules = _rules(convert(Config(src=_src(tmp_path))))
    assert len(rules["ig-instance.not-given"]) == 1
    assert "$HOME/.openig" in rules["ig-instance.not-given"][0]


def test_setenv_system_property_wins_over_the_variable(tmp_path: Path) -> None:
    ig = _instance(tmp_path)
    setenv = f'export IG_INSTANCE_DIR=/nonexistent\nCATALINA_OPTS="-Dig.instance.dir={ig}"\n'
    result = convert(Config(src=_src(tmp_path, setenv)))
    rules = _rules(result)
    assert rules["ig-instance.from-setenv"] == [
        "-Dig.instance.dir (bin/setenv.sh:2) names a directory on this machine:"
        " read as the IG instance"
    ]
    assert "extra/blob.bin" in result.plan
    assert str(ig) not in result.plan["migration-report.json"].content.decode()


def test_setenv_variable_not_on_this_machine(tmp_path: Path) -> None:
    result = convert(Config(src=_src(tmp_path, "export IG_INSTANCE_DIR=/nonexistent/ig\n")))
    rules = _rules(result)
    assert rules["ig-instance.setenv-path-missing"] == [
        "IG_INSTANCE_DIR (bin/setenv.sh:1) names no directory on this machine: the IG instance"
        " (routes, scripts, logback.xml) was not read"
    ]
    # the assignment is accounted for: not also reported as not converted
    assert not any("IG_INSTANCE_DIR" in m for m in rules.get("unconverted", []))


def test_a_relative_setenv_path_is_not_looked_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _instance(tmp_path)
    monkeypatch.chdir(tmp_path)  # "ig" exists relative to the cwd: still not used
    rules = _rules(convert(Config(src=_src(tmp_path, "export IG_INSTANCE_DIR=ig\n"))))
    assert "ig-instance.setenv-path-missing" in rules


def test_reader_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(IgMigrateError, match="not a directory"):
        read_instance(tmp_path / "f")


def test_reader_skips_fifos(tmp_path: Path) -> None:
    import os

    (tmp_path / "config").mkdir()
    os.mkfifo(tmp_path / "config/pipe")
    (tmp_path / "config/a.json").write_text("{}")
    assert read_instance(tmp_path).files == {"config/a.json": b"{}"}


def test_cli_option_writes_the_instance(tmp_path: Path) -> None:
    ig = _instance(tmp_path)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "igmigrate", "convert", str(_src(tmp_path)), str(out)]
    proc = subprocess.run(
        [*cmd, "--ig-instance", str(ig), "--quiet"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "extra/blob.bin").read_bytes() == BINARY
    assert (out / "config/routes/10.json").read_bytes() == (
        ig / "config/routes/10.json"
    ).read_bytes()


def test_cli_option_must_be_a_directory(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    cmd = [sys.executable, "-m", "igmigrate", "convert", str(_src(tmp_path)), str(tmp_path / "o")]
    proc = subprocess.run(
        [*cmd, "--ig-instance", str(tmp_path / "f")], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert "--ig-instance" in proc.stderr


def test_merge_replaces_a_same_named_heap_object_in_place_and_says_so() -> None:
    from igmigrate.mapping.ig_merge import merge_text

    theirs = (
        '{\n    "heap": [\n        {"name": "A", "type": "X"},\n'
        '        {"name": "B", "type": "Y"}\n    ],\n    "x": 1\n}\n'
    )
    ours = {"connectors": [{"port": 8080}], "heap": [{"name": "A", "type": "Z"}, {"name": "C"}]}
    text, changes = merge_text(theirs, ours, ("connectors", "session"))
    assert json.loads(text) == {
        "heap": [{"name": "A", "type": "Z"}, {"name": "B", "type": "Y"}, {"name": "C"}],
        "x": 1,
        "connectors": [{"port": 8080}],
    }
    assert [c.pointer for c in changes] == ["/heap/0"]
    # text edits: B's line untouched, the new ones indented as their siblings (4 spaces)
    assert '\n        {"name": "B", "type": "Y"},\n        {\n            "name": "C"\n' in text
    assert text.endswith(
        '    "x": 1,\n    "connectors": [\n        {\n            "port": 8080\n'
        "        }\n    ]\n}\n"
    )


def test_merge_keeps_an_equal_value_byte_for_byte() -> None:
    from igmigrate.mapping.ig_merge import merge_text

    theirs = '{"connectors" : [ {"port":8080} ], "heap": []}'
    text, changes = merge_text(theirs, {"connectors": [{"port": 8080}]}, ("connectors",))
    assert (text, changes) == (theirs, [])


def test_an_instance_admin_json_with_a_comment_is_an_error(tmp_path: Path) -> None:
    ig = tmp_path / "ig"
    (ig / "config").mkdir(parents=True)
    (ig / "config/admin.json").write_text('{\n  // comment\n  "mode": "DEVELOPMENT"\n}\n')
    result = convert(Config(src=_src(tmp_path), ig_instance=ig))
    assert result.findings.has_errors()
    assert _rules(result)["ig-instance.not-json"] == [
        "--ig-instance:config/admin.json:2:3: expecting a property name in double quotes;"
        " IG would not start with it"
    ]


def test_an_instance_env_sh_is_copied_unless_igmigrate_writes_one(tmp_path: Path) -> None:
    ig = tmp_path / "ig"
    (ig / "bin").mkdir(parents=True)
    (ig / "bin/env.sh").write_text("export A=1\n")
    result = convert(Config(src=_src(tmp_path), ig_instance=ig))
    assert result.plan["bin/env.sh"].content == b"export A=1\n"


def test_jndi_in_scripts_is_reported_at_its_line(tmp_path: Path) -> None:
    ig = tmp_path / "ig"
    (ig / "scripts/js").mkdir(parents=True)
    (ig / "scripts/js/a.js").write_text(
        "var x = 1;\nvar ds = ctx.lookup('java:comp/env/jdbc/x');\n"
    )
    (ig / "config").mkdir()
    (ig / "config/lookup(.groovy").write_text("lookup(\n")  # not a script dir: not read
    result = convert(Config(src=_src(tmp_path), ig_instance=ig))
    found = [f for f in result.findings if f.rule == "ig-instance.script-jndi"]
    assert [(str(f.location), f.message) for f in found] == [
        (
            "--ig-instance:scripts/js/a.js:2",
            "scripts/js/a.js line 2 uses lookup(: a JNDI lookup Tomcat answered;"
            " standalone IG has no JNDI",
        )
    ]


def test_given_instance_and_another_one_named_in_setenv(tmp_path: Path) -> None:
    ig = _instance(tmp_path)
    setenv = "export IG_INSTANCE_DIR=/srv/other-openig\n"
    result = convert(Config(src=_src(tmp_path, setenv), ig_instance=ig))
    rules = _rules(result)
    assert rules["ig-instance.setenv-differs"] == [
        "IG_INSTANCE_DIR (bin/setenv.sh:1) names another IG instance directory than"
        " --ig-instance: the one --ig-instance gives was read"
    ]
    assert "extra/blob.bin" in result.plan  # the given one
    assert not any("IG_INSTANCE_DIR" in m for m in rules.get("unconverted", []))


def test_given_instance_that_setenv_names_too(tmp_path: Path) -> None:
    ig = _instance(tmp_path)
    setenv = f'CATALINA_OPTS="-Dig.instance.dir={ig}/"\n'
    rules = _rules(convert(Config(src=_src(tmp_path, setenv), ig_instance=ig)))
    assert "ig-instance.setenv-differs" not in rules
