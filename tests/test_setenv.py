"""Static reading of bin/setenv.sh (tomcat-inputs.md §7): never run, words split as eval does."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from igmigrate.errors import InputError
from igmigrate.findings import Finding, Findings, SettingKey, Status
from igmigrate.tomcat.setenv import Setenv, read_setenv, system_properties
from igmigrate.tomcat.shell import Traced, split_words

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"corpus not available at {CORPUS} (shared test inputs)"
)


def read(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> tuple[Setenv, Findings]:
    (tmp_path / "bin").mkdir(exist_ok=True)
    (tmp_path / "bin" / "setenv.sh").write_text(text)
    findings = Findings()
    return read_setenv(tmp_path, tmp_path, tmp_path, env or {}, findings), findings


def read_corpus(
    tmp_path: Path, name: str, env: dict[str, str] | None = None
) -> tuple[Setenv, Findings]:
    (tmp_path / "bin").mkdir(exist_ok=True)
    shutil.copyfile(CORPUS / name, tmp_path / "bin" / "setenv.sh")
    findings = Findings()
    return read_setenv(tmp_path, tmp_path, tmp_path, env or {}, findings), findings


def words(setenv: Setenv, var: str | None = None) -> list[str]:
    return [o.text for o in setenv.jvm_options if var is None or o.var == var]


def of_rule(findings: Findings, rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def not_evaluated_lines(findings: Findings) -> set[int | None]:
    return {f.location.line for f in of_rule(findings, "setenv.not-evaluated") if f.location}


# --- assignments and quoting ------------------------------------------------------------------


def test_plain_assignment_feeds_catalina_opts_words(tmp_path: Path) -> None:
    s, _ = read(tmp_path, 'CATALINA_OPTS="-Xmx2g -Dfile.encoding=UTF-8"\n')
    assert words(s, "CATALINA_OPTS") == ["-Xmx2g", "-Dfile.encoding=UTF-8"]
    assert s.file == "bin/setenv.sh"
    assert s.variables["CATALINA_OPTS"].location.line == 1


def test_export_forms_mark_variables_exported(tmp_path: Path) -> None:
    s, _ = read(tmp_path, "A=1\nB=2\nC=3\nD=4\nE=5\nexport A B C\nexport  D\nexport F=6\n")
    assert {n for n, v in s.variables.items() if v.exported} == {"A", "B", "C", "D", "F"}
    assert s.variables["E"].exported is False
    assert s.variables["F"].value == "6"


def test_single_quotes_inside_double_quotes_make_one_jvm_argument(tmp_path: Path) -> None:
    s, _ = read(tmp_path, "CATALINA_OPTS=\"-Dq='SELECT 1' -Dx=y\"\n")
    assert words(s) == ["-Dq=SELECT 1", "-Dx=y"]
    assert system_properties(s)["q"].value == "SELECT 1"


def test_single_quoted_value_keeps_dollar_literal_until_eval(tmp_path: Path) -> None:
    s, _ = read(tmp_path, "X=7\nCATALINA_OPTS='-Da=\"$X\" -Db=1'\n")
    assert s.variables["CATALINA_OPTS"].value == '-Da="$X" -Db=1'
    assert words(s) == ["-Da=7", "-Db=1"]  # catalina.sh's eval expands it


def test_backslash_continuation_joins_lines(tmp_path: Path) -> None:
    s, _ = read(tmp_path, 'CATALINA_OPTS="-Da=1 \\\n-Db=2"\nJAVA_OPTS=-Dc=3\\\n4\n')
    assert words(s, "CATALINA_OPTS") == ["-Da=1", "-Db=2"]
    assert words(s, "JAVA_OPTS") == ["-Dc=34"]


def test_trailing_semicolon_and_comments_are_ignored(tmp_path: Path) -> None:
    s, f = read(tmp_path, "# comment\nJAVA_OPTS=-Da=1; # trailing\nB='#not a comment';\n")
    assert words(s) == ["-Da=1"]
    assert s.variables["B"].value == "#not a comment"
    assert not of_rule(f, "setenv.not-evaluated")


def test_multi_line_double_quoted_value_is_split_on_line_breaks_and_reported(
    tmp_path: Path,
) -> None:
    s, f = read(tmp_path, 'export JAVA_OPTS="\n-Da=1\n-Xmx1g"\n')
    assert words(s) == ["-Da=1", "-Xmx1g"]
    [warn] = of_rule(f, "setenv.line-break-in-options")
    assert warn.location is not None and warn.location.line == 1
    assert "JAVA_OPTS" in warn.message


def test_reset_then_append_keeps_only_the_later_words(tmp_path: Path) -> None:
    s, _ = read(
        tmp_path,
        'CATALINA_OPTS="-Dold=1"\nCATALINA_OPTS=""\nCATALINA_OPTS="$CATALINA_OPTS -Dnew=2"\n',
    )
    assert words(s) == ["-Dnew=2"]


def test_prepend_puts_setenv_words_before_the_inherited_ones(tmp_path: Path) -> None:
    s, f = read(tmp_path, 'JAVA_OPTS="-Xms1g $JAVA_OPTS"\n', env={"JAVA_OPTS": "-Dfrom.env=1"})
    assert words(s) == ["-Xms1g", "-Dfrom.env=1"]
    assert s.jvm_options[1].location.file == "--env"
    assert not of_rule(f, "setenv.assumed-empty")


def test_inherited_java_opts_is_assumed_empty_and_said_so(tmp_path: Path) -> None:
    s, f = read(tmp_path, 'JAVA_OPTS="$JAVA_OPTS -Da=1"\n')
    assert words(s) == ["-Da=1"]
    [info] = of_rule(f, "setenv.assumed-empty")
    assert info.status is Status.IGNORED and "JAVA_OPTS" in info.message


def test_helper_variables_composed_later_keep_the_helper_line(tmp_path: Path) -> None:
    s, _ = read(tmp_path, 'DB="-Ddb.url=jdbc:x"\nMEM=-Xmx1g\n\nCATALINA_OPTS="${MEM} $DB"\n')
    assert [(o.text, o.location.line) for o in s.jvm_options] == [
        ("-Xmx1g", 2),
        ("-Ddb.url=jdbc:x", 1),
    ]


def test_append_operator_appends(tmp_path: Path) -> None:
    s, _ = read(tmp_path, "CATALINA_OPTS=-Da=1\nCATALINA_OPTS+=' -Db=2'\n")
    assert words(s) == ["-Da=1", "-Db=2"]


def test_default_operator_uses_the_default_only_when_unset(tmp_path: Path) -> None:
    text = 'CATALINA_OPTS="-Dport=${PORT:-8080} -Dhost=${HOST:-localhost}"\n'
    s, f = read(tmp_path, text, env={"HOST": "gw.example.com"})
    assert words(s) == ["-Dport=8080", "-Dhost=gw.example.com"]
    [unknown] = of_rule(f, "setenv.unknown-variable")
    assert "$PORT" in unknown.message and "default" in unknown.message


def test_assign_default_operator_sets_the_variable(tmp_path: Path) -> None:
    s, _ = read(tmp_path, ": ${HEAP:=2g}\nCATALINA_OPTS=-Xmx$HEAP\n")
    assert words(s) == ["-Xmx2g"]
    assert s.variables["HEAP"].value == "2g"


def test_unknown_variable_is_kept_visible_and_named(tmp_path: Path) -> None:
    s, f = read(tmp_path, 'CATALINA_OPTS="-DdbPassword=${DB_PASSWORD} -Dx=$OTHER"\n')
    assert words(s) == ["-DdbPassword=${DB_PASSWORD}", "-Dx=${OTHER}"]
    names = sorted(x.message.split()[0] for x in of_rule(f, "setenv.unknown-variable"))
    assert names == ["$DB_PASSWORD", "$OTHER"]
    assert all(x.hint and "--env" in x.hint for x in of_rule(f, "setenv.unknown-variable"))


def test_env_argument_supplies_an_unknown_variable(tmp_path: Path) -> None:
    s, f = read(tmp_path, 'CATALINA_OPTS="-Ddb.user=${DB_USER}"\n', env={"DB_USER": "ig"})
    assert system_properties(s)["db.user"].value == "ig"
    assert not of_rule(f, "setenv.unknown-variable")


def test_catalina_base_and_home_start_as_the_given_directories(tmp_path: Path) -> None:
    s, _ = read(tmp_path, 'CATALINA_OPTS="-Dk=$CATALINA_BASE/conf/k.jks -Dh=${CATALINA_HOME}"\n')
    assert system_properties(s)["k"].value == f"{tmp_path}/conf/k.jks"
    assert system_properties(s)["h"].value == str(tmp_path)


def test_misspelled_catlina_opts_is_not_read_as_catalina_opts(tmp_path: Path) -> None:
    s, _ = read(tmp_path, 'export CATLINA_OPTS="-Xmx4g"\n')
    assert words(s) == []
    assert s.variables["CATLINA_OPTS"].value == "-Xmx4g"


def test_jsse_opts_set_in_setenv_is_appended_to_java_opts(tmp_path: Path) -> None:
    s, _ = read(tmp_path, "JSSE_OPTS=-Djdk.tls.ephemeralDHKeySize=4096\nJAVA_OPTS=-Da=1\n")
    assert [(o.text, o.var, o.location.path) for o in s.jvm_options] == [
        ("-Da=1", "JAVA_OPTS", "JAVA_OPTS"),
        ("-Djdk.tls.ephemeralDHKeySize=4096", "JAVA_OPTS", "JSSE_OPTS"),
    ]


def test_unset_removes_a_variable(tmp_path: Path) -> None:
    s, _ = read(
        tmp_path, "CATALINA_OPTS=-Da=1\nunset CATALINA_OPTS\n", env={"CATALINA_OPTS": "-Db"}
    )
    assert words(s) == []
    assert "CATALINA_OPTS" not in s.variables


def test_redirections_do_not_become_arguments(tmp_path: Path) -> None:
    s, f = read(tmp_path, "JAVA_OPTS=-Da=1 2>/dev/null\necho hi >> /tmp/log\n")
    assert words(s) == ["-Da=1"]
    assert not of_rule(f, "setenv.not-evaluated")


# --- JVM options and system properties --------------------------------------------------------


def test_java_opts_words_come_before_catalina_opts_and_the_later_d_wins(tmp_path: Path) -> None:
    s, _ = read(tmp_path, 'CATALINA_OPTS="-Dx=cat -Dflag"\nJAVA_OPTS="-Dx=java -Dy=1"\n')
    assert [(o.var, o.text) for o in s.jvm_options] == [
        ("JAVA_OPTS", "-Dx=java"),
        ("JAVA_OPTS", "-Dy=1"),
        ("CATALINA_OPTS", "-Dx=cat"),
        ("CATALINA_OPTS", "-Dflag"),
    ]
    props = system_properties(s)
    assert props["x"].value == "cat" and props["x"].origin == "bin/setenv.sh:1"
    assert props["y"].origin == "bin/setenv.sh:2"
    assert props["flag"].value == ""


def test_value_with_equals_sign_keeps_everything_after_the_first(tmp_path: Path) -> None:
    s, _ = read(tmp_path, "CATALINA_OPTS='-Durl=jdbc:x://h/db?a=b'\n")
    assert system_properties(s)["url"].value == "jdbc:x://h/db?a=b"


def test_without_setenv_the_options_come_from_env(tmp_path: Path) -> None:
    findings = Findings()
    s = read_setenv(tmp_path, tmp_path, tmp_path, {"CATALINA_OPTS": "-Da=1 -Xmx1g"}, findings)
    assert s.file is None and s.variables == {}
    assert words(s) == ["-Da=1", "-Xmx1g"]
    assert system_properties(s)["a"].origin == "--env"


# --- which file -------------------------------------------------------------------------------


def test_base_setenv_wins_over_home_setenv(tmp_path: Path) -> None:
    base, home = tmp_path / "base", tmp_path / "home"
    for d, opt in ((base, "-Dfrom=base"), (home, "-Dfrom=home")):
        (d / "bin").mkdir(parents=True)
        (d / "bin" / "setenv.sh").write_text(f"CATALINA_OPTS={opt}\n")
    s = read_setenv(base, home, base, {}, Findings())
    assert words(s) == ["-Dfrom=base"] and s.file == "bin/setenv.sh"


def test_home_setenv_is_read_when_base_has_none(tmp_path: Path) -> None:
    base, home = tmp_path / "base", tmp_path / "home"
    (base / "bin").mkdir(parents=True)
    (home / "bin").mkdir(parents=True)
    (home / "bin" / "setenv.sh").write_text("CATALINA_OPTS=-Dfrom=home\n")
    s = read_setenv(base, home, base, {}, Findings())
    assert words(s) == ["-Dfrom=home"]
    assert s.file == (home / "bin" / "setenv.sh").as_posix()


def test_setenv_bat_is_read_without_setenv_sh_and_reported_beside_it(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "setenv.bat").write_text("set CATALINA_OPTS=-Xmx1g\r\n")
    findings = Findings()
    s = read_setenv(tmp_path, tmp_path, tmp_path, {}, findings)
    assert of_rule(findings, "setenv.bat-not-read") == [] and s.file == "bin/setenv.bat"
    assert words(s) == ["-Xmx1g"]
    (tmp_path / "bin" / "setenv.sh").write_text("CATALINA_OPTS=-Xmx2g\n")
    findings = Findings()
    s = read_setenv(tmp_path, tmp_path, tmp_path, {}, findings)
    [bat] = of_rule(findings, "setenv.bat-not-read")
    assert bat.status is Status.MANUAL and bat.location is not None
    assert bat.location.file == "bin/setenv.bat"
    assert words(s) == ["-Xmx2g"]


def test_unreadable_setenv_is_an_input_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "setenv.sh").write_text("X=1\n")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("igmigrate.tomcat.setenv.read_bytes", deny)
    with pytest.raises(InputError, match=r"bin/setenv\.sh: cannot read setenv\.sh"):
        read_setenv(tmp_path, tmp_path, tmp_path, {}, Findings())


def test_setenv_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    _, f = read(tmp_path, f"touch {marker}\nX=$(touch {marker})\n`touch {marker}`\n")
    assert not marker.exists()
    assert not_evaluated_lines(f) == {1, 2, 3}


def test_crlf_line_endings_are_reported_and_read_as_lf(tmp_path: Path) -> None:
    s, f = read(tmp_path, "CATALINA_OPTS=-Da=1\r\nJAVA_OPTS=-Db=2\r\n")
    assert words(s) == ["-Db=2", "-Da=1"]
    assert of_rule(f, "setenv.crlf")


def test_unterminated_quote_stops_reading_like_sh_does(tmp_path: Path) -> None:
    s, f = read(tmp_path, 'CATALINA_OPTS=-Da=1\nJAVA_OPTS="-Db=2\n')
    assert words(s) == ["-Da=1"]
    [err] = of_rule(f, "setenv.syntax-error")
    assert err.location is not None and err.location.line == 2


# --- constructs that are not evaluated ---------------------------------------------------------


def test_command_substitution_is_reported_and_kept_verbatim(tmp_path: Path) -> None:
    s, f = read(tmp_path, 'ID="$(hostname)-x"\nCATALINA_OPTS="-Did=$ID"\n')
    assert words(s) == ["-Did=$(hostname)-x"]
    [msg] = [x.message for x in of_rule(f, "setenv.not-evaluated")]
    assert "ID" in msg and "$(hostname)" in msg and "line 1" in msg


def test_if_block_is_skipped_and_each_assignment_inside_is_accounted(tmp_path: Path) -> None:
    text = (
        'CATALINA_OPTS="-Da=1"\n'
        'if [ -n "$X" ]; then\n'
        '  CATALINA_OPTS="$CATALINA_OPTS -Db=2"\n'
        "else\n"
        "  export MODE=two\n"
        "fi\n"
        'JAVA_OPTS="-Dmode=$MODE"\n'
    )
    s, f = read(tmp_path, text)
    assert words(s) == ["-Dmode=${MODE}", "-Da=1"]
    skipped = {k for x in of_rule(f, "setenv.not-evaluated") for k in x.settings}
    assert skipped == {
        SettingKey("bin/setenv.sh", "setenv", "CATALINA_OPTS@3"),
        SettingKey("bin/setenv.sh", "setenv", "MODE@5"),
    }
    block = [x for x in of_rule(f, "setenv.not-evaluated") if not x.settings]
    assert len(block) == 1 and "lines 2–6" in block[0].message and "`if [" in block[0].message
    [unknown] = of_rule(f, "setenv.unknown-variable")
    assert "skipped assignment (line 5)" in unknown.message


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ('case "$X" in\n a) Y=1 ;;\n *) Y=2 ;;\nesac\n', 1, "`case`"),
        ("for i in 1 2; do\n  Y=$i\ndone\n", 1, "`for`"),
        ("while false; do Y=1; done\n", 1, "`while false"),
        ("setup() {\n  Y=1\n}\nsetup\n", 1, "function setup"),
        ("function setup {\n  Y=1\n}\n", 1, "function setup"),
        ("( Y=1 )\n", 1, "subshell"),
        ("[ -f x ] && Y=1\n", 1, "`&&`"),
        ("eval Y=1\n", 1, "`eval`"),
        ("source /etc/tomcat.conf\n", 1, "`source /etc/tomcat.conf`"),
        ("Y=1 java -version\n", 1, "`java`"),
    ],
)
def test_unevaluable_constructs_are_reported_and_their_assignments_skipped(
    tmp_path: Path, text: str, line: int, needle: str
) -> None:
    s, f = read(tmp_path, text)
    assert "Y" not in s.variables
    manual = of_rule(f, "setenv.not-evaluated")
    assert any(needle in x.message and x.location and x.location.line == line for x in manual)
    assert all(x.status is Status.MANUAL for x in manual)
    # every Y assignment seen is accounted for by a finding
    seen_y = {k for k in f.seen if k.name.startswith("Y@")}
    assert seen_y <= f.accounted()


def test_operator_in_options_that_eval_would_interpret_is_reported(tmp_path: Path) -> None:
    _, f = read(tmp_path, "CATALINA_OPTS='-Da=1;rm -rf x'\n")
    assert any("CATALINA_OPTS" in x.message and "`;`" in x.message for x in f)


def test_escaped_quotes_reach_eval_and_an_unmatched_one_is_reported(tmp_path: Path) -> None:
    text = 'CATALINA_OPTS="-Dx=\\"a b\\""\nX="a\\"b"\nJAVA_OPTS="-Dy=$X"\n'
    s, f = read(tmp_path, text)
    assert words(s, "CATALINA_OPTS") == ["-Dx=a b"]
    [msg] = [x.message for x in of_rule(f, "setenv.not-evaluated")]
    assert "JAVA_OPTS" in msg and "unmatched quote" in msg


def test_set_a_exports_later_assignments(tmp_path: Path) -> None:
    s, _ = read(tmp_path, "set -a\nA=1\nset +a\nB=2\n")
    assert s.variables["A"].exported and not s.variables["B"].exported


# --- accounting and secrets ---------------------------------------------------------------------


def test_every_assignment_is_seen_as_name_at_line(tmp_path: Path) -> None:
    s, f = read(tmp_path, "A=1\nA=2; B=3\nexport C=4\n")
    assert {k.name for k in f.seen} == {"A@1", "A@2", "B@2", "C@3"}
    assert [(v.name, v.value, v.location.line) for v in s.assignments] == [
        ("A", "1", 1),
        ("A", "2", 2),
        ("B", "3", 2),
        ("C", "4", 3),
    ]
    assert s.variables["A"].location.line == 2


def test_finding_messages_never_contain_values(tmp_path: Path) -> None:
    secret = "s3cr3t-Pa55"
    text = (
        f'PW="{secret}"\n'
        f'CATALINA_OPTS="-Ddb.password={secret} -Dq=$(cat /x) $UNKNOWN"\n'
        f"if true; then CATALINA_OPTS=-Dp={secret}; fi\n"
        f'JAVA_OPTS="\n-Dpw={secret}"\n'
        f"X={secret} run_it\n"
    )
    s, f = read(tmp_path, text)
    assert system_properties(s)["db.password"].value == secret
    assert len(f) >= 5
    for finding in f:
        assert secret not in f"{finding.message} {finding.hint}"


# --- the word splitter ------------------------------------------------------------------------


class _NoVars:
    def lookup(self, name: str, line: int) -> Traced | None:
        return None

    def assign_default(self, name: str, value: Traced, line: int) -> None:
        return None


@given(st.lists(st.text(alphabet=st.characters(exclude_characters="\x00")), max_size=6))
def test_eval_splitting_undoes_shell_quoting(args: list[str]) -> None:
    quoted = " ".join(shlex.quote(a) for a in args)
    got = split_words(Traced.at(quoted, 1), _NoVars(), [])
    assert [w.text for w in got] == args


def test_eval_splitting_treats_tabs_and_runs_of_blanks_as_one_separator() -> None:
    got = split_words(Traced.at(" -a \t -b  ", 1), _NoVars(), [])
    assert [w.text for w in got] == ["-a", "-b"]


# --- real files ---------------------------------------------------------------------------------


@needs_corpus
def test_corpus_hth_multi_line_java_opts(tmp_path: Path) -> None:
    s, f = read_corpus(tmp_path, "hth__receipt__documentation__tomcat__bin__setenv.sh")
    assert words(s, "JAVA_OPTS") == [
        "-Djava.awt.headless=true",
        "-Dfile.encoding=UTF-8",
        "-XX:NewSize=256m",
        "-XX:MaxNewSize=256m",
        "-XX:PermSize=256m",
        "-XX:MaxPermSize=512m",
        "-XX:+DisableExplicitGC",
        "-XX:+UseConcMarkSweepGC",
        "-XX:+CMSIncrementalMode",
    ]
    assert words(s, "CATALINA_OPTS")[:2] == ["-Xms2G", "-Xmx6G"]
    assert "-XX:+UserParNewGC" in words(s, "CATALINA_OPTS")
    assert all(o.location.line == 2 for o in s.jvm_options if o.var == "JAVA_OPTS")
    assert of_rule(f, "setenv.line-break-in-options")
    assert s.variables["CATALINA_PID"].exported


@needs_corpus
def test_corpus_jacquelineth_catlina_opts_does_not_feed_catalina_opts(tmp_path: Path) -> None:
    s, _ = read_corpus(
        tmp_path, "jacquelineth__tomcatConf__bin__setenv.sh", env={"CATALINA_BASE": "/opt/tc"}
    )
    assert words(s, "CATALINA_OPTS") == []
    assert s.variables["CATLINA_OPTS"].value == "-d64  -DCatalina.base=/opt/tc"
    assert words(s, "JAVA_OPTS") == [
        "-server",
        "-Xms256m",
        "-Xmx1024m",
        "-XX:MaxPermSize=512m",
        "-Dcom.sun.management.jmxremote.password.file=/opt/tc/conf/jmxremote.password",
        "-Dcom.sun.management.jmxremote.access.file=/opt/tc/conf/jmxremote.access",
        "-Dcom.sun.management.jmxremote.ssl=false",
    ]
    assert "Catalina.base" not in system_properties(s)


@needs_corpus
def test_corpus_openweb_command_substitution_and_conditionals_reported(tmp_path: Path) -> None:
    s, f = read_corpus(tmp_path, "openweb-nl__hippo-docker__image__bin__setenv.sh")
    manual = of_rule(f, "setenv.not-evaluated")
    at = {(x.location.line if x.location else None, m) for x in manual for m in [x.message]}
    assert any(line == 6 and "$(whoami)" in m for line, m in at)
    assert any(line == 6 and "$(hostname …)" in m for line, m in at)  # arguments never shown
    assert any(line == 8 and "[[" in m and "lines 8–18" in m for line, m in at)
    skipped = {k.name for x in manual for k in x.settings}
    assert skipped == {"REP_FILE@10", "REP_FILE@14", "REP_FILE@16"}
    props = system_properties(s)
    assert props["repo.config"].value == "file:/usr/local/tomcat/conf/${REP_FILE}"
    assert props["DB_PASS"].value == "${DB_PASS}"
    assert props["DB_PASS"].origin == "bin/setenv.sh:26"
    assert props["org.apache.jackrabbit.core.cluster.node_id"].value == ("$(whoami)-$(hostname -f)")
    assert "-Xmx${MAX_HEAP}m" in words(s, "CATALINA_OPTS")
    assert s.variables["CATALINA_OPTS"].exported is False
    assert s.variables["CATALINA_BASE"].exported is True


@needs_corpus
def test_corpus_unidata_sourced_fragment_is_reported(tmp_path: Path) -> None:
    s, f = read_corpus(tmp_path, "Unidata__thredds-docker__files__setenv.sh")
    [src] = [x for x in of_rule(f, "setenv.not-evaluated") if "sources another file" in x.message]
    assert src.location is not None and src.location.line == 21
    assert "`. $CATALINA_HOME/bin/javaopts.sh`" in src.message
    assert words(s, "JAVA_OPTS") == [
        "-Dtds.content.root.path=/opt/tomcat/content/",
        "-Djava.util.prefs.systemRoot=/opt/tomcat/content/thredds/javaUtilPrefs",
        "-Djava.util.prefs.userRoot=/opt/tomcat/content/thredds/javaUtilPrefs",
    ]
    assert s.variables["LD_LIBRARY_PATH"].value == "${LD_LIBRARY_PATH}:/usr/lib/jni"


@needs_corpus
def test_corpus_unidata_javaopts_fragment_composes_helpers(tmp_path: Path) -> None:
    s, f = read_corpus(
        tmp_path,
        "Unidata__thredds-docker__files__javaopts.sh",
        env={"CATALINA_HOME": "/opt/tomcat", "THREDDS_XMX_SIZE": "4G"},
    )
    got = words(s, "JAVA_OPTS")
    assert got[0] == "-Dtds.content.root.path=${TDS_CONTENT_ROOT_PATH}/"
    assert "-Xmx4G" in got and "-Xms${THREDDS_XMS_SIZE}" in got
    assert got[-1] == "-Djna.tmpdir=/tmp/"
    unknown = {x.message.split()[0] for x in of_rule(f, "setenv.unknown-variable")}
    assert unknown == {"$THREDDS_XMS_SIZE", "$TDS_CONTENT_ROOT_PATH"}


@needs_corpus
def test_corpus_pega_nested_quotes_and_env_values(tmp_path: Path) -> None:
    name = "030__docker-pega7-tomcat-ready__bin__setenv.sh"
    s, f = read_corpus(tmp_path, name)
    assert "-DjdbcValidationQuery=${JDBC_VALIDATION_QUERY}" in words(s, "CATALINA_OPTS")
    assert s.variables["JAVA_OPTS"].exported and not s.variables["CATALINA_OPTS"].exported
    assert len(words(s, "JAVA_OPTS")) == 3 and len(words(s, "CATALINA_OPTS")) == 25
    s2, _ = read_corpus(tmp_path, name, env={"JDBC_VALIDATION_QUERY": "SELECT 1"})
    assert system_properties(s2)["jdbcValidationQuery"].value == "SELECT 1"
    assert system_properties(s2)["jdbcValidationQuery"].origin == "bin/setenv.sh:41"
    assert not of_rule(f, "setenv.not-evaluated")  # echo lines are harmless


@needs_corpus
def test_corpus_cdluc3_bare_assignments_then_one_export(tmp_path: Path) -> None:
    s, _ = read_corpus(tmp_path, "CDLUC3__tomcat8_catalina_base__bin__setenv.sh")
    assert words(s) == [
        "-Xmx2048m",
        "-Xms2024m",
        "-Dfile.encoding=UTF8",
        "-Dorg.apache.tomcat.util.buf.UDecoder.ALLOW_ENCODED_SLASH=true",
        "-XX:+UseG1GC",
        "-d64",
    ]
    assert not s.variables["JRE_HOME"].exported
    assert s.variables["NODE_TABLE"].exported


@needs_corpus
def test_corpus_phoebian_prepend_to_unbraced_java_opts(tmp_path: Path) -> None:
    s, _ = read_corpus(tmp_path, "pycontribs__phoebian__opt__crowd__apache-tomcat__bin__setenv.sh")
    assert words(s, "JAVA_OPTS") == [
        "-Xms128m",
        "-Xmx512m",
        "-XX:MaxPermSize=256m",
        "-Dfile.encoding=UTF-8",
    ]
    assert system_properties(s)["com.sun.management.jmxremote.port"].value == "8096"


@needs_corpus
@pytest.mark.parametrize(
    "name", sorted(p.name for p in CORPUS.glob("*setenv.sh")) if CORPUS.is_dir() else []
)
def test_corpus_every_assignment_is_returned_or_accounted(tmp_path: Path, name: str) -> None:
    s, f = read_corpus(tmp_path, name)
    returned = {
        SettingKey(s.file or "", "setenv", f"{v.name}@{v.location.line}") for v in s.assignments
    }
    assert set(f.seen) == returned | f.accounted() & set(f.seen)
    assert not (returned & f.accounted())


def test_command_substitution_is_reported_by_its_command_never_its_arguments(
    tmp_path: Path,
) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "setenv.sh").write_text(
        'CATALINA_OPTS="-Ddb.password=$(decrypt Echo-Me-Not) -Dk=`echo Echo-Me-Too`"\n'
    )
    findings = Findings()
    read_setenv(tmp_path, tmp_path, tmp_path, {}, findings)
    messages = [f.message for f in findings if f.rule == "setenv.not-evaluated"]
    assert any("$(decrypt …)" in m for m in messages)
    assert any("`echo …`" in m for m in messages)
    assert not any("Echo-Me" in m for m in messages)
