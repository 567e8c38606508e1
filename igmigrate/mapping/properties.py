"""Accounts for every catalina.properties key: a ${} source, Tomcat's own, or unused."""

from __future__ import annotations

from igmigrate.findings import Finding, Findings, SettingKey, SourceLocation, Status
from igmigrate.tomcat.placeholders import PropertyValue

PATH = "catalina.properties"
RULE_PLACEHOLDER = "properties.placeholder"
RULE_INTERNAL = "properties.tomcat-internal"
RULE_JVM = "properties.jvm-system-property"
RULE_UNUSED = "properties.unused"

_CLASS_LOADERS = "defines one of Tomcat's own class loaders"
_INTERNAL_EXACT = {
    "common.loader": _CLASS_LOADERS,
    "server.loader": _CLASS_LOADERS,
    "shared.loader": _CLASS_LOADERS,
    "package.access": "restricts package access under Tomcat's Security Manager",
    "package.definition": "restricts package definition under Tomcat's Security Manager",
}
# Longest prefix first.
_INTERNAL_PREFIXES = (
    ("tomcat.util.scan.", "filters the JARs Tomcat scans for TLDs and web fragments"),
    ("tomcat.util.buf.", "tunes Tomcat's internal string cache"),
    ("tomcat.util.", "tunes Tomcat's internal utilities"),
    ("org.apache.catalina.", "configures Tomcat (Catalina) itself"),
    ("org.apache.tomcat.", "configures Tomcat itself"),
    ("org.apache.coyote.", "configures Tomcat's connectors (Coyote)"),
    ("org.apache.jasper.", "configures Tomcat's JSP engine (Jasper)"),
    ("org.apache.naming.", "configures Tomcat's JNDI implementation"),
    ("org.apache.juli.", "configures Tomcat's logging (JULI)"),
    ("org.apache.el.", "configures Tomcat's EL implementation"),
    ("catalina.", "is a Catalina start-up property"),
    ("jdk.", "tunes the JDK that ran Tomcat"),
)
# JVM-wide system properties that also affect what the application does (e.g. outgoing TLS).
_JVM_PREFIXES = ("javax.net.ssl.", "java.", "javax.", "sun.", "com.sun.", "https.", "http.")


def _location(file: str, value: PropertyValue) -> SourceLocation:
    where, _, line = value.origin.rpartition(":")
    if where and line.isdigit():
        return SourceLocation(where, int(line), PATH)
    return SourceLocation(file, None, PATH)


def _internal_reason(key: str) -> str | None:
    if key in _INTERNAL_EXACT:
        return _INTERNAL_EXACT[key]
    return next((why for prefix, why in _INTERNAL_PREFIXES if key.startswith(prefix)), None)


def report_properties(
    entries: dict[str, PropertyValue], used: set[str], file: str, findings: Findings
) -> None:
    """One finding per key; messages name the key only (a value may be a secret)."""
    for key in sorted(entries):
        setting = SettingKey(file, PATH, key)
        loc = _location(file, entries[key])
        reason = _internal_reason(key)
        if key in used:
            finding = Finding(
                rule=RULE_PLACEHOLDER,
                status=Status.MAPPED,
                message=f"{key} supplies ${{{key}}} in the files read; its value is used there",
                location=loc,
                settings=(setting,),
            )
        elif reason is not None:
            finding = Finding(
                rule=RULE_INTERNAL,
                status=Status.IGNORED,
                message=f"{key} {reason}; it has no meaning outside Tomcat",
                location=loc,
                hint="if it names extra JARs (e.g. a JDBC driver), make sure IG still gets them"
                if reason is _CLASS_LOADERS
                else None,
                settings=(setting,),
            )
        elif key.startswith(_JVM_PREFIXES):
            finding = Finding(
                rule=RULE_JVM,
                status=Status.MANUAL,
                message=f"{key} is a JVM system property: Tomcat copies every catalina.properties "
                "entry into the system properties, so it applied to the whole JVM (the IG "
                "application included); IG standalone does not read catalina.properties",
                location=loc,
                hint=f"if IG still needs it, pass -D{key}=… to the standalone JVM",
                settings=(setting,),
            )
        else:
            finding = Finding(
                rule=RULE_UNUSED,
                status=Status.IGNORED,
                message=f"{key} is not referenced by any ${{}} in the files read",
                location=loc,
                settings=(setting,),
            )
        findings.add(finding)
