"""conf/catalina.properties, read with java.util.Properties rules, keeping each key's line."""

from __future__ import annotations

import re
from pathlib import Path

import javaproperties

from igmigrate.errors import InputError
from igmigrate.findings import Findings, SettingKey, SourceLocation, Status
from igmigrate.rules import applies
from igmigrate.tomcat.files import read_bytes
from igmigrate.tomcat.paths import rel_to_src
from igmigrate.tomcat.placeholders import PropertyValue

PATH = "catalina.properties"
RULE_DUPLICATE = "properties.duplicate-key"
RULE_SURROGATE = "properties.lone-surrogate"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # a valid pair is already one character


def _escaped(text: str) -> str:
    """The text with each lone surrogate written back as its \\uXXXX escape (UTF-8 safe)."""
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04X}", text)


@applies(RULE_SURROGATE)
def _lone_surrogate(key: str, value: str, rel: str, line: int, findings: Findings) -> bool:
    """A \\uD800-style escape that is not half of a pair cannot be written as UTF-8: the entry
    is left out (a finding at its line accounts for it; the value is never shown)."""
    if not _LONE_SURROGATE.search(key) and not _LONE_SURROGATE.search(value):
        return False
    shown = _escaped(key)
    where = "its key" if _LONE_SURROGATE.search(key) else "its value"
    loc = SourceLocation(rel, line, PATH)
    setting = SettingKey(rel, PATH, shown)
    findings.see(setting, loc)
    findings.emit(
        RULE_SURROGATE,
        f"{shown}: {where} has a \\u escape for half a UTF-16 surrogate pair;"
        " Java keeps the broken character, igmigrate cannot carry it over, so this entry is"
        " not used for ${} substitution",
        status=Status.MANUAL,
        location=loc,
        hint="write the character itself, or a complete \\uD8xx\\uDCxx pair",
        settings=(setting,),
    )
    return True


def _text(path: Path, rel: str) -> str:
    """Tomcat loads the file with Properties.load(InputStream): ISO-8859-1, \\uXXXX escapes."""
    try:
        data = read_bytes(path)
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", SourceLocation(rel)) from err
    text = data.decode("latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


@applies(RULE_DUPLICATE)
def read_catalina_properties(path: Path, src: Path, findings: Findings) -> dict[str, PropertyValue]:
    """Every entry, as Tomcat would System.setProperty it (values are not ${}-expanded)."""
    rel = rel_to_src(path, src)
    text = _text(path, rel)
    entries: dict[str, PropertyValue] = {}
    lines: dict[str, list[int]] = {}
    line = 1
    try:
        for element in javaproperties.parse(text):
            if isinstance(element, javaproperties.KeyValue) and not _lone_surrogate(
                element.key, element.value, rel, line, findings
            ):
                entries.pop(element.key, None)  # keep file order of the effective entry
                entries[element.key] = PropertyValue(element.value, f"{rel}:{line}")
                lines.setdefault(element.key, []).append(line)
            line += element.source.count("\n")
    except javaproperties.InvalidUEscapeError as err:
        raise InputError(
            f"malformed \\uXXXX escape ({err.escape!r}); java.util.Properties rejects it",
            SourceLocation(rel, line, PATH),
        ) from err
    for key, at in lines.items():
        last = at[-1]
        findings.see(SettingKey(rel, PATH, key), SourceLocation(rel, last, PATH))
        for earlier in at[:-1]:
            findings.emit(
                RULE_DUPLICATE,
                f"{key} is set again at line {last}; java.util.Properties keeps "
                f"the later entry, so this one (line {earlier}) has no effect",
                status=Status.IGNORED,
                location=SourceLocation(rel, earlier, PATH),
            )
    return entries
