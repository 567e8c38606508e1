"""POSIX sh source text for the static setenv.sh reader: tokens, simple commands, safe names.

Nothing here runs anything. `tokenize` splits source into words (raw text, quotes kept) and
operators, stopping where sh would stop with a syntax error; `commands` groups the tokens into
simple commands (separators, `&&`/`||`/`|` lists and redirections noted, redirection targets
dropped). Scanning uses an explicit stack, so no input nests the Python stack without bound.
`plain`, `command_shown` and `parameter_shown` say how a construct may be named in a message:
by a plain command or variable name and an operator, never by the text of a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ASSIGNMENT_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(\+?)=")
_BLANKS = " \t"
OPERATOR_CHARS = ";&|<>()"
_OPERATORS = ("&&", "||", ";;", ";&", ">>", "<<-", "<<", ">&", "<&", ">|", "<>")
SPECIAL_PARAMS = "@*#?$!-0123456789"
_SEPARATORS = frozenset({";", "&", "&&", "||", "|", ";;", ";&", "|&"})
_REDIRECTS = frozenset({"<", ">", ">>", "<<", "<<-", ">&", "<&", ">|", "<>"})


@dataclass(frozen=True)
class Token:
    """A word (raw source text, quotes kept) or an operator, with the line it starts on."""

    kind: str  # "word" | "op" | "newline"
    text: str
    line: int
    glued: bool = False  # word: no blank between it and the previous token


class ShellSyntaxError(ValueError):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


# --- scanning ---------------------------------------------------------------------------------


_UNTERMINATED = {
    "'": "unterminated single quote",
    '"': "unterminated double quote",
    "`": "unterminated backtick",
    "(": "unterminated $( or (",
    "{": "unterminated ${",
}


def skip_past(s: str, i: int, line: int, opener: str) -> int:
    """The index just past the construct `opener` opened before `i` (one of ' " ` ( {).

    Iterative (an explicit stack of open constructs), so any nesting depth is scanned without
    recursion; the innermost unterminated construct is the one reported.
    """
    stack, n = [opener], len(s)
    while stack:
        top = stack[-1]
        if i >= n:
            raise ShellSyntaxError(_UNTERMINATED[top], line)
        c = s[i]
        if top == "'":
            j = s.find("'", i)
            if j < 0:
                raise ShellSyntaxError(_UNTERMINATED[top], line)
            stack.pop()
            i = j + 1
        elif c == "\\":
            i += 2
        elif top == "`":
            i += 1
            if c == "`":
                stack.pop()
        elif c == _CLOSER[top]:
            stack.pop()
            i += 1
        elif (c == "'" and top != '"') or c == '"':
            stack.append(c)
            i += 1
        elif top == "(" and c == "(":
            stack.append("(")
            i += 1
        elif top == '"' and c == "`":
            stack.append("`")
            i += 1
        elif top != "(" and s.startswith("${", i):
            stack.append("{")
            i += 2
        elif top == '"' and s.startswith("$(", i):
            stack.append("(")
            i += 2
        else:
            i += 1
    return min(i, n)


_CLOSER = {'"': '"', "(": ")", "{": "}"}


def _scan_word(s: str, i: int, line: int) -> int:
    n = len(s)
    while i < n:
        c = s[i]
        if c in _BLANKS or c == "\n" or c in OPERATOR_CHARS:
            return i
        if c == "\\":
            i += 2
        elif c == "'":
            i = skip_past(s, i + 1, line, "'")
        elif c == '"':
            i = skip_past(s, i + 1, line, '"')
        elif c == "`":
            i = skip_past(s, i + 1, line, "`")
        elif s.startswith("$(", i):
            i = skip_past(s, i + 2, line, "(")
        elif s.startswith("${", i):
            i = skip_past(s, i + 2, line, "{")
        else:
            i += 1
    return min(i, n)


def tokenize(s: str) -> tuple[list[Token], ShellSyntaxError | None]:
    """Split shell source into tokens; stops (returning the error) where sh would stop."""
    tokens: list[Token] = []
    i, n, line = 0, len(s), 1
    heredocs: list[tuple[str, bool]] = []
    glued = False
    try:
        while i < n:
            c = s[i]
            if c in _BLANKS:
                i += 1
                glued = False
                continue
            if s.startswith("\\\n", i):
                i += 2
                line += 1
                glued = False
                continue
            if c == "#":
                j = s.find("\n", i)
                i = n if j < 0 else j
                continue
            if c == "\n":
                tokens.append(Token("newline", "\n", line))
                i += 1
                line += 1
                glued = False
                for delim, strip in heredocs:
                    i, line = _skip_heredoc(s, i, line, delim, strip)
                heredocs = []
                continue
            if c in OPERATOR_CHARS:
                op = next((o for o in _OPERATORS if s.startswith(o, i)), c)
                tokens.append(Token("op", op, line))
                i += len(op)
                glued = False
                if op in ("<<", "<<-"):
                    while i < n and s[i] in _BLANKS:
                        i += 1
                    end = _scan_word(s, i, line)
                    delim = re.sub(r"[\"'\\]", "", s[i:end])
                    tokens.append(Token("word", s[i:end], line))
                    heredocs.append((delim, op == "<<-"))
                    i = end
                continue
            start = i
            i = _scan_word(s, i, line)
            raw = s[start:i]
            if ASSIGNMENT_RE.match(raw) and raw.endswith("=") and s.startswith("(", i):
                i = skip_past(s, i + 1, line, "(")  # bash array assignment NAME=(…)
                raw = s[start:i]
            tokens.append(Token("word", raw, line, glued))
            line += raw.count("\n")
            glued = True
    except ShellSyntaxError as err:
        return tokens, err
    return tokens, None


def _skip_heredoc(s: str, i: int, line: int, delim: str, strip: bool) -> tuple[int, int]:
    n = len(s)
    while i < n:
        j = s.find("\n", i)
        text = s[i : (n if j < 0 else j)]
        i = n if j < 0 else j + 1
        line += 1
        if (text.lstrip("\t") if strip else text) == delim:
            break
    return i, line


# --- simple commands ------------------------------------------------------------------------


@dataclass
class Command:
    words: list[Token]
    line: int
    paren: str | None = None  # "(" or ")" when the command is just that operator
    chain: int | None = None  # line of the first command of an &&/||/| list


def commands(tokens: list[Token]) -> list[Command]:
    out: list[Command] = []
    cur: list[Token] = []
    chain_start: int | None = None
    chain_next = False
    skip_next_word = False

    def finish(sep: str | None) -> None:
        nonlocal cur, chain_start, chain_next
        if cur:
            cmd = Command(cur, cur[0].line)
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
            out.append(Command([], tok.line, paren=tok.text))
        elif tok.text in _SEPARATORS:
            finish(tok.text)
    finish(";")
    return out


# --- how a construct may be named ---------------------------------------------------------


_PLAIN_RE = re.compile(r"[A-Za-z0-9_./][A-Za-z0-9_./-]*")
_PARAM_OPS = (":?", "?", "//", "/", "##", "#", "%%", "%", "^^", "^", ",,", ",", ":", "@", "[")


def plain(word: str) -> bool:
    """A word that may be shown: a command or file name that cannot hold a value (no `=`,
    quotes, expansions or blanks, no leading `-`)."""
    return bool(_PLAIN_RE.fullmatch(word))


def command_shown(raw: str, opener: str, closer: str) -> str:
    """`$(decrypt …)`: only a plain command name, never an assignment prefix or arguments."""
    inner = raw[len(opener) :]
    inner = inner[: -len(closer)] if inner.endswith(closer) else inner
    words = inner.split()
    prefix = 0
    while prefix < len(words) and ASSIGNMENT_RE.match(words[prefix]):
        prefix += 1
    rest = words[prefix:]
    if not rest or not plain(rest[0]):
        return f"{opener}…{closer}" if words else raw
    lead = "… " if prefix else ""
    return f"{opener}{lead}{rest[0]}{' …' if len(rest) > 1 else ''}{closer}"


def parameter_shown(raw: str) -> str:
    """`${KSPW:?…}`: the parameter and the operator, never the operator's word."""
    inner = raw[2:-1] if raw.endswith("}") else raw[2:]
    lead = inner[:1] if inner[:1] in ("#", "!") and len(inner) > 1 else ""
    m = NAME_RE.match(inner, len(lead))
    if m:
        name = m.group(0)
    elif inner[len(lead) : len(lead) + 1] in tuple(SPECIAL_PARAMS):
        name = inner[len(lead)]
    else:
        return "${…}"
    rest = inner[len(lead) + len(name) :]
    op = next((o for o in _PARAM_OPS if rest.startswith(o)), "")
    tail = "…" if rest else ""
    return "${" + lead + name + op + tail + ("]}" if op == "[" else "}")
