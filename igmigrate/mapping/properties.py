"""Accounts for every catalina.properties key: a ${} source, Tomcat's own, or unused."""

from __future__ import annotations

from igmigrate.findings import Findings, SettingKey, SourceLocation
from igmigrate.rules import applies, rule
from igmigrate.rules.properties import CLASS_LOADER_HINT, INTERNAL_KEYS, PROPERTIES
from igmigrate.rules.registry import matches
from igmigrate.tomcat.placeholders import PropertyValue

PATH = "catalina.properties"
INTERNAL = rule("properties.tomcat-internal")
JVM = rule("properties.jvm-system-property")


def _location(file: str, value: PropertyValue) -> SourceLocation:
    where, _, line = value.origin.rpartition(":")
    if where and line.isdigit():
        return SourceLocation(where, int(line), PATH)
    return SourceLocation(file, None, PATH)


def _internal_reason(key: str) -> str | None:
    """What Tomcat's own key does there (the longest declared name or prefix that takes it)."""
    names = [n for n in INTERNAL.names(PROPERTIES) if matches(n, key)]
    return INTERNAL_KEYS[max(names, key=len)] if names else None


@applies(
    "properties.placeholder",
    "properties.tomcat-internal",
    "properties.jvm-system-property",
    "properties.unused",
)
def report_properties(
    entries: dict[str, PropertyValue], used: set[str], file: str, findings: Findings
) -> None:
    """One finding per key; messages name the key only (a value may be a secret)."""
    for key in sorted(entries):
        setting = SettingKey(file, PATH, key)
        loc = _location(file, entries[key])
        reason = _internal_reason(key)
        if key in used:
            findings.emit(
                "properties.placeholder",
                f"{key} supplies ${{{key}}} in the files read; its value is used there",
                location=loc,
                settings=(setting,),
            )
        elif reason is not None:
            findings.emit(
                "properties.tomcat-internal",
                f"{key} {reason}; it has no meaning outside Tomcat",
                location=loc,
                hint=CLASS_LOADER_HINT if reason == INTERNAL_KEYS["common.loader"] else "",
                settings=(setting,),
            )
        elif JVM.takes(PROPERTIES, key):
            findings.emit(
                "properties.jvm-system-property",
                f"{key} is a JVM system property: Tomcat copies every catalina.properties "
                "entry into the system properties, so it applied to the whole JVM (the IG "
                "application included); IG standalone does not read catalina.properties",
                location=loc,
                hint=f"if IG still needs it, pass -D{key}=… to the standalone JVM",
                settings=(setting,),
            )
        else:
            findings.emit(
                "properties.unused",
                f"{key} is not referenced by any ${{}} in the files read",
                location=loc,
                settings=(setting,),
            )
