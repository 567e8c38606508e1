"""POSIX sh statement evaluator for the static setenv.sh reader: which commands run, in order.

`evaluate` tokenizes the source (shell_lex), groups it into simple commands and hands each one
that runs unconditionally to `Shell.simple` (shell_simple). Compound commands (`if`, `case`,
`for`, `select`, `while`, `until`, `{ … }`, `( … )`), function definitions and `&&`/`||`/`|`
lists are not evaluated: each is reported once (nested ones are covered by the outermost), and
every assignment inside is reported on its own and not applied. A construct still open at the
end of the file is reported as reaching the end. Nesting is tracked with an explicit stack (and
`{ { {` on one line with a loop), so no input nests the Python stack without bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from igmigrate.tomcat.shell_lex import NAME_RE, Command, ShellSyntaxError, commands, plain, tokenize
from igmigrate.tomcat.shell_simple import Shell, assignment_words

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
_SHOWN_WORDS = frozenset({"[", "[[", "!", ":"})  # shown after `if`/`while` besides plain words


def evaluate(text: str, shell: Shell) -> ShellSyntaxError | None:
    """Run `text` through `shell` as sh would source it, up to a syntax error (returned)."""
    tokens, error = tokenize(text)
    _Flow(shell).run(commands(tokens))
    return error


@dataclass
class _Open:
    closer: str
    construct: str
    line: int
    report: bool


@dataclass
class _Flow:
    shell: Shell
    stack: list[_Open] = field(default_factory=list)
    reported_chains: set[int] = field(default_factory=set)
    pending_function: str | None = None

    def _manual(self, line: int, message: str) -> None:
        self.shell.report.not_evaluated(line, message)

    def run(self, commands: list[Command]) -> None:
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

    def step(self, cmd: Command, nxt: Command | None, after: Command | None) -> None:
        rest: Command | None = cmd
        while rest is not None:  # `{ { { …` on one line: a loop, not recursion
            rest = self._step(rest, nxt, after)

    def _step(self, cmd: Command, nxt: Command | None, after: Command | None) -> Command | None:
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
            return Command(words[1:], cmd.line) if first == "{" else None
        if first == "elif":
            return None
        if self.stack:
            outer = self.stack[0]
            self.shell.skip_assignments(
                assignment_words(words),
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
            self.shell.skip_assignments(assignment_words(words), f"in the list at line {cmd.chain}")
            return None
        self.shell.simple(words)
        return None


def _shows(word: str) -> bool:
    return plain(word) or word in _SHOWN_WORDS
