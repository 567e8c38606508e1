"""bin/env.sh from setenv.sh, run for real: sourced by sh, then IG start.sh's eval line.

START mirrors IG's bin/start.sh (target-ig.md "Checked since"; the 2019-2020 start.sh names the
instance INSTANCE_DIR): `. "${INSTANCE_DIR}/bin/env.sh"`, then
`eval exec "$java" -classpath "…" "${JAVA_OPTS}" "${IG_OPTS}" org.forgerock.openig.launcher.Main …`.
"java" is a script printing its arguments, so the JVM's argv is compared word for word.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from igmigrate.config import Config
from igmigrate.convert import Result, convert
from igmigrate.ig.env_sh import BEGIN, Word, eval_quote, text
from igmigrate.plan import Plan
from tests.tomcat_tree import one_service, tomcat

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"corpus not available at {CORPUS} (shared test inputs)"
)
SH = "/bin/sh"
START = (
    'INSTANCE_DIR="$1"; . "${INSTANCE_DIR}/bin/env.sh" || exit 9; java="$2"; '
    'eval exec "$java" -classpath "classes:lib/*:${INSTANCE_DIR}/extra/*" "${JAVA_OPTS}" '
    '"${IG_OPTS}" org.forgerock.openig.launcher.Main "${INSTANCE_DIR}"'
)
MAIN = "org.forgerock.openig.launcher.Main"
PRINT_ARGS = "#!/bin/sh\nfor a do printf '%s\\0' \"$a\"; done\n"
PW = "Pw-$(touch X);`id`\"'\\"


def _convert(
    tmp_path: Path,
    setenv: str,
    *,
    mode: str = "files",
    ig: dict[str, str] | None = None,
) -> Result:
    src = tomcat(
        tmp_path / "tomcat",
        one_service('<Connector port="8080"/>'),
        files={"bin/setenv.sh": setenv},
    )
    instance = None
    if ig is not None:
        instance = tmp_path / "ig"
        for rel, body in ig.items():
            (instance / rel).parent.mkdir(parents=True, exist_ok=True)
            (instance / rel).write_text(body)
    config = Config(src=src, ig_instance=instance, secrets_mode=mode)  # type: ignore[arg-type]
    result = convert(config)
    assert not result.findings.has_errors()
    return result


def _install(plan: Plan, root: Path) -> Path:
    for rel, f in plan.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(f.content)
        p.chmod(f.effective_mode)
    return root


def _start(tmp_path: Path, plan: Plan, env: dict[str, str] | None = None) -> list[str]:
    """The arguments IG's start line gives java (between the classpath and the main class)."""
    instance = _install(plan, tmp_path / "instance")
    java = tmp_path / "print-args"
    java.write_text(PRINT_ARGS)
    java.chmod(0o755)
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    run = subprocess.run(
        [SH, "-c", START, "sh", str(instance), str(java)],
        cwd=cwd,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), **(env or {})},
        capture_output=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()
    args = run.stdout.decode().split("\0")[:-1]
    assert args[0] == "-classpath" and args[-2:] == [MAIN, str(instance)], args
    assert list(cwd.iterdir()) == [], "the start line created files"
    return args[2:-2]


def _opts(var: str, *words: str) -> str:
    """`VAR='…'` whose value catalina.sh's eval turns into exactly `words`."""
    return f"{var}={shlex.quote(' '.join(shlex.quote(w) for w in words))}\n"


def _env_sh(result: Result) -> str:
    return result.plan["bin/env.sh"].content.decode()


def _rules(result: Result) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in result.findings:
        out.setdefault(f.rule, []).append(f.message)
    return out


def _sh_n(tmp_path: Path, body: str) -> None:
    p = tmp_path / "check-env.sh"
    p.write_text(body)
    run = subprocess.run([SH, "-n", str(p)], capture_output=True, check=False)
    assert run.returncode == 0, run.stderr.decode()


TRICKY = r"""#!/bin/sh
JAVA_HOME=/opt/java/jdk-11
CATALINA_OPTS=""
CATALINA_OPTS="${CATALINA_OPTS} -Xms256m -Xmx1g"
CATALINA_OPTS="-server $CATALINA_OPTS"
JAVA_OPTS="$JAVA_OPTS -Xmx512m -Da=1"
SP="a b"
CATALINA_OPTS="$CATALINA_OPTS -Dsp='$SP' -Dq='SELECT 1' -Da=2"
CATALINA_OPTS="$CATALINA_OPTS -Dlit='\$(touch MARK1); \`touch MARK2\` * é ; \\ \" x'"
CATALINA_OPTS="$CATALINA_OPTS \
  -Dcont=1"
CATALINA_OPTS="$CATALINA_OPTS -Dr=${REGION} -Dh=$(hostname) -Dcatalina.x=1"
export ROOT_LOG_LEVEL=DEBUG CATALINA_OPTS JAVA_OPTS;
CATALINA_PID="$CATALINA_BASE/temp/tomcat.pid"
"""
TRICKY_ARGS = [
    "-server",
    "-Xms256m",
    "-Xmx1g",
    "-Dsp=a b",
    "-Dq=SELECT 1",
    "-Da=2",
    '-Dlit=$(touch MARK1); `touch MARK2` * é ; \\ " x',
    "-Dcont=1",
    "-Dr=",
]


