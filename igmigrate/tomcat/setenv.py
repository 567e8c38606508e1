"""Static evaluation of bin/setenv.sh (never executed): shell variables and the JVM options.

catalina.sh sources `$CATALINA_BASE/bin/setenv.sh` if readable, else `$CATALINA_HOME/bin/setenv.sh`
(only one), then runs `eval exec java … "$JAVA_OPTS" "$CATALINA_OPTS" …`. This module follows
the simple commands real files use: assignments (`VAR=…`, `VAR+=…`), `export`/`readonly`/`declare
-x`, `unset`, `set -a`, `: ${VAR:=default}`, quoting, `\\` continuations, `$VAR`, `${VAR}` and
`${VAR:-default}`-style operators.

What is NOT evaluated (each reported as Status.MANUAL, rule `setenv.not-evaluated`):
- `$(…)`, backticks, `$((…))`, `$1`/`$@`…, other `${…}` operators: the assignment is evaluated
  but that piece is kept verbatim in the value (the finding names the variable and line);
- compound commands (`if`, `case`, `for`, `while`, `until`, `{ … }`, `( … )`, functions) and
  `&&`/`||`/`|` lists: the whole construct is skipped and reported once, and every assignment
  inside it is reported on its own (with its setting key) and NOT applied — a later use of
  that variable is then unknown (kept as `${VAR}`) unless another assignment sets it;
- `.`/`source` of another file, `eval`, and any other command (`ulimit`, `mkdir`, …): not run.
`echo`, `printf`, `:` and `true` have no effect on variables and are passed over.

Variables neither assigned in the file nor given in `env` stay visible as `${VAR}` and are
reported by name (`setenv.unknown-variable`). JAVA_OPTS, CATALINA_OPTS and JSSE_OPTS read before
being set are assumed empty (reported as info). CATALINA_HOME/CATALINA_BASE start as the paths
catalina.sh computed (from `env` when given there); CLASSPATH starts empty (catalina.sh clears it).

Accounting: every assignment is registered with `findings.see(SettingKey(file, "setenv",
"NAME@LINE"), …)`. Skipped assignments are accounted here; evaluated ones are returned in
`Setenv.assignments` for the caller to account for. Messages name the construct, the variable
and the line, never the text of a value, word or command (a value may hold a password): a
command is named only when it is a plain word (`mkdir`, else "a command"), `$(…)` only by such a
command name, `${VAR<op>…}` by the variable and operator. `export "VAR=…"` (also `declare`,
`local`, `readonly`) is evaluated as sh does: quote removal comes before the builtin sees it.
A UTF-8 byte order mark at the start is dropped (and reported, like CR LF line endings).
`${VAR:-…}` words nested more than MAX_NESTING (32) deep are kept verbatim and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from igmigrate.errors import InputError
from igmigrate.findings import Findings, SettingKey, SourceLocation, Status
from igmigrate.tomcat.files import read_bytes
from igmigrate.tomcat.paths import rel_to_src
from igmigrate.tomcat.placeholders import PropertyValue
from igmigrate.tomcat.shell import (
    ASSIGNMENT_RE,
    MAX_NESTING,
    NAME_RE,
    Issue,
    Token,
    Traced,
    expand,
    plain,
    split_words,
    tokenize,
)

RULE_NOT_EVALUATED = "setenv.not-evaluated"
RULE_UNKNOWN = "setenv.unknown-variable"
RULE_ASSUMED_EMPTY = "setenv.assumed-empty"
RULE_LINE_BREAK = "setenv.line-break-in-options"
RULE_CRLF = "setenv.crlf"
RULE_BOM = "setenv.bom"
RULE_SYNTAX = "setenv.syntax-error"
RULE_BAT = "setenv.bat-not-read"
PATH = "setenv"

_OPTION_VARS = (
    ("JAVA_OPTS", "JAVA_OPTS"),
    ("JSSE_OPTS", "JAVA_OPTS"),
    ("CATALINA_OPTS", "CATALINA_OPTS"),
)
_INHERITED_EMPTY = frozenset({"JAVA_OPTS", "CATALINA_OPTS", "JSSE_OPTS"})
_NO_EFFECT = frozenset({"echo", "printf", "true", ":"})
_DECLARE = frozenset({"export", "readonly", "declare", "typeset", "local"})
_OPENERS = {
    "if": ("fi", "`if` conditional"),
    "case": ("esac", "`case` conditional"),
    "for": ("done", "`for` loop"),
    "select": ("done", "`select` loop"),
    "while": ("done", "`while` loop"),
    "until": ("done", "`until` loop"),
    "{": ("}", "`{ … }` group"),
}
_CLOSERS = frozenset({"fi", "esac", "done", "}"})
_LEADING_RESERVED = frozenset({"then", "do", "else", "!", "in"})
_SEPARATORS = frozenset({";", "&", "&&", "||", "|", ";;", ";&", "|&"})
_REDIRECTS = frozenset({"<", ">", ">>", "<<", "<<-", ">&", "<&", ">|", "<>"})
_ISSUE_TEXT = {
    "command-substitution": "command substitution",
    "backticks": "backtick command substitution",
    "arithmetic": "arithmetic expansion",
    "special-parameter": "special parameter",
    "unsupported-expansion": "parameter expansion",
    "metacharacter": "shell operator",
    "unterminated-quote": "unmatched quote",
}
_BOMS = ("\ufeff", "\u00ef\u00bb\u00bf")  # decoded as UTF-8, or as latin-1 when not UTF-8
_SHOWN_WORDS = frozenset({"[", "[[", "!", ":"})  # shown after `if`/`while` besides plain words
_PATH_RE = re.compile(r"(?:[A-Za-z0-9_./-]|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\})+")


@dataclass(frozen=True)
class JvmOption:
    """One JVM argument from JAVA_OPTS or CATALINA_OPTS, split as catalina.sh's eval does."""

    text: str
    var: str  # "JAVA_OPTS" | "CATALINA_OPTS"
    location: SourceLocation


