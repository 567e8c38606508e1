"""POSIX sh word expansion for the static setenv.sh reader: assignment values and eval-splitting.

Nothing here runs anything. Expansion substitutes variables from a `Scope`; every construct
that would need a shell to evaluate (`$(…)`, backticks, arithmetic, special parameters, unusual
`${…}` operators) is recorded as an `Issue` and its source text is kept verbatim in the value.
An Issue names the construct, a variable or at most a plain command name, never the text of a
value (`$(VAULT_TOKEN=pw vault read)` is `$(… vault …)`; see shell_lex). `${VAR:-…}` words
nested deeper than MAX_NESTING are kept verbatim and reported.

Each character of an expanded value remembers the line it came from (`Traced.origins`; 0 means
"from the environment given with --env") and whether it is a kept-visible placeholder that a
later `eval` must not expand again (`Traced.verbatim`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from igmigrate.tomcat.shell_lex import (
    NAME_RE,
    OPERATOR_CHARS,
    SPECIAL_PARAMS,
    ShellSyntaxError,
    command_shown,
    parameter_shown,
    skip_past,
)

_DEFAULT_OPS = (":-", ":=", ":+", "-", "=", "+")
MAX_NESTING = 32  # `${…}` inside `${…}` levels one word may use (real files use 2 or 3)


@dataclass(frozen=True)
class Traced:
    """Text plus, per character, its source line (0 = --env) and a do-not-re-expand flag."""

    text: str = ""
    origins: tuple[int, ...] = ()
    verbatim: tuple[bool, ...] = ()

    @classmethod
    def at(cls, text: str, line: int, verbatim: bool = False) -> Traced:
        return cls(text, (line,) * len(text), (verbatim,) * len(text))

    def __add__(self, other: Traced) -> Traced:
        return Traced(
            self.text + other.text, self.origins + other.origins, self.verbatim + other.verbatim
        )

    def tail(self, start: int) -> Traced:
        return Traced(self.text[start:], self.origins[start:], self.verbatim[start:])

    def first_line(self, default: int) -> int:
        return self.origins[0] if self.origins else default


@dataclass
class _Builder:
    chars: list[str] = field(default_factory=list)
    origins: list[int] = field(default_factory=list)
    verbatim: list[bool] = field(default_factory=list)
    started: bool = False  # a (possibly empty) quoted word counts as a word

    def add(self, text: str, line: int, verbatim: bool = False) -> None:
        self.chars.extend(text)
        self.origins.extend([line] * len(text))
        self.verbatim.extend([verbatim] * len(text))
        self.started = True

    def add_traced(self, value: Traced) -> None:
        self.chars.extend(value.text)
        self.origins.extend(value.origins)
        self.verbatim.extend(value.verbatim)
        self.started = True

    def build(self) -> Traced:
        return Traced("".join(self.chars), tuple(self.origins), tuple(self.verbatim))


@dataclass(frozen=True)
class Issue:
    """Something the static reader could not evaluate, or a variable it did not know."""

    kind: str  # "unknown" | "unknown-default" | "command-substitution" | "too-deep" | ...
    detail: str  # a variable name or the construct as it may be shown (see `plain`): no value
    line: int


class Scope(Protocol):
    def lookup(self, name: str, line: int) -> Traced | None: ...

    def assign_default(self, name: str, value: Traced, line: int) -> None: ...


# --- expansion --------------------------------------------------------------------------------


@dataclass
class _Expansion:
    scope: Scope
    issues: list[Issue]
    split: bool  # eval mode: split at unquoted blanks, re-parse quotes found in values
    depth: int = 0  # how many `${VAR<op>word}` words this one is nested in
    words: list[Traced] = field(default_factory=list)

    def run(self, src: Traced) -> None:
        b = _Builder()
        s, n, i = src.text, len(src.text), 0
        while i < n:
            c, line = s[i], src.origins[i]
            if src.verbatim[i]:
                b.add(c, line, True)
                i += 1
            elif self.split and c in " \t\n":
                if c == "\n":
                    self.issues.append(Issue("newline", "", line))
                self._flush(b)
                b = _Builder()
                i += 1
            elif c == "\\":
                if i + 1 < n and s[i + 1] != "\n":
                    b.add(s[i + 1], src.origins[i + 1])
                elif i + 1 >= n:
                    b.add("\\", line)
                i += 2
            elif c == "'":
                j = s.find("'", i + 1)
                if j < 0:
                    self.issues.append(Issue("unterminated-quote", "'", line))
                    j = n
                b.add_traced(_slice(src, i + 1, j))
                i = j + 1
            elif c == '"':
                i = self._double(src, i + 1, b)
            elif c in "$`":
                i = self._dollar(src, i, b, quoted=False)
            else:
                if self.split and c in OPERATOR_CHARS:
                    self.issues.append(Issue("metacharacter", c, line))
                b.add_traced(_slice(src, i, i + 1))
                i += 1
        self._flush(b, force=not self.split)

    def _flush(self, b: _Builder, force: bool = False) -> None:
        if b.started or force:
            self.words.append(b.build())

    def _double(self, src: Traced, i: int, b: _Builder) -> int:
        s, n = src.text, len(src.text)
        b.started = True
        while i < n:
            c = s[i]
            if src.verbatim[i]:
                b.add(c, src.origins[i], True)
                i += 1
            elif c == '"':
                return i + 1
            elif c == "\\" and i + 1 < n and s[i + 1] in '$`"\\\n':
                if s[i + 1] != "\n":
                    b.add_traced(_slice(src, i + 1, i + 2))
                i += 2
            elif c in "$`":
                i = self._dollar(src, i, b, quoted=True)
            else:
                b.add_traced(_slice(src, i, i + 1))
                i += 1
        self.issues.append(Issue("unterminated-quote", '"', src.origins[-1] if n else 0))
        return n

    def _dollar(self, src: Traced, i: int, b: _Builder, quoted: bool) -> int:
        s, n, line = src.text, len(src.text), src.origins[i]
        if s[i] == "`":
            end = _safe(s, i + 1, line, "`")
            self.issues.append(Issue("backticks", command_shown(s[i:end], "`", "`"), line))
            b.add(s[i:end], line, True)
            return end
        nxt = s[i + 1] if i + 1 < n else ""
        if nxt == "(":
            end = _safe(s, i + 2, line, "(")
            if s.startswith("$((", i):
                self.issues.append(Issue("arithmetic", "$((…))", line))
            else:
                shown = command_shown(s[i:end], "$(", ")")
                self.issues.append(Issue("command-substitution", shown, line))
            b.add(s[i:end], line, True)
            return end
        if nxt == "{":
            end = _safe(s, i + 2, line, "{")
            self._braced(src, i, end, b)
            return end
        m = NAME_RE.match(s, i + 1)
        if m:
            self._variable(m.group(0), None, None, line, b, s[i : m.end()])
            return m.end()
        if nxt and nxt in SPECIAL_PARAMS:
            self.issues.append(Issue("special-parameter", "$" + nxt, line))
            b.add("$" + nxt, line, True)
            return i + 2
        b.add("$", line)
        return i + 1

    def _braced(self, src: Traced, i: int, end: int, b: _Builder) -> None:
        s, line = src.text, src.origins[i]
        raw = s[i:end]
        inner_start = i + 2
        m = NAME_RE.match(s, inner_start)
        if m and m.end() == end - 1:
            self._variable(m.group(0), None, None, line, b, raw)
            return
        if m:
            rest = s[m.end() : end - 1]
            op = next((o for o in _DEFAULT_OPS if rest.startswith(o)), None)
            if op is not None and self.depth >= MAX_NESTING:
                shown = "${" + m.group(0) + op + "…}"
                self.issues.append(Issue("too-deep", shown, line))
                b.add(raw, line, True)
                return
            if op is not None:
                word = _slice(src, m.end() + len(op), end - 1)
                self._variable(m.group(0), op, word, line, b, raw)
                return
        self.issues.append(Issue("unsupported-expansion", parameter_shown(raw), line))
        b.add(raw, line, True)

    def _variable(
        self, name: str, op: str | None, word: Traced | None, line: int, b: _Builder, raw: str
    ) -> None:
        value = self.scope.lookup(name, line)
        if op is None or word is None:
            if value is None:
                self.issues.append(Issue("unknown", name, line))
                b.add("${" + name + "}", line, True)
            else:
                b.add_traced(value)
            return
        unset_or_empty = value is None or (op.startswith(":") and value.text == "")
        if op.endswith("+"):
            if not unset_or_empty:
                b.add_traced(self._word(word))
            elif value is None:
                self.issues.append(Issue("unknown-default", name, line))
            return
        if not unset_or_empty and value is not None:
            b.add_traced(value)
            return
        if value is None:
            self.issues.append(Issue("unknown-default", name, line))
        default = self._word(word)
        if op.endswith("="):
            self.scope.assign_default(name, default, line)
        b.add_traced(default)

    def _word(self, word: Traced) -> Traced:
        inner = _Expansion(self.scope, self.issues, split=False, depth=self.depth + 1)
        inner.run(word)
        return inner.words[0] if inner.words else Traced()


def _safe(s: str, i: int, line: int, opener: str) -> int:
    try:
        return skip_past(s, i, line, opener)
    except ShellSyntaxError:
        return len(s)


def _slice(src: Traced, start: int, end: int) -> Traced:
    return Traced(src.text[start:end], src.origins[start:end], src.verbatim[start:end])


def expand(raw: str, line: int, scope: Scope, issues: list[Issue]) -> Traced:
    """Expand one word as an assignment value: no field splitting, no globbing."""
    job = _Expansion(scope, issues, split=False)
    job.run(Traced.at(raw, line))
    return job.words[0]


def split_words(value: Traced, scope: Scope, issues: list[Issue]) -> list[Traced]:
    """Split a variable's value the way catalina.sh's `eval` does: quotes inside are re-parsed."""
    job = _Expansion(scope, issues, split=True)
    job.run(value)
    return job.words
