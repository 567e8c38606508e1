"""Access log valves of the gateway's Engine, Host and Context → AuditService in config.json."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from igmigrate.findings import Status
from igmigrate.ig.model import ConfigJson, HeapObject, JsonValue
from igmigrate.mapping.claims import Claims
from igmigrate.mapping.context import MapContext
from igmigrate.rules import applies
from igmigrate.rules.access_logs import ACCESS_LOG_VALVES
from igmigrate.tomcat.javavalues import java_bool
from igmigrate.tomcat.model import Element

AUDIT_SERVICE = "AuditService"  # the name that makes IG audit every route (AuditService page)
INSTANCE_DIR = "&{ig.instance.dir}"
TOMCAT_DATE_FORMAT = ".yyyy-MM-dd"  # Tomcat's default fileDateFormat ("'.'yyyy-MM-dd")
# What an access audit event records (the access topic's fixed schema).
EVENT = (
    "the access audit event records instead: timestamp, transactionId, client and server"
    " ip/port, http.request method, path, queryParameters and headers, response status,"
    " statusCode and elapsedTime, routeId/routeName"
)
# Finest SimpleDateFormat field of fileDateFormat → how often Tomcat started a new file.
_PERIODS = (
    ("sS", "1 second", 1),
    ("m", "1 minute", 60),
    ("HkKh", "1 hour", 3600),
    ("a", "12 hours", 43200),
    ("dDEuF", "1 day", 86400),
    ("wW", "7 days", 604800),
)


@dataclass(frozen=True)
class Scope:
    """Where a valve sits, and whether the gateway's requests pass through it."""

    where: str  # e.g. '<Host name="localhost">'
    gateway: bool


def _scopes(mc: MapContext) -> list[tuple[Element, Scope]]:
    """Every access log valve of server.xml and of the gateway's <Context>, with its scope."""
    gw = mc.loaded.gateway
    known = gw is not None and bool(gw.service)  # --app-path: no Host is known to serve it
    out: list[tuple[Element, Scope]] = []
    for service in mc.loaded.server.services:
        engine = service.engine
        if engine is None:
            continue
        in_service = not known or (gw is not None and service.name == gw.service)
        where = f'<Engine name="{engine.name}">'
        out += [(v, Scope(where, in_service)) for v in engine.valves]
        for host in engine.hosts:
            serves = in_service and (not known or (gw is not None and host.name == gw.host))
            out += [(v, Scope(f'<Host name="{host.name}">', serves)) for v in host.valves]
    if gw is not None and gw.context is not None:
        out += [
            (v, Scope("the gateway's <Context>", True)) for v in gw.context.child_elements("Valve")
        ]
    return [(v, s) for v, s in out if (v.get("className") or "") in ACCESS_LOG_VALVES]


@applies("access-log.audit", "access-log.none", "access-log.other-app")
def map_access_logs(mc: MapContext) -> None:
    """One file handler on topic `access` per log directory, in the AuditService of config.json."""
    handlers: dict[str, str] = {}  # logDirectory → where the valve that made it sits
    for valve, scope in _scopes(mc):
        short = (valve.get("className") or "").rsplit(".", 1)[-1]
        if not scope.gateway:
            mc.emit_element(
                "access-log.other-app",
                f"{short} of {scope.where} logs requests the gateway does not serve",
                valve,
            )
            continue
        if (valve.get("enabled") or "true").strip().lower() == "false" or not (
            valve.get("pattern") or ""
        ).strip():
            pattern = valve.get("pattern")
            why = "it has no pattern" if pattern is None else "its pattern is empty"
            if (pattern or "").strip():
                why = "enabled=false"
            mc.emit_element(
                "access-log.none",
                f"{short} of {scope.where}: {why}, so Tomcat logged nothing;"
                " nothing is added to config.json",
                valve,
            )
            continue
        claims = Claims(valve)
        _report_format(mc, valve, claims, short)
        _report_file_options(mc, valve, claims, short)
        directory = _log_directory(mc, valve)
        keys = claims.take_for("access-log.audit")
        if directory in handlers:
            mc.emit(
                "access-log.audit",
                f"{short} of {scope.where} writes to {directory}, already audited by the handler"
                f" made for the valve of {handlers[directory]}: every request is recorded once",
                location=valve.location,
                settings=keys,
                status=Status.PARTIAL,
            )
            continue
        handlers[directory] = scope.where
        config, notes, partial = _handler_config(mc, valve, directory, len(handlers))
        _audit_service(mc).config.setdefault("eventHandlers", []).append(
            {"class": mc.profile.audit_file_handler, "config": config}
        )
        mc.emit(
            "access-log.audit",
            f"{short} of {scope.where} → AuditService handler {config['name']!r}:"
            f" {mc.profile.audit_file_name} in {directory}; {'; '.join(notes)}",
            location=valve.location,
            settings=keys,
            status=Status.PARTIAL if partial else None,
        )