@dataclass(frozen=True)
class ShellVar:
    """A shell variable's value after an assignment (placeholders for unknowns kept visible)."""

    name: str
    value: str
    exported: bool
    location: SourceLocation


@dataclass(frozen=True)
class Setenv:
    """What catalina.sh would see after sourcing setenv.sh."""

    file: str | None  # relative to SRC, POSIX; None when no setenv.sh exists
    variables: dict[str, ShellVar]  # last evaluated assignment of each variable
    jvm_options: tuple[JvmOption, ...]  # JAVA_OPTS (+ JSSE_OPTS) words, then CATALINA_OPTS words
    assignments: tuple[ShellVar, ...] = ()  # every evaluated assignment, in file order


@dataclass
class _Command:
    words: list[Token]
    line: int
    paren: str | None = None  # "(" or ")" when the command is just that operator
    chain: int | None = None  # line of the first command of an &&/||/| list


def _commands(tokens: list[Token]) -> list[_Command]:
    out: list[_Command] = []
    cur: list[Token] = []
    chain_start: int | None = None
    chain_next = False
    skip_next_word = False

    def finish(sep: str | None) -> None:
        nonlocal cur, chain_start, chain_next
        if cur:
            cmd = _Command(cur, cur[0].line)
            if chain_next or sep in ("&&", "||", "|", "|&"):
                chain_start = chain_start if chain_next and chain_start else cmd.line
                cmd.chain = chain_start
            out.append(cmd)
        if sep in ("&&", "||", "|", "|&"):
            chain_next = True
        elif sep is not None:
            chain_next = False
            chain_start = None
        cur = []

    for tok in tokens:
        if tok.kind == "word":
            if skip_next_word:
                skip_next_word = False
                continue
            cur.append(tok)
        elif tok.kind == "newline":
            if not (chain_next and not cur):  # a newline right after && continues the list
                finish("\n")
        elif tok.text in _REDIRECTS:
            if cur and cur[-1].text.isdigit():
                cur.pop()  # IO number (2>…)
            skip_next_word = True  # the redirection target (or here-document delimiter)
        elif tok.text in ("(", ")"):
            finish(";")
            out.append(_Command([], tok.line, paren=tok.text))
        elif tok.text in _SEPARATORS:
            finish(tok.text)
    finish(";")
    return out


