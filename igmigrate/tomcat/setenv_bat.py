"""Tomcat's bin/setenv.bat (read statically, never run) into the same `Setenv` as setenv.sh.

catalina.bat runs `call "%CATALINA_BASE%\\bin\\setenv.bat"` (else CATALINA_HOME's), then pastes
`%JAVA_OPTS% %CATALINA_OPTS%` unquoted into the java command line (JSSE_OPTS is appended to
JAVA_OPTS first); the java launcher splits it on blanks, double quotes group (and are dropped).
Read here, as cmd.exe does: `set NAME=value` (the rest of the line, trailing blanks included),
`set "NAME=value"` (the text between the first `=` and the last `"`), `%NAME%` (names are
case-insensitive; unknown ones are kept as `${NAME}` and reported, as in setenv.sh), `%%` → `%`,
`^x` → `x` outside quotes; `rem`, `::`, `echo`, `@`, empty lines are passed over. `setlocal` is
passed over but reported: in a called batch it ends with the file, so what follows does not reach
catalina.bat. Not evaluated (reported at its line; an assignment on that line is not applied):
`if`, `for`, `call`, `goto`, labels, `(…)` blocks, `&`/`|`/`<`/`>`, `%0`…`%9`/`%*`/`%~dp0`,
`%VAR:x=y%`/`%VAR:~n%`, `!delayed!`, `set /a` and `set /p`, other commands. CR LF is normal.

A value naming a Windows path (`C:\\…`, `\\\\host\\…`) is reported (`setenv.windows-path`) and not
carried: the assignment stays visible to later `%NAME%` uses, a JVM option holding one is dropped.
Messages name constructs, variables and lines, never a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from igmigrate.findings import Findings, SettingKey, SourceLocation, Status
from igmigrate.rules import applies
from igmigrate.tomcat.cmd_text import outside_quotes, split_java_words, unescape
from igmigrate.tomcat.setenv import (
    _INHERITED_EMPTY,
    _OPTION_VARS,
    PATH,
    RULE_ASSUMED_EMPTY,
    RULE_NOT_EVALUATED,
    RULE_UNKNOWN,
    JvmOption,
    Setenv,
    ShellVar,
    _read_text,
)
from igmigrate.tomcat.shell import Traced

RULE_READ = "setenv.bat-read"
RULE_WINDOWS_PATH = "setenv.windows-path"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_WINDOWS = re.compile(r"(?:^|[=;,\"\s])(?:[A-Za-z]:[\\/]|\\\\[^\\\s]+\\)")
_FIRST = re.compile(r"\s*@?\s*([^\s=,;(]*)")
_INNER_SET = re.compile(r"\bset\s+\"?([A-Za-z_][A-Za-z0-9_.\-]*)\s*=", re.IGNORECASE)
_PERCENT = re.compile(r"%%|%([0-9*]|~[^%\s]*|[^%\s:]+(:[^%]*)?%)|!([^!\s]+)!")
_OPTION_NAMES = frozenset(n for n, _ in _OPTION_VARS)
_PASSED = {"echo", "setlocal", "endlocal", "rem", "title", "cls", "ver", "pushd", "popd"}


@dataclass
class _Reader:
    """The state of one read: variables (names as first written), findings, what was skipped."""

    file: str
    findings: Findings
    env: dict[str, str]
    seeds: dict[str, str]
    vars: dict[str, Traced] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # upper-case name → name as written
    variables: dict[str, ShellVar] = field(default_factory=dict)
    assignments: list[ShellVar] = field(default_factory=list)
    unknown: dict[str, int] = field(default_factory=dict)
    assumed_empty: dict[str, int] = field(default_factory=dict)
    depth: int = 0  # inside a `(…)` block of a not evaluated command

    def loc(self, line: int | None, path: str = PATH) -> SourceLocation:
        return SourceLocation(self.file, line, path)

    def key(self, name: str, line: int) -> SettingKey:
        return SettingKey(self.file, PATH, f"{name}@{line}")

    def name(self, name: str) -> str:
        """The name as first written; Tomcat's and Java's own (JAVA_OPTS…) in upper case."""
        upper = name.upper()
        tomcat = upper in self.seeds or upper.startswith(("CATALINA_", "JAVA_", "JRE_", "JSSE_"))
        return self.names.setdefault(upper, upper if tomcat else name)

    @applies(RULE_NOT_EVALUATED)
    def not_evaluated(self, line: int, message: str, variable: str | None = None) -> None:
        if variable is not None:
            self.findings.see(self.key(variable, line), self.loc(line, variable))
        self.findings.emit(
            RULE_NOT_EVALUATED,
            message,
            status=Status.MANUAL,
            location=self.loc(line),
            hint="setenv.bat is read statically, never run: check this by hand and pass any "
            "value it produces with --env or --property",
            settings=(self.key(variable, line),) if variable is not None else (),
        )

    def lookup(self, name: str, line: int) -> Traced | None:
        upper = name.upper()
        for where in (self.vars, self.env):
            for k, v in where.items():
                if k.upper() == upper:
                    return v if isinstance(v, Traced) else Traced.at(v, 0)
        for k, s in self.seeds.items():
            if k.upper() == upper:
                return Traced.at(s, line)
        if upper in _INHERITED_EMPTY:
            self.assumed_empty.setdefault(upper, line)
            return Traced()
        return None

    def expand(self, text: str, line: int) -> Traced | str:
        """`%…%` expanded; a str (the construct's kind) when something is not evaluated."""
        out, i = Traced(), 0
        for m in _PERCENT.finditer(text):
            out, i = out + Traced.at(text[i : m.start()], line), m.end()
            if m.group(0) == "%%":
                out += Traced.at("%", line)
            elif m.group(3) is not None:
                return "delayed expansion `!…!`"
            elif m.group(1)[0] in "0123456789*~":
                return "a batch parameter (`%0`…`%9`, `%*`, `%~dp0`)"
            elif m.group(2) is not None:
                return "a substring or substitution (`%VAR:x=y%`, `%VAR:~n%`)"
            else:
                name = m.group(1)[:-1]
                value = self.lookup(name, line)
                if value is None:
                    self.unknown.setdefault(self.name(name), line)
                    value = Traced.at("${" + self.name(name) + "}", line, True)
                out += value
        out += Traced.at(text[i:].replace("%", ""), line)  # a lone `%` is dropped by cmd
        return out

    def store(self, name: str, value: Traced, line: int) -> None:
        name = self.name(name)
        self.findings.see(self.key(name, line), self.loc(line, name))
        self.vars[name] = value
        if not value.text:  # `set NAME=` deletes the variable (it expands to nothing then)
            self.variables.pop(name, None)
            return
        if name.upper() not in _OPTION_NAMES and self.windows(value):  # options: word by word
            self.windows_path(name, line, (self.key(name, line),))
            return
        var = ShellVar(name, value.text, True, self.loc(line, name), value.verbatim)
        self.variables[name] = var
        self.assignments.append(var)

    def windows(self, value: Traced) -> bool:
        """A Windows path: `C:\\…`, `\\\\host\\…`, or CATALINA_BASE/HOME followed by `\\`."""
        homes = [s + "\\" for s in self.seeds.values() if s]
        return _WINDOWS.search(value.text) is not None or any(h in value.text for h in homes)

    @applies(RULE_WINDOWS_PATH)
    def windows_path(self, what: str, line: int, keys: tuple[SettingKey, ...] = ()) -> None:
        self.findings.emit(
            RULE_WINDOWS_PATH,
            f"{what} (line {line}) names a Windows path: not carried to bin/env.sh",
            status=Status.MANUAL,
            location=self.loc(line, what),
            hint="IG standalone on Linux needs its own path: pass it with --env or --property",
            settings=keys,
        )


@applies(RULE_READ)
def read_bat(
    path: Path, file: str, base: Path, home: Path, env: dict[str, str], findings: Findings
) -> Setenv:
    """Read setenv.bat (there is no setenv.sh) as catalina.bat's `call` would run it."""
    seeds = {
        "CATALINA_HOME": env.get("CATALINA_HOME", str(home)),
        "CATALINA_BASE": env.get("CATALINA_BASE", str(base)),
        "CLASSPATH": "",
    }
    reader = _Reader(file, findings, dict(env), seeds)
    findings.emit(
        RULE_READ,
        f"{file} read as catalina.bat runs it (there is no bin/setenv.sh)",
        status=Status.MAPPED,
        location=SourceLocation(file),
    )
    text = _read_text(path, file).removeprefix("\ufeff")
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        _line(reader, line, number)
    options = _options(reader)
    _report_unknown(reader)
    return Setenv(file, reader.variables, options, tuple(reader.assignments))


def _line(r: _Reader, line: str, n: int) -> None:
    stripped = line.lstrip().lstrip("@").lstrip()
    m = _FIRST.match(stripped)
    first = m.group(1).lower() if m else ""
    if r.depth or stripped.startswith(")"):
        _block(r, stripped, n, "inside a `(…)` block")
    elif not stripped or stripped.startswith("::") or first in ("rem", "echo", "echo."):
        return
    elif first == "set" and not re.match(r"set\s*/", stripped, re.IGNORECASE):
        _set(r, stripped[3:].lstrip(), n)
    elif first in ("setlocal", "endlocal"):
        if first == "setlocal":
            r.not_evaluated(
                n,
                f"setlocal (line {n}): in a batch file run by `call`, cmd drops the variables"
                " set after it when the file ends, so they would not reach catalina.bat; read"
                " here as if setlocal were not there",
            )
    elif first in _PASSED:
        return
    elif stripped.startswith(":"):
        r.not_evaluated(n, f"a label (line {n}) is not followed: jumps are not evaluated")
    else:
        what = f"`{first}`" if _NAME.fullmatch(first) else "a command"
        _block(r, stripped, n, f"in {what} (line {n}), which is not run", f"{what} (line {n})")


def _block(r: _Reader, text: str, n: int, why: str, what: str = "") -> None:
    opened = outside_quotes(text).count("(") - outside_quotes(text).count(")")
    inside = r.depth > 0
    r.depth = max(0, r.depth + opened)
    found = [m.group(1) for m in _INNER_SET.finditer(text)]
    for name in found:
        r.not_evaluated(
            n, f"{r.name(name)} is assigned at line {n} {why}; not applied", r.name(name)
        )
    if not found and not inside:
        r.not_evaluated(n, f"{what} is not run (not evaluated)")


def _set(r: _Reader, rest: str, n: int) -> None:
    quoted = rest.startswith('"')
    if quoted:
        rest = rest[1 : rest.rfind('"')] if rest.count('"') > 1 else rest[1:]
    name, eq, raw = rest.partition("=")
    if not eq or not _NAME.fullmatch(name):
        shown = r.name(name) if _NAME.fullmatch(name) else "a variable"
        r.not_evaluated(n, f"`set` of {shown} (line {n}) is not an assignment read here")
        return
    name = r.name(name)
    value = r.expand(raw, n)
    if isinstance(value, str):
        r.not_evaluated(n, f"{name} (line {n}) uses {value}; this assignment is not applied", name)
        return
    parsed = value if quoted else unescape(value)
    if parsed is None:
        r.not_evaluated(
            n,
            f"{name} (line {n}) holds `&`, `|`, `<`, `>` or a trailing `^` outside quotes:"
            " cmd reads another command there; this assignment is not applied",
            name,
        )
        return
    r.store(name, parsed, n)


def _options(r: _Reader) -> tuple[JvmOption, ...]:
    out: list[JvmOption] = []
    for name, var in _OPTION_VARS:
        value = r.vars.get(r.name(name))
        if value is None and name in r.env:
            value = Traced.at(r.env[name], 0)
        if value is None:
            continue
        last = r.variables.get(r.name(name))
        for word in split_java_words(value):
            origin = word.first_line((last.location.line or 0) if last else 0)
            loc = r.loc(origin, name) if origin else SourceLocation("--env", None, name)
            if r.windows(word):
                r.windows_path(f"a JVM option of {name}", origin or 0)
                continue
            out.append(JvmOption(word.text, var, loc, word.verbatim))
    return tuple(out)


@applies(RULE_ASSUMED_EMPTY, RULE_UNKNOWN)
def _report_unknown(r: _Reader) -> None:
    for name, line in sorted(r.assumed_empty.items()):
        r.findings.emit(
            RULE_ASSUMED_EMPTY,
            f"%{name}% is read at line {line} before setenv.bat sets it; its value from the"
            " environment that starts Tomcat is assumed empty",
            status=Status.IGNORED,
            location=r.loc(line, name),
            hint=f"if the service sets {name}, pass --env {name}=…",
        )
    for name, line in sorted(r.unknown.items()):
        r.findings.emit(
            RULE_UNKNOWN,
            f"%{name}% (first used at line {line}) is not set in setenv.bat and is not given"
            f" with --env; its value comes from the environment, so it is kept as ${{{name}}}",
            status=Status.MANUAL,
            location=r.loc(line, name),
            hint=f"pass --env {name}=… with the value it has where Tomcat runs",
        )
