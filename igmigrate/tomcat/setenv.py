"""Tomcat's bin/setenv.sh (read statically, never run): JVM options, -D properties, findings.

catalina.sh sources `$CATALINA_BASE/bin/setenv.sh` if readable, else `$CATALINA_HOME/bin/setenv.sh`
(only one), then runs `eval exec java … "$JAVA_OPTS" "$CATALINA_OPTS" …`. The shell itself is
generic and lives apart: shell_lex (tokens, simple commands, safe names), shell (word expansion),
shell_simple (assignments, `export`/`declare`/`unset`/`set -a`/`:`), shell_eval (which commands
run). This module owns what is Tomcat's: which file is sourced, the variables catalina.sh starts
with, JAVA_OPTS/JSSE_OPTS/CATALINA_OPTS split into JVM options and `-D` system properties, and
the `setenv.*` findings.

What is NOT evaluated is reported as Status.MANUAL, rule `setenv.not-evaluated`: `$(…)`,
backticks, `$((…))`, `$1`/`$@`…, other `${…}` operators (the assignment is evaluated, that piece
kept verbatim); compound commands, functions and `&&`/`||`/`|` lists (reported once; every
assignment inside is reported on its own, with its setting key, and NOT applied); `.`/`source`,
`eval` and any other command (not run). `echo`, `printf`, `:` and `true` are passed over.

Variables neither assigned in the file nor given in `env` stay visible as `${VAR}` and are
reported by name (`setenv.unknown-variable`). JAVA_OPTS, CATALINA_OPTS and JSSE_OPTS read before
being set are assumed empty (reported as info). CATALINA_HOME/CATALINA_BASE start as the paths
catalina.sh computed (from `env` when given there); CLASSPATH starts empty (catalina.sh clears it).
A UTF-8 byte order mark at the start is dropped (and reported, like CR LF line endings).

Accounting: every assignment is registered with `findings.see(SettingKey(file, "setenv",
"NAME@LINE"), …)`. Skipped assignments are accounted here; evaluated ones are returned in
`Setenv.assignments` for the caller to account for. Messages name the construct, the variable
and the line, never the text of a value, word or command (a value may hold a password).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from igmigrate.errors import InputError
from igmigrate.findings import Findings, SettingKey, SourceLocation, Status
from igmigrate.rules import applies
from igmigrate.tomcat.files import read_bytes
from igmigrate.tomcat.paths import rel_to_src
from igmigrate.tomcat.placeholders import PropertyValue
from igmigrate.tomcat.setenv_text import as_sh_reads_it
from igmigrate.tomcat.shell import Issue, Traced, split_words
from igmigrate.tomcat.shell_eval import evaluate
from igmigrate.tomcat.shell_simple import Assignment, Scope, Shell

RULE_NOT_EVALUATED = "setenv.not-evaluated"
RULE_UNKNOWN = "setenv.unknown-variable"
RULE_ASSUMED_EMPTY = "setenv.assumed-empty"
RULE_LINE_BREAK = "setenv.line-break-in-options"
RULE_SYNTAX = "setenv.syntax-error"
RULE_BAT = "setenv.bat-not-read"
PATH = "setenv"
# setenv.sh is evaluated statement by statement (about 0.5 ms a line): past these, refused.
MAX_SETENV_BYTES = 2 * 1024 * 1024
MAX_SETENV_LINES = 20_000

_OPTION_VARS = (
    ("JAVA_OPTS", "JAVA_OPTS"),
    ("JSSE_OPTS", "JAVA_OPTS"),
    ("CATALINA_OPTS", "CATALINA_OPTS"),
)
_INHERITED_EMPTY = frozenset({"JAVA_OPTS", "CATALINA_OPTS", "JSSE_OPTS"})


@dataclass(frozen=True)
class JvmOption:
    """One JVM argument from JAVA_OPTS or CATALINA_OPTS, split as catalina.sh's eval does."""

    text: str
    var: str  # "JAVA_OPTS" | "CATALINA_OPTS"
    location: SourceLocation
    verbatim: tuple[bool, ...] = ()  # per character: kept as written (`${VAR}`, `$(…)`)


@dataclass(frozen=True)
class ShellVar:
    """A shell variable's value after an assignment (placeholders for unknowns kept visible)."""

    name: str
    value: str
    exported: bool
    location: SourceLocation
    verbatim: tuple[bool, ...] = ()  # per character: kept as written (`${VAR}`, `$(…)`)


