"""The instance's bin/env.sh: variables and JVM options, quoted for start.sh's source and eval.

IG's bin/start.sh sources `<instance>/bin/env.sh` with `.`, then runs
`eval exec "$java" -classpath "…" "${JAVA_OPTS}" "${IG_OPTS}" org.forgerock.openig.launcher.Main …`
(target-ig.md "Checked since"; the same eval of "${JAVA_OPTS}" is in the 2019-2020 start.sh,
which names the instance directory `INSTANCE_DIR` before sourcing env.sh). So the value of
JAVA_OPTS and IG_OPTS is parsed twice: once as the assignment in env.sh, once by that eval.
`eval_words` writes each option as one shell word for the eval (literal text quoted, a variable
as `"${NAME}"`, a secret as a `"$(…)"` read of its 0600 file or env var); `eval_quote` quotes that
text again for env.sh. Other variables are parsed once (`shell_word`). Nothing literal becomes
executable: only the `${NAME}` and secret reads igmigrate writes itself are expanded.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Literal

from igmigrate.ig.secrets import ENV_FILE, SECRETS_DIR, SecretsMode, env_name
from igmigrate.plan import OutFile

# start.sh's variable naming the instance directory when it sources env.sh
INSTANCE_VAR = "INSTANCE_DIR"
BEGIN = "# >>> igmigrate: converted from Tomcat's bin/setenv.sh"
END = "# <<< igmigrate"


@dataclass(frozen=True)
class Piece:
    """Part of a word: literal text, a variable read at start, or a secret read at start."""

    kind: Literal["text", "variable", "secret"]
    value: str  # the text, the variable name, or the secret id


Word = tuple[Piece, ...]


def text(value: str) -> Piece:
    return Piece("text", value)


@dataclass(frozen=True)
class Variable:
    """One variable env.sh sets (JAVA_HOME, a carried export)."""

    name: str
    value: Word
    exported: bool = True


@dataclass
class EnvSh:
    """What igmigrate puts in bin/env.sh; empty: no file (or the instance's own, unchanged)."""

    variables: list[Variable] = field(default_factory=list)
    # the JVM options, all for the gateway: stop.sh reads JAVA_OPTS only and needs none of them
    ig_opts: list[Word] = field(default_factory=list)
    source: str = "bin/setenv.sh"

    def __bool__(self) -> bool:
        return bool(self.variables or self.ig_opts)


def _secret_read(secret_id: str, mode: SecretsMode) -> str:
    if mode == "env":  # SystemAndEnvSecretStore's variable holds base64 of the value
        return f'"$(printf \'%s\' "${{{env_name(secret_id)}}}" | base64 -d)"'
    return f'"$(cat "${{{INSTANCE_VAR}}}/{SECRETS_DIR}/{secret_id}")"'


def shell_word(word: Word, mode: SecretsMode) -> str:
    """`word` as one word for one shell parse: text quoted, `"${NAME}"`, secret reads."""
    out = []
    for p in word:
        if p.kind == "text":
            out.append(shlex.quote(p.value) if p.value else "")
        elif p.kind == "variable":
            out.append(f'"${{{p.value}}}"')
        else:
            out.append(_secret_read(p.value, mode))
    joined = "".join(out)
    return joined if joined else "''"


def eval_words(words: list[Word], mode: SecretsMode) -> str:
    """The text start.sh's eval parses: each word quoted once, separated by spaces."""
    return " ".join(shell_word(w, mode) for w in words)


def eval_quote(words: list[Word], mode: SecretsMode) -> str:
    """A value for env.sh that start.sh's eval turns back into exactly `words`: the eval text
    in double quotes, with the four characters special there (`\\ $ ` "`) escaped."""
    inner = eval_words(words, mode)
    return '"' + re.sub(r'([\\$`"])', r"\\\1", inner) + '"' if inner else "''"


def env_file(env: EnvSh, mode: SecretsMode, before: OutFile | None) -> OutFile | None:
    """bin/env.sh: `before` (the instance's own, or the secret exports) then igmigrate's block.

    None when igmigrate has nothing to add (then `before`, if any, stays as it is)."""
    if not env:
        return None
    from igmigrate.render import render_text  # render registers this module's filters

    block = render_text("env.sh.j2", env=env, mode=mode, begin=BEGIN, end=END)
    head = b""
    if before is not None:
        head = before.content if before.content.endswith(b"\n") else before.content + b"\n"
    secret = mode == "env" or (before is not None and before.secret)
    mode_bits = 0o600 if secret else (before.mode if before is not None else 0o644)
    return OutFile(head + block, mode=mode_bits, secret=secret)


__all__ = ["ENV_FILE", "EnvSh", "Piece", "Variable", "Word", "env_file", "eval_quote", "text"]