def _audit_service(mc: MapContext) -> HeapObject:
    instance = mc.instance
    if instance.config is None:
        instance.config = ConfigJson()
    found = instance.config.find(AUDIT_SERVICE)
    if found is None:
        found = HeapObject(AUDIT_SERVICE, "AuditService", {"eventHandlers": []})
        instance.config.heap.append(found)
    return found


def _log_directory(mc: MapContext, valve: Element) -> str:
    """The valve's directory (default `logs`, relative to CATALINA_BASE) for the instance:
    relative, or under CATALINA_BASE → under `&{ig.instance.dir}`; absolute elsewhere → kept."""
    attr = valve.attr("directory")
    raw = attr.raw if attr is not None else "logs"
    value = attr.value if attr is not None else "logs"
    for token in ("${catalina.base}", "${catalina.home}"):
        if raw.startswith(token):
            return INSTANCE_DIR + (raw[len(token) :] or "")
    path = Path(value)
    if not path.is_absolute():
        return f"{INSTANCE_DIR}/{value}".rstrip("/")
    try:
        rel = path.relative_to(mc.loaded.base)
    except ValueError:
        return value
    return f"{INSTANCE_DIR}/{rel.as_posix()}" if rel.parts else INSTANCE_DIR


def rotation_period(date_format: str) -> tuple[str, int] | None:
    """How often a file named with this SimpleDateFormat pattern changes (None: months, years)."""
    fields = re.sub(r"'[^']*'", "", date_format)
    for letters, duration, seconds in _PERIODS:
        if any(c in fields for c in letters):
            return duration, seconds
    return None


