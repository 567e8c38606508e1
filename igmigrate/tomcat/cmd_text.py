"""cmd.exe's reading of a batch line and the Windows java launcher's argv split (no Tomcat)."""

from __future__ import annotations

from igmigrate.tomcat.shell import Traced


def outside_quotes(text: str) -> str:
    return "".join(part for i, part in enumerate(text.split('"')) if i % 2 == 0)


def unescape(value: Traced) -> Traced | None:
    """cmd's reading of an unquoted `set` line: `^x` → `x` outside quotes; None at `&|<>`."""
    keep: list[int] = []
    quote, i = False, 0
    while i < len(value.text):
        c, verbatim = value.text[i], value.verbatim[i]
        if not verbatim and c == '"':
            quote = not quote
        elif not verbatim and not quote and c == "^":
            i += 1
            if i == len(value.text):
                return None
        elif not verbatim and not quote and c in "&|<>":
            return None
        keep.append(i)
        i += 1
    return Traced(
        "".join(value.text[k] for k in keep),
        tuple(value.origins[k] for k in keep),
        tuple(value.verbatim[k] for k in keep),
    )


def split_java_words(value: Traced) -> list[Traced]:
    """The words the java launcher gets from `%JAVA_OPTS%` on its command line: blanks split,
    `"` groups and is dropped, `\\"` is a literal quote (backslashes before a quote halve)."""
    words: list[Traced] = []
    cur, started, quote, i, text = Traced(), False, False, 0, value.text
    while i < len(text):
        c = text[i]
        if c in " \t" and not quote and not value.verbatim[i]:
            if started:
                words.append(cur)
            cur, started, i = Traced(), False, i + 1
            continue
        if c == "\\":
            j = i
            while j < len(text) and text[j] == "\\":
                j += 1
            if j < len(text) and text[j] == '"':
                cur += _slice(value, i, i + (j - i) // 2)
                if (j - i) % 2:
                    cur += _slice(value, j, j + 1)
                else:
                    quote = not quote
                started, i = True, j + 1
                continue
            cur, started, i = cur + _slice(value, i, j), True, j
            continue
        if c == '"' and not value.verbatim[i]:
            quote, started = not quote, True
        else:
            cur, started = cur + _slice(value, i, i + 1), True
        i += 1
    if started:
        words.append(cur)
    return words


def _slice(value: Traced, start: int, end: int) -> Traced:
    return Traced(value.text[start:end], value.origins[start:end], value.verbatim[start:end])
