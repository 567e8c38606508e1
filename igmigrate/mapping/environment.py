"""setenv.sh → bin/env.sh: JAVA_HOME, exported variables and IG_OPTS; every assignment accounted.

catalina.sh's order is kept (JAVA_OPTS, JSSE_OPTS, then CATALINA_OPTS, already joined so by
tomcat/setenv.py); a later -D/-Xmx/-Xms/-Xss/-Xmn/-XX: of the same name wins, the earlier one
is reported and not written. Every option goes to IG_OPTS: IG's stop.sh reads JAVA_OPTS only and
needs none of Tomcat's start options. IG_OPTS is set, not appended to: Tomcat's CATALINA_OPTS
from the environment was already assumed empty (setenv.assumed-empty). A value holding `$(…)`,
backticks or another construct the static reader kept as written is not carried (reported); a
`${VAR}` setenv.sh did not know stays `"${VAR}"`, read when IG starts (reported). Secret-looking
`-D` values and exported variables go to the secret registry and are read at start.
"""

from __future__ import annotations

from pathlib import Path

from igmigrate.findings import SettingKey, SourceLocation
from igmigrate.ig.env_sh import EnvSh, Piece, Variable, Word
from igmigrate.ig.instance import IgInstance
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.env_words import (
    OPTIONS,
    WHY,
    add_secret,
    build,
    host_paths,
    instance_dir,
    keys_by_name,
    secret_name,
)
from igmigrate.mapping.env_words import keys as setting_keys
from igmigrate.mapping.jvm_options import map_jvm_options
from igmigrate.rules import applies, rule
from igmigrate.rules.environment import INSTANCE_NAMES, SETENV
from igmigrate.tomcat.setenv import Setenv, ShellVar

JAVA_HOMES = ("JAVA_HOME", "JRE_HOME")


def map_environment(mc: MapContext) -> None:
    """Fill mc.instance.env from setenv.sh; report what is not carried and why."""
    setenv = mc.loaded.setenv
    if setenv.file is None:
        return
    env = mc.instance.env
    file = Path(setenv.file)  # outside SRC (--catalina-home): named by its option, no host path
    env.source = mc.loaded.names.name(file) if file.is_absolute() else setenv.file
    _java_home(mc, setenv, env)
    _variables(mc, setenv, env)
    map_jvm_options(mc, setenv, env)
    _instance_env_sh(mc, env)


@applies("environment.java-home", "environment.not-carried")
def _java_home(mc: MapContext, setenv: Setenv, env: EnvSh) -> None:
    chosen = setenv.variables.get("JRE_HOME") or setenv.variables.get("JAVA_HOME")
    keys = setting_keys(setenv, "JAVA_HOME") + setting_keys(setenv, "JRE_HOME")
    if chosen is None:
        if keys:
            mc.emit(
                "environment.not-carried",
                "JAVA_HOME/JRE_HOME are unset again by setenv.sh: not carried",
                location=SourceLocation(setenv.file or SETENV),
                settings=keys,
            )
        return
    word = _carry(mc, chosen, keys)
    if word is None:
        return
    java_home = setenv.variables.get("JAVA_HOME")  # exported as JAVA_HOME was (the env IG sees)
    exported = (java_home or chosen).exported
    env.variables.append(Variable("JAVA_HOME", word, exported))
    via = " (catalina.sh prefers it to JAVA_HOME)" if chosen.name == "JRE_HOME" else ""
    mc.emit(
        "environment.java-home",
        f"{chosen.name} ({chosen.location}){via} → JAVA_HOME in bin/env.sh: start.sh runs"
        " ${JAVA_HOME}/bin/java",
        location=chosen.location,
        settings=keys,
    )