def _handler_config(
    mc: MapContext, valve: Element, directory: str, number: int
) -> tuple[dict[str, JsonValue], list[str], bool]:
    """The handler's config, what it says about rotation and retention, and whether it is
    short of what Tomcat did."""
    name = "access-log" if number == 1 else f"access-log-{number}"
    config: dict[str, JsonValue] = {"name": name, "topics": ["access"], "logDirectory": directory}
    notes: list[str] = []
    if (valve.get("rotatable") or "true").strip().lower() == "false":
        config["fileRotation"] = {"rotationEnabled": False}
        notes.append("rotatable=false: one file, never rotated")
        return config, notes, False
    written = valve.get("fileDateFormat")
    date_format = written or TOMCAT_DATE_FORMAT
    named = f"fileDateFormat {date_format!r}" if written else "Tomcat's default fileDateFormat"
    rotation: dict[str, JsonValue] = {"rotationEnabled": True, "rotationFileSuffix": date_format}
    config["fileRotation"] = rotation
    period = rotation_period(date_format)
    if period is None:
        notes.append(
            f"fileDateFormat {date_format!r} changes monthly or yearly: no fixed rotationInterval"
            " fits, so rotated files only get the suffix; rotate by maxFileSize or set one"
        )
        return config, notes, True
    duration, seconds = period
    rotation["rotationInterval"] = duration
    notes.append(
        f"rotated every {duration} ({named}), rotated files suffixed {date_format!r};"
        f" the current file is always {mc.profile.audit_file_name}"
    )
    max_days = (valve.get("maxDays") or "").strip()
    try:
        days = int(max_days) if max_days else -1
    except ValueError:
        notes.append(f"maxDays {max_days!r} is not a number: no retention set")
        return config, notes, True
    if days > 0:
        files = max(1, -(-days * 86400 // seconds))
        config["fileRetention"] = {"maxNumberOfHistoryFiles": files}
        notes.append(f"maxDays={days} → keeps {files} rotated files")
    else:
        notes.append("no maxDays: rotated files are kept")
    return config, notes, False


_FORMAT_WHY = {
    "pattern": "pattern {value!r} cannot be reproduced: audit events have a fixed schema; {event}",
    "prefix": "prefix {value!r}: the file is named after the topic ({file})",
    "suffix": "suffix {value!r}: the file is named after the topic ({file})",
    "conditionIf": "conditionIf {value!r}: every request is audited (no request-attribute"
    " condition); filter the audit file instead",
    "conditionUnless": "conditionUnless {value!r}: every request is audited (no request-attribute"
    " condition); filter the audit file instead",
    "condition": "condition {value!r} (conditionUnless): every request is audited (no"
    " request-attribute condition); filter the audit file instead",
    "buffered": "buffered {value!r}: the audit handler buffers and flushes by its own settings",
}


@applies("access-log.format")
def _report_format(mc: MapContext, valve: Element, claims: Claims, short: str) -> None:
    """pattern, prefix, suffix, conditions and buffering: partial, at the valve's line."""
    for attr in claims.present_for("access-log.format"):
        why = _FORMAT_WHY[attr.name].format(
            value=attr.value, event=EVENT, file=mc.profile.audit_file_name
        )
        mc.emit(
            "access-log.format",
            f"{short}: {why}",
            location=valve.location,
            settings=claims.take(attr.name),
        )


_UTF8 = ("utf-8", "utf8")


def _file_option(name: str, value: str) -> tuple[Status, str]:
    """What the audit handler does instead of the valve's file option, and whether that loses
    something Tomcat did (partial) or only changes how it is done (ignored)."""
    low = value.strip().lower()
    if name == "renameOnRotate":
        return Status.IGNORED, (
            "the handler writes the current events to a fixed file name and renames it on"
            " rotation, as renameOnRotate=true did"
        )
    if name == "encoding":
        if low in _UTF8:
            return Status.IGNORED, "audit files are UTF-8, as configured"
        return Status.PARTIAL, "audit files are always UTF-8: a reader expecting it must change"
    if name == "locale":
        return Status.IGNORED, "audit timestamps are ISO-8601 UTC, not localised"
    if name == "requestAttributesEnabled":
        if java_bool(value):
            return Status.PARTIAL, (
                "the client address came from RemoteIpValve's request attributes; the audit"
                " event records the connection's address (X-Forwarded-For only in its headers)"
            )
        return Status.IGNORED, "the audit event records the connection's address, as here"
    if name == "resolveHosts":
        return Status.IGNORED, "the audit event records client IP addresses, never host names"
    return Status.IGNORED, "the audit handler manages its file and buffers itself"


@applies("access-log.file-options")
def _report_file_options(mc: MapContext, valve: Element, claims: Claims, short: str) -> None:
    """renameOnRotate, encoding, locale…: each at the valve's line with what IG does instead."""
    for attr in claims.present_for("access-log.file-options"):
        status, why = _file_option(attr.name, attr.value)
        mc.emit(
            "access-log.file-options",
            f"{short}: {attr.name} {attr.value!r}: {why}",
            location=valve.location,
            settings=claims.take(attr.name),
            status=status,
        )
