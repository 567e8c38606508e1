"""bin/setenv.bat read as catalina.bat runs it (when there is no setenv.sh), into bin/env.sh.

The env.sh produced is run through IG's start line (tests/test_env_sh.py's `_start`), so the
JVM's argv is compared word for word with what catalina.bat's java command line would give.
"""

from __future__ import annotations

from pathlib import Path

from igmigrate.config import Config
from igmigrate.convert import Result, convert
from igmigrate.tomcat.cmd_text import split_java_words
from igmigrate.tomcat.shell import Traced
from tests.test_env_sh import _env_sh, _rules, _sh_n, _start
from tests.tomcat_tree import one_service, tomcat


def _convert(tmp_path: Path, files: dict[str, str], env: dict[str, str] | None = None) -> Result:
    src = tomcat(tmp_path / "tomcat", one_service('<Connector port="8080"/>'), files=files)
    result = convert(Config(src=src, env=env or {}))  # type: ignore[arg-type]
    assert not result.findings.has_errors()
    return result


def _bat(*lines: str) -> dict[str, str]:
    return {"bin/setenv.bat": "".join(line + "\r\n" for line in lines)}


BAT = _bat(
    "@echo off",  # 1
    "rem Tomcat's settings for this host",  # 2
    ":: another comment",  # 3
    'set "CATALINA_OPTS=-Xmx1g -Dfoo=bar baz"',  # 4
    "set JAVA_OPTS=%JAVA_OPTS% -Dx=1",  # 5
    'set CATALINA_OPTS=%catalina_opts% -Dq="a b" -Dh=%UNKNOWN% -Dpct=100%%',  # 6
    'if exist "%CATALINA_BASE%\\bin\\more.bat" set CATALINA_OPTS=-Xmx9g',  # 7
    "",  # 8
)
BAT_ARGS = ["-Dx=1", "-Xmx1g", "-Dfoo=bar", "baz", "-Dq=a b", "-Dh=/u v;$(x)", "-Dpct=100%"]


def test_setenv_bat_gives_the_java_arguments_catalina_bat_would(tmp_path: Path) -> None:
    result = _convert(tmp_path, BAT)
    assert _start(tmp_path, result.plan, {"UNKNOWN": "/u v;$(x)"}) == BAT_ARGS
    rules = _rules(result)
    assert rules["setenv.bat-read"] == [
        "bin/setenv.bat read as catalina.bat runs it (there is no bin/setenv.sh)"
    ]
    assert "setenv.bat-not-read" not in rules and "setenv.crlf" not in rules
    (unknown,) = rules["setenv.unknown-variable"]
    assert "%UNKNOWN% (first used at line 6)" in unknown
    (skipped,) = rules["setenv.not-evaluated"]
    assert skipped.startswith("CATALINA_OPTS is assigned at line 7 in `if` (line 7)")
    assert any("JAVA_OPTS" in m for m in rules["setenv.assumed-empty"])
    assert "unconverted" not in rules
    located = {(f.rule, f.location.line) for f in result.findings if f.location}
    assert ("setenv.not-evaluated", 7) in located and ("setenv.unknown-variable", 6) in located
    assert all(
        f.location.file == "bin/setenv.bat" for f in result.findings if f.rule.startswith("setenv.")
    )
    _sh_n(tmp_path, _env_sh(result))


def test_with_both_files_setenv_sh_is_read_and_setenv_bat_reported(tmp_path: Path) -> None:
    files = {"bin/setenv.sh": 'CATALINA_OPTS="-Xmx2g -Dsh=1"\n', **BAT}
    result = _convert(tmp_path, files)
    assert _start(tmp_path, result.plan) == ["-Xmx2g", "-Dsh=1"]
    rules = _rules(result)
    (bat,) = rules["setenv.bat-not-read"]
    assert "bin/setenv.sh is, as catalina.sh sources it" in bat
    assert "setenv.bat-read" not in rules
    assert "bin/setenv.sh" in _env_sh(result)