@applies(
    "environment.not-carried",
    "environment.unresolved",
    "environment.secret",
    "environment.tomcat-path",
)
def _carry(mc: MapContext, var: ShellVar, keys: tuple[SettingKey, ...]) -> Word | None:
    """A variable's value as a word for env.sh, or None (reported) when it cannot be."""
    word, unknown = build(var.value, var.verbatim)
    hosts = host_paths(mc)
    if hosts is not None and hosts.search(var.value):
        mc.emit(
            "environment.tomcat-path",
            f"{var.name} ({var.location}) names a file inside Tomcat's directory: not written"
            " to bin/env.sh",
            location=var.location,
            settings=keys,
        )
        return None
    if word is None:
        mc.emit(
            "environment.not-carried",
            f"{var.name} ({var.location}) holds a construct setenv.sh's reader does not"
            " evaluate ($(…), backticks…): not written to bin/env.sh",
            location=var.location,
            settings=keys,
        )
        return None
    for name in dict.fromkeys(unknown):
        mc.emit(
            "environment.unresolved",
            f"{var.name} ({var.location}) uses ${{{name}}}, unknown here: bin/env.sh keeps"
            f' it as "${{{name}}}", read from the environment IG starts in',
            location=var.location,
        )
    if secret_name(var.name) and not unknown and var.value:
        sid = add_secret(mc, var.name, var.value, var.location)
        where = mc.instance.secrets.where(sid, mc.config.secrets_mode)
        mc.emit(
            "environment.secret",
            f"{var.name} ({var.location}) holds a secret: kept in {where}; bin/env.sh reads it"
            " when IG starts (the value is never written to bin/env.sh)",
            location=var.location,
        )
        return (Piece("secret", sid),)
    return word


@applies("environment.exported", "environment.helper", "environment.tomcat-only")
def _variables(mc: MapContext, setenv: Setenv, env: EnvSh) -> None:
    tomcat = rule("environment.tomcat-only")
    helpers: list[SettingKey] = []
    for name, keys in keys_by_name(setenv).items():
        final = setenv.variables.get(name)
        loc = final.location if final is not None else SourceLocation(setenv.file or SETENV)
        if name in OPTIONS or name in JAVA_HOMES:
            continue
        if tomcat.takes(SETENV, name):
            why = WHY.get(name, "only Tomcat's catalina.sh reads it")
            mc.emit(
                "environment.tomcat-only",
                f"{name} ({loc}): {why}; not carried to bin/env.sh",
                location=loc,
                settings=keys,
            )
        elif name in INSTANCE_NAMES:
            instance_dir(mc, name, loc, keys)
        elif final is None or not final.exported:
            helpers += keys
        else:
            word = _carry(mc, final, keys)
            if word is not None:
                env.variables.append(Variable(name, word))
                mc.emit(
                    "environment.exported",
                    f"{name} ({loc}) is exported by setenv.sh: exported by bin/env.sh too",
                    location=loc,
                    settings=keys,
                )
    if helpers:
        lines: dict[str, list[int]] = {}
        for k in helpers:
            name, _, line = k.name.partition("@")
            lines.setdefault(name, []).append(int(line))
        names = ", ".join(
            f"{n} (line{'s' if len(ls) > 1 else ''} {', '.join(map(str, sorted(ls)))})"
            for n, ls in lines.items()
        )
        first = min(n for ls in lines.values() for n in ls)
        mc.emit(
            "environment.helper",
            f"{names}: set in {setenv.file} without export, so only their values in the JVM"
            " options are carried",
            location=SourceLocation(setenv.file or SETENV, first),
            settings=tuple(helpers),
        )


@applies("environment.instance-env-sh")
def _instance_env_sh(mc: MapContext, env: EnvSh) -> None:
    theirs = mc.ig_files is not None and "bin/env.sh" in mc.ig_files.files
    if theirs and env and mc.config.secrets_mode == "files":
        mc.emit(
            "environment.instance-env-sh",
            "bin/env.sh of the IG instance kept; igmigrate's variables from"
            f" {env.source} appended after it, between marker comments",
            location=SourceLocation(IgInstance.name("bin/env.sh")),
        )
