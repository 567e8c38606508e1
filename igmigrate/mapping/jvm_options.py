"""setenv.sh's JVM options → IG_OPTS: Tomcat-only dropped, later duplicates win, secrets read."""

from __future__ import annotations

import re

from igmigrate.findings import SourceLocation
from igmigrate.ig.env_sh import INSTANCE_VAR, EnvSh, Piece, Word, text
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.env_words import (
    OPTIONS,
    WHY,
    add_secret,
    build,
    host_paths,
    instance_dir,
    keys,
    label_of,
    secret_name,
)
from igmigrate.rules import applies, rule
from igmigrate.rules.environment import INSTANCE_PROPERTIES, SETENV, SYSTEM
from igmigrate.tomcat.setenv import JvmOption, Setenv

_DUP = re.compile(r"-(Xm[sx]|Xss|Xmn)|-XX:[+-]?([A-Za-z0-9_]+)")


@applies(
    "environment.jvm-options",
    "environment.tomcat-only",
    "environment.instance-dir",
    "environment.tomcat-path",
    "environment.not-carried",
    "environment.unresolved",
    "environment.secret",
)
def map_jvm_options(mc: MapContext, setenv: Setenv, env: EnvSh) -> None:
    tomcat = rule("environment.tomcat-only")
    hosts = host_paths(mc)
    carried: list[tuple[JvmOption, Word]] = []
    for opt in setenv.jvm_options:
        name = opt.text[2:].partition("=")[0] if opt.text.startswith("-D") else ""
        label, loc = label_of(opt.text), opt.location
        if name and tomcat.takes(SYSTEM, name):
            why = WHY.get(name, "only Tomcat reads it")
            mc.emit(
                "environment.tomcat-only",
                f"{label} ({loc}) of {opt.var}: {why}; not carried to IG_OPTS",
                location=loc,
            )
            continue
        if name in INSTANCE_PROPERTIES:
            instance_dir(mc, f"{label} of {opt.var}", loc)
            continue
        if hosts is not None and hosts.search(opt.text):
            mc.emit(
                "environment.tomcat-path",
                f"{label} ({loc}) of {opt.var} names a file inside Tomcat's directory:"
                " not carried to IG_OPTS",
                location=loc,
            )
            continue
        word, unknown = build(opt.text, opt.verbatim)
        if word is None:
            mc.emit(
                "environment.not-carried",
                f"{label} ({loc}) of {opt.var} holds a construct setenv.sh's reader does not"
                " evaluate ($(…), backticks…): not carried to IG_OPTS",
                location=loc,
            )
            continue
        for var in dict.fromkeys(unknown):
            mc.emit(
                "environment.unresolved",
                f"{label} ({loc}) of {opt.var} uses ${{{var}}}, unknown here: IG_OPTS keeps"
                f' it as "${{{var}}}", read from the environment IG starts in',
                location=loc,
            )
        value = opt.text.partition("=")[2]
        if name and secret_name(name) and not unknown and value:
            word = _secret_option(mc, opt, name, value)
        carried.append((opt, word))
    kept = _dedupe(mc, carried)
    env.ig_opts = [w for _, w in kept]
    accounted = tuple(k for n in OPTIONS for k in keys(setenv, n))
    if accounted or kept:
        n = len(kept)
        mc.emit(
            "environment.jvm-options",
            f"{n} JVM option{'s' if n != 1 else ''} of {', '.join(_used(setenv))} → IG_OPTS"
            " in bin/env.sh, in catalina.sh's order, quoted for start.sh's eval",
            location=SourceLocation(setenv.file or SETENV),
            settings=accounted,
        )


def _used(setenv: Setenv) -> list[str]:
    names = {a.name for a in setenv.assignments}
    return [n for n in OPTIONS if n in names] or ["the --env options"]


def _secret_option(mc: MapContext, opt: JvmOption, name: str, value: str) -> Word:
    sid = add_secret(mc, name, value, opt.location)
    mode = mc.config.secrets_mode
    where = mc.instance.secrets.where(sid, mode)
    read = (
        f"reads it through start.sh's ${INSTANCE_VAR} (give start.sh an absolute path)"
        if mode == "files"
        else "decodes it with base64 -d"
    )
    mc.emit(
        "environment.secret",
        f"-D{name} ({opt.location}) of {opt.var} holds a secret: kept in {where}; IG_OPTS"
        f" {read} when IG starts (the value is never written to bin/env.sh)",
        location=opt.location,
    )
    return (text(f"-D{name}="), Piece("secret", sid))


@applies("environment.overridden")
def _dedupe(mc: MapContext, carried: list[tuple[JvmOption, Word]]) -> list[tuple[JvmOption, Word]]:
    """The options the JVM keeps: for a repeated -D/-Xmx/… name, the last one."""
    seen: dict[str, JvmOption] = {}
    out: list[tuple[JvmOption, Word]] = []
    for opt, word in reversed(carried):
        key = _dup_key(opt.text)
        if key is not None and key in seen:
            later = seen[key]
            mc.emit(
                "environment.overridden",
                f"{label_of(opt.text)} ({opt.location}) of {opt.var} is given again later"
                f" ({later.location}); the JVM keeps the last one, the only one written",
                location=opt.location,
            )
            continue
        if key is not None:
            seen[key] = opt
        out.append((opt, word))
    return out[::-1]


def _dup_key(option: str) -> str | None:
    if option.startswith("-D") and len(option) > 2:
        return "D:" + option[2:].partition("=")[0]
    m = _DUP.match(option)
    if m is None:
        return None
    return m.group(1) or "XX:" + m.group(2)