def test_windows_paths_are_reported_and_not_carried(tmp_path: Path) -> None:
    result = _convert(
        tmp_path,
        _bat(
            "set JAVA_HOME=C:\\Program Files\\Java\\jdk-17",
            "set IG_LOG=%CATALINA_BASE%\\logs",
            "set CATALINA_OPTS=-Djava.io.tmpdir=D:\\temp -Xmx1g -Dlog=%IG_LOG%",
            "set REGION=eu",
        ),
    )
    assert _start(tmp_path, result.plan) == ["-Xmx1g"]
    rules = _rules(result)
    found = rules["setenv.windows-path"]
    assert len(found) == 4, found
    assert any(m.startswith("JAVA_HOME (line 1)") for m in found)
    assert any(m.startswith("IG_LOG (line 2)") for m in found)
    assert sum("a JVM option of CATALINA_OPTS (line 3)" in m for m in found) == 2
    env_sh = _env_sh(result)
    assert "JAVA_HOME" not in env_sh and "IG_LOG" not in env_sh and "Program" not in env_sh
    assert "REGION" in env_sh  # every `set` variable is in catalina.bat's environment
    assert "unconverted" not in rules


def test_what_cmd_would_compute_is_reported_at_its_line_and_not_applied(tmp_path: Path) -> None:
    result = _convert(
        tmp_path,
        _bat(
            "setlocal",  # 1
            "set A=%~dp0",  # 2
            "set B=!X!",  # 3
            "set C=%PATH:a=b%",  # 4
            "for %%i in (1 2) do set D=%%i",  # 5
            "call other.bat",  # 6
            "goto end",  # 7
            ":end",  # 8
            'if "%X%"=="" (',  # 9
            "  set E=1",  # 10
            ") else (",  # 11
            "  set F=2",  # 12
            ")",  # 13
            "set G=x & del y",  # 14
            "set /a H=1+1",  # 15
            "set OK=fine",  # 16
        ),
    )
    rules = _rules(result)
    lines = sorted(
        f.location.line or 0
        for f in result.findings
        if f.rule == "setenv.not-evaluated" and f.location
    )
    assert lines == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 15], rules["setenv.not-evaluated"]
    env_sh = _env_sh(result)
    for name in "ABCDEFGH":
        assert f"{name}=" not in env_sh.replace("IG_OPTS=", ""), name
    assert "OK=" in env_sh
    assert "unconverted" not in rules


def _words(text: str) -> list[str]:
    return [w.text for w in split_java_words(Traced.at(text, 1))]


def test_java_words_split_as_the_windows_launcher_does() -> None:
    assert _words('  -Da="x y"  "-Db=1 2" -Dc=a""b ') == ["-Da=x y", "-Db=1 2", "-Dc=ab"]
    assert _words('-Dq=\\"a\\" -Dp=C:\\dir\\ -Dr=\\\\"x y"') == [
        '-Dq="a"',
        "-Dp=C:\\dir\\",
        "-Dr=\\x y",
    ]
    assert _words('""') == [""]


def test_set_reads_as_cmd_does(tmp_path: Path) -> None:
    result = _convert(
        tmp_path,
        _bat(
            "set TRAIL=a b  ",
            'set "QUOTED=x & y" ignored',
            "set CARET=1^&2",
            "set Mixed=1",
            "set MIXED=%mixed%2",
            "set GONE=1",
            "set GONE=",
            "set catalina_opts=-Xmx3g",
        ),
    )
    env_sh = _env_sh(result)
    assert "TRAIL='a b  '" in env_sh or 'TRAIL="a b  "' in env_sh, env_sh
    assert "QUOTED='x & y'" in env_sh or 'QUOTED="x & y"' in env_sh, env_sh
    assert "CARET='1&2'" in env_sh or 'CARET="1&2"' in env_sh, env_sh
    assert "Mixed=12" in env_sh and "MIXED" not in env_sh, env_sh
    assert "GONE" not in env_sh
    assert 'IG_OPTS="-Xmx3g"' in env_sh and "catalina_opts" not in env_sh, env_sh
