"""setenv.sh from careless editors and hostile hands: no value echoed, no crash, no hang."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from igmigrate.config import Config
from igmigrate.convert import convert
from igmigrate.findings import Finding, Findings
from igmigrate.tomcat.setenv import Setenv, read_setenv, system_properties
from igmigrate.tomcat.shell import MAX_NESTING
from tests.golden import ROOT
from tests.tomcat_tree import one_service, tomcat

SECRET = "S3cr3tV4lue"


def read(tmp_path: Path, text: str) -> tuple[Setenv, Findings]:
    (tmp_path / "bin").mkdir(exist_ok=True)
    (tmp_path / "bin" / "setenv.sh").write_text(text, encoding="utf-8")
    findings = Findings()
    return read_setenv(tmp_path, tmp_path, tmp_path, {}, findings), findings


def shown(f: Finding) -> str:
    return f"{f.message}\n{f.hint or ''}\n{f.target or ''}"


def words(setenv: Setenv) -> list[str]:
    return [o.text for o in setenv.jvm_options]


# --- item 3: nothing of a value, word or command is echoed ----------------------------------

# (setenv.sh text, a word the finding at line 1 must contain: kind or variable)
CONSTRUCTS = [
    (f'\ufeffJAVA_OPTS="-Djavax.net.ssl.keyStorePassword={SECRET}"\n', "byte order mark"),
    (f'export "PW={SECRET}"\n', None),
    (f"declare -x 'PW={SECRET}'\n", None),
    (f'local "PW={SECRET}"\n', None),
    (f'export "{SECRET} x"\n', "an argument of `export`"),
    (f"X=$(VAULT_TOKEN={SECRET} vault read)\n", "$(… vault …)"),
    (f"X=$(vault read {SECRET})\n", "$(vault …)"),
    (f"X=`PW={SECRET} cmd`\n", "`… cmd`"),
    (f"X=${{KSPW:?{SECRET}}}\n", "${KSPW:?…}"),
    (f"X=${{X/old/{SECRET}}}\n", "${X/…}"),
    (f"X=$(({SECRET}+1))\n", "$((…))"),
    (f'"CATALINA_OPTS=-Dpw={SECRET}"\n', "CATALINA_OPTS"),
    (f'"--password={SECRET}"\n', "a command"),
    (f'X=1 "--password={SECRET}"\n', "a command"),
    (f'. "/etc/{SECRET} x.sh"\n', "sources another file"),
    (f"if PW={SECRET} true; then :; fi\n", "`if …` conditional"),
    (f'while "{SECRET} x"; do :; done\n', "`while …` loop"),
    (f'function "{SECRET}=" {{\n  :\n}}\n', "function"),
]


@pytest.mark.parametrize(("text", "needle"), CONSTRUCTS)
def test_no_finding_echoes_a_value_word_or_command(
    tmp_path: Path, text: str, needle: str | None
) -> None:
    _, f = read(tmp_path, text)
    for finding in f:
        assert SECRET not in shown(finding), finding
    if needle is not None:
        assert any(
            needle in x.message and x.location is not None and x.location.line in (1, None)
            for x in f
        ), [x.message for x in f]


def test_utf8_bom_is_stripped_and_reported(tmp_path: Path) -> None:
    s, f = read(tmp_path, f'\ufeffJAVA_OPTS="-Djavax.net.ssl.keyStorePassword={SECRET}"\n')
    assert system_properties(s)["javax.net.ssl.keyStorePassword"].value == SECRET
    [bom] = [x for x in f if x.rule == "setenv.bom"]
    assert "byte order mark" in bom.message
    assert not [x for x in f if x.rule == "setenv.not-evaluated"]


@pytest.mark.parametrize("builtin", ["export", "declare -x", "local", "readonly"])
def test_quoted_assignment_given_to_a_builtin_is_evaluated_as_sh_does(
    tmp_path: Path, builtin: str
) -> None:
    s, f = read(tmp_path, f'{builtin} "CATALINA_OPTS=-Dpw={SECRET} -Dx=1"\nexport JAVA_OPTS\n')
    assert words(s) == [f"-Dpw={SECRET}", "-Dx=1"]
    assert s.variables["CATALINA_OPTS"].exported is builtin.startswith(("export", "declare"))
    assert s.variables["CATALINA_OPTS"].location.line == 1
    assert not [x for x in f if x.rule == "setenv.not-evaluated"]


def test_quoted_assignment_used_as_a_command_names_the_variable_only(tmp_path: Path) -> None:
    s, f = read(tmp_path, f'"CATALINA_OPTS=-Dpw={SECRET}"\n')
    assert "CATALINA_OPTS" not in s.variables  # sh runs it as a command: not found
    [x] = [x for x in f if x.rule == "setenv.not-evaluated"]
    assert "CATALINA_OPTS" in x.message and "line 1" in x.message
    assert SECRET not in shown(x)


def test_parameter_expansion_shows_the_variable_and_the_operator_only(tmp_path: Path) -> None:
    _, f = read(tmp_path, f"A=${{KSPW:?{SECRET}}}\nB=${{X//{SECRET}/y}}\nC=${{#KSPW}}\n")
    messages = [x.message for x in f if x.rule == "setenv.not-evaluated"]
    assert any("${KSPW:?…}" in m and "line 1" in m for m in messages)
    assert any("${X//…}" in m and "line 2" in m for m in messages)
    assert any("${#KSPW}" in m and "line 3" in m for m in messages)


def test_the_cli_output_holds_no_value_of_any_construct(tmp_path: Path) -> None:
    setenv = "".join(text for text, _ in CONSTRUCTS)
    src = tomcat(
        tmp_path / "tomcat",
        one_service('<Connector port="8080" protocol="HTTP/1.1"/>'),
        files={"bin/setenv.sh": setenv},
    )
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IGMIGRATE_")}
    for more in (["--dry-run"], ["--format", "json"], []):
        proc = subprocess.run(
            [sys.executable, "-m", "igmigrate", "convert", str(src), str(out), "--no-color", *more],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            check=False,
        )
        assert proc.returncode in ((3,) if more == ["--dry-run"] else (0, 4)), proc.stderr
        assert "not-evaluated" in proc.stdout + proc.stderr or more == ["--format", "json"]
        assert SECRET not in proc.stdout
        assert SECRET not in proc.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.name == "migration-report.json" for p in files)
    for p in files:
        if "secrets" not in p.relative_to(out).parts:
            assert SECRET.encode() not in p.read_bytes(), p


# --- item 11: deep nesting is bounded, reported at its line, and reading goes on -------------


DEEP = 500


@pytest.mark.parametrize(
    "value",
    [
        "${B:-" * DEEP + "x" + "}" * DEEP,
        '"${B:-' * DEEP + "x" + '}"' * DEEP,
        '"$(' * DEEP + "x" + ')"' * DEEP,
        "$(" * DEEP + "x" + ")" * DEEP,
        "${B:-$(" * DEEP + "x" + ")}" * DEEP,
    ],
)
def test_deep_nesting_is_a_finding_at_its_line_not_a_crash(tmp_path: Path, value: str) -> None:
    s, f = read(tmp_path, f"X={value}\nCATALINA_OPTS=-Dafter=1\n")
    assert words(s) == ["-Dafter=1"]  # the line after is still read
    assert "X" in s.variables
    for x in f:
        assert x.location is None or x.location.line in (1, None), x.message
    if value.startswith("${B:-${B:-"):
        [deep] = [x for x in f if "nested" in x.message]
        assert f"{MAX_NESTING} levels" in deep.message and "line 1" in deep.message


def test_deep_nesting_met_by_catalina_sh_eval_is_bounded_too(tmp_path: Path) -> None:
    s, f = read(tmp_path, "CATALINA_OPTS='-Da=" + "${B:-" * DEEP + "x" + "}" * DEEP + "'\n")
    assert len(s.jvm_options) == 1  # single quotes: expanded only by catalina.sh's eval
    [deep] = [x for x in f if "nested" in x.message]
    assert "CATALINA_OPTS (line 1)" in deep.message


def test_nesting_within_the_limit_is_evaluated(tmp_path: Path) -> None:
    depth = MAX_NESTING - 1
    s, f = read(tmp_path, "X=" + "${B:-" * depth + "x" + "}" * depth + "\n")
    assert s.variables["X"].value == "x"
    assert not [x for x in f if "nested" in x.message]


@pytest.mark.parametrize("text", ["{ " * 3000 + "X=1\n", "( " * 3000 + "X=1\n", "if " * 3000])
def test_deeply_nested_compound_commands_do_not_crash(tmp_path: Path, text: str) -> None:
    s, f = read(tmp_path, text + "\nY=2\n")
    assert "X" not in s.variables
    assert any(x.rule == "setenv.not-evaluated" for x in f)


PIECES = ["${B:-", "${X:=", "${#", "$(", "$((", "`", '"', "'", "\\", "}", ")", "(", "{ ", " ", "\n"]
PIECES += ["if ", "then ", "fi", "do ", "done", "case ", "esac", "A=", "export ", "&&", ";", "<<E"]
PIECES += ["$A", "$1", "x", "=", "#", "|", "function ", "\ufeff", "\r"]
SHELLISH = st.one_of(
    st.text(alphabet="${}()\"'`\\ \n\t:-=+?#%/!;&|<>AB1x@*", max_size=200),
    st.lists(st.sampled_from(PIECES), max_size=2000).map("".join),
    st.tuples(st.sampled_from(PIECES), st.integers(0, 1500), st.text(max_size=20)).map(
        lambda t: t[0] * t[1] + t[2]
    ),
)


@settings(max_examples=300, deadline=None)
@given(SHELLISH)
def test_any_shell_ish_text_is_read_without_an_exception(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    tmp = tmp_path_factory.mktemp("s")
    s, f = read(tmp, "X=" + text + '\nCATALINA_OPTS="-Dk=$X"\n' + text)
    assert isinstance(s.jvm_options, tuple)
    assert all(x.location is None or x.location.file == "bin/setenv.sh" for x in f)


# --- item 24: setenv lines are listed as numbers (now by environment.helper, issue 9) -----------


def test_helpers_list_setenv_lines_numerically_and_point_at_the_first(tmp_path: Path) -> None:
    text = "".join(f"B{i}=x\n" for i in range(1, 9)) + "A=0\nA=1\nB1=y\n"  # A at 9 and 10
    src = tomcat(
        tmp_path / "tomcat",
        one_service('<Connector port="8080" protocol="HTTP/1.1"/>'),
        files={"bin/setenv.sh": text},
    )
    result = convert(Config(src=src))
    assert not [f for f in result.findings if f.rule == "unconverted"]
    [sweep] = [f for f in result.findings if f.rule == "environment.helper"]
    assert "A (lines 9, 10)" in sweep.message
    assert "B1 (lines 1, 11)" in sweep.message
    assert sweep.location is not None and sweep.location.line == 1


CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_SETENV = (
    sorted(p.name for p in CORPUS.iterdir() if p.name.endswith(("setenv.sh", "javaopts.sh")))
    if CORPUS.is_dir()
    else []
)


@pytest.mark.skipif(not CORPUS_SETENV, reason=f"corpus not available at {CORPUS}")
@pytest.mark.parametrize("name", CORPUS_SETENV)
def test_corpus_findings_echo_no_assigned_value(tmp_path: Path, name: str) -> None:
    s, f = read(tmp_path, (CORPUS / name).read_text(encoding="utf-8"))
    pieces = {w for v in s.assignments for w in v.value.split() if len(w) >= 6}
    pieces |= {o.text.partition("=")[2] for o in s.jvm_options} - {""}
    pieces = {p for p in pieces if not re.fullmatch(r"\$\{?[A-Za-z_]\w*\}?", p)}  # ${VAR}
    assert pieces
    for finding in f:
        leaked = [p for p in pieces if p in shown(finding)]
        assert leaked == [], finding.message