def test_a_tricky_setenv_gives_exactly_the_java_arguments(tmp_path: Path) -> None:
    result = _convert(tmp_path, TRICKY)
    # the JVM of JAVA_OPTS then CATALINA_OPTS; -Xmx512m and -Da=1 lose to the later ones
    assert _start(tmp_path, result.plan) == TRICKY_ARGS
    rules = _rules(result)
    assert len(rules["environment.overridden"]) == 2
    assert any("bin/setenv.sh:12" in m for m in rules["environment.not-carried"])
    assert any("-Dcatalina.x" in m for m in rules["environment.tomcat-only"])
    assert any("CATALINA_PID" in m for m in rules["environment.tomcat-only"])
    assert any("${REGION}" in m for m in rules["environment.unresolved"])
    assert "unconverted" not in rules
    _sh_n(tmp_path, _env_sh(result))


def test_an_unresolved_variable_is_read_at_start_and_stays_one_literal_argument(
    tmp_path: Path,
) -> None:
    result = _convert(tmp_path, 'CATALINA_OPTS="-Dig.home=$IG_HOME -Xmx1g"\n')
    marker = tmp_path / "ran"
    hostile = f"/a b;$(touch {marker})`touch {marker}`*"
    assert _start(tmp_path, result.plan, {"IG_HOME": hostile}) == [
        f"-Dig.home={hostile}",
        "-Xmx1g",
    ]
    assert not marker.exists()


def test_a_password_option_is_read_from_its_secret_file_never_written(tmp_path: Path) -> None:
    result = _convert(tmp_path, _opts("CATALINA_OPTS", "-Xmx1g", f"-Ddb.password={PW}"))
    env_sh = _env_sh(result)
    assert PW not in env_sh and "Pw-" not in env_sh
    assert result.plan["secrets/db.password"].content == PW.encode()
    assert result.plan["bin/env.sh"].effective_mode == 0o644
    assert _start(tmp_path, result.plan) == ["-Xmx1g", f"-Ddb.password={PW}"]
    assert "environment.secret" in _rules(result)


@pytest.mark.skipif(shutil.which("base64") is None, reason="no base64 command on this machine")
def test_env_mode_keeps_exports_and_options_in_one_0600_file(tmp_path: Path) -> None:
    setenv = _opts("CATALINA_OPTS", f"-Ddb.password={PW}") + "export API_TOKEN=tok-1\n"
    result = _convert(tmp_path, setenv, mode="env")
    env_sh = _env_sh(result)
    assert "Pw-" not in env_sh and "tok-1" not in env_sh
    assert "export DB_PASSWORD='" in env_sh.split(BEGIN)[0]
    assert result.plan["bin/env.sh"].effective_mode == 0o600
    assert _start(tmp_path, result.plan) == [f"-Ddb.password={PW}"]
    instance = tmp_path / "instance"
    run = subprocess.run(
        [SH, "-c", '. "$1/bin/env.sh"; printf %s "$API_TOKEN"', "sh", str(instance)],
        capture_output=True,
        check=True,
    )
    assert run.stdout == b"tok-1"
    assert stat.S_IMODE((instance / "bin/env.sh").stat().st_mode) == 0o600


def test_java_home_prefers_jre_home_and_tomcat_only_variables_are_reported(
    tmp_path: Path,
) -> None:
    setenv = "export JAVA_HOME=/opt/jdk\nJRE_HOME=/opt/jre\nUMASK=0027\nJPDA_PORT=8000\n"
    result = _convert(tmp_path, setenv)
    assert "export JAVA_HOME=/opt/jre\n" in _env_sh(result)
    rules = _rules(result)
    assert "JRE_HOME" in rules["environment.java-home"][0]
    assert {m.split(" ")[0] for m in rules["environment.tomcat-only"]} == {"UMASK", "JPDA_PORT"}
    assert "unconverted" not in rules