@dataclass(frozen=True)
class Setenv:
    """What catalina.sh would see after sourcing setenv.sh."""

    file: str | None  # relative to SRC, POSIX; None when no setenv.sh exists
    variables: dict[str, ShellVar]  # last evaluated assignment of each variable
    jvm_options: tuple[JvmOption, ...]  # JAVA_OPTS (+ JSSE_OPTS) words, then CATALINA_OPTS words
    assignments: tuple[ShellVar, ...] = ()  # every evaluated assignment, in file order


@dataclass
class _Report:
    """What the shell evaluator reports, as setenv findings; assignments are `NAME@LINE` keys."""

    file: str  # relative to SRC, or "--env" when there is no setenv.sh
    findings: Findings

    def loc(self, line: int | None, path: str = PATH) -> SourceLocation:
        return SourceLocation(self.file, line, path)

    def _key(self, name: str, line: int) -> SettingKey:
        return SettingKey(self.file, PATH, f"{name}@{line}")

    def see(self, name: str, line: int) -> None:
        self.findings.see(self._key(name, line), self.loc(line, name))

    @applies(RULE_NOT_EVALUATED)
    def not_evaluated(self, line: int, message: str, variable: str | None = None) -> None:
        self.findings.emit(
            RULE_NOT_EVALUATED,
            message,
            status=Status.MANUAL,
            location=self.loc(line),
            hint="setenv.sh is read statically, never run: check this by hand and pass any "
            "value it produces with --env or --property",
            settings=(self._key(variable, line),) if variable is not None else (),
        )

    @applies(RULE_LINE_BREAK)
    def line_break(self, subject: str, line: int) -> None:
        self.findings.emit(
            RULE_LINE_BREAK,
            f"{subject} contains line breaks (from line {line}). "
            "catalina.sh passes it through `eval`, where a line break ends the java "
            "command, so options after it may not reach the JVM; they are read here "
            "as if the line breaks were spaces",
            status=Status.MANUAL,
            location=self.loc(line, subject),
            hint="put the options on one line (or end each line with a backslash)",
        )

    def var(self, a: Assignment) -> ShellVar:
        return ShellVar(a.name, a.value, a.exported, self.loc(a.line, a.name), a.verbatim)


@applies(RULE_ASSUMED_EMPTY, RULE_UNKNOWN)
def _report_unknown(shell: Shell, report: _Report) -> None:
    for name, line in sorted(shell.scope.assumed_empty.items()):
        report.findings.emit(
            RULE_ASSUMED_EMPTY,
            f"{name} is read at line {line} before setenv.sh sets it; its value "
            "from the environment that starts Tomcat is assumed empty",
            status=Status.IGNORED,
            location=report.loc(line, name),
            hint=f"if the service sets {name}, pass --env {name}=…",
        )
    for name, (kind, line) in sorted(shell.unknown.items()):
        tail = (
            "the default written in the file is used"
            if kind == "unknown-default"
            else f"it is kept as ${{{name}}}"
        )
        where = "is not set in setenv.sh"
        if name in shell.skipped:
            where = f"is set only by a skipped assignment (line {shell.skipped[name]})"
        report.findings.emit(
            RULE_UNKNOWN,
            f"${name} (first used at line {line}) {where} and is "
            f"not given with --env; its value comes from the environment, so {tail}",
            status=Status.MANUAL,
            location=report.loc(line, name),
            hint=f"pass --env {name}=… with the value it has where Tomcat runs",
        )


