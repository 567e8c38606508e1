"""The gateway's IG instance directory: found (--ig-instance, else setenv.sh), read, copied."""

from __future__ import annotations

from pathlib import Path

from igmigrate.findings import SettingKey, SourceLocation
from igmigrate.ig.instance import OPTION, IgInstance, read_instance
from igmigrate.ig.json_text import parse
from igmigrate.mapping.context import MapContext
from igmigrate.mapping.ig_merge import NotJson, decode, merge_text
from igmigrate.mapping.ig_routes import heap_names, is_route, rewrite, route_directories
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
RULE_SETENV_DIFFERS = "ig-instance.setenv-differs"
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


Named = tuple[str, str, SourceLocation, tuple[SettingKey, ...]]


def _named(mc: MapContext) -> list[Named]:
    """The instance directories setenv.sh names, the one IG prefers first: (what, value,
    where, the setting accounted for: the variable's assignment; a -D option is one word of
    CATALINA_OPTS/JAVA_OPTS, whose other words stay to be reported)."""
    setenv = mc.loaded.setenv
    named: list[Named] = []
    prop = system_properties(setenv).get("ig.instance.dir")
    if prop is not None:
        named.append(("-Dig.instance.dir", prop.value, _location(prop.origin), ()))
    var = setenv.variables.get("IG_INSTANCE_DIR")
    if var is not None and var.exported:
        loc = var.location
        key = SettingKey(loc.file, SETENV_PATH, f"IG_INSTANCE_DIR@{loc.line}")
        named.append(("IG_INSTANCE_DIR", var.value, loc, (key,)))
    return named


@applies(RULE_SETENV_DIFFERS)
def _given_differs(mc: MapContext, given: Path) -> None:
    """--ig-instance given, while setenv.sh names another directory for the gateway."""
    named = _named(mc)
    if not named:
        return
    what, value, loc, keys = named[0]
    same = Path(value).is_absolute() and Path(value).resolve() == given.resolve()
    if not same:
        mc.emit(  # the value is not named: setenv messages never quote a value
            RULE_SETENV_DIFFERS,
            f"{what} ({loc}) names another IG instance directory than {OPTION}: the one"
            f" {OPTION} gives was read",
            location=loc,
            settings=keys,
        )


@applies(RULE_NOT_GIVEN, RULE_FROM_SETENV, RULE_SETENV_MISSING)
def find_instance(mc: MapContext) -> Path | None:
    """--ig-instance, else -Dig.instance.dir or IG_INSTANCE_DIR from setenv.sh when that path
    exists on this machine; else a finding (the instance stays unread)."""
    if mc.config.ig_instance is not None:
        _given_differs(mc, mc.config.ig_instance)
        return mc.config.ig_instance
    named = _named(mc)
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
    """Read the instance and plan its files for OUT: admin.json/config.json merged, routes
    rewritten where a web-container-only setting is, everything else as found."""
    root = find_instance(mc)
    if root is None:
        return None
    instance = mc.ig_files = read_instance(root)
    # the files igmigrate generates: the instance's own is merged (JSON) or not carried over
    generated = {ADMIN, CONFIG} | ({ENV_SH} if mc.config.secrets_mode == "env" else set())
    copied = {rel: data for rel, data in instance.files.items() if rel not in generated}
    ours = mc.instance.config
    known = {h.name for h in ours.heap} if ours is not None else set()
    for rel in (CONFIG, ADMIN):  # config.json first: routes see its heap
        if rel in instance.files:
            _merge(mc, rel, instance.files[rel], known)
    config_text = mc.instance.merged.get(CONFIG)
    if config_text is not None:
        known |= heap_names(parse(config_text.decode("utf-8")))
    dirs = route_directories(mc, _text(instance.files.get(CONFIG)))
    routes = [r for r in copied if is_route(r, dirs)]
    for rel in routes:
        copied[rel] = _route(mc, rel, copied[rel], known)
    edited = sum(copied[rel] != instance.files[rel] for rel in routes)
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
            f"{len(copied) - edited} file(s) of the IG instance copied to OUT byte for byte"
            + (f", {edited} route(s) changed only where reported" if edited else ""),
            location=SourceLocation(OPTION),
        )
    return instance


def _text(data: bytes | None) -> str | None:
    """An instance file's JSON text, None when absent or not strict JSON (reported apart)."""
    try:
        return decode(data) if data is not None else None
    except NotJson:
        return None


@applies(RULE_NOT_JSON)
def _not_json(mc: MapContext, rel: str, e: NotJson) -> None:
    name = IgInstance.name(rel)
    where = f"{name}:{e.line}:{e.col}" if e.line else name
    mc.emit(
        RULE_NOT_JSON,
        f"{where}: {e.why}; IG would not start with it",
        location=SourceLocation(name, e.line),
    )


def _route(mc: MapContext, rel: str, data: bytes, known: set[str]) -> bytes:
    """A route as found, or with its web-container-only settings and JNDI names rewritten."""
    try:
        text = decode(data)
    except NotJson as e:
        _not_json(mc, rel, e)
        return data
    new = rewrite(mc, rel, text, references=True, known=known)
    return data if new == text else new.encode("utf-8")


@applies(RULE_MERGED, RULE_VALUE_CHANGED)
def _merge(mc: MapContext, rel: str, data: bytes, known: set[str]) -> None:
    """The instance's admin.json / config.json with igmigrate's settings merged in as text
    edits: every property and heap object kept but those igmigrate sets; a replaced value
    is reported. Its handlers (and config.json's dataSource names) are rewritten too."""
    name = IgInstance.name(rel)
    try:
        text = decode(data)
    except NotJson as e:
        _not_json(mc, rel, e)
        return
    text = rewrite(mc, rel, text, references=rel == CONFIG, known=known)
    inst = mc.instance
    if rel == ADMIN:
        ours = inst.admin.to_json()
    else:
        ours = inst.config.to_json() if inst.config is not None else {}
    text, changes = merge_text(text, ours, OURS[rel])
    for c in changes:
        mc.emit(
            RULE_VALUE_CHANGED,
            f"{rel} {c.pointer} of the IG instance is replaced by the value igmigrate maps"
            " from Tomcat",
            location=SourceLocation(name),
            target=f"{rel} {c.pointer}",
        )
    inst.merged[rel] = text.encode("utf-8")
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
