"""The gateway's IG instance directory: found (--ig-instance, else setenv.sh), read, copied."""

from __future__ import annotations

from pathlib import Path

from igmigrate.findings import SettingKey, SourceLocation
from igmigrate.ig.instance import OPTION, IgInstance, read_instance
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.ig_merge import NotJson, merge, parse
from igmigrate.rules import applies
from igmigrate.tomcat.setenv import PATH as SETENV_PATH
from igmigrate.tomcat.setenv import system_properties

RULE_NOT_GIVEN = "ig-instance.not-given"
RULE_FROM_SETENV = "ig-instance.from-setenv"
RULE_SETENV_MISSING = "ig-instance.setenv-path-missing"
RULE_COPIED = "ig-instance.copied"
RULE_REPLACED = "ig-instance.file-replaced"
RULE_MERGED = "ig-instance.merged"
RULE_VALUE_CHANGED = "ig-instance.value-replaced"
RULE_NOT_JSON = "ig-instance.not-json"
RULE_JNDI = "ig-instance.script-jndi"
SCRIPTS = (".groovy", ".js")
JNDI_MARKS = ("InitialContext", "lookup(")  # JNDI has no container to answer in standalone
ADMIN, CONFIG = "config/admin.json", "config/config.json"
ENV_SH = "bin/env.sh"  # igmigrate writes its own with --secrets env
# The admin.json properties igmigrate sets (with its heap objects); config.json: heap only
OURS = {ADMIN: ("connectors", "session"), CONFIG: ()}


def _location(origin: str) -> SourceLocation:
    file, _, line = origin.rpartition(":")
    if file and line.isdigit():
        return SourceLocation(file, int(line))
    return SourceLocation(origin)


@applies(RULE_NOT_GIVEN, RULE_FROM_SETENV, RULE_SETENV_MISSING)
def find_instance(mc: MapContext) -> Path | None:
    """--ig-instance, else -Dig.instance.dir or IG_INSTANCE_DIR from setenv.sh when that path
    exists on this machine; else a finding (the instance stays unread)."""
    if mc.config.ig_instance is not None:
        return mc.config.ig_instance
    setenv = mc.loaded.setenv
    # (what, value, where, the setting accounted for: the variable's assignment; a -D option
    # is one word of CATALINA_OPTS/JAVA_OPTS, whose other words stay to be reported)
    named: list[tuple[str, str, SourceLocation, tuple[SettingKey, ...]]] = []
    prop = system_properties(setenv).get("ig.instance.dir")
    if prop is not None:
        named.append(("-Dig.instance.dir", prop.value, _location(prop.origin), ()))
    var = setenv.variables.get("IG_INSTANCE_DIR")
    if var is not None and var.exported:
        loc = var.location
        key = SettingKey(loc.file, SETENV_PATH, f"IG_INSTANCE_DIR@{loc.line}")
        named.append(("IG_INSTANCE_DIR", var.value, loc, (key,)))
    for what, value, loc, keys in named:  # the system property first: IG prefers it
        path = Path(value)
        if path.is_absolute() and path.is_dir():
            mc.emit(
                RULE_FROM_SETENV,
                f"{what} ({loc}) names a directory on this machine: read as the IG instance",
                location=loc,
                settings=keys,
            )
            return path
        mc.emit(  # the value is not named: setenv messages never quote a value
            RULE_SETENV_MISSING,
            f"{what} ({loc}) names no directory on this machine: the IG instance"
            " (routes, scripts, logback.xml) was not read",
            location=loc,
            settings=keys,
        )
        return None
    mc.emit(
        RULE_NOT_GIVEN,
        "no IG instance directory was read: the gateway's routes, scripts and logback.xml"
        " (in $HOME/.openig of the user Tomcat runs as, unless IG_INSTANCE_DIR or"
        " -Dig.instance.dir sets another) are not in OUT",
        location=None,
    )
    return None


@applies(RULE_COPIED, RULE_REPLACED)
def map_ig_instance(mc: MapContext) -> IgInstance | None:
    """Read the instance and plan its files for OUT as found (generated ones excepted)."""
    root = find_instance(mc)
    if root is None:
        return None
    instance = mc.ig_files = read_instance(root)
    # the files igmigrate generates: the instance's own is merged (JSON) or not carried over
    generated = {ADMIN, CONFIG} | ({ENV_SH} if mc.config.secrets_mode == "env" else set())
    copied = {rel: data for rel, data in instance.files.items() if rel not in generated}
    for rel in (ADMIN, CONFIG):
        if rel in instance.files:
            _merge(mc, rel, instance.files[rel])
    for rel in sorted(set(instance.files) - set(copied) - set(OURS)):
        mc.emit(
            RULE_REPLACED,
            f"{rel} of the IG instance is not carried over: igmigrate writes its own;"
            " merge its other settings into OUT's by hand",
            location=SourceLocation(IgInstance.name(rel)),
        )
    mc.instance.copied.update(copied)
    for rel, data in copied.items():
        if rel.startswith("scripts/") and rel.endswith(SCRIPTS):
            _report_jndi(mc, rel, data)
    if copied:
        mc.emit(
            RULE_COPIED,
            f"{len(copied)} file(s) of the IG instance copied to OUT byte for byte",
            location=SourceLocation(OPTION),
        )
    return instance


@applies(RULE_MERGED, RULE_VALUE_CHANGED, RULE_NOT_JSON)
def _merge(mc: MapContext, rel: str, data: bytes) -> None:
    """The instance's admin.json / config.json with igmigrate's settings merged in: every
    property and heap object kept but those igmigrate sets; a replaced value is reported."""
    name = IgInstance.name(rel)
    try:
        theirs = parse(data)
    except NotJson as e:
        where = f"{name}:{e.line}:{e.col}" if e.line else name
        mc.emit(
            RULE_NOT_JSON,
            f"{where}: {e.why}; IG would not start with it",
            location=SourceLocation(name, e.line),
        )
        return
    inst = mc.instance
    if rel == ADMIN:
        ours = inst.admin.to_json()
    else:
        ours = inst.config.to_json() if inst.config is not None else {}
    merged, changes = merge(theirs, ours, OURS[rel])
    for c in changes:
        mc.emit(
            RULE_VALUE_CHANGED,
            f"{rel} {c.pointer} of the IG instance is replaced by the value igmigrate maps"
            " from Tomcat",
            location=SourceLocation(name),
            target=f"{rel} {c.pointer}",
        )
    inst.merged[rel] = merged
    mc.emit(
        RULE_MERGED,
        f"{rel} of the IG instance kept, with igmigrate's settings merged in",
        location=SourceLocation(name),
        target=rel,
    )


@applies(RULE_JNDI)
def _report_jndi(mc: MapContext, rel: str, data: bytes) -> None:
    """One finding per script line doing a JNDI lookup (InitialContext, lookup(…))."""
    text = data.decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        marks = [m for m in JNDI_MARKS if m in line]
        if marks:
            mc.emit(
                RULE_JNDI,
                f"{rel} line {number} uses {' and '.join(marks)}: a JNDI lookup Tomcat answered;"
                " standalone IG has no JNDI",
                location=SourceLocation(IgInstance.name(rel), number),
            )