def test_instance_dir_settings_point_at_start_sh_and_are_not_carried(tmp_path: Path) -> None:
    setenv = 'export IG_INSTANCE_DIR=/nowhere/ig\nCATALINA_OPTS="-Dig.instance.dir=/nowhere/ig"\n'
    result = _convert(tmp_path, setenv)
    assert "bin/env.sh" not in result.plan  # nothing left to put in it
    messages = _rules(result)["environment.instance-dir"]
    assert len(messages) == 2 and all("bin/start.sh OUT" in m for m in messages)


def test_an_option_into_tomcats_directory_is_not_carried(tmp_path: Path) -> None:
    setenv = 'CATALINA_OPTS="-Dlog4j.configurationFile=$CATALINA_BASE/conf/l.xml -Xmx1g"\n'
    result = _convert(tmp_path, setenv)
    assert str(tmp_path) not in _env_sh(result)
    assert _start(tmp_path, result.plan) == ["-Xmx1g"]
    assert "environment.tomcat-path" in _rules(result)


def test_the_instance_env_sh_is_kept_and_ours_appended(tmp_path: Path) -> None:
    theirs = "export ROOT_LOG_LEVEL=INFO\n"
    result = _convert(tmp_path, "CATALINA_OPTS=-Xmx1g\n", ig={"bin/env.sh": theirs})
    env_sh = _env_sh(result)
    assert env_sh.startswith(theirs) and env_sh.index(BEGIN) > 0
    assert "environment.instance-env-sh" in _rules(result)
    assert _start(tmp_path, result.plan) == ["-Xmx1g"]


def test_no_env_sh_without_anything_to_put_in_it(tmp_path: Path) -> None:
    result = _convert(tmp_path, "CATALINA_PID=/tmp/t.pid\nUMASK=0022\n")
    assert "bin/env.sh" not in result.plan


HOSTILE = [
    "plain",
    "with space",
    "",
    "$(touch M1)",
    "`touch M2`",
    "a;touch M3",
    'dq"dq',
    "sq'sq",
    "back\\slash\\",
    "*",
    "~root",
    "é ü 中 🙂",
    "$HOME ${HOME} $1 $@",
    "tab\there",
    "line\nbreak",
    "&|<>(){}!#",
]


def test_eval_quote_survives_source_then_eval_for_hostile_words(tmp_path: Path) -> None:
    words: list[Word] = [(text(w),) for w in HOSTILE]
    assert _round_trip(tmp_path, eval_quote(words, "files")) == HOSTILE


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\0"))))
def test_eval_quote_round_trips_any_text(tmp_path: Path, values: list[str]) -> None:
    words: list[Word] = [(text(w),) for w in values]
    assert _round_trip(tmp_path, eval_quote(words, "files")) == values


def _round_trip(tmp_path: Path, value: str) -> list[str]:
    """Source `IG_OPTS=value`, then the start line's eval, in a real sh; its argv back."""
    cwd = tmp_path / "rt"
    cwd.mkdir(exist_ok=True)
    (cwd / "env.sh").write_text(f"IG_OPTS={value}\n")
    (cwd / "args").write_text(PRINT_ARGS)
    script = '. ./env.sh; eval exec sh ./args "${IG_OPTS}"'
    run = subprocess.run([SH, "-c", script], cwd=cwd, capture_output=True, check=False)
    assert run.returncode == 0, run.stderr.decode()
    assert sorted(p.name for p in cwd.iterdir()) == ["args", "env.sh"]
    return run.stdout.decode().split("\0")[:-1]


CORPUS_FILES = sorted(
    [*CORPUS.glob("*setenv.sh"), *CORPUS.glob("*javaopts.sh")] if CORPUS.is_dir() else []
)


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_corpus_setenv_converts_to_an_env_sh_that_runs(tmp_path: Path, path: Path) -> None:
    result = _convert(tmp_path, path.read_text(encoding="utf-8", errors="replace"))
    assert "unconverted" not in _rules(result)
    if "bin/env.sh" not in result.plan:
        return
    env_sh = _env_sh(result)
    _sh_n(tmp_path, env_sh)
    assert str(tmp_path) not in env_sh
    loaded = result.loaded
    assert loaded is not None
    # each argument is one of the words catalina.sh's eval gave java, in order (unknown
    # ${VAR}s empty here); the ones left out are reported
    evaluated = [re.sub(r"\$\{\w+\}", "", o.text) for o in loaded.setenv.jvm_options]
    args = _start(tmp_path, result.plan)
    it = iter(evaluated)
    assert all(any(a == e for e in it) for a in args), (args, evaluated)
    assert len(args) == len(result.context.instance.env.ig_opts)  # type: ignore[union-attr]