@dataclass
class _Scope:
    env: dict[str, str]
    seeds: dict[str, str]
    vars: dict[str, Traced] = field(default_factory=dict)
    unset: set[str] = field(default_factory=set)
    assumed_empty: dict[str, int] = field(default_factory=dict)
    pending_defaults: list[tuple[str, Traced, int]] = field(default_factory=list)

    def lookup(self, name: str, line: int) -> Traced | None:
        if name in self.vars:
            return self.vars[name]
        if name in self.unset:
            return Traced()
        if name in self.env:
            return Traced.at(self.env[name], 0)
        if name in self.seeds:
            return Traced.at(self.seeds[name], line)
        if name in _INHERITED_EMPTY:
            self.assumed_empty.setdefault(name, line)
            return Traced()
        return None

    def assign_default(self, name: str, value: Traced, line: int) -> None:
        self.vars[name] = value
        self.pending_defaults.append((name, value, line))


@dataclass
class _Open:
    closer: str
    construct: str
    line: int
    report: bool


@dataclass
class _Reader:
    file: str
    scope: _Scope
    findings: Findings
    exported: set[str] = field(default_factory=set)
    allexport: bool = False
    variables: dict[str, ShellVar] = field(default_factory=dict)
    assignments: list[ShellVar] = field(default_factory=list)
    unknown: dict[str, tuple[str, int]] = field(default_factory=dict)
    stack: list[_Open] = field(default_factory=list)
    reported_chains: set[int] = field(default_factory=set)
    pending_function: str | None = None
    skipped: dict[str, int] = field(default_factory=dict)  # name -> first skipped assignment

    # -- findings ----------------------------------------------------------------------------

    def _loc(self, line: int | None, path: str = PATH) -> SourceLocation:
        return SourceLocation(self.file, line, path)

    def _manual(self, line: int, message: str, key: SettingKey | None = None) -> None:
        self.findings.emit(
            RULE_NOT_EVALUATED,
            message,
            status=Status.MANUAL,
            location=self._loc(line),
            hint="setenv.sh is read statically, never run: check this by hand and pass any "
            "value it produces with --env or --property",
            settings=(key,) if key else (),
        )

    def _see(self, name: str, line: int) -> SettingKey:
        key = SettingKey(self.file, PATH, f"{name}@{line}")
        self.findings.see(key, self._loc(line, name))
        return key

    def _issues(self, issues: list[Issue], subject: str) -> None:
        for issue in issues:
            if issue.kind in ("unknown", "unknown-default"):
                self.unknown.setdefault(issue.detail, (issue.kind, issue.line))
            elif issue.kind == "newline":
                self.findings.emit(
                    RULE_LINE_BREAK,
                    f"{subject} contains line breaks (from line {issue.line}). "
                    "catalina.sh passes it through `eval`, where a line break ends the java "
                    "command, so options after it may not reach the JVM; they are read here "
                    "as if the line breaks were spaces",
                    status=Status.MANUAL,
                    location=self._loc(issue.line, subject),
                    hint="put the options on one line (or end each line with a backslash)",
                )
            elif issue.kind == "too-deep":
                self._manual(
                    issue.line,
                    f"{subject} (line {issue.line}): `{issue.detail}` is nested more than "
                    f"{MAX_NESTING} levels deep; igmigrate does not evaluate it and keeps it "
                    "as written",
                )
            else:
                what = _ISSUE_TEXT.get(issue.kind, issue.kind)
                self._manual(
                    issue.line,
                    f"{subject} (line {issue.line}): {what} `{issue.detail}` is not evaluated; "
                    "it is kept as written",
                )

    # -- evaluation --------------------------------------------------------------------------

    def assign(self, word: Token, exported: bool) -> None:
        m = ASSIGNMENT_RE.match(word.text)
        assert m is not None
        name, append = m.group(1), m.group(2) == "+"
        raw = word.text[m.end() :]
        key = self._see(name, word.line)
        if raw.startswith("("):
            self._manual(
                word.line, f"{name} (line {word.line}) is a bash array; not evaluated", key
            )
            return
        issues: list[Issue] = []
        value = expand(raw, word.line, self.scope, issues)
        self._issues(issues, name)
        self._flush_defaults()
        self._store(name, append, value, word.line, exported)

    def _store(self, name: str, append: bool, value: Traced, line: int, exported: bool) -> None:
        if append:
            value = (self.scope.lookup(name, line) or Traced()) + value
        self._set(name, value, line, exported)

    def _flush_defaults(self) -> None:
        """Apply `${VAR:=default}` assignments made while expanding."""
        for dname, dvalue, dline in self.scope.pending_defaults:
            self._see(dname, dline)
            self._set(dname, dvalue, dline, False)
        self.scope.pending_defaults.clear()

    def _set(self, name: str, value: Traced, line: int, exported: bool) -> None:
        self.scope.vars[name] = value
        self.scope.unset.discard(name)
        if exported or self.allexport:
            self.exported.add(name)
        var = ShellVar(name, value.text, name in self.exported, self._loc(line, name))
        self.variables[name] = var
        self.assignments.append(var)

    def mark_exported(self, name: str) -> None:
        self.exported.add(name)
        if name in self.variables:
            self.variables[name] = replace(self.variables[name], exported=True)

    def skip_assignments(self, words: list[Token], why: str) -> None:
        for word in words:
            m = ASSIGNMENT_RE.match(word.text)
            if m:
                key = self._see(m.group(1), word.line)
                self.skipped.setdefault(m.group(1), word.line)
                self._manual(
                    word.line,
                    f"{m.group(1)} is assigned at line {word.line} {why}; "
                    "this assignment is not applied",
                    key,
                )

    def run(self, commands: list[_Command]) -> None:
        for idx, cmd in enumerate(commands):
            nxt = commands[idx + 1] if idx + 1 < len(commands) else None
            self.step(cmd, nxt, commands[idx + 2] if idx + 2 < len(commands) else None)
        for open_ in self.stack:
            if open_.report:
                self._report_construct(open_, None)
        self.stack.clear()

    def _report_construct(self, open_: _Open, end: int | None) -> None:
        span = f"lines {open_.line}–{end}" if end and end != open_.line else f"line {open_.line}"
        if end is None:
            span = f"line {open_.line} to the end of the file"
        self._manual(
            open_.line,
            f"{open_.construct} ({span}) is not evaluated; assignments inside it are skipped",
        )

    def _push(self, closer: str, construct: str, line: int) -> None:
        report = not self.stack  # nested constructs are covered by the outer one
        if self.pending_function:  # a function body: the function was reported already
            construct, report = self.pending_function, False
            self.pending_function = None
        self.stack.append(_Open(closer, construct, line, report))

    def _pop(self, closer: str, line: int) -> None:
        for pos in range(len(self.stack) - 1, -1, -1):
            if self.stack[pos].closer == closer:
                open_ = self.stack[pos]
                del self.stack[pos:]
                if open_.report:
                    self._report_construct(open_, line)
                return

    def step(self, cmd: _Command, nxt: _Command | None, after: _Command | None) -> None:
        rest: _Command | None = cmd
        while rest is not None:  # `{ { { …` on one line: a loop, not recursion
            rest = self._step(rest, nxt, after)

    def _step(self, cmd: _Command, nxt: _Command | None, after: _Command | None) -> _Command | None:
        """Evaluate one command; returns what follows a `{` on the same line, if anything."""
        in_case = bool(self.stack) and self.stack[-1].closer == "esac"
        if cmd.paren == "(":
            if not in_case:
                self._push(")", "`( … )` subshell", cmd.line)
            return None
        if cmd.paren == ")":
            if self.stack and self.stack[-1].closer == ")":
                self._pop(")", cmd.line)
            return None
        words = list(cmd.words)
        if in_case and nxt is not None and nxt.paren == ")":
            return None  # a case pattern
        while words and words[0].text in _LEADING_RESERVED:
            words.pop(0)
        if not words:
            return None
        first = words[0].text
        if first in _CLOSERS:
            self._pop(first, words[0].line)
            return None
        if first == "function" or (
            len(words) == 1
            and NAME_RE.fullmatch(first)
            and nxt is not None
            and nxt.paren == "("
            and after is not None
            and after.paren == ")"
        ):
            name = words[1].text if first == "function" and len(words) > 1 else first
            name = f"function {name}" if plain(name) else "a function"
            if not self.stack:
                self._manual(
                    cmd.line,
                    f"{name} (line {cmd.line}) is not evaluated; assignments inside it are skipped",
                )
            self.pending_function = name
            if nxt is not None and nxt.paren == "(" and after is not None:
                nxt.paren, after.paren = "ignored", "ignored"
            if words[-1].text == "{":
                self._push("}", "", cmd.line)
            return None
        if first in _OPENERS:
            closer, construct = _OPENERS[first]
            if first in ("if", "while", "until") and len(words) > 1:
                shown = words[1].text if _shows(words[1].text) else ""
                construct = f"`{' '.join(filter(None, (first, shown)))} …` conditional"
                if first != "if":
                    construct = construct.replace("conditional", "loop")
            self._push(closer, construct, cmd.line)
            return _Command(words[1:], cmd.line) if first == "{" else None
        if first == "elif":
            return None
        if self.stack:
            outer = self.stack[0]
            self.skip_assignments(
                _assignment_words(words),
                f"inside the {outer.construct} starting at line {outer.line}",
            )
            return None
        if cmd.chain is not None:
            if cmd.chain not in self.reported_chains:
                self.reported_chains.add(cmd.chain)
                self._manual(
                    cmd.chain,
                    f"`&&`/`||`/`|` list at line {cmd.chain} is not evaluated "
                    "(conditional or pipeline); assignments in it are skipped",
                )
            self.skip_assignments(_assignment_words(words), f"in the list at line {cmd.chain}")
            return None
        self.simple(words)
        return None

    def simple(self, words: list[Token]) -> None:
        prefix: list[Token] = []
        while words and ASSIGNMENT_RE.match(words[0].text):
            prefix.append(words.pop(0))
        if not words:
            for word in prefix:
                self.assign(word, exported=False)
            return
        name, args, line = words[0].text, words[1:], words[0].line
        if prefix and name not in _DECLARE:
            self.skip_assignments(prefix, f"only for {_command(name)}, which is not run")
        elif prefix:
            for word in prefix:
                self.assign(word, exported=False)
        if name in _DECLARE:
            self.declare(name, args)
        elif name == "unset":
            for arg in args:
                if NAME_RE.fullmatch(arg.text):
                    self.scope.vars.pop(arg.text, None)
                    self.scope.unset.add(arg.text)
                    self.variables.pop(arg.text, None)
        elif name == "set":
            for i, arg in enumerate(args):
                nxt = args[i + 1].text if i + 1 < len(args) else ""
                if arg.text.startswith("-") and "a" in arg.text[1:] and arg.text != "--":
                    self.allexport = True
                elif arg.text.startswith("+") and "a" in arg.text[1:]:
                    self.allexport = False
                elif arg.text in ("-o", "+o") and nxt == "allexport":
                    self.allexport = arg.text == "-o"
        elif name == ":":
            issues: list[Issue] = []
            for arg in args:
                expand(arg.text, arg.line, self.scope, issues)
            self._issues(issues, "`:` command")
            self._flush_defaults()
        elif name in _NO_EFFECT:
            return
        elif name in (".", "source"):
            target = args[0].text if args else ""
            what = f"`{name} {target}`" if _PATH_RE.fullmatch(target) else f"`{name}`"
            self._manual(
                line,
                f"{what} (line {line}) sources another file; it is not read, so "
                "variables it sets are unknown here",
            )
        else:
            quoted = ASSIGNMENT_RE.match(_unquoted(name))
            if quoted and not plain(name):
                self._manual(
                    line,
                    f"a quoted assignment to {quoted.group(1)} (line {line}) is a command name "
                    "to sh, not an assignment (sh reports `command not found`); it is not "
                    "applied",
                )
            else:
                self._manual(line, f"{_command(name)} (line {line}) is not run")

    def declare(self, builtin: str, args: list[Token]) -> None:
        exported = builtin == "export"
        for arg in args:
            text = arg.text
            if text.startswith(("-", "+")):
                if builtin == "export" and "n" in text:
                    exported = False
                elif builtin != "export" and "x" in text:
                    exported = text.startswith("-")
                continue
            if ASSIGNMENT_RE.match(text):
                self.assign(arg, exported=exported)
                continue
            self.declare_word(builtin, arg, exported)

    def declare_word(self, builtin: str, arg: Token, exported: bool) -> None:
        """`export "VAR=…"`: the builtin sees the word after expansion and quote removal."""
        issues: list[Issue] = []
        word = Traced.at(arg.text, arg.line)
        if not NAME_RE.fullmatch(arg.text):
            word = expand(arg.text, arg.line, self.scope, issues)
        m = ASSIGNMENT_RE.match(word.text)
        subject = m.group(1) if m else f"`{builtin}` argument"
        if m:
            self._see(subject, arg.line)
        self._issues(issues, subject)
        self._flush_defaults()
        if m:
            self._store(subject, m.group(2) == "+", word.tail(m.end()), arg.line, exported)
        elif not NAME_RE.fullmatch(word.text):
            self._manual(arg.line, f"an argument of `{builtin}` (line {arg.line}) is not evaluated")
        elif exported:
            self.mark_exported(word.text)
        elif builtin == "export":
            self.exported.discard(word.text)

    def report_unknown(self) -> None:
        for name, line in sorted(self.scope.assumed_empty.items()):
            self.findings.emit(
                RULE_ASSUMED_EMPTY,
                f"{name} is read at line {line} before setenv.sh sets it; its value "
                "from the environment that starts Tomcat is assumed empty",
                status=Status.IGNORED,
                location=self._loc(line, name),
                hint=f"if the service sets {name}, pass --env {name}=…",
            )
        for name, (kind, line) in sorted(self.unknown.items()):
            tail = (
                "the default written in the file is used"
                if kind == "unknown-default"
                else f"it is kept as ${{{name}}}"
            )
            where = "is not set in setenv.sh"
            if name in self.skipped:
                where = f"is set only by a skipped assignment (line {self.skipped[name]})"
            self.findings.emit(
                RULE_UNKNOWN,
                f"${name} (first used at line {line}) {where} and is "
                f"not given with --env; its value comes from the environment, so {tail}",
                status=Status.MANUAL,
                location=self._loc(line, name),
                hint=f"pass --env {name}=… with the value it has where Tomcat runs",
            )