def _read_text(path: Path, rel: str) -> str:
    try:
        data = read_bytes(path)
    except OSError as err:
        raise InputError(
            f"cannot read setenv.sh: {err.strerror or err}", SourceLocation(rel)
        ) from err
    if len(data) > MAX_SETENV_BYTES or data.count(b"\n") > MAX_SETENV_LINES:
        raise InputError(
            f"not read: {len(data)} bytes in {data.count(10)} lines, past the limits for"
            f" setenv.sh ({MAX_SETENV_BYTES >> 20} MiB, {MAX_SETENV_LINES} lines)",
            SourceLocation(rel),
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _find(base: Path, home: Path, name: str) -> Path | None:
    for root in (base, home):
        candidate = root / "bin" / name
        if candidate.exists() and not candidate.is_dir():
            return candidate
    return None


@applies(RULE_BAT, RULE_SYNTAX)
def read_setenv(
    base: Path, home: Path, src: Path, env: dict[str, str], findings: Findings
) -> Setenv:
    """Read the setenv.sh catalina.sh would source (else setenv.bat), statically; report what
    cannot be read."""
    bat, path = _find(base, home, "setenv.bat"), _find(base, home, "setenv.sh")
    if bat is not None and path is None:
        from igmigrate.tomcat.setenv_bat import read_bat  # it builds on this module's model

        return read_bat(bat, rel_to_src(bat, src), base, home, env, findings)
    if bat is not None:
        findings.emit(
            RULE_BAT,
            "bin/setenv.bat (used when Tomcat starts with catalina.bat on Windows) is not "
            "read: bin/setenv.sh is, as catalina.sh sources it",
            status=Status.MANUAL,
            location=SourceLocation(rel_to_src(bat, src)),
            hint="if Tomcat starts from catalina.bat, carry its JAVA_OPTS/CATALINA_OPTS over "
            "by hand (or pass -D values with --property)",
        )
    seeds = {
        "CATALINA_HOME": env.get("CATALINA_HOME", str(home)),
        "CATALINA_BASE": env.get("CATALINA_BASE", str(base)),
        "CLASSPATH": "",
    }
    scope = Scope(env=dict(env), seeds=seeds, inherited_empty=_INHERITED_EMPTY)
    file = rel_to_src(path, src) if path is not None else None
    report = _Report(file or "--env", findings)
    shell = Shell(scope, report)
    if path is not None and file is not None:
        text = as_sh_reads_it(_read_text(path, file), file, findings)
        error = evaluate(text, shell)
        if error is not None:
            findings.emit(
                RULE_SYNTAX,
                f"shell syntax error: {error} (starting at line {error.line}); sh "
                "stops reading setenv.sh there",
                status=Status.MANUAL,
                location=SourceLocation(file, error.line, PATH),
            )
    options = _jvm_options(shell, report)
    _report_unknown(shell, report)
    variables = {name: report.var(a) for name, a in shell.variables.items()}
    return Setenv(file, variables, options, tuple(report.var(a) for a in shell.assignments))


def _jvm_options(shell: Shell, report: _Report) -> tuple[JvmOption, ...]:
    """JAVA_OPTS, JSSE_OPTS and CATALINA_OPTS at the end, split as catalina.sh's eval does."""
    scope, out = shell.scope, []
    for name, var in _OPTION_VARS:
        if name in scope.vars:
            value = scope.vars[name]
            last = shell.variables.get(name)
            line = last.line if last else 0
        elif name in scope.env and name not in scope.unset:
            value, line = Traced.at(scope.env[name], 0), 0
        else:
            continue
        issues: list[Issue] = []
        words = split_words(value, _EvalScope(scope), issues)
        shell.issues([i for i in issues if i.kind != "newline"], name)
        newline = next((i for i in issues if i.kind == "newline"), None)
        if newline is not None:
            shell.issues([newline], name)
        for word in words:
            origin = word.first_line(line)
            loc = (
                SourceLocation(report.file, origin, name)
                if origin and report.file != "--env"
                else SourceLocation("--env", None, name)
            )
            out.append(JvmOption(word.text, var, loc, word.verbatim))
    return tuple(out)


@dataclass
class _EvalScope:
    """The variables catalina.sh's eval sees (the end state); assigns nothing."""

    inner: Scope

    def lookup(self, name: str, line: int) -> Traced | None:
        return self.inner.lookup(name, line)

    def assign_default(self, name: str, value: Traced, line: int) -> None:
        return None


def system_properties(setenv: Setenv) -> dict[str, PropertyValue]:
    """The `-Dname=value` system properties the JVM would get; later ones win."""
    props: dict[str, PropertyValue] = {}
    for opt in setenv.jvm_options:
        if not opt.text.startswith("-D") or len(opt.text) <= 2:
            continue
        name, _, value = opt.text[2:].partition("=")
        loc = opt.location
        origin = f"{loc.file}:{loc.line}" if loc.line else loc.file
        props.pop(name, None)
        props[name] = PropertyValue(value, origin)
    return props
