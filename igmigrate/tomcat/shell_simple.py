"""POSIX sh simple commands for the static setenv.sh reader: assignments, builtins, variable state.

`Shell` holds what sourcing the file has set so far: the variables (`Scope`), which are exported,
every evaluated assignment in file order, the variables used but never known, and those set only
by a skipped assignment. It evaluates one simple command at a time: `VAR=…`/`VAR+=…`,
`export`/`readonly`/`declare`/`typeset`/`local` (with `-x`/`-n`), `unset`, `set -a`/`set -o
allexport`, `:` (for its `${VAR:=default}` side effects); `echo`, `printf` and `true` are passed
over. Everything else (`.`/`source`, `eval`, any other command, an assignment prefix of such a
command, a bash array) is reported through the `Reporter`, never run. Which commands run at all
(compound commands and lists are skipped) is shell_eval's job; what the findings say in Tomcat's
terms is setenv's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Protocol

from igmigrate.tomcat.shell import MAX_NESTING, Issue, Traced, expand
from igmigrate.tomcat.shell_lex import ASSIGNMENT_RE, NAME_RE, Token, plain

_NO_EFFECT = frozenset({"echo", "printf", "true", ":"})
DECLARE = frozenset({"export", "readonly", "declare", "typeset", "local"})
_ISSUE_TEXT = {
    "command-substitution": "command substitution",
    "backticks": "backtick command substitution",
    "arithmetic": "arithmetic expansion",
    "special-parameter": "special parameter",
    "unsupported-expansion": "parameter expansion",
    "metacharacter": "shell operator",
    "unterminated-quote": "unmatched quote",
}
_PATH_RE = re.compile(r"(?:[A-Za-z0-9_./-]|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\})+")


class Reporter(Protocol):
    """Where the evaluator reports; messages name constructs, variables and lines, no values."""

    def see(self, name: str, line: int) -> None:
        """An assignment to `name` at `line` exists (evaluated or not)."""

    def not_evaluated(self, line: int, message: str, variable: str | None = None) -> None:
        """Something at `line` is not evaluated; `variable`: the assignment it skips there."""

    def line_break(self, subject: str, line: int) -> None:
        """`subject`'s value, split as `eval` splits it, holds a line break (from `line`)."""


@dataclass(frozen=True)
class Assignment:
    """A shell variable's value after an assignment (placeholders for unknowns kept visible)."""

    name: str
    value: str
    exported: bool
    line: int
    verbatim: tuple[bool, ...] = ()  # per character of `value`: kept as written (Traced)


@dataclass
class Scope:
    """The variables a word expands against: set so far, else --env, else `seeds` (values the
    caller starts with), else assumed empty (`inherited_empty`, each use remembered)."""

    env: dict[str, str]
    seeds: dict[str, str]
    inherited_empty: frozenset[str] = frozenset()
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
        if name in self.inherited_empty:
            self.assumed_empty.setdefault(name, line)
            return Traced()
        return None

    def assign_default(self, name: str, value: Traced, line: int) -> None:
        self.vars[name] = value
        self.pending_defaults.append((name, value, line))


