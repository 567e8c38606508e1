"""bin/env.sh: what it exports, whether `sh -n` accepts it, and literal secrets in it."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field

from igmigrate.validate.checks import Problem

ENV_SH = "bin/env.sh"
_ASSIGN = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
# the value up to the next blank, quotes and escapes included: `"\$(cat …)"` reads a secret
# file at start (igmigrate's env.sh does that), a literal has no `$`
_SYSPROP = re.compile(r"-D([A-Za-z0-9_.\-]+)=(\S*)")
_SECRET_WORD = re.compile(
    r"(?i)password|passwd|passphrase|pwd|secret|credential|(?<![a-z])pass(?![a-z])"
)
_LINE = re.compile(r":\s*(?:line\s*)?(\d+):")
_BRACED = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass
class EnvSh:
    """The variables a bin/env.sh assigns (name → 1-based line) and its raw lines."""

    exports: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    literal: dict[str, bool] = field(default_factory=dict)  # name → its value is a literal

    @classmethod
    def parse(cls, raw: bytes) -> EnvSh:
        env = cls(lines=raw.decode("utf-8", "replace").splitlines())
        for n, line in enumerate(env.lines, 1):
            m = _ASSIGN.match(line)
            if m:
                env.exports.setdefault(m.group(1), n)
                value = m.group(2).strip().strip("'\"")
                env.literal[m.group(1)] = bool(value) and "$" not in value
        return env


def env_name(secret_id: str) -> str:
    """SystemAndEnvSecretStore: `.` → `_`, upper case (target-ig.md §2)."""
    return secret_id.replace(".", "_").upper()


def syntax(raw: bytes) -> list[Problem]:
    """`sh -n` on the file's bytes (read from stdin: nothing is run, nothing is written). Only
    the line number of its complaint is kept: the shell's text may quote the file."""
    sh = shutil.which("sh")
    if sh is None:
        return []
    try:
        proc = subprocess.run([sh, "-n"], input=raw, capture_output=True, timeout=20, check=False)
    except subprocess.TimeoutExpired:
        return [Problem(ENV_SH, "", "env-sh.syntax", "sh -n did not finish in 20 seconds")]
    if proc.returncode == 0:
        return []
    m = _LINE.search(proc.stderr.decode("utf-8", "replace"))
    where = f"{m.group(1)}" if m else ""
    return [Problem(ENV_SH, where, "env-sh.syntax", "sh -n rejects it: a shell syntax error here")]


def plaintext(env: EnvSh, secret_vars: set[str]) -> list[Problem]:
    """Literal values of secret-looking variables and -D options. A variable a
    SystemAndEnvSecretStore reads (`secret_vars`) is where such a secret belongs."""
    out: list[Problem] = []
    # `--secrets env`: env.sh holds a secret base64-encoded and decodes it itself at start
    # (`"${NAME}" | base64 -d`): the 0600 file is that secret's store, as for a secret store
    decoded = {
        n for ln in env.lines if "base64 -d" in ln for n in _BRACED.findall(ln) if n in env.exports
    }
    for name, line in sorted(env.exports.items(), key=lambda kv: kv[1]):
        if name in secret_vars or name in decoded or not env.literal.get(name):
            continue
        if _SECRET_WORD.search(name.replace("_", " ")):
            out.append(
                Problem(
                    ENV_SH,
                    str(line),
                    "secret.plaintext",
                    f"{name} holds a literal secret: use a secret store (secret id) instead",
                    subject=name,
                )
            )
    for n, line_text in enumerate(env.lines, 1):
        for m in _SYSPROP.finditer(line_text):
            prop, value = m.group(1), m.group(2)
            if value and "$" not in value and _SECRET_WORD.search(prop.replace(".", " ")):
                out.append(
                    Problem(
                        ENV_SH,
                        str(n),
                        "secret.plaintext",
                        f"-D{prop} holds a literal secret on the java command line",
                        subject=prop,
                    )
                )
    return out