def _assignment_words(words: list[Token]) -> list[Token]:
    out = [w for w in words if ASSIGNMENT_RE.match(w.text)]
    if words and words[0].text not in _DECLARE:
        out = []
        for w in words:
            if not ASSIGNMENT_RE.match(w.text):
                break
            out.append(w)
    return out


def _shows(word: str) -> bool:
    return plain(word) or word in _SHOWN_WORDS


def _command(word: str) -> str:
    """How a command may be named: `mkdir` when a plain word, else just "a command"."""
    return f"command `{word}`" if plain(word) else "a command"


def _unquoted(word: str) -> str:
    return re.sub(r"[\"'\\]", "", word)


def _read_text(path: Path, rel: str) -> str:
    try:
        data = read_bytes(path)
    except OSError as err:
        raise InputError(
            f"cannot read setenv.sh: {err.strerror or err}", SourceLocation(rel)
        ) from err
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


def read_setenv(
    base: Path, home: Path, src: Path, env: dict[str, str], findings: Findings
) -> Setenv:
    """Read the setenv.sh catalina.sh would source, statically; report what cannot be read."""
    bat = _find(base, home, "setenv.bat")
    if bat is not None:
        findings.emit(
            RULE_BAT,
            "bin/setenv.bat (used when Tomcat starts with catalina.bat on Windows) is not read",
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
    scope = _Scope(env=dict(env), seeds=seeds)
    path = _find(base, home, "setenv.sh")
    file = rel_to_src(path, src) if path is not None else None
    reader = _Reader(file or "--env", scope, findings)
    if path is not None and file is not None:
        text = _read_text(path, file)
        bom = next((b for b in _BOMS if text.startswith(b)), "")
        if bom:
            findings.emit(
                RULE_BOM,
                "setenv.sh starts with a UTF-8 byte order mark (saved by a Windows "
                "editor); sh reads it as part of line 1, so that line's first word is not "
                "what it looks like; read here without it",
                status=Status.MANUAL,
                location=SourceLocation(file, 1, PATH),
                hint="save the file as UTF-8 without BOM",
            )
            text = text[len(bom) :]
        if "\r" in text:
            findings.emit(
                RULE_CRLF,
                "setenv.sh has Windows (CR LF) line endings; sh keeps the CR as part "
                "of each value, which usually breaks Tomcat's start; read here as LF",
                status=Status.MANUAL,
                location=SourceLocation(file),
                hint="convert the file to LF line endings",
            )
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        tokens, error = tokenize(text)
        reader.run(_commands(tokens))
        if error is not None:
            findings.emit(
                RULE_SYNTAX,
                f"shell syntax error: {error} (starting at line {error.line}); sh "
                "stops reading setenv.sh there",
                status=Status.MANUAL,
                location=SourceLocation(file, error.line, PATH),
            )
    options = _jvm_options(reader)
    reader.report_unknown()
    return Setenv(file, dict(reader.variables), options, tuple(reader.assignments))


def _jvm_options(reader: _Reader) -> tuple[JvmOption, ...]:
    scope, out = reader.scope, []
    for name, var in _OPTION_VARS:
        if name in scope.vars:
            value = scope.vars[name]
            last = reader.variables.get(name)
            line = (last.location.line or 0) if last else 0
        elif name in scope.env and name not in scope.unset:
            value, line = Traced.at(scope.env[name], 0), 0
        else:
            continue
        issues: list[Issue] = []
        words = split_words(value, _EvalScope(scope), issues)
        reader._issues([i for i in issues if i.kind != "newline"], name)
        newline = next((i for i in issues if i.kind == "newline"), None)
        if newline is not None:
            reader._issues([newline], name)
        for word in words:
            origin = word.first_line(line)
            loc = (
                SourceLocation(reader.file, origin, name)
                if origin and reader.file != "--env"
                else SourceLocation("--env", None, name)
            )
            out.append(JvmOption(word.text, var, loc))
    return tuple(out)


@dataclass
class _EvalScope:
    """The variables catalina.sh's eval sees (the end state); assigns nothing."""

    inner: _Scope

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