@dataclass
class Shell:
    scope: Scope
    report: Reporter
    exported: set[str] = field(default_factory=set)
    allexport: bool = False
    variables: dict[str, Assignment] = field(default_factory=dict)  # last one of each, if set
    assignments: list[Assignment] = field(default_factory=list)
    unknown: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (kind, line)
    skipped: dict[str, int] = field(default_factory=dict)  # name -> first skipped assignment

    def issues(self, issues: list[Issue], subject: str) -> None:
        for issue in issues:
            if issue.kind in ("unknown", "unknown-default"):
                self.unknown.setdefault(issue.detail, (issue.kind, issue.line))
            elif issue.kind == "newline":
                self.report.line_break(subject, issue.line)
            elif issue.kind == "too-deep":
                self.report.not_evaluated(
                    issue.line,
                    f"{subject} (line {issue.line}): `{issue.detail}` is nested more than "
                    f"{MAX_NESTING} levels deep; igmigrate does not evaluate it and keeps it "
                    "as written",
                )
            else:
                what = _ISSUE_TEXT.get(issue.kind, issue.kind)
                self.report.not_evaluated(
                    issue.line,
                    f"{subject} (line {issue.line}): {what} `{issue.detail}` is not evaluated; "
                    "it is kept as written",
                )

    def assign(self, word: Token, exported: bool) -> None:
        m = ASSIGNMENT_RE.match(word.text)
        assert m is not None
        name, append = m.group(1), m.group(2) == "+"
        raw = word.text[m.end() :]
        self.report.see(name, word.line)
        if raw.startswith("("):
            self.report.not_evaluated(
                word.line, f"{name} (line {word.line}) is a bash array; not evaluated", name
            )
            return
        issues: list[Issue] = []
        value = expand(raw, word.line, self.scope, issues)
        self.issues(issues, name)
        self._flush_defaults()
        self._store(name, append, value, word.line, exported)

    def _store(self, name: str, append: bool, value: Traced, line: int, exported: bool) -> None:
        if append:
            value = (self.scope.lookup(name, line) or Traced()) + value
        self._set(name, value, line, exported)

    def _flush_defaults(self) -> None:
        """Apply `${VAR:=default}` assignments made while expanding."""
        for dname, dvalue, dline in self.scope.pending_defaults:
            self.report.see(dname, dline)
            self._set(dname, dvalue, dline, False)
        self.scope.pending_defaults.clear()

    def _set(self, name: str, value: Traced, line: int, exported: bool) -> None:
        self.scope.vars[name] = value
        self.scope.unset.discard(name)
        if exported or self.allexport:
            self.exported.add(name)
        var = Assignment(name, value.text, name in self.exported, line, value.verbatim)
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
                self.report.see(m.group(1), word.line)
                self.skipped.setdefault(m.group(1), word.line)
                self.report.not_evaluated(
                    word.line,
                    f"{m.group(1)} is assigned at line {word.line} {why}; "
                    "this assignment is not applied",
                    m.group(1),
                )

    def simple(self, words: list[Token]) -> None:
        prefix: list[Token] = []
        while words and ASSIGNMENT_RE.match(words[0].text):
            prefix.append(words.pop(0))
        if not words:
            for word in prefix:
                self.assign(word, exported=False)
            return
        name, args, line = words[0].text, words[1:], words[0].line
        if prefix and name not in DECLARE:
            self.skip_assignments(prefix, f"only for {_command(name)}, which is not run")
        elif prefix:
            for word in prefix:
                self.assign(word, exported=False)
        if name in DECLARE:
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
            self.issues(issues, "`:` command")
            self._flush_defaults()
        elif name in _NO_EFFECT:
            return
        elif name in (".", "source"):
            target = args[0].text if args else ""
            what = f"`{name} {target}`" if _PATH_RE.fullmatch(target) else f"`{name}`"
            self.report.not_evaluated(
                line,
                f"{what} (line {line}) sources another file; it is not read, so "
                "variables it sets are unknown here",
            )
        else:
            quoted = ASSIGNMENT_RE.match(_unquoted(name))
            if quoted and not plain(name):
                self.report.not_evaluated(
                    line,
                    f"a quoted assignment to {quoted.group(1)} (line {line}) is a command name "
                    "to sh, not an assignment (sh reports `command not found`); it is not "
                    "applied",
                )
            else:
                self.report.not_evaluated(line, f"{_command(name)} (line {line}) is not run")

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
            self.report.see(subject, arg.line)
        self.issues(issues, subject)
        self._flush_defaults()
        if m:
            self._store(subject, m.group(2) == "+", word.tail(m.end()), arg.line, exported)
        elif not NAME_RE.fullmatch(word.text):
            self.report.not_evaluated(
                arg.line, f"an argument of `{builtin}` (line {arg.line}) is not evaluated"
            )
        elif exported:
            self.mark_exported(word.text)
        elif builtin == "export":
            self.exported.discard(word.text)


def assignment_words(words: list[Token]) -> list[Token]:
    """The assignments a skipped command holds: its prefix, or every one of a builtin's args."""
    out = [w for w in words if ASSIGNMENT_RE.match(w.text)]
    if words and words[0].text not in DECLARE:
        out = []
        for w in words:
            if not ASSIGNMENT_RE.match(w.text):
                break
            out.append(w)
    return out


def _command(word: str) -> str:
    """How a command may be named: `mkdir` when a plain word, else just "a command"."""
    return f"command `{word}`" if plain(word) else "a command"


def _unquoted(word: str) -> str:
    return re.sub(r"[\"'\\]", "", word)
