"""Values of setenv.sh as bin/env.sh words; the accounting keys and labels both sides share."""

from __future__ import annotations

import re
from pathlib import Path

from igmigrate.findings import SettingKey, SourceLocation
from igmigrate.ig.env_sh import Piece, Word, text
from igmigrate.mapping.context import MapContext
from igmigrate.rules import applies
from igmigrate.secretvalue import Secret, is_secret_name
from igmigrate.tomcat.setenv import PATH as SETENV_PATH
from igmigrate.tomcat.setenv import Setenv

_MORE_SECRET = re.compile(r"token|pw(?![a-z])", re.IGNORECASE)  # API_TOKEN, DB_PW, KSPW
OPTIONS = ("JAVA_OPTS", "JSSE_OPTS", "CATALINA_OPTS")
_REFS = re.compile(r"(?:\$\{[A-Za-z_][A-Za-z0-9_]*\})+")
_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
JULI = "Tomcat's JULI logging; standalone IG logs through logback (config/logback.xml)"
LATE = "catalina.sh passes its own after CATALINA_OPTS, so this one never took effect"
# Why Tomcat-only settings are not carried, where the plain "only catalina.sh reads it" is short
WHY = {
    "UMASK": "catalina.sh applies it to the files Tomcat creates; set a umask in the service"
    " that starts IG if it matters",
    "CLASSPATH": "standalone IG's classpath is its lib/ and the instance's extra/ (jars go there)",
    "CATALINA_TMPDIR": "IG uses the instance's tmp/",
    "java.util.logging.manager": JULI,
    "java.util.logging.config.file": JULI,
    "java.io.tmpdir": LATE,
    "catalina.base": LATE,
    "catalina.home": LATE,
}


def secret_name(name: str) -> bool:
    """A -D or variable name that says its value is a secret (password, secret, token…)."""
    return is_secret_name(name) or _MORE_SECRET.search(name) is not None


def keys(setenv: Setenv, name: str) -> tuple[SettingKey, ...]:
    return keys_by_name(setenv).get(name, ())


def keys_by_name(setenv: Setenv) -> dict[str, tuple[SettingKey, ...]]:
    """Each assigned name's setting keys, one per assignment, in setenv.sh's order (one pass)."""
    found: dict[str, list[SettingKey]] = {}
    for a in setenv.assignments:
        key = SettingKey(a.location.file, SETENV_PATH, f"{a.name}@{a.location.line}")
        found.setdefault(a.name, []).append(key)
    return {name: tuple(ks) for name, ks in found.items()}


def build(value: str, verbatim: tuple[bool, ...]) -> tuple[Word | None, list[str]]:
    """The word as env.sh pieces and the unknown variables in it; None: a construct that was
    kept as written (`$(…)`, backticks, `$1`, `${x#y}`) is in it."""
    flags = verbatim if len(verbatim) == len(value) else (False,) * len(value)
    pieces: list[Piece] = []
    names: list[str] = []
    i = 0
    while i < len(value):
        j = i
        while j < len(value) and flags[j] == flags[i]:
            j += 1
        chunk = value[i:j]
        if not flags[i]:
            pieces.append(text(chunk))
        elif _REFS.fullmatch(chunk):
            found = _REF.findall(chunk)
            names += found
            pieces += [Piece("variable", n) for n in found]
        else:
            return None, names
        i = j
    return tuple(pieces), names


def label_of(option: str) -> str:
    """How a message names an option: `-Dname`, else the text before any `=` or `:` value."""
    if option.startswith(("-D", "-XX:")):
        return option.partition("=")[0][:60]
    return re.split(r"[=:]", option, maxsplit=1)[0][:60]


@applies("environment.instance-dir")
def instance_dir(
    mc: MapContext, what: str, loc: SourceLocation, keys: tuple[SettingKey, ...] = ()
) -> None:
    mc.emit(
        "environment.instance-dir",
        f"{what} ({loc}) names the IG instance for Tomcat; standalone IG takes it as"
        " start.sh's argument: start with bin/start.sh OUT (where OUT is deployed)",
        location=loc,
        settings=keys,
    )


def host_paths(mc: MapContext) -> re.Pattern[str] | None:
    """CATALINA_BASE/CATALINA_HOME as this machine's paths (not given with --env), as a path
    at the start of a value (after `=`, `:` or `,`) followed by `/` or its end."""
    out: set[str] = set()
    for var, path in (("CATALINA_BASE", mc.loaded.base), ("CATALINA_HOME", mc.loaded.home)):
        if var not in mc.config.env:
            out |= {str(path), str(Path(path).resolve())}
    if not out:
        return None
    alts = "|".join(re.escape(p) for p in sorted(out, key=len, reverse=True))
    return re.compile(rf"(?:^|[=:,])(?:{alts})(?:/|$|[:,])")


@applies("tls.default-password", "environment.default-password")
def add_secret(mc: MapContext, name: str, value: str, where: SourceLocation) -> str:
    """Register a setenv.sh secret; a well-known default (changeit…) is reported: under
    tls.default-password for the JVM's own javax.net.ssl.* store passwords."""
    reg = mc.instance.secrets
    sid = reg.add(name, Secret(value), where)
    if reg.get(sid).is_default:
        tls = name.startswith("javax.net.ssl.")
        mc.emit(
            "tls.default-password" if tls else "environment.default-password",
            f"{name} ({where}) is a well-known default password",
            location=where,
        )
    return sid
